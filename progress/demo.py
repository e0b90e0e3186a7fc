"""A synthetic cohort for demos and benchmarks: varied trainees played through the real engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import IO

import numpy as np

from game.content.loader import Curriculum
from game.content.model import LADDER, Choice, openness
from game.engine.meeting import Meeting, Playbook
from game.engine.scoring import debrief
from progress.store import ProgressError, Store, Trainee

TEAMS = {"finance": ("Seoul Finance", "Park Ji-hoon"), "retail_services": ("Busan Retail", "Lee Seo-yeon"),
         "public_sector": ("Public Sector", "Anna Berg"), "manufacturing": ("Manufacturing East", "Tom Okafor")}
SPARE_TEAMS = (("Seoul Finance 2", "Choi Yu-na"), ("Daejeon", "Sam Berg"))  # a one-vertical cohort still has teams
GIVEN = ("김민지", "이준호", "박서연", "최도윤", "정하은", "Alex", "Maria", "Sam", "Priya", "Jonas", "Aiko", "Diego")
FAMILY = ("", "Kim", "Lee", "Park", "Choi", "Jung", "Novak", "Silva", "Okafor", "Berg", "Tanaka", "Haddad")
MAX_ATTEMPTS_PER_STAGE = 10


@dataclass(frozen=True)
class Made:
    trainees: int
    attempts: int
    passes: int
    packs: tuple[str, ...]


class ProgressBar:
    """A one-line progress bar on a terminal."""

    def __init__(self, stream: IO[str], width: int = 30):
        self.stream, self.width = stream, width

    def __call__(self, done: int, total: int) -> None:
        filled = self.width * done // max(total, 1)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} trainees")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def _name(rng: np.random.Generator) -> str:
    given = GIVEN[int(rng.integers(len(GIVEN)))]
    if not given.isascii():
        return given  # a Korean name is written whole
    return f"{given} {FAMILY[int(rng.integers(1, len(FAMILY)))]}"


def _pick(meeting: Meeting, care: float, rng: np.random.Generator) -> str:
    """A trainee of a given care: the reply that looks best to them with probability `care`, else any reply."""
    offered = meeting.choices()
    if rng.random() >= care:
        return offered[int(rng.integers(len(offered)))].id

    def appeal(choice: Choice) -> float:
        score = float(choice.effects.trust)
        for intel_id in choice.asks:
            if intel_id in meeting.known:
                continue
            item = meeting.scenario.intel_item(intel_id)
            ready = meeting.state in {s.value for s in LADDER} and openness(meeting.state) >= openness(item.min_state)
            score += 6 if ready else -10
        return score + sum(choice.skills.values())

    return max(offered, key=appeal).id


def generate(store: Store, curriculum: Curriculum, *, trainees: int, seed: int, today: date,
             progress: Callable[[int, int], None] | None = None) -> Made:
    """Enrol `trainees` synthetic trainees (ids demo-SEED-NNN) and play their attempts up to `today`.

    Enrolment dates spread over the last two years and paces vary, so the cohort has trainees on track,
    behind, at risk, overdue and complete. A trainee stops at a stage their pack has no file for.
    """
    program = curriculum.program
    packs = curriculum.pack_ids()
    if not packs:
        raise ProgressError(f"no packs in {curriculum.root} to play the demo cohort on")
    stages = {p: set(curriculum.stage_numbers(p)) for p in packs}
    playbooks: dict[tuple[str, int], Playbook] = {}
    rng = np.random.default_rng(seed)
    window_days = 548
    made_attempts = passes = 0
    for index in range(trainees):
        pack = packs[int(rng.integers(len(packs)))]
        vertical = curriculum.pack(pack).vertical
        if len(packs) == 1 or vertical not in TEAMS:
            team, manager = ((TEAMS.get(vertical) or SPARE_TEAMS[0]), *SPARE_TEAMS)[index % 3]
        else:
            team, manager = TEAMS[vertical]
        enrolled = today - timedelta(days=int(rng.integers(0, 2 * 365)))
        trainee_id = f"demo-{seed}-{index + 1:03d}"
        try:
            store.trainee(trainee_id)
        except ProgressError:
            pass
        else:
            raise ProgressError(f"demo trainee {trainee_id} already exists: use another --seed or another --db")
        store.enrol(Trainee(trainee_id, _name(rng), team, manager, vertical, enrolled))
        # days per stage: most near the pace the window needs, a tail of slow ones
        pace = float(rng.lognormal(np.log(window_days / 7 * 0.7), 0.45))
        care = float(rng.uniform(0.55, 0.98))
        moment = datetime.combine(enrolled, time(9), tzinfo=timezone.utc)
        for stage in range(1, len(program.stages) + 1):
            if stage not in stages[pack]:
                break
            key = (pack, stage)
            if key not in playbooks:
                playbooks[key] = Playbook(program, curriculum.scenario(pack, stage))
            passed = False
            for _ in range(MAX_ATTEMPTS_PER_STAGE):
                moment += timedelta(days=float(rng.uniform(0.6, 1.2)) * pace, hours=float(rng.uniform(0, 8)))
                if moment.date() > today:
                    break
                meeting = Meeting.start(playbooks[key], int(rng.integers(2**31)))
                while not meeting.ended:
                    meeting.choose(_pick(meeting, care, rng))
                result = debrief(meeting)
                store.record_attempt(trainee_id, pack, meeting, program, result, moment,
                                     moment + timedelta(minutes=meeting.minutes))
                made_attempts += 1
                if result.passed:
                    passes += 1
                    passed = True
                    break
                care = min(0.99, care + 0.04)  # a failed attempt teaches something
            if not passed:
                break
        if progress is not None:
            progress(index + 1, trainees)
    return Made(trainees, made_attempts, passes, tuple(packs))
