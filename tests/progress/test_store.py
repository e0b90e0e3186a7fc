"""The store: schema and migrations, enrolment, unlocking, attempts, moves, snapshots, notes."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.content.loader import Curriculum
from game.engine.meeting import Meeting, Playbook
from game.engine.scoring import debrief
from progress.store import (
    MIGRATIONS,
    ProgressError,
    StageLocked,
    Store,
    StoreError,
    Trainee,
    UnknownAttempt,
    UnknownTrainee,
    default_path,
)
from tests.progress.helpers import FAILING, PASSING, SEVEN, at, play, trainee


@pytest.fixture
def seven() -> Curriculum:
    return Curriculum(SEVEN)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "p.db") as opened:
        opened.enrol(trainee())
        yield opened


def test_a_new_database_is_at_the_latest_schema_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with Store.open(tmp_path / "new.db") as store:
        assert store.schema_version() == len(MIGRATIONS)
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_a_database_from_the_first_schema_version_migrates_and_keeps_its_data(tmp_path: Path, seven: Curriculum) -> None:
    path = tmp_path / "old.db"
    program = seven.program
    playbook = Playbook(program, seven.scenario("seven", 1))
    meeting = Meeting.replay(playbook, 2, PASSING)
    result = debrief(meeting)
    with Store.open(path, upto=1) as old:
        assert old.schema_version() == 1
        assert not old.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'notes'").fetchone()
        # written the way the first version wrote it: skills only as JSON
        old.enrol(trainee())
        with old._write() as db:
            old._snapshot(db, playbook, program)
            db.execute("INSERT INTO attempts VALUES (1, 'ana', 'seven', 1, ?, 2, '2026-02-01T10:00:00Z', "
                       "'2026-02-01T10:07:00Z', 'passed', 'agreed', ?, ?, '{}')",
                       (playbook.content_hash, result.satisfaction, json.dumps(result.skills)))
            db.executemany("INSERT INTO moves VALUES (1, ?, ?, '2026-02-01T10:00:00Z')", list(enumerate(PASSING, 1)))
    with Store.open(path) as store:
        assert store.schema_version() == len(MIGRATIONS)
        assert [v for (v,) in store.db.execute("SELECT version FROM migrations ORDER BY version")] == \
            list(range(1, len(MIGRATIONS) + 1))
        attempt = store.attempt(1)
        assert attempt.passed and store.replay(attempt).moves == PASSING
        [row] = store.report_rows()
        assert row.skills == {k: (None if v is None else float(v)) for k, v in result.skills.items()}
        note = store.add_note(1, "Park", "closing", "Ask sooner.")
        assert store.notes("ana") == [note]


def test_a_database_from_a_newer_starpath_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store.open(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO migrations VALUES (?, 'later')", (len(MIGRATIONS) + 1,))
    with pytest.raises(StoreError, match="newer Starpath"):
        Store.open(path)


def test_a_file_that_is_not_a_database_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("this is not sqlite\n" * 100)
    with pytest.raises(StoreError, match="not a Starpath progress database"):
        Store.open(path)


def test_an_unrelated_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(StoreError, match="not a Starpath"):
        Store.open(path)
    with sqlite3.connect(path) as db:
        assert [n for (n,) in db.execute("SELECT name FROM sqlite_master")] == ["recipes"]


def test_the_default_location_follows_starpath_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STARPATH_DB", str(tmp_path / "chosen.db"))
    assert default_path() == tmp_path / "chosen.db"
    monkeypatch.delenv("STARPATH_DB")
    assert default_path().name == "starpath.db" and "starpath" in str(default_path().parent).lower()


def test_enrolling_the_same_id_twice_is_refused(store: Store) -> None:
    with pytest.raises(ProgressError, match="already enrolled"):
        store.enrol(trainee(name="Someone else"))


def test_trainees_are_listed_by_id_and_filtered_by_team_and_manager(store: Store) -> None:
    store.enrol(trainee("bo", team="Busan", manager="Lee"))
    store.enrol(trainee("al", team="Seoul", manager="Lee"))
    assert [t.id for t in store.trainees()] == ["al", "ana", "bo"]
    assert [t.id for t in store.trainees(team="Seoul")] == ["al", "ana"]
    assert [t.id for t in store.trainees(manager="Lee")] == ["al", "bo"]
    with pytest.raises(UnknownTrainee):
        store.trainee("nobody")


def test_only_stage_one_is_unlocked_at_first_and_each_pass_unlocks_the_next(store: Store, seven: Curriculum) -> None:
    assert store.unlocked_stages("ana") == [1]
    with pytest.raises(StageLocked, match="pass stage 1 \\(Prepare\\) first"):
        store.check_unlocked("ana", 2, {1: "Prepare"})
    play(store, seven, "ana", 1, FAILING, date(2026, 1, 5))
    assert store.unlocked_stages("ana") == [1]
    play(store, seven, "ana", 1, PASSING, date(2026, 1, 6))
    assert store.unlocked_stages("ana") == [1, 2]
    store.check_unlocked("ana", 2)


def test_a_pass_is_recorded_once_with_its_first_date(store: Store, seven: Curriculum) -> None:
    play(store, seven, "ana", 1, PASSING, date(2026, 1, 6))
    play(store, seven, "ana", 1, PASSING, date(2026, 3, 9))  # practice replay
    assert store.passed_stages("ana") == {1: date(2026, 1, 6)}


def test_an_attempt_saved_move_by_move_replays_to_the_stored_result(store: Store, seven: Curriculum) -> None:
    attempt_id = play(store, seven, "ana", 1, PASSING, date(2026, 1, 6), seed=9)
    attempt = store.attempt(attempt_id)
    assert store.moves(attempt_id) == PASSING
    meeting = store.replay(attempt)
    assert meeting.ended and meeting.moves == PASSING
    assert (attempt.outcome, attempt.ending, attempt.seed) == ("passed", "agreed", 9)
    assert attempt.intel["known"] == ["head", "pain"]
    with pytest.raises(UnknownAttempt):
        store.attempt(999)


def test_an_unfinished_attempt_is_found_for_resuming_and_a_finished_one_is_not(store: Store, seven: Curriculum) -> None:
    program = seven.program
    playbook = Playbook(program, seven.scenario("seven", 1))
    attempt_id = store.start_attempt("ana", "seven", playbook, program, 4, at(date(2026, 1, 2)))
    store.save_move(attempt_id, 1, "warm")
    found = store.unfinished_attempt("ana")
    assert found is not None and found.id == attempt_id and found.unfinished
    assert store.unfinished_attempt("ana", "seven", 2) is None
    meeting = store.replay(found)
    assert meeting.moves == ["warm"] and not meeting.ended
    play(store, seven, "ana", 2, PASSING, date(2026, 1, 3))
    assert store.unfinished_attempt("ana").id == attempt_id  # the finished one is never offered


def test_starting_a_stage_over_abandons_its_unfinished_attempt_which_is_kept_but_not_offered_again(
        store: Store, seven: Curriculum) -> None:
    program = seven.program
    playbook = Playbook(program, seven.scenario("seven", 1))
    first = store.start_attempt("ana", "seven", playbook, program, 4, at(date(2026, 1, 2)))
    store.save_move(first, 1, "warm")
    second = store.start_attempt("ana", "seven", playbook, program, 5, at(date(2026, 1, 3)))
    assert store.unfinished_attempt("ana", "seven", 1).id == second
    store.save_move(second, 1, "warm")
    play(store, seven, "ana", 1, PASSING, date(2026, 1, 4))  # a third, finished
    assert store.unfinished_attempt("ana") is None and store.unfinished_attempt("ana", "seven", 1) is None
    kept = {a.id: a for a in store.attempts("ana")}
    assert kept[first].abandoned and kept[second].abandoned and store.moves(first) == ["warm"]
    assert not any(a.abandoned for a in kept.values() if a.id not in (first, second))
    assert store.attempt(first).abandoned


def test_a_move_cannot_be_saved_twice_or_for_a_missing_attempt(store: Store, seven: Curriculum) -> None:
    attempt_id = play(store, seven, "ana", 1, PASSING, date(2026, 1, 6))
    with pytest.raises(ProgressError, match="already saved"):
        store.save_move(attempt_id, 1, "warm")  # two terminals playing one attempt
    with pytest.raises(UnknownAttempt):
        store.save_move(12345, 1, "warm")  # foreign keys are on


def test_the_content_snapshot_outlives_edits_to_the_yaml(store: Store, seven: Curriculum, tmp_path: Path) -> None:
    attempt_id = play(store, seven, "ana", 1, PASSING, date(2026, 1, 6))
    attempt = store.attempt(attempt_id)
    program, scenario = store.content(attempt.content_hash)
    assert Playbook(program, scenario).content_hash == attempt.content_hash
    assert store.db.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 1
    play(store, seven, "ana", 1, PASSING, date(2026, 1, 7))
    assert store.db.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 1  # stored once per hash


def test_a_note_needs_a_real_attempt_and_a_follow_up_not_before_it(store: Store, seven: Curriculum) -> None:
    attempt_id = play(store, seven, "ana", 1, FAILING, date(2026, 1, 6))
    with pytest.raises(UnknownAttempt):
        store.add_note(77, "Park", "rapport", "Smile.")
    with pytest.raises(ProgressError, match="before"):
        store.add_note(attempt_id, "Park", "rapport", "Smile.", date(2026, 1, 1), at(date(2026, 1, 6)))
    note = store.add_note(attempt_id, "Park", "rapport", "Smile.", date(2026, 2, 6), at(date(2026, 1, 6)))
    assert store.notes(attempt_id=attempt_id) == [note] and note.trainee == "ana"


def test_report_rows_count_only_what_happened_by_the_as_of_date(store: Store, seven: Curriculum) -> None:
    play(store, seven, "ana", 1, FAILING, date(2026, 1, 5))
    play(store, seven, "ana", 1, PASSING, date(2026, 2, 5))
    [early] = store.report_rows(as_of=date(2026, 1, 31))
    [late] = store.report_rows(as_of=date(2026, 2, 28))
    assert (early.attempts, early.passed) == (1, {})
    assert (late.attempts, late.passed) == (2, {1: date(2026, 2, 5)})
    assert early.mean_satisfaction is not None and late.mean_satisfaction is not None
    assert late.mean_satisfaction > early.mean_satisfaction


@settings(max_examples=25, deadline=None)
@given(name=st.text(min_size=1, max_size=30).filter(lambda s: s.strip() and "\x00" not in s),
       team=st.text(min_size=1, max_size=20).filter(lambda s: s.strip() and "\x00" not in s),
       enrolled=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_any_trainee_reads_back_as_it_was_enrolled(name: str, team: str, enrolled: date) -> None:
    with Store.open(":memory:") as store:
        written = Trainee("t1", name, team, "Mgr", "finance", enrolled)
        store.enrol(written)
        assert store.trainee("t1") == written
