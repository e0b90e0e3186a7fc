"""The manager's and trainee's progress commands, end to end through main(): output, files, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest

from game.cli import build_parser, main
from tests.conftest import ROOT
from tests.progress.helpers import SEVEN

SCEN = ["--scenarios", str(SEVEN)]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str,
        stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main([*SCEN, *args])
    out, err = capsys.readouterr()
    return code, out, err


def enrol(capsys, monkeypatch, db: str, tid: str = "kim", name: str = "김민지", enrolled: str = "2026-01-31") -> None:
    code, out, err = run(capsys, monkeypatch, "--db", db, "trainee", "add", "--id", tid, "--name", name,
                         "--team", "Seoul", "--manager", "Park", "--vertical", "finance", "--enrolled", enrolled)
    assert code == 0, err


def test_enrolling_prints_the_deadline_clamped_to_the_month_end(capsys, monkeypatch, db) -> None:
    code, out, _ = run(capsys, monkeypatch, "--db", db, "trainee", "add", "--id", "kim", "--name", "김민지",
                       "--team", "Seoul", "--manager", "Park", "--vertical", "finance", "--enrolled", "2026-08-31")
    assert code == 0 and "deadline 2028-02-29" in out


def test_enrolling_twice_is_one_clear_line_and_exit_2(capsys, monkeypatch, db) -> None:
    enrol(capsys, monkeypatch, db)
    code, _, err = run(capsys, monkeypatch, "--db", db, "trainee", "add", "--id", "kim", "--name", "X",
                       "--team", "T", "--manager", "M", "--vertical", "finance", "--enrolled", "2026-01-01")
    assert code == 2 and err.strip() == "starpath: error: a trainee with id 'kim' is already enrolled"


def test_a_bad_date_is_rejected_by_the_parser(capsys, db) -> None:
    with pytest.raises(SystemExit) as stop:
        main([*SCEN, "--db", db, "report", "--today", "2026-02-30"])
    assert stop.value.code == 2 and "expected a date as YYYY-MM-DD" in capsys.readouterr().err


def test_trainee_list_and_show_as_of_a_date(capsys, monkeypatch, db) -> None:
    enrol(capsys, monkeypatch, db)
    code, out, _ = run(capsys, monkeypatch, "--db", db, "trainee", "list", "--today", "2026-03-01")
    assert code == 0 and "김민지" in out and "on track" in out
    code, out, _ = run(capsys, monkeypatch, "--db", db, "--today", "2027-08-01", "trainee", "show", "kim")
    assert code == 0 and "Status: overdue" in out and "deadline 2027-07-31" in out and "none yet" in out


def test_a_recorded_play_unlocks_the_next_stage_and_shows_in_the_trainee(capsys, monkeypatch, db) -> None:
    enrol(capsys, monkeypatch, db)
    code, _, err = run(capsys, monkeypatch, "--db", db, "play", "--text", "--trainee", "kim", "--pack", "seven",
                       "--stage", "2", "--moves", "1,1,1")
    assert code == 2 and err.strip() == "starpath: error: stage 2 is locked for kim: pass stage 1 (Prepare) first"
    code, out, _ = run(capsys, monkeypatch, "--db", db, "play", "--text", "--trainee", "kim", "--pack", "seven",
                       "--seed", "3", "--moves", "warm,listen,ask-meeting", "--today", "2026-02-10")
    assert code == 0 and "Debrief: PASSED" in out
    code, out, _ = run(capsys, monkeypatch, "--db", db, "trainee", "show", "kim", "--today", "2026-02-11")
    assert re.search(r"^1\s+Prepare\s+\S+\s+2026-02-10\s+1\s+82", out, re.MULTILINE)
    assert re.search(r"^1\s+2026-02-10 \d\d:\d\d\s+seven\s+1\s+passed\s+82", out, re.MULTILINE)


def test_an_unknown_trainee_cannot_play(capsys, monkeypatch, db) -> None:
    code, _, err = run(capsys, monkeypatch, "--db", db, "play", "--text", "--trainee", "nobody", "--pack", "seven")
    assert code == 2 and "no trainee 'nobody' is enrolled" in err and "Traceback" not in err


def test_quitting_leaves_the_attempt_resumable_and_resume_finishes_it(capsys, monkeypatch, db) -> None:
    enrol(capsys, monkeypatch, db)
    code, out, err = run(capsys, monkeypatch, "--db", db, "play", "--text", "--trainee", "kim", "--pack", "seven",
                         "--seed", "3", stdin="1\nq\n")
    assert code == 1 and "meeting paused after 1 move(s)" in err and "--resume" in err
    code, out, _ = run(capsys, monkeypatch, "--db", db, "play", "--text", "--trainee", "kim", "--resume",
                       stdin="listen\nask-meeting\n")
    assert code == 0 and "Debrief: PASSED" in out  # attempt 1, where it was left
    code, _, err = run(capsys, monkeypatch, "--db", db, "play", "--text", "--trainee", "kim", "--resume")
    assert code == 2 and err.strip() == "starpath: error: kim has no unfinished attempt to resume"


def test_starting_a_stage_over_abandons_the_paused_attempt_and_says_so(capsys, monkeypatch, db) -> None:
    enrol(capsys, monkeypatch, db)
    code, out, err = run(capsys, monkeypatch, "--db", db, "play", "--text", "--trainee", "kim", "--pack", "seven",
                         "--seed", "3", stdin="1\nq\n")
    assert code == 1 and "(attempt 1)" in err
    code, out, err = run(capsys, monkeypatch, "--db", db, "play", "--text", "--trainee", "kim", "--pack", "seven",
                         "--seed", "3", stdin="2\n")  # end of input: paused again, on a second attempt
    assert "Starting over: attempt 1, left after 1 move(s), stays in the record as abandoned." in out
    assert code == 1 and "paused after 1 move(s) (attempt 2)" in err
    code, out, _ = run(capsys, monkeypatch, "--db", db, "play", "--text", "--trainee", "kim", "--resume",
                       stdin="listen\nask-meeting\n")
    assert code == 0 and "Debrief: FAILED" in out  # attempt 2 began with the budget push
    code, out, _ = run(capsys, monkeypatch, "--db", db, "trainee", "show", "kim")
    assert "abandoned (started over)" in out
    code, _, err = run(capsys, monkeypatch, "--db", db, "play", "--text", "--trainee", "kim", "--resume")
    assert code == 2 and err.strip() == "starpath: error: kim has no unfinished attempt to resume"


def test_transcript_note_and_report_follow_up(capsys, monkeypatch, db, tmp_path) -> None:
    enrol(capsys, monkeypatch, db)
    run(capsys, monkeypatch, "--db", db, "play", "--text", "--trainee", "kim", "--pack", "seven", "--seed", "1",
        "--moves", "push,insult", "--today", "2026-02-01")
    code, out, _ = run(capsys, monkeypatch, "--db", db, "transcript", "1")
    assert code == 0
    assert "Turn 1 [2 min]  You: What's your budget?" in out
    assert "✗ refused (tier 3): Budget, trust −8" in out and "feedback: Too early." in out
    assert "Ms Test: I can't say.\n    ✗ refused (tier 3): Budget" in out  # what the client said, on the record
    assert "trust 30 → 17 (-13)" in out and "Ended: walked_out" in out
    code, out, _ = run(capsys, monkeypatch, "--db", db, "note", "1", "--by", "Park", "--skill", "discovery",
                       "--text", "Ask what it costs them first.", "--today", "2026-02-02")
    assert code == 0 and "follow up on 2026-03-02" in out
    code, out, _ = run(capsys, monkeypatch, "--db", db, "transcript", "1", "--lang", "ko")
    assert "예산이 얼마죠?" in out and "Ask what it costs them first." in out
    run(capsys, monkeypatch, "--db", db, "play", "--text", "--trainee", "kim", "--pack", "seven", "--seed", "1",
        "--moves", "warm,probe,ask-meeting", "--today", "2026-02-20")
    code, out, _ = run(capsys, monkeypatch, "--db", db, "report", "--today", "2026-03-02")
    assert "Coaching follow-ups due" in out and re.search(r"discovery\s+Park\s+2026-03-02\s+0\s+100\s+yes", out)


def test_report_formats_write_files(capsys, monkeypatch, db, tmp_path) -> None:
    enrol(capsys, monkeypatch, db)
    enrol(capsys, monkeypatch, db, "evil", "=cmd|' /C calc'!A0", "2024-01-01")
    for fmt in ("csv", "json", "html"):
        target = tmp_path / f"report.{fmt}"
        code, out, _ = run(capsys, monkeypatch, "--db", db, "report", "--format", fmt, "--out", str(target),
                           "--today", "2026-03-01")
        assert code == 0 and out.strip() == f"wrote {target}" and target.stat().st_size > 0
    rows = list(csv.DictReader((tmp_path / "report.csv").open(encoding="utf-8")))
    assert {r["name"] for r in rows} == {"김민지", "'=cmd|' /C calc'!A0"}
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert {r["status"] for r in data["rows"]} == {"on_track", "overdue"}
    code, out, _ = run(capsys, monkeypatch, "--db", db, "report", "--status", "overdue", "--format", "json",
                       "--today", "2026-03-01")
    assert [r["id"] for r in json.loads(out)["rows"]] == ["evil"]


def test_report_to_a_missing_folder_is_one_clear_line(capsys, monkeypatch, db, tmp_path) -> None:
    code, _, err = run(capsys, monkeypatch, "--db", db, "report", "--out", str(tmp_path / "no" / "r.txt"))
    assert code == 2 and "does not exist" in err and len(err.strip().splitlines()) == 1


def test_verify_exits_1_and_names_an_edited_attempt(capsys, monkeypatch, db) -> None:
    enrol(capsys, monkeypatch, db)
    run(capsys, monkeypatch, "--db", db, "play", "--text", "--trainee", "kim", "--pack", "seven", "--seed", "1",
        "--moves", "push,insult")
    code, out, _ = run(capsys, monkeypatch, "--db", db, "verify")
    assert code == 0 and "verified 1 attempt(s): 0 stored result(s) differ" in out
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE attempts SET satisfaction = 88")
    code, out, _ = run(capsys, monkeypatch, "--db", db, "verify")
    assert code == 1 and "attempt 1: differs: stored satisfaction 88, replay gives 0" in out


def test_export_xapi_and_demo_data(capsys, monkeypatch, db, tmp_path) -> None:
    code, out, _ = run(capsys, monkeypatch, "--db", db, "demo-data", "--trainees", "6", "--seed", "2",
                       "--today", "2026-11-30")
    assert code == 0 and out.startswith("added 6 trainee(s) with ")
    target = tmp_path / "statements.json"
    code, _, _ = run(capsys, monkeypatch, "--db", db, "export", "xapi", "--out", str(target))
    statements = json.loads(target.read_text(encoding="utf-8"))
    assert code == 0 and statements and all(s["verb"]["id"].startswith("http") for s in statements)
    code, out, _ = run(capsys, monkeypatch, "--db", db, "export", "xapi", "--since", "2099-01-01")
    assert json.loads(out) == []


def test_a_database_from_a_newer_starpath_is_one_line_and_exit_3(capsys, monkeypatch, db) -> None:
    enrol(capsys, monkeypatch, db)
    with sqlite3.connect(db) as raw:
        raw.execute("INSERT INTO migrations VALUES (99, 'future')")
    code, _, err = run(capsys, monkeypatch, "--db", db, "trainee", "list")
    assert code == 3 and "newer Starpath" in err and len(err.strip().splitlines()) == 1


def test_the_database_comes_from_starpath_db_when_no_db_is_given(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("STARPATH_DB", str(tmp_path / "env.db"))
    enrol(capsys, monkeypatch, str(tmp_path / "env.db"))
    code, out, _ = run(capsys, monkeypatch, "trainee", "list")
    assert code == 0 and "김민지" in out


PROGRESS_COMMANDS = ["trainee add", "trainee list", "trainee show", "transcript", "note", "verify", "report",
                     "export xapi", "demo-data"]


def test_every_progress_command_has_help_and_is_documented_in_the_readme() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in PROGRESS_COMMANDS:
        head, *rest = name.split()
        sub = commands[head]
        if rest:
            sub = next(a for a in sub._actions if a.choices and rest[0] in a.choices).choices[rest[0]]
        assert sub.description, name
        assert f"main.py {name}" in readme or re.search(rf"main\.py [^\n]*\b{name}\b", readme), name


def test_recorded_json_play_from_stdin_prints_only_json_lines(capsys, monkeypatch, db) -> None:
    enrol(capsys, monkeypatch, db)
    code, out, _ = run(capsys, monkeypatch, "--db", db, "play", "--text", "--json", "--trainee", "kim", "--pack",
                       "seven", "--seed", "2", stdin="1\n1\n1\n")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[-1]["kind"] == "debrief" and lines[-1]["passed"] is True
