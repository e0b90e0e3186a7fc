"""verify catches hand-edited results and changed content; demo-data makes a varied cohort through the engine."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest

from game.content.loader import Curriculum
from progress import demo
from progress.commands import verify_store
from progress.report import build
from progress.store import ProgressError, Store
from tests.progress.helpers import FAILING, PASSING, SEVEN, play, trainee


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "v.db") as opened:
        opened.enrol(trainee("ana"))
        yield opened


def test_an_honest_database_verifies_clean(store: Store) -> None:
    seven = Curriculum(SEVEN)
    play(store, seven, "ana", 1, FAILING, date(2026, 1, 5))
    play(store, seven, "ana", 1, PASSING, date(2026, 1, 6))
    assert verify_store(store, seven) == []


def test_verify_catches_a_hand_edited_satisfaction_score(store: Store) -> None:
    seven = Curriculum(SEVEN)
    honest = play(store, seven, "ana", 1, PASSING, date(2026, 1, 6))
    edited = play(store, seven, "ana", 1, FAILING, date(2026, 1, 7))
    store.db.execute("UPDATE attempts SET satisfaction = 95 WHERE id = ?", (edited,))
    findings = verify_store(store, seven)
    assert [(a, kind) for a, kind, _ in findings] == [(edited, "differs")]
    assert "satisfaction 95" in findings[0][2]
    assert honest not in [a for a, _, _ in findings]


def test_verify_catches_an_outcome_turned_into_a_pass_and_moves_that_do_not_replay(store: Store) -> None:
    seven = Curriculum(SEVEN)
    failed = play(store, seven, "ana", 1, FAILING, date(2026, 1, 7))
    other = play(store, seven, "ana", 1, PASSING, date(2026, 1, 8))
    store.db.execute("UPDATE attempts SET outcome = 'passed' WHERE id = ?", (failed,))
    store.db.execute("UPDATE moves SET choice = 'leave' WHERE attempt = ? AND number = 1", (other,))
    kinds = {(a, k) for a, k, _ in verify_store(store, seven)}
    assert kinds == {(failed, "differs"), (other, "differs")}


def test_after_a_trainer_edits_the_yaml_attempts_still_verify_and_are_flagged_as_changed(
        store: Store, tmp_path: Path) -> None:
    root = tmp_path / "scenarios"
    shutil.copytree(SEVEN, root)
    before = Curriculum(root)
    attempt = play(store, before, "ana", 1, PASSING, date(2026, 1, 6))
    stage = root / "seven" / "stage-1.yaml"
    stage.write_text(stage.read_text().replace("effects: {trust: 25, patience: 0}", "effects: {trust: 2}"))
    after = Curriculum(root)
    findings = verify_store(store, after)
    assert [(a, kind) for a, kind, _ in findings] == [(attempt, "content-changed")]
    meeting = store.replay(store.attempt(attempt))  # the transcript still replays on the old content
    assert meeting.ending == "agreed"


def test_demo_data_makes_a_cohort_with_every_status_through_the_real_engine(tmp_path: Path) -> None:
    seven = Curriculum(SEVEN)
    today = date(2026, 11, 30)
    with Store.open(tmp_path / "demo.db") as store:
        made = demo.generate(store, seven, trainees=80, seed=3, today=today)
        assert made.trainees == 80 and made.attempts > 80
        statuses = build(store, seven.program, today).summary.statuses
        assert all(statuses[s] > 0 for s in ("completed", "on_track", "at_risk", "overdue")), statuses
        assert statuses["behind"] + statuses["at_risk"] > 0
        assert verify_store(store, seven) == []  # every result was earned by its moves
        assert all(a.started.date() <= today for a in store.attempts())


def test_demo_data_is_reproducible_from_its_seed_and_refuses_to_duplicate(tmp_path: Path) -> None:
    seven = Curriculum(SEVEN)
    results = []
    for name in ("a.db", "b.db"):
        with Store.open(tmp_path / name) as store:
            demo.generate(store, seven, trainees=10, seed=5, today=date(2026, 11, 30))
            results.append([(a.trainee, a.stage, a.satisfaction, a.started) for a in store.attempts()])
            with pytest.raises(ProgressError, match="already exists"):
                demo.generate(store, seven, trainees=1, seed=5, today=date(2026, 11, 30))
    assert results[0] == results[1]


def test_demo_trainees_stop_where_their_pack_has_no_more_stages(tmp_path: Path) -> None:
    mini = Curriculum(SEVEN.parent / "mini")  # only stage 1 exists
    with Store.open(tmp_path / "mini.db") as store:
        demo.generate(store, mini, trainees=12, seed=2, today=date(2026, 11, 30))
        assert {a.stage for a in store.attempts()} == {1}


def test_the_progress_bar_fills_and_ends_its_line() -> None:
    screen = io.StringIO()
    bar = demo.ProgressBar(screen, width=10)
    bar(5, 10)
    assert screen.getvalue() == "\r[#####.....] 5/10 trainees"
    bar(10, 10)
    assert screen.getvalue().endswith("\r[##########] 10/10 trainees\n")
