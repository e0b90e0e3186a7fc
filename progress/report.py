"""Manager reports: one row per trainee against the window, a summary, follow-ups; table, CSV, JSON, HTML."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from game.content.model import Program, Skill
from progress.store import Note, Store
from progress.window import STAGES, Status, Window, standings

SKILLS = tuple(s.value for s in Skill)


@dataclass(frozen=True)
class Row:
    """One trainee as the manager sees them."""

    id: str
    name: str
    team: str
    manager: str
    vertical: str
    enrolled: date
    deadline: date
    passed: int
    current_stage: int | None
    last_activity: date | None
    status: str
    projected: date | None
    days_remaining: int
    mean_satisfaction: float | None
    weakest_skill: str | None
    open_notes: int
    attempts: int
    skills: dict[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class FollowUp:
    """A coaching note whose follow-up date has come: did the skill improve in the attempts since?"""

    note: int
    trainee: str
    name: str
    attempt: int
    skill: str
    by: str
    text: str
    follow_up: date
    before: float | None  # the skill on the attempt the note was about (else the trainee's mean before)
    after: float | None  # mean of the skill over the trainee's attempts since the note
    improved: bool | None  # None: no attempt since that exercised the skill


@dataclass(frozen=True)
class TeamSummary:
    trainees: int
    completed: int
    statuses: dict[str, int]
    mean_satisfaction: float | None
    skills: dict[str, float | None]


@dataclass(frozen=True)
class Summary:
    trainees: int
    completion_rate: float
    statuses: dict[str, int]
    funnel: list[int]  # funnel[k - 1]: trainees who have passed stage k
    teams: dict[str, TeamSummary]


@dataclass(frozen=True)
class Report:
    as_of: date
    filters: dict[str, str]
    rows: list[Row]
    summary: Summary
    follow_ups: list[FollowUp]

    def as_dict(self) -> dict[str, Any]:
        # by hand, not dataclasses.asdict: its deep copies dominate the time of a 10,000-row report
        return {
            "as_of": self.as_of.isoformat(),
            "filters": dict(self.filters),
            "rows": [_row_dict(row) for row in self.rows],
            "summary": _plain({**self.summary.__dict__,
                               "teams": {k: dict(v.__dict__) for k, v in self.summary.teams.items()}}),
            "follow_ups": [_plain(dict(f.__dict__)) for f in self.follow_ups],
        }


def _row_dict(row: Row) -> dict[str, Any]:
    out = dict(row.__dict__)
    for name in ("enrolled", "deadline", "last_activity", "projected"):
        if out[name] is not None:
            out[name] = out[name].isoformat()
    if row.mean_satisfaction is not None:
        out["mean_satisfaction"] = round(row.mean_satisfaction, 1)
    out["skills"] = {k: (None if v is None else round(v, 1)) for k, v in row.skills.items()}
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 1)
    return value


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def build(store: Store, program: Program, today: date, *, team: str | None = None, manager: str | None = None,
          status: str | None = None) -> Report:
    """The report as of `today`. The summary covers the team/manager selection; `status` only filters rows."""
    records = store.report_rows(team=team, manager=manager, as_of=today)
    by_date: dict[date, Window] = {}  # a cohort shares enrolment dates; month arithmetic once per date
    windows = [by_date.get(r.trainee.enrolled) or by_date.setdefault(r.trainee.enrolled,
                                                                      Window.for_program(program, r.trainee.enrolled))
               for r in records]
    stands = standings(windows, [r.passed for r in records], today, len(program.stages))
    notes = [n for n in _notes_in_scope(store, {r.trainee.id for r in records}) if n.created.date() <= today]
    checks = _check_notes(store, notes, today)
    open_notes: dict[str, int] = {}
    for note in notes:
        if checks[note.id][2] is not True:
            open_notes[note.trainee] = open_notes.get(note.trainee, 0) + 1

    rows = []
    for record, window, stand in zip(records, windows, stands):
        known = {s: v for s, v in record.skills.items() if v is not None}
        t = record.trainee
        rows.append(Row(
            t.id, t.name, t.team, t.manager, t.vertical, t.enrolled, window.deadline, stand.passed,
            stand.current_stage, record.last_activity.date() if record.last_activity else None,
            stand.status.value, stand.projected, stand.days_remaining, record.mean_satisfaction,
            min(known, key=lambda s: (known[s], s)) if known else None, open_notes.get(t.id, 0),
            record.attempts, record.skills))

    names = {r.id: r.name for r in rows}
    follow_ups = [
        FollowUp(n.id, n.trainee, names.get(n.trainee, n.trainee), n.attempt, n.skill, n.by, n.text, n.follow_up,
                 *checks[n.id])
        for n in notes if n.follow_up is not None and n.follow_up <= today
    ]
    filters = {k: v for k, v in (("team", team), ("manager", manager), ("status", status)) if v}
    summary = summarise(rows)
    shown = [r for r in rows if status is None or r.status == status]
    return Report(today, filters, shown, summary, follow_ups)


def summarise(rows: list[Row]) -> Summary:
    statuses = {s.value: 0 for s in Status}
    funnel = [0] * STAGES
    by_team: dict[str, list[Row]] = {}
    for row in rows:
        statuses[row.status] += 1
        for k in range(min(row.passed, STAGES)):
            funnel[k] += 1
        by_team.setdefault(row.team, []).append(row)
    teams = {}
    for name in sorted(by_team):
        members = by_team[name]
        team_statuses = {s.value: sum(r.status == s.value for r in members) for s in Status}
        teams[name] = TeamSummary(
            len(members), team_statuses[Status.COMPLETED.value], team_statuses,
            _mean([r.mean_satisfaction for r in members if r.mean_satisfaction is not None]),
            {s: _mean([v for r in members if (v := r.skills.get(s)) is not None]) for s in SKILLS})
    completed = statuses[Status.COMPLETED.value]
    return Summary(len(rows), completed / len(rows) if rows else 0.0, statuses, funnel, teams)


def _notes_in_scope(store: Store, trainees: set[str]) -> list[Note]:
    return [n for n in store.notes() if n.trainee in trainees]


def _check_notes(store: Store, notes: list[Note], today: date) -> dict[int, tuple[float | None, float | None, bool | None]]:
    """Per note: the skill before, its mean in the attempts finished after the note (up to today), improved?"""
    out: dict[int, tuple[float | None, float | None, bool | None]] = {}
    attempts: dict[str, list[Any]] = {}
    for note in notes:
        if note.trainee not in attempts:
            attempts[note.trainee] = [a for a in store.attempts(note.trainee) if a.finished is not None]
        mine = attempts[note.trainee]
        noted = next((a for a in mine if a.id == note.attempt), None)
        before = noted.skills.get(note.skill) if noted else None
        if before is None:
            before = _mean([v for a in mine if a.finished and a.finished < note.created
                            and (v := a.skills.get(note.skill)) is not None])
        after = _mean([v for a in mine if a.finished and a.finished > note.created and a.finished.date() <= today
                       and (v := a.skills.get(note.skill)) is not None])
        improved = None if before is None or after is None else after > before
        out[note.id] = (before, after, improved)
    return out


# -- renderers ------------------------------------------------------------------------------------

COLUMNS = ("id", "name", "team", "vertical", "enrolled", "deadline", "passed", "current_stage", "last_activity",
           "status", "projected", "mean_satisfaction", "weakest_skill", "open_notes")
HEADINGS = ("Id", "Name", "Team", "Vertical", "Enrolled", "Deadline", "Passed", "Current", "Last activity",
            "Status", "Projected", "Mean sat.", "Weakest skill", "Open notes")


def _cell(row: Row, column: str) -> str:
    value = getattr(row, column)
    if column == "passed":
        return f"{value}/{STAGES}"
    if column == "status":
        return Status(value).label
    if column == "current_stage":
        return "done" if value is None else str(value)
    if column == "weakest_skill":
        return "–" if value is None else value.replace("_", " ")
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.0f}"
    return str(value)


def _width(text: str) -> int:
    """Terminal columns: Korean and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _table(headings: list[str], cells: list[list[str]]) -> list[str]:
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(headings)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headings, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return lines


def render_table(report: Report) -> str:
    s = report.summary
    scope = ", ".join(f"{k} {v}" for k, v in report.filters.items())
    lines = [f"Starpath progress as of {report.as_of}" + (f" ({scope})" if scope else ""), ""]
    lines += _table(list(HEADINGS), [[_cell(r, c) for c in COLUMNS] for r in report.rows]) if report.rows \
        else ["(no trainees)"]
    lines += ["", f"Completion: {s.completion_rate:.0%} of {s.trainees} trainee(s)",
              "Status:     " + ", ".join(f"{Status(k).label} {v}" for k, v in s.statuses.items()),
              "Funnel:     " + ", ".join(f"stage {k} {n}" for k, n in enumerate(s.funnel, 1))]
    if s.teams:
        lines += ["", "Teams"]
        lines += _table(["Team", "Trainees", *(Status(k).label for k in s.statuses), "Mean sat."],
                        [[name, str(t.trainees), *(str(v) for v in t.statuses.values()),
                          "–" if t.mean_satisfaction is None else f"{t.mean_satisfaction:.0f}"]
                         for name, t in s.teams.items()])
    if report.follow_ups:
        lines += ["", "Coaching follow-ups due"]
        lines += _table(["Note", "Trainee", "Attempt", "Skill", "By", "Due", "Before", "After", "Improved"],
                        [[str(f.note), f.name, str(f.attempt), f.skill.replace("_", " "), f.by, str(f.follow_up),
                          _score(f.before), _score(f.after), _verdict(f.improved)] for f in report.follow_ups])
    return "\n".join(lines) + "\n"


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _verdict(improved: bool | None) -> str:
    return "no attempt since" if improved is None else ("yes" if improved else "no")


def _neutral(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (=, +, -, @, or a tab/CR before one) is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def render_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = (*COLUMNS, "manager", "days_remaining", "attempts")
    writer.writerow(columns)
    for row in report.rows:
        values = []
        for column in columns:
            value = getattr(row, column)
            if isinstance(value, float):
                value = round(value, 1)
            values.append("" if value is None else _neutral(value.isoformat() if isinstance(value, date) else value))
        writer.writerow(values)
    return buffer.getvalue()


def render_json(report: Report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False) + "\n"  # no indent: keeps the fast C encoder


def render(report: Report, fmt: str) -> str:
    """The report in one of: table, csv, json, html."""
    if fmt == "html":
        from progress.html import render_html

        return render_html(report)
    return {"table": render_table, "csv": render_csv, "json": render_json}[fmt](report)


def generated_at() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
