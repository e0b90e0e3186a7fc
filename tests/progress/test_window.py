"""The 18-month window: month arithmetic, stage targets, every status at its boundary, projection."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from progress.window import Status, Window, add_fractional_months, add_months, project, standing
from tests.builders import program


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2025, 8, 31), 6, date(2026, 2, 28)),
    (date(2027, 8, 31), 6, date(2028, 2, 29)),  # leap year
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 1, 15), 18, date(2027, 7, 15)),
    (date(2025, 12, 31), 2, date(2026, 2, 28)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
])
def test_adding_months_clamps_to_the_last_day_of_shorter_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_deadline_is_eighteen_calendar_months_after_enrolment_clamped_to_february() -> None:
    assert Window.for_program(program(), date(2026, 8, 31)).deadline == date(2028, 2, 29)
    assert Window.for_program(program(), date(2025, 8, 31)).deadline == date(2027, 2, 28)
    assert Window.for_program(program(), date(2026, 1, 1)).deadline == date(2027, 7, 1)


def test_stage_targets_are_paced_evenly_and_the_last_is_the_deadline() -> None:
    window = Window.for_program(program(), date(2026, 1, 1))
    assert window.targets[-1] == window.deadline
    assert list(window.targets) == sorted(window.targets)
    gaps = [(b - a).days for a, b in zip((window.enrolled, *window.targets), window.targets)]
    assert max(gaps) - min(gaps) <= 3  # 18/7 months each, give or take month lengths


def test_an_explicit_target_month_in_the_program_is_used() -> None:
    stages = list(program().stages)
    stages[0] = stages[0].model_copy(update={"target_month": 1.5})
    custom = program().model_copy(update={"stages": tuple(stages)})
    window = Window.for_program(custom, date(2026, 1, 1))
    assert window.targets[0] == add_fractional_months(date(2026, 1, 1), 1.5) == date(2026, 2, 15)


def _window() -> Window:
    return Window.for_program(program(), date(2026, 1, 1))


def test_nothing_passed_is_on_track_on_the_first_stage_target_and_behind_the_day_after() -> None:
    window = _window()
    first = window.targets[0]
    assert standing(window, {}, first).status is Status.ON_TRACK
    assert standing(window, {}, first + timedelta(days=1)).status in (Status.BEHIND, Status.AT_RISK)
    late = standing(window, {}, first + timedelta(days=1))
    assert late.missed_targets == (1,)


def test_behind_when_a_target_passed_but_the_pace_still_reaches_the_deadline() -> None:
    window = _window()
    # stage 1 passed early (day 10); stage 2's target has just passed; pace projects well inside the window
    passed = {1: window.enrolled + timedelta(days=10)}
    today = window.targets[1] + timedelta(days=1)
    result = standing(window, passed, today)
    assert result.missed_targets == (2,)
    assert result.projected is not None and result.projected <= window.deadline
    assert result.status is Status.BEHIND


def test_at_risk_when_the_projection_is_after_the_deadline_even_with_no_target_missed() -> None:
    stages = list(program().stages)
    for number, month in zip(range(2, 8), (12, 13, 14, 15, 16, 18)):  # generous targets after stage 1
        stages[number - 1] = stages[number - 1].model_copy(update={"target_month": month})
    window = Window.for_program(program().model_copy(update={"stages": tuple(stages)}), date(2026, 1, 1))
    passed = {1: window.targets[0]}
    today = window.enrolled + timedelta(days=300)  # 150 days a stage at best: 1050 days for seven
    result = standing(window, passed, today)
    assert result.missed_targets == ()
    assert result.projected is not None and result.projected > window.deadline
    assert result.status is Status.AT_RISK


def test_at_risk_outranks_behind() -> None:
    window = _window()
    result = standing(window, {1: window.targets[0]}, window.targets[2] + timedelta(days=1))
    assert result.missed_targets == (2, 3)
    assert result.status is Status.AT_RISK


def test_on_track_when_every_target_so_far_is_met_at_a_good_pace() -> None:
    window = _window()
    passed = {1: window.enrolled + timedelta(days=20), 2: window.enrolled + timedelta(days=40)}
    result = standing(window, passed, window.enrolled + timedelta(days=45))
    assert result.status is Status.ON_TRACK
    assert result.current_stage == 3 and result.passed == 2


def test_overdue_starts_the_day_after_the_deadline() -> None:
    window = _window()
    passed = {k: window.enrolled + timedelta(days=10 * k) for k in range(1, 7)}
    assert standing(window, passed, window.deadline).status is not Status.OVERDUE
    after = standing(window, passed, window.deadline + timedelta(days=1))
    assert after.status is Status.OVERDUE and after.days_remaining == -1


def test_completed_on_the_day_of_the_last_pass_even_after_the_deadline() -> None:
    window = _window()
    passed = {k: window.enrolled + timedelta(days=30 * k) for k in range(1, 8)}
    last = passed[7]
    assert standing(window, passed, last - timedelta(days=1)).status is not Status.COMPLETED
    done = standing(window, passed, last)
    assert done.status is Status.COMPLETED and done.projected == last and done.current_stage is None
    assert standing(window, passed, window.deadline + timedelta(days=400)).status is Status.COMPLETED


def test_passes_after_the_as_of_date_do_not_count() -> None:
    window = _window()
    passed = {1: window.enrolled + timedelta(days=300)}
    assert standing(window, passed, window.enrolled + timedelta(days=100)).passed == 0


def test_projection_follows_the_trainees_own_pace() -> None:
    window = _window()
    # one stage every 30 days -> seven stages at day 210
    passed = {1: window.enrolled + timedelta(days=30), 2: window.enrolled + timedelta(days=60),
              3: window.enrolled + timedelta(days=90)}
    [projected] = project([window], [passed], window.enrolled + timedelta(days=95))
    assert projected == window.enrolled + timedelta(days=210)


def test_projection_slows_down_while_the_next_stage_is_waiting() -> None:
    window = _window()
    passed = {1: window.enrolled + timedelta(days=10)}
    soon, later = (project([window], [passed], window.enrolled + timedelta(days=d))[0] for d in (15, 200))
    assert soon is not None and later is not None
    assert later > soon
    assert later == window.enrolled + timedelta(days=round(200 / 2 * 7))


def test_no_projection_without_a_single_pass() -> None:
    assert project([_window()], [{}], date(2026, 3, 1)) == [None]


def test_with_no_pass_once_the_first_target_is_gone_the_waiting_pace_projects_and_flags_the_risk() -> None:
    window = _window()
    today = window.targets[0] + timedelta(days=30)
    waited = (today - window.enrolled).days  # stage 1 alone has taken longer than this
    assert project([window], [{}], today) == [window.enrolled + timedelta(days=7 * waited)]
    late = standing(window, {}, today)
    assert late.status is Status.AT_RISK and late.projected is not None and late.projected > window.deadline


def test_days_remaining_counts_down_to_the_deadline() -> None:
    window = _window()
    assert window.days_remaining(window.deadline) == 0
    assert window.days_remaining(window.deadline - timedelta(days=30)) == 30


def test_at_risk_starts_the_day_the_projection_passes_the_deadline() -> None:
    window = _window()  # enrolled 2026-01-01, deadline day 546
    passed = {1: window.enrolled + timedelta(days=10)}
    # waiting for stage 2 since day 10: pace = elapsed / 2 days a stage, seven stages = 3.5 * elapsed
    on_the_line = standing(window, passed, window.enrolled + timedelta(days=156))
    assert on_the_line.projected == window.deadline
    assert on_the_line.status is Status.BEHIND  # stage 2's target (day 155) has just passed
    over = standing(window, passed, window.enrolled + timedelta(days=157))
    assert over.projected is not None and over.projected > window.deadline
    assert over.status is Status.AT_RISK


@settings(max_examples=300, deadline=None)
@given(start=st.dates(min_value=date(1990, 1, 1), max_value=date(2200, 12, 31)), months=st.integers(0, 120))
def test_adding_months_lands_in_the_right_month_on_the_same_day_or_its_last(start: date, months: int) -> None:
    moved = add_months(start, months)
    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months
    last = calendar.monthrange(moved.year, moved.month)[1]
    assert moved.day == min(start.day, last)


@settings(max_examples=100, deadline=None)
@given(enrolled=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_stage_targets_always_rise_to_the_deadline(enrolled: date) -> None:
    window = Window.for_program(program(), enrolled)
    assert enrolled < window.targets[0] and list(window.targets) == sorted(set(window.targets))
    assert window.targets[-1] == window.deadline
