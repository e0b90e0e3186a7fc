"""Engine benchmark: a meeting turn against a bare `transitions` trigger, loading against bare YAML parsing.

Prints ratios measured in the same run; never part of the tests' pass/fail.
Run: python benchmarks/engine.py [--scenarios DIR]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import yaml
from transitions import Machine

from game.content.loader import Curriculum, load_model, load_scenario_file, scenarios_root
from game.content.model import Pack, Program
from game.engine.meeting import Playbook


def median_ns(action: Callable[[], object], repeat: int, batch: int = 1) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        for _ in range(batch):
            action()
        samples.append((time.perf_counter_ns() - start) / batch)
    return statistics.median(samples)


def bare_trigger_ns() -> float:
    """One trigger of a two-state Machine with no conditions: the floor of what transitions costs."""

    class Model:
        pass

    model = Model()
    Machine(model=model, states=["a", "b"], initial="a", auto_transitions=False,
            transitions=[{"trigger": "flip", "source": "a", "dest": "b"},
                         {"trigger": "flip", "source": "b", "dest": "a"}])
    return median_ns(model.flip, repeat=300, batch=200)  # type: ignore[attr-defined]


def turn_ns(playbooks: list[Playbook], turns: int = 3000) -> float:
    """The median time of one `choose()` over random legal moves on every stage given."""
    rng = np.random.default_rng(0)
    samples: list[int] = []
    while len(samples) < turns:
        for book in playbooks:
            meeting = book.meeting(int(rng.integers(2**31)))
            while not meeting.ended:
                offered = meeting.choices()
                move = offered[int(rng.integers(len(offered)))].id
                start = time.perf_counter_ns()
                meeting.choose(move)
                samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples)


def scenario_files(root: Path) -> list[Path]:
    return sorted([root / "program.yaml", *root.glob("*/pack.yaml"), *root.glob("*/stage-*.yaml")])


def load_all(root: Path) -> None:
    load_model(root / "program.yaml", Program)
    for path in root.glob("*/pack.yaml"):
        load_model(path, Pack)
    for path in root.glob("*/stage-*.yaml"):
        load_scenario_file(path)


def bare_yaml(files: list[Path]) -> None:
    for path in files:
        with path.open("rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenarios", help="scenario root (default: the shipped scenarios/)")
    root = scenarios_root(parser.parse_args().scenarios)
    curriculum = Curriculum(root)
    playbooks = [Playbook(curriculum.program, curriculum.scenario(pack, n))
                 for pack in curriculum.pack_ids() for n in curriculum.stage_numbers(pack)]
    files = scenario_files(root)
    print(f"scenario root: {len(playbooks)} stage(s), {len(files)} file(s), "
          f"{sum(p.stat().st_size for p in files) / 1000:.0f} kB")

    trigger = bare_trigger_ns()
    turn = turn_ns(playbooks)
    print(f"one meeting turn (median):      {turn / 1000:8.1f} µs")
    print(f"one bare transitions trigger:   {trigger / 1000:8.1f} µs")
    print(f"  turn / trigger = {turn / trigger:.2f}x   (target <= 5x)")

    ours = median_ns(lambda: load_all(root), repeat=15)
    bare = median_ns(lambda: bare_yaml(files), repeat=15)
    print(f"load + validate all files:      {ours / 1e6:8.1f} ms")
    print(f"bare yaml.load(CSafeLoader):    {bare / 1e6:8.1f} ms")
    print(f"  load+validate / bare load = {ours / bare:.2f}x   (target <= 2.5x)")


if __name__ == "__main__":
    main()
