"""`new pack` and `new stage`: commented starting files that pass validate and playtest as generated."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from game.content.loader import DEFAULT_ROOT, NotFoundError
from game.content.source import display_path

ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class ScaffoldError(NotFoundError):
    """A pack or stage that cannot be created (a bad id, or a file already there); exit 2 like a missing pack."""


PACK_TEMPLATE = """\
# yaml-language-server: $schema=../schema.json
# A pack follows one client account through the seven stages of the program.
# Its folder holds this file and stage-1.yaml ... stage-7.yaml. Guide: scenarios/README.md
id: @PACK@                     # the folder name; lower-case letters, digits, - and _
vertical: finance              # finance, manufacturing, public_sector, retail_services (or your own)
name: {en: "@PACK@ account", ko: "@PACK@ 고객사"}
languages: [en, ko]            # every text in this pack must exist in each of these languages
seller: {en: Daehan Telecom, ko: 대한텔레콤}     # who the trainee sells for
account:                       # what the trainee's briefing says about the client, in every stage
  company: {en: Example Corp, ko: 예시 주식회사}
  size: {en: "1,200 staff, 14 branches", ko: "직원 1,200명, 지점 14곳"}
  current_provider: {en: OldTel, ko: 올드텔}
  opportunity: {en: Replace the branch network, ko: 지점 네트워크 교체}
  background: {en: "A regional company; its network contract ends next year.", ko: "지역 기업이며 네트워크 계약이 내년에 끝납니다."}
"""

STAGE_TEMPLATE = """\
# yaml-language-server: $schema=../schema.json
# Stage @STAGE@ of the @PACK@ pack. Every field is explained in scenarios/README.md.
# Check it with:   python main.py validate @PACK@/stage-@STAGE@.yaml
# Try it with:     python main.py playtest @PACK@/@STAGE@
stage: @STAGE@                       # must match the file name and a stage of program.yaml
id: @PACK@-@STAGE@
title: {en: "A first conversation", ko: "첫 대화"}
objective: {en: "Agree on a next meeting", ko: "다음 미팅 약속 잡기"}
briefing:
  en: "The client agreed to fifteen minutes. Find out what hurts before you talk about price."
  ko: "고객이 15분을 내주었습니다. 가격 이야기 전에 무엇이 문제인지 알아내세요."
meeting_minutes: 30             # the clock: the meeting ends out of time when the choices' minutes reach it

persona:                        # the client; any rule of program.yaml's persona_defaults can be set here
  name: {en: Ms Han, ko: 한 부장}
  role: {en: Head of operations, ko: 운영부장}
  company: {en: Example Corp, ko: 예시 주식회사}
  personality: {en: "Busy, fair, dislikes being sold to", ko: "바쁘지만 공정하고, 밀어붙이는 영업을 싫어함"}
  priorities:
    - {en: Fewer outages, ko: 장애 감소}
  exit_lines:                   # said when the meeting ends without an ending node
    walked_out: {en: "I think we're done here.", ko: "이만 하시죠."}
    out_of_time: {en: "I'm out of time, sorry.", ko: "시간이 다 됐네요, 죄송합니다."}

intel:                          # what the client knows; a choice `asks` for it
  - id: decision-maker
    tier: 1                     # 1 public, 2 internal, 3 confidential, 4 strategic
    min_state: guarded          # shared when asked in this state or a warmer one
    fact: economic_buyer        # the MEDDPICC fact it stands for (optional)
    title: {en: Who signs, ko: 결재권자}
    reveal: {en: "Mr Park signs anything over budget.", ko: "예산을 넘는 건은 박 상무님이 결재합니다."}
    refusal: {en: "That's internal.", ko: "내부 사항입니다."}
  - id: pain
    tier: 2
    min_state: warming
    fact: identified_pain
    title: {en: Branch outages, ko: 지점 장애}
    reveal: {en: "Two branches lost the network for a day last month.", ko: "지난달 지점 두 곳이 하루 동안 먹통이었습니다."}
    refusal: {en: "Let's not go there yet.", ko: "아직 그 얘기는 이릅니다."}
  - id: budget
    tier: 3
    min_state: open
    fact: metrics
    refusal_penalty: 8          # trust lost when asked too early (default: program.yaml)
    title: {en: Budget, ko: 예산}
    reveal: {en: "We have about 400 million won set aside.", ko: "4억 원 정도 잡혀 있습니다."}
    refusal: {en: "Budget? We only just met.", ko: "예산이요? 이제 막 만났는데요."}
required_intel: [pain]          # the stage fails without these

start: greeting
nodes:
  - id: greeting
    lines:
      - text: {en: "You have fifteen minutes.", ko: "15분 드리겠습니다."}
    choices:
      - id: open-warmly
        text: {en: "Thank you for the time. Who else should I keep informed?", ko: "시간 내주셔서 감사합니다. 또 누구께 말씀드리면 될까요?"}
        effects: {trust: 14}    # patience -1 and 2 minutes unless given
        skills: [rapport]
        asks: [decision-maker]
        feedback: {en: "Warm, and a question the client can answer.", ko: "따뜻하고 답하기 쉬운 질문입니다."}
        next: discovery
      - id: pitch-first
        text: {en: "Let me tell you about our price plans.", ko: "저희 요금제부터 말씀드리겠습니다."}
        effects: {trust: -8}
        skills: {rapport: -1, discovery: -1}
        asks: [budget]          # too early: refused, and trust drops by the refusal penalty
        feedback: {en: "A pitch before any question.", ko: "질문도 없이 제안부터 했습니다."}
        better: {en: "Thank the client and ask an easy question first.", ko: "먼저 감사 인사와 쉬운 질문을 하세요."}
        next: discovery
  - id: discovery
    lines:
      - text: {en: "So, what did you want to know?", ko: "그래서, 무엇이 궁금하신가요?"}
      - text: {en: "Make it quick.", ko: "짧게 해주세요."}
        when: {state: annoyed}  # a line with a condition wins while it holds
    choices:
      - id: ask-about-pain
        text: {en: "What has the network cost you this year?", ko: "올해 네트워크 때문에 어떤 손실이 있었나요?"}
        effects: {trust: 8}
        skills: [discovery]
        asks: [pain]
        feedback: {en: "A question about the client's problem.", ko: "고객의 문제에 대한 질문입니다."}
        next: proposal
      - id: listen-first
        text: {en: "Tell me how the branches work today.", ko: "지금 지점들이 어떻게 운영되는지 들려주세요."}
        effects: {trust: 12}
        skills: [listening]
        sets: [listened]        # a flag later conditions can test
        feedback: {en: "Listening first builds trust.", ko: "먼저 듣는 것이 신뢰를 쌓습니다."}
        next: proposal
      - id: ask-budget
        text: {en: "What's your budget?", ko: "예산이 얼마인가요?"}
        effects: {trust: -4}
        asks: [budget]
        feedback: {en: "Budget before value.", ko: "가치보다 예산을 먼저 물었습니다."}
        next: proposal
  - id: proposal
    lines:
      - text: {en: "And what would you propose?", ko: "그럼 무엇을 제안하시겠어요?"}
    choices:
      - id: tailored
        text: {en: "A backup line for every branch, so last month's outage cannot happen again.", ko: "모든 지점에 백업 회선을 두어 지난달 같은 장애가 다시 없도록 하겠습니다."}
        when: {known: [pain]}   # offered only once the pain is in the trainee's notebook
        effects: {trust: 16}
        skills: {value: 2}
        feedback: {en: "Value tied to what the client told you.", ko: "고객이 말한 문제에 가치를 연결했습니다."}
        next: close
      - id: generic
        text: {en: "Let me walk you through everything we offer: fibre, 5G backup, managed Wi-Fi, security, all on the fastest network in the country.", ko: "저희가 제공하는 모든 것을 소개해 드리겠습니다. 광회선, 5G 백업, 관리형 와이파이, 보안까지 모두 국내 최고 속도의 네트워크 위에서 제공됩니다."}
        effects: {trust: 4}
        skills: {value: -1}
        feedback: {en: "A long generic pitch: it answers nothing the client said.", ko: "길고 일반적인 제안은 고객이 한 말에 답하지 못합니다."}
        better: {en: "Tie the offer to the outage the client told you about.", ko: "고객이 말한 장애 문제에 제안을 연결하세요."}
        next: close
  - id: close
    lines:
      - text: {en: "All right. What next?", ko: "좋습니다. 다음은요?"}
    choices:
      - id: ask-for-next-step
        text: {en: "Could we meet Mr Park with a written proposal next week? What range should it fit?", ko: "다음 주에 서면 제안으로 박 상무님을 뵐 수 있을까요? 어느 범위에 맞추면 될까요?"}
        effects: {trust: 6}
        skills: [closing]
        asks: [budget]
        feedback: {en: "A clear, specific ask.", ko: "명확하고 구체적인 요청입니다."}
        next:                   # the first branch whose `when` holds is taken; the last has none
          - node: agreed
            when: {min_state: open}
          - node: not-yet
      - id: leave-it
        text: {en: "I'll send a brochure.", ko: "안내 자료를 보내드리겠습니다."}
        feedback: {en: "No ask, no progress.", ko: "요청이 없으면 진전도 없습니다."}
        next: not-yet
  - id: agreed
    lines:
      - text: {en: "Tuesday at ten, then.", ko: "그럼 화요일 10시에 뵙죠."}
    ending: agreed              # agreed, walked_out or out_of_time
  - id: not-yet
    lines:
      - text: {en: "Send me something in writing.", ko: "서면으로 보내주세요."}
    ending: out_of_time

tests:                          # `playtest` plays each and fails naming the one that does not hold
  - name: the tailored path passes
    moves: [open-warmly, ask-about-pain, tailored, ask-for-next-step]
    passed: true
    ending: agreed
    intel: [decision-maker, pain, budget]
  - name: pushing for the budget twice ends the meeting
    moves: [pitch-first, ask-budget]
    passed: false
    ending: walked_out
    not_intel: [pain]
"""


def new_pack(root: Path, pack_id: str) -> list[Path]:
    """A pack folder with pack.yaml and stage-1.yaml; program.yaml and schema.json too if the root has none."""
    _check_id(pack_id, "pack")
    folder = root / pack_id
    if (folder / "pack.yaml").exists():
        raise ScaffoldError(f"pack {pack_id!r} already exists in {display_path(root)}; nothing was written")
    created = _root_files(root)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(PACK_TEMPLATE.replace("@PACK@", pack_id), encoding="utf-8")
    created.append(folder / "pack.yaml")
    if not (folder / "stage-1.yaml").exists():
        created += new_stage(root, pack_id, 1)
    return created


def new_stage(root: Path, pack_id: str, stage: int) -> list[Path]:
    """stage-N.yaml in an existing pack: a small meeting that passes validate and playtest."""
    _check_id(pack_id, "pack")
    if not 1 <= stage <= 7:
        raise ScaffoldError(f"stage must be 1-7, got {stage}")
    folder = root / pack_id
    if not (folder / "pack.yaml").is_file():
        raise ScaffoldError(f"no pack {pack_id!r} in {display_path(root)} (create it with: new pack {pack_id})")
    path = folder / f"stage-{stage}.yaml"
    if path.exists():
        raise ScaffoldError(f"{display_path(path)} already exists; nothing was written")
    path.write_text(STAGE_TEMPLATE.replace("@PACK@", pack_id).replace("@STAGE@", str(stage)), encoding="utf-8")
    return [path]


def _root_files(root: Path) -> list[Path]:
    """A trainer's own folder gets the shipped program and schema, so its files validate on their own."""
    created = []
    root.mkdir(parents=True, exist_ok=True)
    for name in ("program.yaml", "schema.json"):
        target, shipped = root / name, DEFAULT_ROOT / name
        if not target.exists() and shipped.is_file():
            shutil.copyfile(shipped, target)
            created.append(target)
    return created


def _check_id(value: str, what: str) -> None:
    if not ID.match(value) or len(value) > 64:
        raise ScaffoldError(f"{what} id {value!r} must be lower-case letters, digits, - and _ (e.g. my-bank)")
