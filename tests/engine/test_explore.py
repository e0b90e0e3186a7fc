"""The playtest search: it plays by the engine's rules, finds every ending, and agrees with brute force."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.content.loader import Curriculum, load_model, load_scenario_file
from game.content.model import Program, ScenarioTest
from game.engine import explore, sweep
from game.engine.meeting import Meeting, Playbook
from game.engine.scoring import debrief

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
AUTHORING = Curriculum(FIXTURES / "authoring")


def demo(stage: int) -> Playbook:
    return Playbook(AUTHORING.program, AUTHORING.scenario("demo", stage))


def looping() -> Playbook:
    program, _ = load_model(FIXTURES / "broken" / "program.yaml", Program)
    scenario, _ = load_scenario_file(FIXTURES / "broken" / "bad" / "stage-2.yaml")
    return Playbook(program, scenario)


def without_the_loop() -> Playbook:
    """The dead-end fixture with its zero-minute choice taken out: every move takes time, so it can be swept."""
    program, _ = load_model(FIXTURES / "broken" / "program.yaml", Program)
    scenario, _ = load_scenario_file(FIXTURES / "broken" / "bad" / "stage-2.yaml")
    nodes = tuple(node.model_copy(update={"choices": tuple(c for c in node.choices if c.id != "stall")})
                  for node in scenario.nodes)
    return Playbook(program, scenario.model_copy(update={"nodes": nodes}))


def search_by(way: str, playbook: Playbook, **opening: int) -> explore.SearchResult:
    """One of the two searches: the NumPy sweep (what `search` picks when every move takes time), or depth first."""
    rulebook = explore.Rulebook(playbook)
    if way == "depth-first":
        return explore.search(playbook, graph=explore.StateGraph(rulebook), **opening)
    assert sweep.Tables.supports(rulebook)
    return explore.search(playbook, **opening)


WAYS = ("sweep", "depth-first")


def shipped(pack: str) -> Playbook:
    curriculum = Curriculum(FIXTURES.parents[1] / "scenarios")
    return Playbook(curriculum.program, curriculum.scenario(pack, 1))


PLAYBOOKS = MappingProxyType({
    "demo-1": lambda: demo(1), "demo-2": lambda: demo(2), "loops": looping,
    **({"finance-1": lambda: shipped("finance")}  # the pack's author writes and commits it
       if (FIXTURES.parents[1] / "scenarios" / "finance" / "stage-1.yaml").is_file() else {}),
})


def brute_force(playbook: Playbook, seed: int) -> list[tuple[list[str], Meeting]]:
    """Every complete move list, each played from scratch by the real engine."""
    done = []
    todo: list[list[str]] = [[]]
    while todo:
        moves = todo.pop()
        meeting = Meeting.replay(playbook, seed, moves)
        if meeting.ended:
            done.append((moves, meeting))
        else:
            todo += [moves + [c.id] for c in meeting.choices()]
    return done


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("seed", [0, 5])
def test_exhaustive_search_agrees_with_brute_force_enumeration(way: str, seed: int) -> None:
    playbook = demo(2)
    every = brute_force(playbook, seed)
    results = [(moves, debrief(m)) for moves, m in every]
    found = search_by(way, playbook, seed=seed)

    assert found.best_any.satisfaction == max(r.satisfaction for _, r in results)
    assert found.worst.satisfaction == min(r.satisfaction for _, r in results)
    passing = [(moves, r) for moves, r in results if r.passed]
    assert found.winnable == bool(passing)
    assert found.best is not None and found.best.satisfaction == max(r.satisfaction for _, r in passing)
    endings = Counter((r.ending, r.end_reason) for _, r in results)
    assert found.endings == dict(endings)
    assert set(found.intel_reachable) == {i for _, m in every for i in m.known}
    assert set(found.intel_on_passing) == {i for moves, m in every if debrief(m).passed for i in m.known}
    on_passing = {(t.node, t.choice.id) for _, m in every if debrief(m).passed for t in m.turns}
    assert found.on_passing == on_passing
    assert found.offered == {(t.node, t.choice.id) for _, m in every for t in m.turns}


@pytest.mark.parametrize("way", WAYS)
def test_the_best_path_replays_to_a_pass_and_the_worst_to_a_fail(way: str) -> None:
    playbook = demo(2)
    found = search_by(way, playbook, seed=3)
    assert found.best is not None
    best = debrief(Meeting.replay(playbook, 3, list(found.best.moves)))
    worst = debrief(Meeting.replay(playbook, 3, list(found.worst.moves)))
    assert best.passed and best.satisfaction == found.best.satisfaction
    assert not worst.passed and worst.satisfaction == found.worst.satisfaction


@pytest.mark.parametrize("name", sorted(PLAYBOOKS))
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), picks=st.lists(st.integers(0, 99), max_size=40))
def test_the_compiled_rules_reach_the_same_position_as_the_engine(name: str, seed: int, picks: list[int]) -> None:
    playbook = PLAYBOOKS[name]()
    rules = explore.Rulebook(playbook)
    meeting = Meeting.start(playbook, seed)
    position = rules.start(rules.opening_trust(seed))
    for pick in picks:
        if meeting.ended:
            break
        offered = rules.offered(position)
        assert [c.id for c in offered] == [c.id for c in meeting.choices()]
        choice = offered[pick % len(offered)]
        meeting.choose(choice.id)
        position = rules.step(position, choice)
        assert (position.trust, position.patience, position.minutes) == (meeting.trust, meeting.patience,
                                                                          meeting.minutes)
        assert set(rules.intel_of(position.known)) == set(meeting.known)
        assert explore.MOODS[position.mood] == meeting.state
    assert position.live == (not meeting.ended)
    if meeting.ended:
        result = debrief(meeting)
        assert explore.engine_reason(position.reason) == meeting.end_reason
        assert rules.satisfaction(position) == result.satisfaction
        assert rules.passed(position) == result.passed


def test_the_opening_trust_is_the_one_the_meeting_draws_from_its_seed() -> None:
    playbook = demo(2)
    rules = explore.Rulebook(playbook)
    for seed in range(30):
        assert rules.opening_trust(seed) == Meeting.start(playbook, seed).trust
    assert rules.opening_trusts() == list(range(32, 39))  # start 35, variation 3


def test_a_choice_that_returns_to_the_same_position_is_found_as_a_loop() -> None:
    found = explore.search(looping())
    assert ("hello", "stall") in found.loops
    assert found.winnable


def test_dead_ends_are_found_with_the_node_or_choice_that_causes_them() -> None:
    found = explore.search(looping())
    assert found.dead_ends == {("hello", "maybe"), ("gated", None)}


@pytest.mark.parametrize("way", WAYS)
def test_dead_ends_are_found_by_either_search_where_no_move_can_loop(way: str) -> None:
    found = search_by(way, without_the_loop())
    assert found.dead_ends == {("hello", "maybe"), ("gated", None)}
    assert not found.loops
    assert found.nodes_reached == {"hello", "gated", "deal", "done", "gone"}


def test_monte_carlo_is_reproducible_from_its_seed() -> None:
    playbook = demo(2)
    first = explore.monte_carlo(playbook, 3000, seed=11)
    again = explore.monte_carlo(playbook, 3000, seed=11)
    other = explore.monte_carlo(playbook, 3000, seed=12)
    assert first == again
    assert first != other


def test_monte_carlo_pass_rate_matches_the_exact_chance_of_random_play() -> None:
    playbook = demo(2)
    rules = explore.Rulebook(playbook)

    def chance(pos: explore.Position) -> float:
        if not pos.live:
            return 1.0 if rules.passed(pos) else 0.0
        offered = rules.offered(pos)
        return sum(chance(rules.step(pos, c)) for c in offered) / len(offered)

    openings = rules.opening_trusts()  # a seed picks each opening with equal chance
    exact = sum(chance(rules.start(t)) for t in openings) / len(openings)
    result = explore.monte_carlo(playbook, 20_000, seed=1)
    assert 0 < exact < 1
    assert abs(result.pass_rate - exact) < 0.02  # about five standard errors at 20,000 runs


def test_monte_carlo_reports_quartiles_intel_shares_and_failure_reasons() -> None:
    result = explore.monte_carlo(demo(2), 2000, seed=4)
    s = result.satisfaction
    assert s["min"] <= s["q1"] <= s["median"] <= s["q3"] <= s["max"]
    assert set(result.intel_share) == {"who", "pain", "money", "plan"}
    assert all(0 <= v <= 1 for v in result.intel_share.values())
    assert sum(result.endings.values()) == 2000
    assert result.failure_reasons[0][1] >= result.failure_reasons[-1][1]
    assert any(reason == "missing_intel:pain" for reason, _ in result.failure_reasons)


def test_each_monte_carlo_failure_reason_comes_with_a_run_that_replays_to_it() -> None:
    playbook = demo(2)
    rules = explore.Rulebook(playbook)
    result = explore.monte_carlo(playbook, 2000, seed=4)
    assert set(result.examples) == {reason for reason, _ in result.failure_reasons}
    for reason, (trust, moves) in result.examples.items():
        seed = explore.seed_opening_at(playbook, trust)
        meeting = Meeting.replay(playbook, seed, list(moves))
        assert meeting.ended and not debrief(meeting).passed
        position = rules.start(trust)
        for move in moves:
            position = rules.step(position, next(c for c in rules.offered(position) if c.id == move))
        assert reason in rules.failures(position)


def test_monte_carlo_reports_progress_up_to_the_last_run() -> None:
    seen: list[tuple[int, int]] = []
    explore.monte_carlo(demo(2), 500, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (500, 500)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_talkative_play_picks_the_longest_english_text_first_on_ties() -> None:
    offered = demo(2).scenario.node("talk").choices
    assert explore.talkative(offered).id == "listen"
    tied = [c.model_copy(update={"text": offered[0].text}) for c in offered[:2]]
    assert explore.talkative(tied) is tied[0]


def test_pushy_play_picks_the_most_asks_then_the_worst_trust_effect() -> None:
    lobby = demo(2).scenario.node("lobby").choices  # ask-who (+2) and ask-money (0) each ask once
    assert explore.pushy(lobby).id == "ask-money"
    talk2 = [c for c in demo(2).scenario.node("talk2").choices if c.id in ("ask-plan", "ask-money-again")]
    assert explore.pushy(talk2).id == "ask-money-again"  # equal asks and trust: the first


def test_following_a_strategy_plays_a_whole_meeting_with_the_engine() -> None:
    meeting = explore.follow(demo(1), explore.pushy, seed=0)
    assert meeting.ended
    assert meeting.moves[0] == "pitch-first"


def test_an_author_case_that_holds_reports_nothing() -> None:
    playbook = demo(2)
    for case in playbook.scenario.tests:
        assert explore.check_case(playbook, case) == []


def test_an_author_case_that_does_not_hold_says_each_thing_that_failed() -> None:
    case = ScenarioTest(name="wrong", moves=("chat", "listen", "empathise", "propose"), passed=False,
                        ending="walked_out", intel=("money",), not_intel=("pain",), satisfaction=(0, 10))
    problems = explore.check_case(demo(2), case)
    assert problems == ["intel `money` was not obtained", "intel `pain` was obtained",
                        "expected a fail, got a pass", "expected the ending walked_out, got agreed",
                        "satisfaction 95 is outside 0-10"]


def test_an_author_case_with_a_move_not_on_offer_names_the_move() -> None:
    case = ScenarioTest(name="bad move", moves=("chat", "empathise"))
    assert explore.check_case(demo(2), case)[0].startswith("move 2 `empathise`")


def test_an_author_case_that_stops_before_the_end_cannot_claim_a_result() -> None:
    case = ScenarioTest(name="short", moves=("chat",), passed=True)
    assert explore.check_case(demo(2), case) == ["the meeting has not ended after 1 move(s)"]


def test_author_cases_play_from_the_clients_usual_mood_whatever_the_seed() -> None:
    playbook = demo(2)  # start trust 35 with a variation of 3
    seed = explore.usual_seed(playbook)
    assert Meeting.start(playbook, seed).trust == 35
    case = ScenarioTest(name="usual", moves=("chat", "listen", "empathise", "propose"), satisfaction=(95, 95))
    assert explore.check_case(playbook, case) == []
