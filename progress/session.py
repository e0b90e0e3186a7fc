"""Playing through the store: start or resume a trainee's attempt, save each move, record the debrief."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from game.content.loader import Curriculum
from game.engine.events import Event
from game.engine.meeting import Meeting, Playbook
from game.engine.scoring import Debrief
from progress.store import Attempt, ProgressError, Store, now


def clock(today: date | None) -> Callable[[], datetime]:
    """Now; or, for `--today`, the time of day now on that date (demos and reports as of a date)."""
    if today is None:
        return now

    def on_today() -> datetime:
        current = now()
        return datetime.combine(today, time(current.hour, current.minute, current.second), tzinfo=timezone.utc)

    return on_today


@dataclass
class Session:
    """One recorded attempt being played: the meeting and where its moves go."""

    store: Store
    attempt: Attempt
    meeting: Meeting
    pack: str
    resumed: bool
    now: Callable[[], datetime]
    abandoned: Attempt | None = None  # the unfinished attempt at this stage that starting over left behind

    def on_move(self, meeting: Meeting, choice_id: str, events: list[Event]) -> None:
        """Save the move just played (its own transaction) before its result is shown."""
        self.store.save_move(self.attempt.id, len(meeting.moves), choice_id, self.now())

    def finish(self, result: Debrief) -> None:
        """Record the debrief; the attempt is then no longer resumable."""
        self.store.finish_attempt(self.attempt.id, result, self.now())


def begin(store: Store, curriculum: Curriculum, trainee_id: str, pack_id: str, stage: int, seed: int,
          today: date | None = None) -> Session:
    """A new attempt at an unlocked stage; StageLocked names the stage to pass first."""
    store.trainee(trainee_id)
    program = curriculum.program
    names = {s.number: s.name.get("en") for s in program.stages}
    store.check_unlocked(trainee_id, stage, names)
    scenario = curriculum.scenario(pack_id, stage)
    playbook = Playbook(program, scenario)
    moment = clock(today)
    left = store.unfinished_attempt(trainee_id, pack_id, stage)  # starting over abandons it (kept, not resumable)
    attempt_id = store.start_attempt(trainee_id, pack_id, playbook, program, seed, moment())
    return Session(store, store.attempt(attempt_id), Meeting.start(playbook, seed), pack_id, False, moment, left)


def resume(store: Store, trainee_id: str, pack_id: str | None = None, stage: int | None = None,
           today: date | None = None) -> Session:
    """The trainee's latest unfinished attempt, replayed to its last saved move on the content it began on."""
    store.trainee(trainee_id)
    attempt = store.unfinished_attempt(trainee_id, pack_id, stage)
    if attempt is None:
        which = f" at {pack_id} stage {stage}" if pack_id and stage else (f" in {pack_id}" if pack_id else "")
        raise ProgressError(f"{trainee_id} has no unfinished attempt{which} to resume")
    return Session(store, attempt, store.replay(attempt), attempt.pack, True, clock(today))
