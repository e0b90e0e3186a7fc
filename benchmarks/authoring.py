"""Authoring benchmark: the playtest search and Monte Carlo per shipped stage, against one bare meeting replay.

Prints seconds and ratios measured in the same run; never part of the tests' pass/fail.
Targets: exhaustive search <= 2 s per stage; Monte Carlo >= 5,000 playthroughs per second.
Also shown: the search of every opening trust together (what validate's winnability check costs), and
the depth-first search the sweep replaced, on the stages where it takes under a minute (--depth-first).
Run: python benchmarks/authoring.py [--scenarios DIR] [--runs N] [--pack ID]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from game.content.loader import Curriculum, scenarios_root
from game.engine import explore
from game.engine.meeting import Meeting, Playbook


def median_s(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenarios", help="scenario root (default: the shipped scenarios/)")
    parser.add_argument("--runs", type=int, default=20_000, help="Monte Carlo playthroughs per stage")
    parser.add_argument("--pack", help="only this pack")
    parser.add_argument("--depth-first", action="store_true",
                        help="also time the depth-first search (slow: up to 40 s a stage)")
    args = parser.parse_args()
    curriculum = Curriculum(scenarios_root(args.scenarios))
    packs = [args.pack] if args.pack else curriculum.pack_ids()
    print(f"{'stage':<22}{'positions':>10}{'search s':>10}{'/replay':>10}{'openings s':>11}{'MC runs/s':>12}"
          f"{'/replay':>9}{'replay ms':>11}" + (f"{'depth-1st s':>12}{'/search':>9}" if args.depth_first else ""))
    worst_search, slowest_mc = 0.0, float("inf")
    for pack in packs:
        for number in curriculum.stage_numbers(pack):
            playbook = Playbook(curriculum.program, curriculum.scenario(pack, number))
            found = explore.search(playbook, seed=0)
            moves = list((found.best or found.best_any).moves)
            # the baseline: one meeting replayed through the real engine (events, machine and all)
            replay = median_s(lambda: Meeting.replay(playbook, 0, moves), repeat=30)
            search = median_s(lambda: explore.search(playbook, seed=0), repeat=3)
            openings = median_s(lambda: explore.winnable_openings(explore.Rulebook(playbook)), repeat=1)
            start = time.perf_counter()
            explore.monte_carlo(playbook, args.runs, seed=0)  # a cold graph: exploring is part of the cost
            per_second = args.runs / (time.perf_counter() - start)
            worst_search, slowest_mc = max(worst_search, search), min(slowest_mc, per_second)
            line = (f"{pack + '/' + str(number):<22}{found.positions:>10,}{search:>10.2f}{search / replay:>9.0f}x"
                    f"{openings:>11.2f}{per_second:>12,.0f}{per_second * replay:>8.1f}x{replay * 1000:>11.2f}")
            if args.depth_first:
                rulebook = explore.Rulebook(playbook)
                slow = median_s(lambda: explore.search(playbook, seed=0, graph=explore.StateGraph(rulebook)), 1)
                line += f"{slow:>12.2f}{slow / search:>8.1f}x"
            print(line)
    print(f"slowest search: {worst_search:.2f} s (target <= 2 s); "
          f"slowest Monte Carlo: {slowest_mc:,.0f} playthroughs/s (target >= 5,000/s)")
    print("'/replay' columns: search time in bare replays; Monte Carlo playthroughs per bare replay's time")


if __name__ == "__main__":
    main()
