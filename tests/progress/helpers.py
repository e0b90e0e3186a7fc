"""Shared set-up for progress tests: a store, enrolled trainees, meetings played on the fixture packs."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from game.content.loader import Curriculum
from game.engine.meeting import Meeting, Playbook
from game.engine.scoring import debrief
from progress.store import Store, Trainee

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MINI = FIXTURES / "mini"
SEVEN = FIXTURES / "seven"
PASSING = ["warm", "listen", "ask-meeting"]  # the tiny stage's winning path
FAILING = ["push", "insult"]  # the client walks out


def trainee(tid: str = "ana", *, name: str = "Ana Silva", team: str = "Seoul", manager: str = "Park",
            enrolled: date = date(2026, 1, 1)) -> Trainee:
    return Trainee(tid, name, team, manager, "finance", enrolled)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


def play(store: Store, curriculum: Curriculum, tid: str, stage: int, moves: list[str], day: date,
         pack: str = "seven", seed: int = 1) -> int:
    """A whole attempt recorded the way live play records it: start, each move, finish."""
    program = curriculum.program
    playbook = Playbook(program, curriculum.scenario(pack, stage))
    attempt = store.start_attempt(tid, pack, playbook, program, seed, at(day))
    meeting = Meeting.start(playbook, seed)
    for number, move in enumerate(moves, 1):
        meeting.choose(move)
        store.save_move(attempt, number, move, at(day))
    store.finish_attempt(attempt, debrief(meeting), at(day) + timedelta(minutes=meeting.minutes))
    return attempt
