"""Manager reports: rows and summary, follow-up checks, and safe CSV and HTML."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from game.content.loader import Curriculum
from progress import report as reports
from progress.html import render_html
from progress.store import Store
from tests.progress.helpers import FAILING, PASSING, SEVEN, at, play, trainee


@pytest.fixture
def seven() -> Curriculum:
    return Curriculum(SEVEN)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "r.db") as opened:
        yield opened


def _complete(store: Store, seven: Curriculum, tid: str, start: date) -> None:
    for stage in range(1, 8):
        play(store, seven, tid, stage, PASSING, date.fromordinal(start.toordinal() + 20 * stage))


def test_one_row_per_trainee_with_the_window_and_the_summary(store: Store, seven: Curriculum) -> None:
    store.enrol(trainee("done", team="A", enrolled=date(2025, 1, 1)))
    store.enrol(trainee("late", team="A", enrolled=date(2024, 1, 1)))
    store.enrol(trainee("new", team="B", enrolled=date(2026, 3, 1)))
    _complete(store, seven, "done", date(2025, 1, 1))
    play(store, seven, "late", 1, PASSING, date(2024, 2, 1))
    play(store, seven, "new", 1, FAILING, date(2026, 3, 2))
    result = reports.build(store, seven.program, date(2026, 3, 31))
    rows = {r.id: r for r in result.rows}
    assert rows["done"].status == "completed" and rows["done"].passed == 7 and rows["done"].current_stage is None
    assert rows["late"].status == "overdue" and rows["late"].deadline == date(2025, 7, 1)
    assert rows["late"].days_remaining < 0
    assert rows["new"].status == "on_track" and rows["new"].passed == 0 and rows["new"].current_stage == 1
    assert rows["new"].weakest_skill in ("discovery", "integrity")
    summary = result.summary
    assert summary.trainees == 3 and summary.completion_rate == pytest.approx(1 / 3)
    assert summary.statuses["completed"] == summary.statuses["overdue"] == summary.statuses["on_track"] == 1
    assert summary.funnel == [2, 1, 1, 1, 1, 1, 1]
    assert list(summary.teams) == ["A", "B"] and summary.teams["A"].trainees == 2


def test_the_status_filter_narrows_rows_but_not_the_summary(store: Store, seven: Curriculum) -> None:
    store.enrol(trainee("a", enrolled=date(2024, 1, 1)))
    store.enrol(trainee("b", enrolled=date(2026, 3, 1)))
    result = reports.build(store, seven.program, date(2026, 3, 2), status="overdue")
    assert [r.id for r in result.rows] == ["a"] and result.summary.trainees == 2


def test_a_follow_up_shows_whether_the_skill_improved_after_the_note(store: Store, seven: Curriculum) -> None:
    store.enrol(trainee("ana"))
    store.enrol(trainee("bo"))
    noted = play(store, seven, "ana", 1, FAILING, date(2026, 1, 6))
    assert store.attempt(noted).skills["discovery"] == 0
    store.add_note(noted, "Park", "discovery", "Ask what it costs them.", date(2026, 2, 6), at(date(2026, 1, 6), 12))
    play(store, seven, "ana", 1, ["warm", "probe", "ask-meeting"], date(2026, 1, 20))  # discovery 100 since
    other = play(store, seven, "bo", 1, PASSING, date(2026, 1, 6))
    store.add_note(other, "Park", "integrity", "Keep it up.", date(2026, 2, 6), at(date(2026, 1, 6), 12))
    not_due = reports.build(store, seven.program, date(2026, 2, 5))
    assert not_due.follow_ups == []
    due = reports.build(store, seven.program, date(2026, 2, 6))
    by_trainee = {f.trainee: f for f in due.follow_ups}
    assert by_trainee["bo"].improved is None  # no attempt since the note
    ana = by_trainee["ana"]
    assert (ana.skill, ana.before, ana.after, ana.improved) == ("discovery", 0, 100, True)
    assert {r.id: r.open_notes for r in due.rows} == {"ana": 0, "bo": 1}


def test_a_trainee_named_script_stays_text_in_the_html_report(store: Store, seven: Curriculum) -> None:
    store.enrol(trainee("x", name="<script>alert('x')</script>", team="<b>Team</b>", manager="M&M"))
    page = render_html(reports.build(store, seven.program, date(2026, 3, 1)))
    assert "<script>" not in page and "<b>Team</b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Team&lt;/b&gt;" in page


def test_the_html_report_is_self_contained_with_its_charts_and_a_korean_font(store: Store, seven: Curriculum) -> None:
    store.enrol(trainee("kim", name="김민지", team="서울"))
    play(store, seven, "kim", 1, PASSING, date(2026, 1, 5))
    page = render_html(reports.build(store, seven.program, date(2026, 3, 1)))
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched from elsewhere
    assert page.count("<svg") == 2 and 'class="heat"' in page
    assert "김민지" in page and "@font-face" in page and "data:font/ttf;base64," in page


def test_the_embedded_korean_font_holds_exactly_the_names_glyphs_and_stays_small(store: Store, seven: Curriculum) -> None:
    store.enrol(trainee("kim", name="김민지", team="서울"))
    page = render_html(reports.build(store, seven.program, date(2026, 3, 1)))
    data = re.search(r"data:font/ttf;base64,([A-Za-z0-9+/=]+)", page).group(1)
    font = TTFont(io.BytesIO(base64.b64decode(data)))
    characters = set(font.getBestCmap())
    assert {ord(c) for c in "김민지서울"} <= characters
    assert ord("힣") not in characters            # a subset, not the whole font
    assert len(page) < 200_000


def test_html_without_korean_text_does_not_carry_the_font(store: Store, seven: Curriculum) -> None:
    store.enrol(trainee("sam", name="Sam Berg"))
    page = render_html(reports.build(store, seven.program, date(2026, 3, 1)))
    assert "@font-face" not in page and len(page) < 100_000


@pytest.mark.parametrize("danger", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=1"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(store: Store, seven: Curriculum, danger: str) -> None:
    store.enrol(trainee("t", name=danger, team=danger, manager=danger))
    text = reports.render_csv(reports.build(store, seven.program, date(2026, 3, 1)))
    [row] = list(csv.DictReader(io.StringIO(text)))
    for column in ("name", "team", "manager"):
        assert row[column] == "'" + danger
    assert row["days_remaining"].lstrip("-").isdigit()  # numbers stay numbers


def test_the_json_report_round_trips_with_dates_as_iso_text(store: Store, seven: Curriculum) -> None:
    store.enrol(trainee("ana", name="김민지"))
    data = json.loads(reports.render_json(reports.build(store, seven.program, date(2026, 3, 1))))
    assert data["as_of"] == "2026-03-01"
    assert data["rows"][0]["name"] == "김민지" and data["rows"][0]["deadline"] == "2027-07-01"
    assert set(data["summary"]["statuses"]) == {"completed", "overdue", "at_risk", "behind", "on_track"}


def test_the_terminal_table_lines_up_korean_names(store: Store, seven: Curriculum) -> None:
    store.enrol(trainee("a1", name="김민지"))
    store.enrol(trainee("a2", name="Sam Berg"))
    lines = reports.render_table(reports.build(store, seven.program, date(2026, 3, 1))).splitlines()
    rows = [line for line in lines if line.startswith("a1") or line.startswith("a2")]
    team_columns = {reports._width(line[: line.index("Seoul")]) for line in rows}
    assert len(team_columns) == 1


def test_reports_as_of_a_date_ignore_later_activity(store: Store, seven: Curriculum) -> None:
    store.enrol(trainee("ana", enrolled=date(2026, 1, 1)))
    play(store, seven, "ana", 1, PASSING, date(2026, 5, 1))
    before = reports.build(store, seven.program, date(2026, 4, 30)).rows[0]
    after = reports.build(store, seven.program, date(2026, 5, 31)).rows[0]
    assert (before.passed, before.last_activity) == (0, None)
    assert (after.passed, after.last_activity) == (1, date(2026, 5, 1))
