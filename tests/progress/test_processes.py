"""Real processes: a meeting killed mid-way resumes to the same debrief; eight writers lose nothing."""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
from pathlib import Path

from progress.store import Store
from tests.progress.helpers import PASSING, SEVEN, trainee

ROOT = Path(__file__).resolve().parents[2]
PROMPT = b"Your reply"
PATIENCE = 120  # seconds a step may take on a loaded machine before the test gives up (not a timing check)


def _cli(*args: str, db: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "--scenarios", str(SEVEN), "--db", str(db), *args],
                          cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=PATIENCE)


def _read_until(process: subprocess.Popen[bytes], prompts: int, seen: bytearray) -> None:
    """Read the child's output until it has shown `prompts` prompts in all (it is then waiting for input)."""
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    while seen.count(PROMPT) < prompts:
        if not selector.select(timeout=PATIENCE):
            raise AssertionError(f"no prompt within {PATIENCE}s; output so far: {bytes(seen)!r}")
        chunk = os.read(process.stdout.fileno(), 65536)
        if not chunk:
            raise AssertionError(f"the game exited early: {bytes(seen)!r}")
        seen += chunk


def _debrief(stdout: str) -> dict:
    last = json.loads(stdout.strip().splitlines()[-1])
    assert last["kind"] == "debrief"
    return last


def test_a_meeting_killed_mid_way_resumes_to_the_same_debrief_as_an_uninterrupted_one(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    with Store.open(db) as store:
        store.enrol(trainee("ana"))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "main.py", "--scenarios", str(SEVEN), "--db", str(db),
         "play", "--text", "--trainee", "ana", "--pack", "seven", "--seed", "7"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    seen = bytearray()
    try:
        _read_until(process, 1, seen)
        for number, move in enumerate(PASSING[:2], 2):
            assert process.stdin is not None
            process.stdin.write(f"{move}\n".encode())
            process.stdin.flush()
            _read_until(process, number, seen)  # the move's result is on screen: it must be saved
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=PATIENCE)
    assert process.returncode == -signal.SIGKILL

    with Store.open(db) as store:
        [attempt] = store.attempts("ana")
        assert attempt.unfinished and store.moves(attempt.id) == PASSING[:2]

    resumed = _cli("play", "--text", "--trainee", "ana", "--resume", "--json", "--moves", PASSING[2], db=db)
    assert resumed.returncode == 0, resumed.stderr
    straight = _cli("play", "--text", "--pack", "seven", "--seed", "7", "--json", "--moves", ",".join(PASSING),
                    db=db)
    assert straight.returncode == 0, straight.stderr
    assert _debrief(resumed.stdout) == _debrief(straight.stdout)
    # the resumed run shows the whole meeting again, event for event as if never interrupted
    assert resumed.stdout == straight.stdout

    with Store.open(db) as store:
        [attempt] = store.attempts("ana")
        assert attempt.passed and store.moves(attempt.id) == PASSING
        assert store.unfinished_attempt("ana") is None


WRITER = """
import sys
from datetime import date
from game.content.loader import Curriculum
from game.engine.meeting import Meeting, Playbook
from game.engine.scoring import debrief
from progress.store import Store, Trainee

db, name, count, scenarios = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
print("ready", flush=True)
sys.stdin.readline()  # everyone starts together, on a database nobody has created yet
curriculum = Curriculum(__import__("pathlib").Path(scenarios))
program = curriculum.program
playbook = Playbook(program, curriculum.scenario("seven", 1))
with Store.open(db) as store:
    store.enrol(Trainee(name, name, "T", "M", "finance", date(2026, 1, 1)))
    for seed in range(count):
        attempt = store.start_attempt(name, "seven", playbook, program, seed)
        meeting = Meeting.start(playbook, seed)
        for number, move in enumerate(["warm", "listen", "ask-meeting"], 1):
            meeting.choose(move)
            store.save_move(attempt, number, move)
        store.finish_attempt(attempt, debrief(meeting))
print("done", flush=True)
"""


def test_eight_processes_writing_to_one_database_lose_nothing_and_never_report_a_lock(tmp_path: Path) -> None:
    db, writers, each = tmp_path / "shared.db", 8, 15
    processes = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db), f"t{i}", str(each), str(SEVEN)], cwd=ROOT,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(writers)
    ]
    for process in processes:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    results = [process.communicate(timeout=PATIENCE * 2) for process in processes]
    for process, (out, err) in zip(processes, results):
        assert process.returncode == 0, err
        assert "locked" not in err.lower() and out.strip().endswith("done")
    with Store.open(db) as store:
        assert len(store.trainees()) == writers
        attempts = store.attempts()
        assert len(attempts) == writers * each
        assert all(a.passed for a in attempts)
        assert store.db.execute("SELECT count(*) FROM moves").fetchone()[0] == writers * each * 3
        for i in range(writers):
            assert set(store.passed_stages(f"t{i}")) == {1}
