"""The manager's and trainee's progress commands, one function each; the command line only parses and calls."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO

from game.content.findings import ContentError
from game.content.loader import Curriculum, NotFoundError
from game.content.model import Choice
from game.engine.events import (
    ChoiceMade,
    ClientLine,
    IntelLeaked,
    IntelRefused,
    MeetingEnded,
    PatienceChanged,
    StateChanged,
    TrustChanged,
)
from game.engine.meeting import IllegalMove, Meeting, Playbook
from game.engine.scoring import debrief
from progress import report as reports
from progress.session import clock
from progress.store import Attempt, Note, ProgressError, Store, Trainee
from progress.window import Window, add_months, standing


def _today(today: date | None) -> date:
    return today or datetime.now(timezone.utc).date()


def _write(text: str, out_path: str | None, out: IO[str]) -> None:
    """To the terminal, or atomically to a file (a half-written report never replaces a good one)."""
    if out_path is None:
        out.write(text)
        return
    target = Path(out_path)
    if target.parent and not target.parent.is_dir():
        raise ProgressError(f"cannot write {out_path}: folder {target.parent} does not exist")
    fd, temp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temp, 0o644)  # mkstemp makes it private; a report is meant to be shared
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise ProgressError(f"cannot write {out_path}: {exc.strerror}") from None
    out.write(f"wrote {out_path}\n")


# -- trainees -------------------------------------------------------------------------------------

def trainee_add(db: str | None, curriculum: Curriculum, *, id: str, name: str, team: str, manager: str, vertical: str, enrolled: date,
                out: IO[str]) -> int:
    """`trainee add`: enrol a trainee."""
    with Store.open(db) as store:
        store.enrol(Trainee(id.strip(), name.strip(), team.strip(), manager.strip(), vertical.strip(), enrolled))
    out.write(f"enrolled {id} ({name}), team {team}, manager {manager}, {vertical}, from {enrolled}; "
              f"deadline {add_months(enrolled, curriculum.program.window_months)}\n")
    return 0


def trainee_list(db: str | None, curriculum: Curriculum, *, team: str | None, manager: str | None,
                 today: date | None, out: IO[str]) -> int:
    """`trainee list`: every trainee with passes and status as of today."""
    as_of = _today(today)
    with Store.open(db) as store:
        result = reports.build(store, curriculum.program, as_of, team=team, manager=manager)
    if not result.rows:
        out.write("no trainees enrolled yet (add one with `trainee add`)\n")
        return 0
    cells = [[r.id, r.name, r.team, r.manager, r.vertical, str(r.enrolled), str(r.deadline), f"{r.passed}/7",
              reports.Status(r.status).label] for r in result.rows]
    out.write("\n".join(reports._table(["Id", "Name", "Team", "Manager", "Vertical", "Enrolled", "Deadline",
                                         "Passed", "Status"], cells)) + "\n")
    return 0


def trainee_show(db: str | None, curriculum: Curriculum, trainee_id: str, *, today: date | None,
                 out: IO[str]) -> int:
    """`trainee show ID`: the window, each stage's target and pass, every attempt, coaching notes."""
    as_of = _today(today)
    program = curriculum.program
    with Store.open(db) as store:
        trainee = store.trainee(trainee_id)
        attempts = [a for a in store.attempts(trainee_id) if a.started.date() <= as_of]
        passed = store.passed_stages(trainee_id)
        notes = store.notes(trainee_id)
    window = Window.for_program(program, trainee.enrolled)
    stand = standing(window, passed, as_of, len(program.stages))
    lines = [f"{trainee.name} ({trainee.id}) · team {trainee.team} · manager {trainee.manager} · {trainee.vertical}",
             f"Enrolled {trainee.enrolled} · deadline {window.deadline} · {stand.days_remaining} day(s) left "
             f"as of {as_of}",
             f"Status: {stand.status.label} · passed {stand.passed}/{len(program.stages)}"
             + (f" · projected completion {stand.projected}" if stand.projected else ""), ""]
    cells = []
    for stage in program.stages:
        mine = [a for a in attempts if a.stage == stage.number and not a.unfinished]
        best = max((a.satisfaction or 0 for a in mine), default=None)
        when = passed.get(stage.number)
        cells.append([str(stage.number), stage.name.get("en"), str(window.targets[stage.number - 1]),
                      str(when) if when and when <= as_of else "–", str(len(mine)),
                      "–" if best is None else str(best)])
    lines += reports._table(["Stage", "Name", "Target", "Passed on", "Attempts", "Best sat."], cells)
    lines += ["", "Attempts"]
    if attempts:
        lines += reports._table(
            ["#", "Started", "Pack", "Stage", "Result", "Satisfaction", "Ending"],
            [[str(a.id), a.started.strftime("%Y-%m-%d %H:%M"), a.pack, str(a.stage),
              a.outcome or ("abandoned (started over)" if a.abandoned else
                            "unfinished (play --text --trainee ID --resume)"),
              "–" if a.satisfaction is None else str(a.satisfaction), a.ending or "–"] for a in attempts])
    else:
        lines.append("  none yet")
    if notes:
        lines += ["", "Coaching notes"]
        for n in notes:
            due = f", follow up {n.follow_up}" if n.follow_up else ""
            lines.append(f"  #{n.id} on attempt {n.attempt} by {n.by} ({n.created.date()}{due}): "
                         f"{n.skill.replace('_', ' ')}: {n.text}")
    out.write("\n".join(lines) + "\n")
    return 0


# -- transcripts and coaching ---------------------------------------------------------------------

def transcript(db: str | None, attempt_id: int, *, lang: str, out: IO[str]) -> int:
    """`transcript ATTEMPT`: the conversation turn by turn with trust changes, leaks, refusals and feedback."""
    with Store.open(db) as store:
        attempt = store.attempt(attempt_id)
        trainee = store.trainee(attempt.trainee)
        meeting = store.replay(attempt)
        notes = store.notes(attempt_id=attempt_id)
    out.write("\n".join(transcript_lines(attempt, trainee, meeting, notes, lang)) + "\n")
    return 0


def transcript_lines(attempt: Attempt, trainee: Trainee, meeting: Meeting, notes: list[Note], lang: str) -> list[str]:
    """The conversation as lines: each turn, what it did to the client, and the authored feedback."""
    scenario = meeting.scenario
    client = scenario.persona.name.get(lang)
    result = attempt.outcome or ("abandoned (started over)" if attempt.abandoned else "unfinished")
    lines = [f"Attempt {attempt.id}: {trainee.name} ({trainee.id}) · {attempt.pack} stage {attempt.stage} "
             f"“{scenario.title.get(lang)}” · seed {attempt.seed}",
             f"Started {attempt.started:%Y-%m-%d %H:%M} UTC"
             + (f" · finished {attempt.finished:%Y-%m-%d %H:%M} UTC" if attempt.finished else "")
             + f" · {result}" + (f", satisfaction {attempt.satisfaction}" if attempt.satisfaction is not None else ""),
             f"Client: {client}, {scenario.persona.role.get(lang)} · {scenario.persona.company.get(lang)}",
             ""]
    turn_feedback = {t.number: t.choice for t in meeting.turns}
    current: int | None = None
    for event in meeting.events:
        if isinstance(event, ChoiceMade):
            if current is not None:
                lines += _feedback(turn_feedback[current], lang)
            current = event.turn
            lines += ["", f"Turn {event.turn} [{event.minutes_used} min]  You: {event.text.get(lang)}"]
        elif isinstance(event, ClientLine):
            lines.append(f"    {client}: {event.text.get(lang)}")
        elif isinstance(event, TrustChanged):
            lines.append(f"    trust {event.before} → {event.after} ({event.after - event.before:+d})")
        elif isinstance(event, PatienceChanged):
            lines.append(f"    patience {event.before} → {event.after}")
        elif isinstance(event, IntelLeaked):  # what the client said, then the notebook entry it made
            how = "volunteered" if event.volunteered else "leaked"
            lines.append(f"    {client}: {event.text.get(lang)}")
            lines.append(f"    ★ {how} (tier {event.tier}): {event.title.get(lang)}")
        elif isinstance(event, IntelRefused):
            lines.append(f"    {client}: {event.text.get(lang)}")
            lines.append(f"    ✗ refused (tier {event.tier}): {event.title.get(lang)}, trust −{event.penalty}")
        elif isinstance(event, StateChanged):
            lines.append(f"    mood: {event.before} → {event.after}")
        elif isinstance(event, MeetingEnded):
            if current is not None:
                lines += _feedback(turn_feedback[current], lang)
                current = None
            lines += ["", f"Ended: {event.ending} ({event.reason})"]
    if current is not None:
        lines += _feedback(turn_feedback[current], lang)
    if meeting.ended:
        result_now = debrief(meeting)
        lines.append(f"Debrief: {'passed' if result_now.passed else 'failed'}, satisfaction "
                     f"{result_now.satisfaction}; intel "
                     + ", ".join(f"tier {t} {got}/{of}" for t, (got, of) in result_now.intel.items()))
        lines.append("Skills: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in result_now.skills.items()
                                             if v is not None))
    else:
        lines += ["", f"(abandoned after {len(meeting.moves)} move(s): the trainee started this stage over)"
                  if attempt.abandoned else f"(unfinished after {len(meeting.moves)} move(s); the trainee can resume it)"]
    for note in notes:
        due = f", follow up {note.follow_up}" if note.follow_up else ""
        lines.append(f"Coaching note #{note.id} by {note.by} ({note.created.date()}{due}): "
                     f"{note.skill.replace('_', ' ')}: {note.text}")
    return lines


def _feedback(choice: Choice, lang: str) -> list[str]:
    lines = [f"    feedback: {choice.feedback.get(lang)}"]
    if choice.better is not None:
        lines.append(f"    better: {choice.better.get(lang)}")
    return lines


def note(db: str | None, attempt_id: int, *, by: str, skill: str, text: str, follow_up: date | None,
         today: date | None, out: IO[str]) -> int:
    """`note ATTEMPT`: record a coaching note; the follow-up defaults to one month later."""
    at = clock(today)()
    due = follow_up or add_months(at.date(), 1)
    with Store.open(db) as store:
        saved = store.add_note(attempt_id, by.strip(), skill, text.strip(), due, at)
    out.write(f"note #{saved.id} on attempt {attempt_id} ({saved.trainee}): {skill.replace('_', ' ')}; "
              f"follow up on {due}\n")
    return 0


# -- verify ---------------------------------------------------------------------------------------

def verify(db: str | None, curriculum: Curriculum, *, out: IO[str]) -> int:
    """`verify`: replay every attempt on its stored content; exit 1 if any stored result differs."""
    with Store.open(db) as store:
        findings = verify_store(store, curriculum)
        checked = len(store.attempts())
    differ = [f for f in findings if f[1] == "differs"]
    changed = [f for f in findings if f[1] == "content-changed"]
    for attempt_id, kind, message in findings:
        out.write(f"attempt {attempt_id}: {kind}: {message}\n")
    out.write(f"verified {checked} attempt(s): {len(differ)} stored result(s) differ from their replay, "
              f"{len(changed)} played on content that has changed since\n")
    return 1 if differ else 0


def verify_store(store: Store, curriculum: Curriculum) -> list[tuple[int, str, str]]:
    """(attempt, kind, message) for every attempt whose stored result is not what its moves earn
    (kind `differs`), and every attempt whose content has changed in the YAML since (`content-changed`)."""
    findings: list[tuple[int, str, str]] = []
    current: dict[tuple[str, int], str | None] = {}
    playbooks: dict[str, Playbook] = {}
    for attempt in store.attempts():
        key = (attempt.pack, attempt.stage)
        if key not in current:
            current[key] = _current_hash(curriculum, *key)
        if current[key] != attempt.content_hash:
            findings.append((attempt.id, "content-changed",
                             f"{attempt.pack} stage {attempt.stage} "
                             + ("no longer exists" if current[key] is None else "has been edited since it was played")
                             + " (the replay uses the content it was played on)"))
        try:
            if attempt.content_hash not in playbooks:
                playbooks[attempt.content_hash] = store.playbook(attempt)
            meeting = Meeting.replay(playbooks[attempt.content_hash], attempt.seed, store.moves(attempt.id))
        except IllegalMove as exc:
            findings.append((attempt.id, "differs", f"its stored moves do not replay ({exc})"))
            continue
        if attempt.unfinished:
            if meeting.ended:
                findings.append((attempt.id, "differs", "stored as unfinished but its moves end the meeting"))
            continue
        if not meeting.ended:
            findings.append((attempt.id, "differs", "stored as finished but its moves do not end the meeting"))
            continue
        replayed = debrief(meeting)
        stored = {"outcome": attempt.outcome, "ending": attempt.ending, "satisfaction": attempt.satisfaction,
                  "skills": attempt.skills, "intel known": attempt.intel.get("known")}
        earned = {"outcome": "passed" if replayed.passed else "failed", "ending": replayed.ending,
                  "satisfaction": replayed.satisfaction, "skills": replayed.skills,
                  "intel known": list(replayed.known)}
        for name in stored:
            if stored[name] != earned[name]:
                findings.append((attempt.id, "differs", f"stored {name} {stored[name]!r}, replay gives "
                                                        f"{earned[name]!r}"))
    return findings


def _current_hash(curriculum: Curriculum, pack: str, stage: int) -> str | None:
    try:
        return Playbook(curriculum.program, curriculum.scenario(pack, stage)).content_hash
    except (NotFoundError, ContentError):
        return None


# -- reports and exports --------------------------------------------------------------------------

def report(db: str | None, curriculum: Curriculum, *, team: str | None, manager: str | None, status: str | None,
           today: date | None, fmt: str, out_path: str | None, out: IO[str]) -> int:
    """`report`: the managers' report in table, csv, json or html."""
    with Store.open(db) as store:
        result = reports.build(store, curriculum.program, _today(today), team=team, manager=manager, status=status)
    _write(reports.render(result, fmt), out_path, out)
    return 0


def export_xapi(db: str | None, curriculum: Curriculum, *, since: date | None, out_path: str | None,
                out: IO[str]) -> int:
    """`export xapi`: xAPI 1.0.3 statements as one JSON array."""
    from progress import xapi

    with Store.open(db) as store:
        statements = xapi.statements(store, curriculum.program, since=since)
    _write(json.dumps(statements, ensure_ascii=False, indent=1) + "\n", out_path, out)
    return 0


def demo_data(db: str | None, curriculum: Curriculum, *, trainees: int, seed: int, today: date | None,
              out: IO[str], err: IO[str]) -> int:
    """`demo-data`: a synthetic cohort played through the real engine."""
    from progress import demo

    with Store.open(db) as store:
        made = demo.generate(store, curriculum, trainees=trainees, seed=seed, today=_today(today),
                             progress=demo.ProgressBar(err) if err.isatty() else None)
    out.write(f"added {made.trainees} trainee(s) with {made.attempts} attempt(s) "
              f"({made.passes} passes) on {', '.join(made.packs)}\n")
    return 0

