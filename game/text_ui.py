"""The game in a terminal: client lines, numbered choices read from stdin or --moves, and the debrief."""

from __future__ import annotations

import json
import secrets
import textwrap
from collections.abc import Callable, Iterable
from datetime import date
from typing import IO

from game.content.loader import Curriculum
from game.content.model import Choice, Scenario, Text
from game.engine.events import (
    ChoiceMade,
    ClientLine,
    Event,
    IntelLeaked,
    IntelRefused,
    MeetingEnded,
    StateChanged,
)
from game.engine.meeting import Meeting, Playbook
from game.engine.scoring import Debrief, debrief
from game.i18n import Strings

WIDTH = 78


class MoveError(ValueError):
    """A move in --moves that is not on offer."""


class Stopped(Exception):
    """The trainee stopped before the meeting ended (q, or end of input)."""


def pick(meeting: Meeting, move: str, position: int | None = None) -> str:
    """A move as typed (a choice number from 1, or a choice id) -> the choice id."""
    offered = meeting.choices()
    where = f"move {position}: " if position is not None else ""
    if move.isdigit():
        index = int(move)
        if not 1 <= index <= len(offered):
            raise MoveError(f"{where}{index} is not a choice here (1-{len(offered)})")
        return offered[index - 1].id
    if move in {c.id for c in offered}:
        return move
    raise MoveError(f"{where}{move!r} is not a choice here (1-{len(offered)}, or one of: "
                    f"{', '.join(c.id for c in offered)})")


def parse_moves(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class TextTable:
    """Renders a meeting's events and its debrief as terminal lines in one language."""

    def __init__(self, scenario: Scenario, strings: Strings):
        self.scenario = scenario
        self.t = strings
        self.lang = strings.lang

    def intro(self, stage_title: str, seed: int) -> list[str]:
        persona, t, lang = self.scenario.persona, self.t, self.lang
        lines = [
            t("play.header", stage=self.scenario.stage, title=self.scenario.title.get(lang)),
            t("play.client", name=persona.name.get(lang), role=persona.role.get(lang), company=persona.company.get(lang)),
            t("play.objective", text=self.scenario.objective.get(lang)),
            "",
            *textwrap.wrap(self.scenario.briefing.get(lang).strip(), WIDTH),
            t("play.seed", seed=seed),
            "",
        ]
        return lines

    def event(self, event: Event) -> list[str]:
        t, lang = self.t, self.lang
        if isinstance(event, ClientLine):
            return self._client(event.text) + [""]
        if isinstance(event, ChoiceMade):
            return _wrap(f"{t('play.you')}: {event.text.get(lang)}") + [""]
        if isinstance(event, IntelLeaked):  # what the client said, then the note it makes in the notebook
            key = "play.volunteer" if event.volunteered else "play.leak"
            return self._client(event.text) + [t(key, tier=event.tier, title=event.title.get(lang)), ""]
        if isinstance(event, IntelRefused):
            return self._client(event.text) + [
                t("play.refused", tier=event.tier, title=event.title.get(lang), penalty=event.penalty), ""]
        if isinstance(event, StateChanged) and event.after not in ("agreed", "walked_out", "out_of_time"):
            return [t("play.mood", mood=t(f"state.{event.after}"))]
        if isinstance(event, MeetingEnded):
            return ["", t(f"ending.{event.ending}"), ""]
        return []

    def _client(self, text: Text) -> list[str]:
        return _wrap(f"{self.scenario.persona.name.get(self.lang)}: {text.get(self.lang)}")

    def choices(self, meeting: Meeting, offered: list[Choice]) -> list[str]:
        clock = self.t("play.clock", used=meeting.minutes, total=self.scenario.meeting_minutes)
        lines = [f"[{clock}]"]
        for number, choice in enumerate(offered, 1):
            lines += _wrap(f"{choice.text.get(self.lang)}", prefix=f"  {number}. ")
        return lines

    def debrief(self, result: Debrief) -> list[str]:
        t, lang = self.t, self.lang
        verdict = t("debrief.passed") if result.passed else t("debrief.failed")
        lines = ["=" * WIDTH, f"{t('debrief.title')}: {verdict}", t("debrief.satisfaction", score=result.satisfaction)]
        if result.reasons:
            lines.append(t("debrief.reasons"))
            for reason in result.reasons:
                params = dict(reason.params)
                if "title" in params:
                    params["title"] = params["title"].get(lang) or params["title"].get("en")
                if reason.code == "ending":
                    params["ending_text"] = t(f"state.{params['ending']}")
                lines.append(f"  - {t('reason.' + reason.code, **params)}")
        lines.append(t("debrief.intel"))
        for tier, (got, of) in result.intel.items():
            lines.append(t("debrief.tier", tier=tier, name=t(f"tier.{tier}"), got=got, of=of))
        lines.append(t("debrief.skills"))
        for skill, score in result.skills.items():
            lines.append(t("debrief.skill", name=t(f"skill.{skill}"),
                           score=t("debrief.not_shown") if score is None else score))
        if result.coverage:
            lines.append(t("debrief.coverage"))
            for fact, covered in result.coverage.items():
                lines.append(f"  [{'x' if covered else ' '}] {t('fact.' + fact)}")
        for title, moments in (("debrief.gains", result.gains), ("debrief.losses", result.losses)):
            if not moments:
                continue
            lines.append(t(title))
            for moment in moments:
                lines += _wrap(t("debrief.moment", turn=moment.turn, delta=moment.delta, said=moment.said.get(lang)))
                lines += _wrap(t("debrief.feedback", text=moment.feedback.get(lang)), prefix="    ")
                if moment.better is not None and moment.delta < 0:
                    lines += _wrap(t("debrief.better", text=moment.better.get(lang)), prefix="    ")
        return lines


def _wrap(text: str, prefix: str = "") -> list[str]:
    lead = prefix or text[: len(text) - len(text.lstrip())]
    return textwrap.wrap(text.strip(), WIDTH, initial_indent=lead,
                         subsequent_indent=" " * len(lead) or "  ") or [lead]


def run(
    meeting: Meeting,
    table: TextTable,
    out: IO[str],
    *,
    moves: Iterable[str] | None = None,
    ask: Callable[[str], str | None] | None = None,
    as_json: bool = False,
    on_move: Callable[[Meeting, str, list[Event]], None] | None = None,
    stage_title: str = "",
    shown: int = 0,
) -> Debrief:
    """Play `meeting` to its end from `moves` (numbers or ids) or by asking; returns the debrief.

    `on_move` is told of every move before its result is shown (the store saves it there).
    `shown` is how many of the meeting's events were already shown (a resumed meeting).
    """

    def show(events: list[Event]) -> None:
        for event in events:
            if as_json:
                out.write(json.dumps(event.as_dict(table.lang), ensure_ascii=False) + "\n")
            else:
                out.write("\n".join(table.event(event)) + ("\n" if table.event(event) else ""))
        out.flush()

    if not as_json and shown == 0:
        out.write("\n".join(table.intro(stage_title, meeting.seed)) + "\n")
    show(meeting.events[shown:])
    scripted = iter(moves) if moves is not None else None
    position = 0
    while not meeting.ended:
        offered = meeting.choices()
        if scripted is not None:
            move = next(scripted, None)
            position += 1
            if move is None:
                raise Stopped(f"--moves ran out after {position - 1} move(s); the meeting has not ended")
            choice_id = pick(meeting, move, position)
        else:
            assert ask is not None
            if not as_json:
                out.write("\n".join(table.choices(meeting, offered)) + "\n")
                out.flush()
            choice_id = _ask_until_valid(meeting, table, ask, out, len(offered))
        before = len(meeting.events)
        meeting.choose(choice_id)
        events = meeting.events[before:]
        if on_move is not None:
            on_move(meeting, choice_id, events)
        show(events)
    result = debrief(meeting)
    if as_json:
        out.write(json.dumps({"kind": "debrief", **result.as_dict(table.lang)}, ensure_ascii=False) + "\n")
    else:
        out.write("\n".join(table.debrief(result)) + "\n")
    out.flush()
    return result


def _ask_until_valid(meeting: Meeting, table: TextTable, ask: Callable[[str], str | None], out: IO[str],
                     count: int) -> str:
    while True:
        answer = ask(table.t("play.prompt", count=count))
        if answer is None or answer.strip().lower() in ("q", "quit"):
            raise Stopped(table.t("play.stopped"))
        try:
            return pick(meeting, answer.strip())
        except MoveError:
            out.write(table.t("play.invalid", count=count) + "\n")


def play(
    curriculum: Curriculum,
    pack_id: str | None,
    stage: int | None,
    *,
    seed: int | None,
    lang: str,
    moves: str | None,
    as_json: bool,
    stdin: IO[str],
    out: IO[str],
    trainee: str | None = None,
    resume: bool = False,
    db: str | None = None,
    today: date | None = None,
) -> int:
    """`play --text`: one meeting; with `trainee`, recorded in the progress store (and resumable)."""
    if trainee is not None or resume:
        return play_recorded(curriculum, pack_id, stage, trainee=trainee, resume=resume, db=db, today=today,
                             seed=seed, lang=lang, moves=moves, as_json=as_json, stdin=stdin, out=out)
    if pack_id is None:
        raise MoveError("--pack is required (except with --trainee ID --resume)")
    stage = stage or 1
    scenario = curriculum.scenario(pack_id, stage)
    playbook = Playbook(curriculum.program, scenario)
    meeting = Meeting.start(playbook, new_seed() if seed is None else seed)
    table = TextTable(scenario, Strings.load(lang))

    title = curriculum.program.stage(stage).name.get(lang)
    result = run(meeting, table, out, moves=parse_moves(moves) if moves is not None else None,
                 ask=reader(stdin, out, as_json), as_json=as_json, stage_title=title)
    del result  # the debrief was printed; a failed meeting is not a failed command
    return 0


def play_recorded(
    curriculum: Curriculum,
    pack_id: str | None,
    stage: int | None,
    *,
    trainee: str | None,
    resume: bool,
    db: str | None,
    today: date | None,
    seed: int | None,
    lang: str,
    moves: str | None,
    as_json: bool,
    stdin: IO[str],
    out: IO[str],
) -> int:
    """A trainee's meeting through the progress store: each move saved before its result is shown."""
    from progress import session as sessions
    from progress.store import ProgressError, Store

    if trainee is None:
        raise ProgressError("--resume needs --trainee ID")
    with Store.open(db) as store:
        if resume:
            current = sessions.resume(store, trainee, pack_id, stage, today)
        else:
            if pack_id is None:
                raise ProgressError("--pack is required (except with --resume)")
            current = sessions.begin(store, curriculum, trainee, pack_id, stage or 1,
                                     new_seed() if seed is None else seed, today)
            if current.abandoned is not None and not as_json:
                left = current.abandoned
                out.write(f"(Starting over: attempt {left.id}, left after {len(store.moves(left.id))} move(s), "
                          "stays in the record as abandoned.)\n")
        meeting = current.meeting
        table = TextTable(meeting.scenario, Strings.load(lang))

        title = curriculum.program.stage(meeting.scenario.stage).name.get(lang)
        try:
            result = run(meeting, table, out, moves=parse_moves(moves) if moves is not None else None,
                         ask=reader(stdin, out, as_json), as_json=as_json, on_move=current.on_move, stage_title=title)
        except Stopped:
            raise Stopped(f"meeting paused after {len(meeting.moves)} move(s) (attempt {current.attempt.id}); "
                          f"continue with: play --text --trainee {trainee} --resume") from None
        current.finish(result)
    return 0


def reader(stdin: IO[str], out: IO[str], as_json: bool) -> Callable[[str], str | None]:
    """Reads one answer a line at a time; None at the end of input."""

    def ask(prompt: str) -> str | None:
        if not as_json:  # a prompt in the middle of the JSON lines would break the reader's parsing
            out.write(prompt)
            out.flush()
        line = stdin.readline()
        if line and not as_json and not _is_terminal(stdin):
            out.write(line if line.endswith("\n") else line + "\n")  # piped answers are not echoed by a terminal
        return line if line else None

    return ask


def _is_terminal(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def new_seed() -> int:
    """A fresh seed for a meeting nobody asked to reproduce; it is shown so it can be."""
    return secrets.randbelow(2**31)
