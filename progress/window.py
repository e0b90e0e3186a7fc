"""The 18-month window: deadlines, stage target dates, statuses as of a date, projected completion."""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

import numpy as np

from game.content.model import Program

STAGES = 7


class Status(str, Enum):
    """Where a trainee stands as of a date, most settled first, then by how worrying it is."""

    COMPLETED = "completed"
    OVERDUE = "overdue"  # the deadline has passed and not every stage is passed
    AT_RISK = "at_risk"  # at their own pace so far, they would finish after the deadline
    BEHIND = "behind"  # a stage's target date has passed without that stage passed
    ON_TRACK = "on_track"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


def add_months(start: date, months: int) -> date:
    """`start` plus whole calendar months; a day the month lacks clamps to its last day (31 Aug + 6 → 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_fractional_months(start: date, months: float) -> date:
    """`start` plus a possibly fractional number of months: whole months, then that share of the next one."""
    whole = math.floor(months)
    base = add_months(start, whole)
    share = months - whole
    if share == 0:
        return base
    following = add_months(start, whole + 1)
    return base + timedelta(days=math.floor((following - base).days * share))


@dataclass(frozen=True)
class Window:
    """One trainee's window: enrolment, deadline and a target date per stage."""

    enrolled: date
    deadline: date
    targets: tuple[date, ...]  # targets[k - 1] is when stage k should be passed

    @classmethod
    def for_program(cls, program: Program, enrolled: date) -> Window:
        """The deadline is `window_months` calendar months after enrolment; stage targets come from
        `target_month` in program.yaml, else the stages are paced evenly over the window."""
        months = program.window_months
        count = len(program.stages)
        targets = tuple(
            add_fractional_months(enrolled, stage.target_month if stage.target_month is not None
                                  else months * stage.number / count)
            for stage in program.stages
        )
        return cls(enrolled, add_months(enrolled, months), targets)

    def days_remaining(self, today: date) -> int:
        """Days from `today` to the deadline; negative once it has passed."""
        return (self.deadline - today).days


@dataclass(frozen=True)
class Standing:
    """A trainee's standing as of a date."""

    status: Status
    passed: int
    current_stage: int | None  # the next stage to pass; None when all are passed
    projected: date | None  # projected completion (the completion date once completed)
    days_remaining: int
    missed_targets: tuple[int, ...]  # stages whose target date passed without a pass


def standing(window: Window, passed: dict[int, date], today: date, stages: int = STAGES) -> Standing:
    """Status, projection and days remaining as of `today`, counting only passes on or before it."""
    return standings([window], [passed], today, stages)[0]


def standings(windows: Sequence[Window], passes: Sequence[dict[int, date]], today: date,
              stages: int = STAGES) -> list[Standing]:
    """`standing` for many trainees at once; the projections are computed together (NumPy)."""
    counted = [{k: d for k, d in p.items() if d <= today} for p in passes]
    projected = project(windows, counted, today, stages)
    out = []
    for window, done, projection in zip(windows, counted, projected):
        complete = all(k in done for k in range(1, stages + 1))
        missed = tuple(k for k in range(1, stages + 1) if window.targets[k - 1] < today and k not in done)
        if complete:
            status = Status.COMPLETED
        elif today > window.deadline:
            status = Status.OVERDUE
        elif projection is not None and projection > window.deadline:
            status = Status.AT_RISK
        elif missed:
            status = Status.BEHIND
        else:
            status = Status.ON_TRACK
        current = next((k for k in range(1, stages + 1) if k not in done), None)
        out.append(Standing(status, len(done), current, projection, window.days_remaining(today), missed))
    return out


def project(windows: Sequence[Window], passes: Sequence[dict[int, date]], today: date,
            stages: int = STAGES) -> list[date | None]:
    """Projected completion date per trainee, from their own pace so far.

    Pace is days per stage: the least-squares line through the origin (enrolment) and each pass
    (stage k passed on day d_k), but never faster than the time already spent waiting for the next
    stage allows (stage p+1 cannot come before today). A trainee with no pass yet has no pace of their own
    until stage 1's target date has gone by (None); after it, only that waiting bound: stage 1 alone has
    taken longer than the days spent so far, so the whole program takes at least `stages` times as long.
    A completed trainee's projection is their completion date.
    """
    n = len(windows)
    if n == 0:
        return []
    days = np.zeros((n, stages))
    done = np.zeros((n, stages), dtype=bool)
    for i, (window, passed) in enumerate(zip(windows, passes)):
        for k, when in passed.items():
            if 1 <= k <= stages:
                days[i, k - 1] = (when - window.enrolled).days
                done[i, k - 1] = True
    k = np.arange(1, stages + 1, dtype=float)
    count = done.sum(axis=1)
    elapsed = np.array([(today - w.enrolled).days for w in windows], dtype=float)
    sum_kd = (days * k * done).sum(axis=1)
    sum_kk = ((k * k) * done).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        fitted = np.where(sum_kk > 0, sum_kd / sum_kk, 0.0)
        waiting = elapsed / (count + 1)
    pace = np.maximum(fitted, waiting)
    finish = np.rint(pace * stages)
    last = np.where(done, days, -1).max(axis=1)
    out: list[date | None] = []
    for i, window in enumerate(windows):
        if count[i] == stages:
            out.append(window.enrolled + timedelta(days=int(last[i])))
        elif count[i] == 0 and today <= window.targets[0]:
            out.append(None)
        else:
            out.append(max(window.enrolled + timedelta(days=int(finish[i])), today))
    return out
