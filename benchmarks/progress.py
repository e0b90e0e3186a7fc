"""Progress benchmark: reports over 10,000 trainees and ~200,000 attempts, against a bare SQL read; move saves.

Run: python benchmarks/progress.py [--trainees N] [--attempts-per-trainee K]
Prints ratios measured in this run; it never fails anything.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.content.loader import Curriculum  # noqa: E402
from game.engine.meeting import Meeting, Playbook  # noqa: E402
from game.engine.scoring import debrief  # noqa: E402
from progress import report as reports  # noqa: E402
from progress.store import Store, Trainee, _result_columns, _skill_columns, _stamp  # noqa: E402

SCENARIOS = ROOT / "tests" / "fixtures" / "seven"
TODAY = date(2026, 11, 30)
MOVE_PATHS = (["warm", "listen", "ask-meeting"], ["push", "insult"], ["warm", "probe", "ask-meeting"],
              ["warm", "budget", "leave"], ["push", "listen", "ask-meeting"])


def _pool(curriculum: Curriculum) -> list[tuple[int, str, list[str], tuple]]:
    """Real meetings for each stage, played once through the engine; the cohort reuses their results."""
    program = curriculum.program
    pool = []
    for stage in range(1, 8):
        playbook = Playbook(program, curriculum.scenario("seven", stage))
        for seed in range(3):
            for moves in MOVE_PATHS:
                meeting = Meeting.replay(playbook, seed, moves)
                result = debrief(meeting)
                pool.append((stage, playbook.content_hash, moves, _result_columns(result) + _skill_columns(result)))
    return pool


def build(store: Store, curriculum: Curriculum, trainees: int, per_trainee: int, seed: int = 0) -> int:
    """A cohort written straight into the tables (the engine's results, reused), in a few big transactions."""
    rng = np.random.default_rng(seed)
    program = curriculum.program
    pool = _pool(curriculum)
    by_stage: dict[int, list] = {}
    for item in pool:
        by_stage.setdefault(item[0], []).append(item)
    for stage in range(1, 8):
        playbook = Playbook(program, curriculum.scenario("seven", stage))
        with store._write() as db:
            store._snapshot(db, playbook, program)
    attempt_id = 0
    teams = [f"Team {i}" for i in range(12)]
    for start in range(0, trainees, 1000):
        people, attempts, moves = [], [], []
        for index in range(start, min(start + 1000, trainees)):
            enrolled = TODAY - timedelta(days=int(rng.integers(0, 800)))
            tid = f"t{index:05d}"
            team = teams[index % len(teams)]
            people.append((tid, f"Trainee {index}", team, f"Manager {index % 12}", "finance", enrolled.isoformat()))
            moment = datetime.combine(enrolled, datetime.min.time(), tzinfo=timezone.utc)
            stage = 1
            for _ in range(int(rng.poisson(per_trainee))):
                moment += timedelta(days=float(rng.uniform(1, 12)))
                if moment.date() > TODAY:
                    break
                options = by_stage[stage]
                _, content_hash, path, result = options[int(rng.integers(len(options)))]
                attempt_id += 1
                attempts.append((attempt_id, tid, "seven", stage, content_hash, 1, _stamp(moment),
                                 _stamp(moment + timedelta(minutes=12)), *result))
                moves += [(attempt_id, n, move, _stamp(moment)) for n, move in enumerate(path, 1)]
                if result[0] == "passed":
                    stage = min(stage + 1, 7)
        with store._write() as db:
            db.executemany("INSERT INTO trainees VALUES (?, ?, ?, ?, ?, ?)", people)
            db.executemany(f"INSERT INTO attempts VALUES ({', '.join('?' * len(attempts[0]))})", attempts)
            db.executemany("INSERT INTO moves VALUES (?, ?, ?, ?)", moves)
    return attempt_id


def best_of(runs: int, work) -> float:
    """The fastest of a few runs: the least disturbed by the other work on a shared machine."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=10_000)
    parser.add_argument("--attempts-per-trainee", type=int, default=22)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    curriculum = Curriculum(SCENARIOS)
    program = curriculum.program
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.db")
        began = time.perf_counter()
        attempts = build(store, curriculum, args.trainees, args.attempts_per_trainee)
        print(f"cohort: {args.trainees:,} trainees, {attempts:,} attempts "
              f"(written in {time.perf_counter() - began:.1f} s)")

        bare_sql = ("SELECT t.id, t.name, t.team, t.manager, t.vertical, t.enrolled, a.stage, a.outcome, "
                    "a.started, a.finished, a.satisfaction, a.skills FROM trainees t "
                    "LEFT JOIN attempts a ON a.trainee = t.id")
        bare = best_of(args.runs, lambda: store.db.execute(bare_sql).fetchall())
        as_json = best_of(args.runs, lambda: reports.render_json(reports.build(store, program, TODAY)))
        as_html = best_of(args.runs, lambda: reports.render(reports.build(store, program, TODAY), "html"))
        print(f"bare SQL read of the same rows:  {bare * 1000:8.1f} ms")
        print(f"JSON report:                     {as_json * 1000:8.1f} ms   {as_json / bare:5.2f}x the bare read "
              f"(target <= 3x, under 2 s)")
        print(f"HTML report:                     {as_html * 1000:8.1f} ms   {as_html / bare:5.2f}x the bare read")

        # saving one move, each its own transaction, as live play does: on the full database
        playbook = Playbook(program, curriculum.scenario("seven", 1))
        store.enrol(Trainee("bench", "Bench", "B", "M", "finance", TODAY))
        samples = []
        for round_ in range(400):
            attempt = store.start_attempt("bench", "seven", playbook, program, round_)
            for number, move in enumerate(MOVE_PATHS[0], 1):
                began = time.perf_counter()
                store.save_move(attempt, number, move)
                samples.append(time.perf_counter() - began)
        ms = np.array(samples) * 1000
        print(f"save one move ({len(samples):,} saves): p50 {np.percentile(ms, 50):.2f} ms, "
              f"p99 {np.percentile(ms, 99):.2f} ms, max {ms.max():.2f} ms (target p99 < 5 ms)")
        print(json.dumps({"bare_ms": round(bare * 1000, 1), "json_ms": round(as_json * 1000, 1),
                          "json_ratio": round(as_json / bare, 2), "html_ms": round(as_html * 1000, 1),
                          "move_p99_ms": round(float(np.percentile(ms, 99)), 2)}))
        store.close()


if __name__ == "__main__":
    main()
