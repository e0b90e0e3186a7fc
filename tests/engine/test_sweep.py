"""The NumPy sweep gives exactly the depth-first search's answers, wherever every move takes time."""

from __future__ import annotations

import pytest

from game.engine import explore, sweep
from game.engine.meeting import Playbook
from tests import builders
from tests.conftest import SCENARIOS
from tests.engine.test_explore import PLAYBOOKS, demo, looping, search_by, without_the_loop

SWEEPABLE = {name: make for name, make in PLAYBOOKS.items() if name != "loops"} | {"dead-ends": without_the_loop}


def shipped(pack: str, stage: int) -> Playbook:
    from game.content.loader import Curriculum

    curriculum = Curriculum(SCENARIOS)
    return Playbook(curriculum.program, curriculum.scenario(pack, stage))


@pytest.mark.parametrize("name", sorted(SWEEPABLE))
@pytest.mark.parametrize("seed", [0, 1, 7])
def test_the_sweep_and_the_depth_first_search_agree_on_every_fact(name: str, seed: int) -> None:
    playbook = SWEEPABLE[name]()
    assert search_by("sweep", playbook, seed=seed) == search_by("depth-first", playbook, seed=seed)


@pytest.mark.parametrize("pack, stage", [("retail_services", 1), ("manufacturing", 2)])
def test_the_two_searches_agree_on_shipped_stages(pack: str, stage: int) -> None:
    playbook = shipped(pack, stage)
    fast, slow = search_by("sweep", playbook, seed=0), search_by("depth-first", playbook, seed=0)
    assert fast == slow
    assert fast.positions > 5_000  # a stage big enough for the layers to matter


def test_winnability_of_every_opening_swept_together_agrees_with_the_depth_first_search() -> None:
    playbook = demo(2)
    rulebook = explore.Rulebook(playbook)
    graph = explore.StateGraph(rulebook)
    depth_first = {t: graph.solve(rulebook.start(t)).best_pass >= 0 for t in rulebook.opening_trusts()}
    together = explore.winnable_openings(rulebook)
    assert together == depth_first
    assert set(together) == set(range(32, 39)) and any(together.values())
    assert together == {t: explore.winnable_openings(rulebook, [t])[t] for t in together}  # each swept alone


def test_a_stage_where_a_move_takes_no_time_is_left_to_the_depth_first_search() -> None:
    rulebook = explore.Rulebook(looping())
    assert not sweep.Tables.supports(rulebook)
    assert ("hello", "stall") in explore.search(looping()).loops


def test_path_counts_past_the_int64_guard_switch_to_exact_python_integers(monkeypatch: pytest.MonkeyPatch) -> None:
    playbook = demo(2)
    usual = explore.search(playbook, seed=0)
    monkeypatch.setattr(sweep, "COUNT_LIMIT", 0)
    rulebook = explore.Rulebook(playbook)
    swept = sweep.Sweep(sweep.Tables(rulebook), [rulebook.start(rulebook.opening_trust(0))])
    assert swept.counts.dtype == object
    assert swept.result(usual.opening_trust) == usual


def test_a_sweep_past_its_position_limit_stops_with_advice() -> None:
    rulebook = explore.Rulebook(demo(2))
    with pytest.raises(explore.SearchTooLarge, match="cut patience"):
        sweep.Sweep(sweep.Tables(rulebook), [rulebook.start(35)], limit=10)


@pytest.mark.parametrize("way", ["sweep", "depth-first"])
def test_of_two_paths_with_the_same_score_the_best_is_the_one_without_a_mistake(way: str) -> None:
    # trust caps at 100, so blundering and then apologising scores as well as playing it straight
    playbook = builders.playbook(persona={"start_trust": 60}, required_intel=[], nodes=[
        {"id": "hub", "lines": builders.text("Well?"), "choices": [
            builders.choice("blunder", "recover", trust=-10, skills={"rapport": -2}),
            builders.choice("steady", "closing", trust=40)]},
        {"id": "recover", "lines": builders.text("Hm."), "choices": [
            builders.choice("apologise", "closing", trust=50)]},
        {"id": "closing", "lines": builders.text("So?"), "choices": [builders.choice("close", "yes")]},
        {"id": "yes", "lines": builders.text("Agreed."), "ending": "agreed"},
    ])
    found = search_by(way, playbook)
    assert found.endings == {("agreed", "ending_node"): 2}  # both paths agree, at the same score
    assert found.best is not None and found.best.moves == ("steady", "close")
    assert found.best_any.moves == ("steady", "close")
    assert found.best.satisfaction == 100
