"""The progress store: trainees, attempts, moves, coaching notes and content snapshots in SQLite."""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.content.model import Program, Scenario, Skill

if TYPE_CHECKING:  # the engine (and NumPy) load only when a meeting is replayed, not to open the store
    from game.engine.meeting import Meeting, Playbook
    from game.engine.scoring import Debrief

STAGES = 7
SKILLS = tuple(skill.value for skill in Skill)
BUSY_TIMEOUT_MS = 60_000  # many trainees finishing at once must wait, never fail
OPEN_RETRY_SECONDS = 60.0  # switching to WAL can report "locked" without waiting; retry it ourselves


class StoreError(Exception):
    """A database that cannot be used: unreadable, from a newer Starpath, or not a Starpath database."""


class ProgressError(Exception):
    """Something a user asked of the progress store that cannot be done (exit 2): one clear line."""


class UnknownTrainee(ProgressError):
    """No trainee with that id is enrolled."""


class UnknownAttempt(ProgressError):
    """No attempt with that number."""


class StageLocked(ProgressError):
    """The stage is locked: the previous stage has not been passed."""


# -- what the store hands out ---------------------------------------------------------------------

@dataclass(frozen=True)
class Trainee:
    """An enrolled salesperson."""

    id: str
    name: str
    team: str
    manager: str
    vertical: str
    enrolled: date


@dataclass(frozen=True)
class Attempt:
    """One meeting at one stage; `outcome` is None while it is unfinished (resumable)."""

    id: int
    trainee: str
    pack: str
    stage: int
    content_hash: str
    seed: int
    started: datetime
    finished: datetime | None
    outcome: str | None  # passed | failed | None (unfinished)
    ending: str | None
    satisfaction: int | None
    skills: dict[str, int | None] = field(default_factory=dict)
    intel: dict[str, Any] = field(default_factory=dict)  # {"known": [...], "tiers": {"1": [got, of]}}
    superseded: bool = False  # a later attempt at the same pack and stage exists

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"

    @property
    def unfinished(self) -> bool:
        return self.outcome is None

    @property
    def abandoned(self) -> bool:
        """Left unfinished, then started over: kept as it was played, no longer resumable."""
        return self.outcome is None and self.superseded


@dataclass(frozen=True)
class Note:
    """A coaching note on one attempt: the skill to improve, and when to check it did."""

    id: int
    attempt: int
    trainee: str
    by: str
    skill: str
    text: str
    created: datetime
    follow_up: date | None


@dataclass(frozen=True)
class ReportRow:
    """Everything the manager's report needs about one trainee, read in one pass (see Store.report_rows)."""

    trainee: Trainee
    passed: dict[int, date]  # stage -> first pass date
    attempts: int
    last_activity: datetime | None
    mean_satisfaction: float | None
    skills: dict[str, float | None]  # mean per skill over finished attempts


# -- time as text ---------------------------------------------------------------------------------

def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _moment(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(text)  # our own stamps, always ...Z: parsed in C, unlike strptime


# -- migrations: registered in order, each in its own transaction, tracked in `migrations` -----------

def _script(db: sqlite3.Connection, script: str) -> None:
    # not executescript(): it commits first, and each migration must be one transaction
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _v1(db: sqlite3.Connection) -> None:
    _script(db, """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE trainees (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            team TEXT NOT NULL,
            manager TEXT NOT NULL,
            vertical TEXT NOT NULL,
            enrolled TEXT NOT NULL
        );
        CREATE TABLE snapshots (
            content_hash TEXT PRIMARY KEY,
            program TEXT NOT NULL,
            scenario TEXT NOT NULL
        );
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            trainee TEXT NOT NULL REFERENCES trainees(id),
            pack TEXT NOT NULL,
            stage INTEGER NOT NULL CHECK (stage BETWEEN 1 AND 7),
            content_hash TEXT NOT NULL REFERENCES snapshots(content_hash),
            seed INTEGER NOT NULL,
            started TEXT NOT NULL,
            finished TEXT,
            outcome TEXT CHECK (outcome IN ('passed', 'failed')),
            ending TEXT,
            satisfaction INTEGER,
            skills TEXT,
            intel TEXT
        );
        CREATE TABLE moves (
            attempt INTEGER NOT NULL REFERENCES attempts(id),
            number INTEGER NOT NULL,
            choice TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (attempt, number)
        );
        CREATE INDEX attempts_by_trainee ON attempts(trainee, stage);
    """)
    # xAPI statement ids are derived from this, so re-exporting gives the same ids
    db.execute("INSERT INTO meta VALUES ('instance', ?)", (str(uuid.uuid4()),))


def _v2(db: sqlite3.Connection) -> None:
    _script(db, """
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            attempt INTEGER NOT NULL REFERENCES attempts(id),
            trainee TEXT NOT NULL REFERENCES trainees(id),
            by TEXT NOT NULL,
            skill TEXT NOT NULL,
            text TEXT NOT NULL,
            created TEXT NOT NULL,
            follow_up TEXT
        );
        CREATE INDEX notes_by_trainee ON notes(trainee);
        CREATE INDEX attempts_by_finished ON attempts(finished);
        CREATE INDEX trainees_by_team ON trainees(team, manager);
    """)


def _v3(db: sqlite3.Connection) -> None:
    # one column per skill beside the JSON, so a report averages numbers instead of parsing 200,000 JSON texts
    for skill in SKILLS:
        db.execute(f"ALTER TABLE attempts ADD COLUMN skill_{skill} INTEGER")
    db.execute("UPDATE attempts SET " + ", ".join(f"skill_{s} = json_extract(skills, '$.{s}')" for s in SKILLS)
               + " WHERE skills IS NOT NULL")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2, _v3)


def default_path() -> Path:
    """$STARPATH_DB, else starpath.db in the user's data directory."""
    chosen = os.environ.get("STARPATH_DB")
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_data_dir("starpath", appauthor=False)) / "starpath.db"


class Store:
    """The progress database. Open with `Store.open(path)`; use as a context manager or call close().

    Every write is its own short transaction, so many processes (the game window, terminals, reports)
    can share one file; readers never block writers (WAL).
    """

    def __init__(self, db: sqlite3.Connection, path: str):
        self.db = db
        self.path = path

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, upto: int | None = None) -> Store:
        """Open (creating if needed) and migrate the database at `path` (default: `default_path()`).

        `upto` stops migrating at that schema version (tests of migrations only).
        Raises StoreError for a file that is not a usable Starpath database.
        """
        where = str(path) if path is not None else str(default_path())
        if where != ":memory:":
            Path(where).parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + OPEN_RETRY_SECONDS
        while True:
            try:
                db = sqlite3.connect(where, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                     check_same_thread=False)
                try:
                    store = cls(db, where)
                    store._configure()
                    store._migrate(len(MIGRATIONS) if upto is None else upto)
                    return store
                except BaseException:
                    db.close()
                    raise
            except sqlite3.OperationalError as exc:
                if _is_busy(exc) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                raise StoreError(f"cannot open the progress database {where}: {exc}") from None
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{where} is not a Starpath progress database ({exc})") from None

    def _configure(self) -> None:
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.db.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError("database is locked (could not switch to WAL)")
        # WAL with NORMAL: a killed process loses nothing committed; only a power cut could
        self.db.execute("PRAGMA synchronous = NORMAL")

    def schema_version(self) -> int:
        """The highest migration applied to this database (0 for a new file)."""
        exists = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone()
        if not exists:
            return 0
        return int(self.db.execute("SELECT coalesce(max(version), 0) FROM migrations").fetchone()[0])

    def _migrate(self, target: int) -> None:
        version = self.schema_version()
        if version > len(MIGRATIONS):
            raise StoreError(f"the progress database {self.path} is from a newer Starpath (schema {version}; "
                             f"this version knows up to {len(MIGRATIONS)}): upgrade Starpath to use it")
        if version == 0:
            tables = self.db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
            if tables:
                raise StoreError(f"{self.path} is an SQLite file but not a Starpath progress database")
        while version < target:
            with self._write():
                # another process may have migrated while we waited for the lock
                self.db.execute("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied TEXT)")
                version = self.schema_version()
                if version >= target:
                    break
                MIGRATIONS[version](self.db)
                self.db.execute("INSERT INTO migrations VALUES (?, ?)", (version + 1, _stamp(now())))
                version += 1

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; IMMEDIATE takes the write lock up front, so it waits instead of deadlocking."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def instance_id(self) -> str:
        """A random id made when this database was created (namespaces exported statement ids)."""
        return str(self.db.execute("SELECT value FROM meta WHERE key = 'instance'").fetchone()[0])

    # -- trainees -----------------------------------------------------------------------------

    def enrol(self, trainee: Trainee) -> Trainee:
        """Add a trainee; ProgressError if the id is taken or a field is empty."""
        for name in ("id", "name", "team", "manager", "vertical"):
            if not str(getattr(trainee, name)).strip():
                raise ProgressError(f"trainee {name} must not be empty")
        try:
            with self._write() as db:
                db.execute("INSERT INTO trainees VALUES (?, ?, ?, ?, ?, ?)",
                           (trainee.id, trainee.name, trainee.team, trainee.manager, trainee.vertical,
                            trainee.enrolled.isoformat()))
        except sqlite3.IntegrityError:
            raise ProgressError(f"a trainee with id {trainee.id!r} is already enrolled") from None
        return trainee

    def trainee(self, trainee_id: str) -> Trainee:
        """The trainee with this id; UnknownTrainee if none."""
        row = self.db.execute("SELECT * FROM trainees WHERE id = ?", (trainee_id,)).fetchone()
        if row is None:
            raise UnknownTrainee(f"no trainee {trainee_id!r} is enrolled (see `trainee list`)")
        return _trainee(row)

    def trainees(self, *, team: str | None = None, manager: str | None = None) -> list[Trainee]:
        """Enrolled trainees, by id, optionally only one team's or one manager's."""
        sql, params = _filtered("SELECT * FROM trainees", team=team, manager=manager)
        return [_trainee(row) for row in self.db.execute(sql + " ORDER BY id", params)]

    # -- stages -------------------------------------------------------------------------------

    def passed_stages(self, trainee_id: str) -> dict[int, date]:
        """Stage number -> the date it was first passed (a pass is recorded once, however often replayed)."""
        rows = self.db.execute(
            "SELECT stage, min(finished) FROM attempts WHERE trainee = ? AND outcome = 'passed' GROUP BY stage",
            (trainee_id,))
        return {int(stage): _moment(first).date() for stage, first in rows}  # type: ignore[union-attr]

    def unlocked_stages(self, trainee_id: str) -> list[int]:
        """Stages the trainee may play: every passed stage (practice) and the next one."""
        passed = self.passed_stages(trainee_id)
        unlocked = [1]
        for stage in range(1, STAGES):
            if stage not in passed:
                break
            unlocked.append(stage + 1)
        return unlocked

    def check_unlocked(self, trainee_id: str, stage: int, stage_names: dict[int, str] | None = None) -> None:
        """StageLocked (naming the stage to pass first) unless the trainee may play `stage`."""
        self.trainee(trainee_id)
        unlocked = self.unlocked_stages(trainee_id)
        if stage not in unlocked:
            first = unlocked[-1]
            name = f" ({stage_names[first]})" if stage_names and first in stage_names else ""
            raise StageLocked(f"stage {stage} is locked for {trainee_id}: pass stage {first}{name} first")

    # -- attempts -----------------------------------------------------------------------------

    def start_attempt(self, trainee_id: str, pack: str, playbook: Playbook, program: Program, seed: int,
                      at: datetime | None = None) -> int:
        """Record a new, unfinished attempt (and the content it is played on); returns its number."""
        self.trainee(trainee_id)
        with self._write() as db:
            self._snapshot(db, playbook, program)
            cursor = db.execute(
                "INSERT INTO attempts (trainee, pack, stage, content_hash, seed, started) VALUES (?, ?, ?, ?, ?, ?)",
                (trainee_id, pack, playbook.scenario.stage, playbook.content_hash, seed, _stamp(at or now())))
            return int(cursor.lastrowid)  # type: ignore[arg-type]

    def save_move(self, attempt_id: int, number: int, choice_id: str, at: datetime | None = None) -> None:
        """Record move `number` (from 1) of an attempt, in its own transaction: call before showing its result."""
        try:
            with self._write() as db:
                db.execute("INSERT INTO moves VALUES (?, ?, ?, ?)",
                           (attempt_id, number, choice_id, _stamp(at or now())))
        except sqlite3.IntegrityError:
            if self.db.execute("SELECT 1 FROM moves WHERE attempt = ? AND number = ?", (attempt_id, number)).fetchone():
                raise ProgressError(f"move {number} of attempt {attempt_id} is already saved: is the attempt being "
                                    "played somewhere else too?") from None
            raise UnknownAttempt(f"no attempt {attempt_id} in the progress database") from None

    def finish_attempt(self, attempt_id: int, result: Debrief, at: datetime | None = None) -> None:
        """Record how an attempt ended (its debrief); it is no longer resumable."""
        with self._write() as db:
            db.execute(
                "UPDATE attempts SET finished = ?, outcome = ?, ending = ?, satisfaction = ?, skills = ?, intel = ?, "
                + ", ".join(f"skill_{s} = ?" for s in SKILLS) + " WHERE id = ?",
                (_stamp(at or now()), *_result_columns(result), *_skill_columns(result), attempt_id))

    def record_attempt(self, trainee_id: str, pack: str, meeting: Meeting, program: Program, result: Debrief,
                       started: datetime, finished: datetime) -> int:
        """A whole finished attempt in one transaction (demo data and imports; live play saves move by move)."""
        with self._write() as db:
            self._snapshot(db, meeting.playbook, program)
            cursor = db.execute(
                "INSERT INTO attempts (trainee, pack, stage, content_hash, seed, started, finished, outcome, ending,"
                " satisfaction, skills, intel, " + ", ".join(f"skill_{s}" for s in SKILLS) + ") VALUES ("
                + ", ".join("?" * (12 + len(SKILLS))) + ")",
                (trainee_id, pack, meeting.scenario.stage, meeting.playbook.content_hash, meeting.seed,
                 _stamp(started), _stamp(finished), *_result_columns(result), *_skill_columns(result)))
            attempt_id = int(cursor.lastrowid)  # type: ignore[arg-type]
            stamp = _stamp(finished)
            db.executemany("INSERT INTO moves VALUES (?, ?, ?, ?)",
                           [(attempt_id, n, move, stamp) for n, move in enumerate(meeting.moves, 1)])
            return attempt_id

    def _snapshot(self, db: sqlite3.Connection, playbook: Playbook, program: Program) -> None:
        db.execute("INSERT OR IGNORE INTO snapshots VALUES (?, ?, ?)",
                   (playbook.content_hash, json.dumps(program.model_dump(mode="json"), ensure_ascii=False),
                    json.dumps(playbook.scenario.model_dump(mode="json"), ensure_ascii=False)))

    def attempt(self, attempt_id: int) -> Attempt:
        """One attempt; UnknownAttempt if there is none with that number."""
        row = self.db.execute(f"SELECT {_COLUMNS}, {_SUPERSEDED} FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        if row is None:
            raise UnknownAttempt(f"no attempt {attempt_id} in the progress database")
        return _attempt(row)

    def attempts(self, trainee_id: str | None = None, *, since: datetime | None = None) -> list[Attempt]:
        """Attempts in the order they were started: one trainee's, or everyone's; optionally started since."""
        sql, params = f"SELECT {_COLUMNS}, {_SUPERSEDED} FROM attempts WHERE 1 = 1", []
        if trainee_id is not None:
            sql, params = sql + " AND trainee = ?", [*params, trainee_id]
        if since is not None:
            sql, params = sql + " AND coalesce(finished, started) >= ?", [*params, _stamp(since)]
        return [_attempt(row) for row in self.db.execute(sql + " ORDER BY id", params)]

    def unfinished_attempt(self, trainee_id: str, pack: str | None = None, stage: int | None = None) -> Attempt | None:
        """The trainee's latest unfinished attempt (optionally of one pack and stage), to resume; else None.

        One that was started over (a later attempt at its pack and stage exists) is abandoned, not resumable.
        """
        sql, params = (f"SELECT {_COLUMNS}, {_SUPERSEDED} FROM attempts WHERE trainee = ? AND outcome IS NULL "
                       f"AND NOT {_SUPERSEDED}", [trainee_id])
        if pack is not None:
            sql, params = sql + " AND pack = ?", [*params, pack]
        if stage is not None:
            sql, params = sql + " AND stage = ?", [*params, stage]
        row = self.db.execute(sql + " ORDER BY id DESC LIMIT 1", params).fetchone()
        return _attempt(row) if row else None

    def moves(self, attempt_id: int) -> list[str]:
        """The choice ids played in an attempt, in order."""
        rows = self.db.execute("SELECT choice FROM moves WHERE attempt = ? ORDER BY number", (attempt_id,))
        return [choice for (choice,) in rows]

    def content(self, content_hash: str) -> tuple[Program, Scenario]:
        """The program and scenario an attempt was played on, as stored when it was first played."""
        row = self.db.execute("SELECT program, scenario FROM snapshots WHERE content_hash = ?",
                              (content_hash,)).fetchone()
        if row is None:
            raise StoreError(f"the progress database has no content snapshot {content_hash[:12]}")
        return Program.model_validate(json.loads(row[0])), Scenario.model_validate(json.loads(row[1]))

    def playbook(self, attempt: Attempt) -> Playbook:
        """The playbook an attempt was played on (from its snapshot, whatever the YAML says today)."""
        from game.engine.meeting import Playbook

        program, scenario = self.content(attempt.content_hash)
        return Playbook(program, scenario)

    def replay(self, attempt: Attempt) -> Meeting:
        """The attempt's meeting, rebuilt from its seed and stored moves on the content it was played on."""
        from game.engine.meeting import Meeting

        return Meeting.replay(self.playbook(attempt), attempt.seed, self.moves(attempt.id))

    # -- coaching notes -----------------------------------------------------------------------

    def add_note(self, attempt_id: int, by: str, skill: str, text: str, follow_up: date | None = None,
                 at: datetime | None = None) -> Note:
        """Record a coaching note on an attempt; returns it."""
        attempt = self.attempt(attempt_id)
        for name, value in (("--by", by), ("--text", text)):
            if not value.strip():
                raise ProgressError(f"{name} must not be empty")
        created = at or now()
        if follow_up is not None and follow_up < created.date():
            raise ProgressError(f"the follow-up date {follow_up} is before the note's date {created.date()}")
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO notes (attempt, trainee, by, skill, text, created, follow_up) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (attempt_id, attempt.trainee, by, skill, text, _stamp(created),
                 follow_up.isoformat() if follow_up else None))
            note_id = int(cursor.lastrowid)  # type: ignore[arg-type]
        return Note(note_id, attempt_id, attempt.trainee, by, skill, text, created.replace(microsecond=0),
                    follow_up)

    def notes(self, trainee_id: str | None = None, *, attempt_id: int | None = None) -> list[Note]:
        """Coaching notes, oldest first: one trainee's, one attempt's, or all."""
        sql, params = "SELECT * FROM notes WHERE 1 = 1", []
        if trainee_id is not None:
            sql, params = sql + " AND trainee = ?", [*params, trainee_id]
        if attempt_id is not None:
            sql, params = sql + " AND attempt = ?", [*params, attempt_id]
        return [_note(row) for row in self.db.execute(sql + " ORDER BY id", params)]

    # -- the report's rows --------------------------------------------------------------------

    def report_rows(self, *, team: str | None = None, manager: str | None = None,
                    as_of: date | None = None) -> list[ReportRow]:
        """One row per trainee (by id) with their passes, activity, satisfaction and mean skills.

        Only attempts finished on or before `as_of` count (a report as of a month end).
        """
        skills = SKILLS
        cutoff = _stamp(datetime.combine(as_of, datetime.max.time().replace(microsecond=0))) if as_of else "9999"
        where, params = _filtered("SELECT * FROM trainees", team=team, manager=manager)
        trainees = {row[0]: _trainee(row) for row in self.db.execute(where + " ORDER BY id", params)}
        scope = where.replace("SELECT *", "SELECT id")
        averages = ", ".join(f"avg(skill_{s})" for s in skills)
        stats = {
            row[0]: row[1:]
            for row in self.db.execute(
                f"SELECT trainee, count(*), max(coalesce(finished, started)), avg(satisfaction), {averages} "
                f"FROM attempts WHERE trainee IN ({scope}) AND coalesce(finished, started) <= ? GROUP BY trainee",
                [*params, cutoff])
        }
        passes: dict[str, dict[int, date]] = {}
        for trainee_id, stage, first in self.db.execute(
                f"SELECT trainee, stage, min(finished) FROM attempts WHERE trainee IN ({scope}) "
                f"AND outcome = 'passed' AND finished <= ? GROUP BY trainee, stage", [*params, cutoff]):
            passes.setdefault(trainee_id, {})[int(stage)] = date.fromisoformat(first[:10])
        rows = []
        for trainee_id, trainee in trainees.items():
            count, last, mean, *means = stats.get(trainee_id, (0, None, None) + (None,) * len(skills))
            rows.append(ReportRow(trainee, passes.get(trainee_id, {}), int(count), _moment(last),
                                  None if mean is None else float(mean),
                                  {s: (None if m is None else float(m)) for s, m in zip(skills, means)}))
        return rows


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _filtered(sql: str, **columns: str | None) -> tuple[str, list[Any]]:
    chosen = {name: value for name, value in columns.items() if value is not None}
    if not chosen:
        return sql, []
    return sql + " WHERE " + " AND ".join(f"{name} = ?" for name in chosen), list(chosen.values())


def _result_columns(result: Debrief) -> tuple[Any, ...]:
    intel = {"known": list(result.known), "tiers": {str(t): list(v) for t, v in result.intel.items()}}
    return ("passed" if result.passed else "failed", result.ending, result.satisfaction,
            json.dumps(result.skills), json.dumps(intel))


def _skill_columns(result: Debrief) -> tuple[int | None, ...]:
    return tuple(result.skills.get(skill) for skill in SKILLS)


def _trainee(row: tuple[Any, ...]) -> Trainee:
    return Trainee(row[0], row[1], row[2], row[3], row[4], date.fromisoformat(row[5]))


# Whether a later attempt at the same pack and stage exists: the last column `_attempt` reads.
_SUPERSEDED = ("EXISTS (SELECT 1 FROM attempts AS later WHERE later.trainee = attempts.trainee "
               "AND later.pack = attempts.pack AND later.stage = attempts.stage AND later.id > attempts.id)")
_COLUMNS = "id, trainee, pack, stage, content_hash, seed, started, finished, outcome, ending, satisfaction, skills, intel"


def _attempt(row: tuple[Any, ...]) -> Attempt:
    return Attempt(int(row[0]), row[1], row[2], int(row[3]), row[4], int(row[5]), _moment(row[6]),  # type: ignore[arg-type]
                   _moment(row[7]), row[8], row[9], row[10], json.loads(row[11]) if row[11] else {},
                   json.loads(row[12]) if row[12] else {}, bool(row[13]))


def _note(row: tuple[Any, ...]) -> Note:
    return Note(int(row[0]), int(row[1]), row[2], row[3], row[4], row[5], _moment(row[6]),  # type: ignore[arg-type]
                date.fromisoformat(row[7]) if row[7] else None)
