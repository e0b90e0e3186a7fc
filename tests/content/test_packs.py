"""Content tests: every shipped pack and stage holds the counts, languages and balance a trainer relies on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import pytest
from pydantic import BaseModel

from game.content.loader import Curriculum
from game.content.model import Scenario, Text
from game.engine.explore import DEFAULT_RUNS, STRATEGIES, SearchResult, follow, monte_carlo, search
from game.engine.meeting import Meeting, Playbook
from game.engine.scoring import debrief
from tests.conftest import SCENARIOS

HANGUL = re.compile(r"[\uac00-\ud7a3]")
CURRICULUM = Curriculum(SCENARIOS)
PACKS = CURRICULUM.pack_ids()
STAGES = [(pack, n) for pack in PACKS for n in CURRICULUM.stage_numbers(pack)]


@cache
def scenario(pack: str, n: int) -> Scenario:
    return CURRICULUM.scenario(pack, n)


def texts(model: object, where: str = "") -> Iterator[tuple[str, Text]]:
    """Every localized text in a model, with where it sits."""
    if isinstance(model, Text):
        yield where, model
    elif isinstance(model, BaseModel):
        for name in type(model).model_fields:
            yield from texts(getattr(model, name), f"{where}.{name}" if where else name)
    elif isinstance(model, (tuple, list)):
        for i, item in enumerate(model):
            yield from texts(item, f"{where}[{i}]")
    elif isinstance(model, dict):
        for key, item in model.items():
            yield from texts(item, f"{where}.{getattr(key, 'value', key)}")


def language_problems(model: BaseModel) -> list[str]:
    problems = []
    for where, text in texts(model):
        en, ko = text.root.get("en", ""), text.root.get("ko", "")
        if not en.strip() or not ko.strip():
            problems.append(f"{where}: a language is missing or empty")
        elif HANGUL.search(en):
            problems.append(f"{where}: the English text has Korean in it")
        elif not HANGUL.search(ko) and not ko.isupper():
            problems.append(f"{where}: the Korean text is not Korean: {ko!r}")
    return problems


def test_the_four_verticals_ship_a_pack_each() -> None:
    assert set(PACKS) >= {"finance", "manufacturing", "public_sector", "retail_services"}


@pytest.mark.parametrize("pack", PACKS)
def test_each_pack_gives_the_accounts_background_in_both_languages(pack: str) -> None:
    loaded = CURRICULUM.pack(pack)
    assert loaded.vertical == pack
    assert language_problems(loaded) == []
    assert all(len(getattr(loaded.account, f).get("en")) > 3 for f in type(loaded.account).model_fields)


@pytest.mark.parametrize("pack", PACKS)
def test_each_pack_numbers_its_stages_from_one_without_gaps(pack: str) -> None:
    numbers = CURRICULUM.stage_numbers(pack)
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize(("pack", "n"), STAGES)
def test_every_shipped_file_points_editors_at_the_schema(pack: str, n: int) -> None:
    for path in (SCENARIOS / pack / "pack.yaml", SCENARIOS / pack / f"stage-{n}.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schema.json")


@pytest.mark.parametrize(("pack", "n"), STAGES)
def test_every_text_is_in_natural_english_and_korean(pack: str, n: int) -> None:
    assert language_problems(scenario(pack, n)) == []


@pytest.mark.parametrize(("pack", "n"), STAGES)
def test_each_stage_has_the_nodes_choices_and_intel_of_a_full_meeting(pack: str, n: int) -> None:
    stage = scenario(pack, n)
    talking = [node for node in stage.nodes if node.ending is None]
    assert len(talking) >= 15  # dialogue nodes: where the conversation goes on, not counting the endings
    assert sum(3 <= len(node.choices) <= 4 for node in talking) > len(talking) / 2
    assert len(stage.intel) >= 6
    assert len({item.tier for item in stage.intel}) >= 3
    assert all(item.min_state == "confiding" for item in stage.intel if item.tier == 4)
    assert {node.ending for node in stage.nodes if node.ending} | {"out_of_time"} >= {"agreed", "walked_out"}
    assert set(stage.persona.exit_lines) >= {"walked_out", "out_of_time"}
    assert stage.persona.priorities
    assert stage.required_intel
    assert any(test.passed for test in stage.tests) and any(test.passed is False for test in stage.tests)


def dialogue_shape(stage: Scenario) -> tuple[tuple[int, ...], ...]:
    """Where each node's choices can lead, by node position: the conversation's shape without its words."""
    index = {node.id: i for i, node in enumerate(stage.nodes)}
    return tuple(tuple(sorted({index[b.node] for c in node.choices for b in c.next})) for node in stage.nodes)


@pytest.mark.parametrize("pack", PACKS)
def test_no_two_stages_of_a_pack_share_one_conversation_shape_or_one_set_of_effects(pack: str) -> None:
    # a pack written from one template repeats its rhythm seven times; a trainer notices by stage three
    stages = [scenario(pack, n) for n in CURRICULUM.stage_numbers(pack)]
    shapes = [dialogue_shape(stage) for stage in stages]
    effects = [sorted((c.effects.trust, c.effects.patience, c.effects.minutes) for node in stage.nodes
                      for c in node.choices) for stage in stages]
    assert len(set(shapes)) == len(stages)
    assert all(a != b for i, a in enumerate(effects) for b in effects[i + 1:])


@pytest.mark.parametrize(("pack", "n"), STAGES)
def test_pushing_or_overclaiming_costs_real_trust(pack: str, n: int) -> None:
    assert min(c.effects.trust for node in scenario(pack, n).nodes for c in node.choices) <= -6


@pytest.mark.parametrize(("pack", "n"), STAGES)
def test_client_lines_show_the_mood(pack: str, n: int) -> None:
    stage = scenario(pack, n)
    moody = [node for node in stage.nodes if any(line.when is not None for line in node.lines)]
    assert len(moody) >= 3


# -- balance, measured the way `playtest` measures it -------------------------------------------

RUNS = DEFAULT_RUNS  # as `playtest` measures by default (seed 0): the figures authors balance against
FIRST_STAGE_MAX, LAST_STAGE_MAX = 0.25, 0.10


@cache
def playbook(pack: str, n: int) -> Playbook:
    return Playbook(CURRICULUM.program, scenario(pack, n))


@cache
def searched(pack: str, n: int) -> SearchResult:
    return search(playbook(pack, n))


@cache
def random_pass_rate(pack: str, n: int) -> float:
    return monte_carlo(playbook(pack, n), RUNS, seed=0).pass_rate


@pytest.mark.parametrize(("pack", "n"), STAGES)
def test_the_best_path_passes_with_satisfaction_of_85_or_more(pack: str, n: int) -> None:
    result = searched(pack, n)
    assert result.best is not None, "no path passes this stage"
    assert result.best.satisfaction >= 85
    replayed = debrief(Meeting.replay(playbook(pack, n), 0, list(result.best.moves))) \
        if playbook(pack, n).rules.mood_variation == 0 else None
    if replayed is not None:
        assert replayed.passed


@pytest.mark.parametrize(("pack", "n"), STAGES)
def test_every_intel_item_can_be_obtained(pack: str, n: int) -> None:
    result = searched(pack, n)
    assert set(result.intel_reachable) == {item.id for item in scenario(pack, n).intel}


@pytest.mark.parametrize(("pack", "n"), STAGES)
def test_all_three_kinds_of_ending_can_happen(pack: str, n: int) -> None:
    result = searched(pack, n)
    assert {ending for ending, _ in result.endings} == {"agreed", "walked_out", "out_of_time"}


@pytest.mark.parametrize(("pack", "n"), STAGES)
def test_careless_play_fails_with_clear_reasons(pack: str, n: int) -> None:
    for name, strategy in STRATEGIES.items():
        result = debrief(follow(playbook(pack, n), strategy, seed=0))
        assert not result.passed, f"{name} play passed"
        assert result.reasons


@pytest.mark.parametrize("pack", PACKS)
def test_a_random_player_rarely_passes_and_never_more_often_in_a_later_stage(pack: str) -> None:
    rates = [random_pass_rate(pack, n) for n in CURRICULUM.stage_numbers(pack)]
    assert rates[0] <= FIRST_STAGE_MAX, rates
    assert all(later <= earlier for earlier, later in zip(rates, rates[1:])), rates
    if len(rates) == 7:
        assert rates[-1] <= LAST_STAGE_MAX, rates
