"""The persona ladder: each transition of the machine and the threshold that triggers it."""

from __future__ import annotations

import pytest

from game.engine.persona import PersonaMachine
from tests.builders import program


@pytest.fixture
def machine() -> PersonaMachine:
    return PersonaMachine(program().persona_defaults)  # thresholds 40/60/80, floor 10, drop 15, patience line 2


def settle(machine: PersonaMachine, start: int, trust: int, patience: int = 9) -> str:
    mood = machine.join(start, 10)
    mood.last_delta, mood.trust, mood.patience = trust - start, trust, patience
    mood.settle()
    return mood.state


def test_machine_is_built_without_auto_transitions(machine: PersonaMachine) -> None:
    mood = machine.join(30, 10)
    assert not hasattr(mood, "to_open")
    assert machine.machine.get_triggers("guarded") == ["settle", "agree", "walk_out", "run_out"]


def test_a_joined_client_starts_on_the_rung_their_trust_points_at(machine: PersonaMachine) -> None:
    assert machine.join(39, 10).state == "guarded"
    assert machine.join(40, 10).state == "warming"
    assert machine.join(85, 10).state == "confiding"


@pytest.mark.parametrize(
    ("start", "trust", "expected"),
    [
        (30, 39, "guarded"), (30, 40, "warming"),        # guarded -> warming at 40
        (50, 59, "warming"), (50, 60, "open"),           # warming -> open at 60
        (70, 79, "open"), (70, 80, "confiding"),         # open -> confiding at 80
        (30, 66, "open"),                                # a big gain climbs several rungs at once
    ],
)
def test_trust_climbs_the_ladder_at_each_threshold(machine: PersonaMachine, start: int, trust: int, expected: str) -> None:
    assert settle(machine, start, trust) == expected


@pytest.mark.parametrize(
    ("start", "trust", "expected"),
    [(85, 79, "open"), (65, 59, "warming"), (45, 39, "guarded"), (85, 80, "confiding")],
)
def test_trust_falls_down_the_ladder_at_the_same_thresholds(machine: PersonaMachine, start: int, trust: int, expected: str) -> None:
    assert settle(machine, start, trust) == expected


def test_a_drop_of_annoyed_drop_in_one_turn_annoys_the_client(machine: PersonaMachine) -> None:
    assert settle(machine, 70, 55) == "annoyed"     # -15
    assert settle(machine, 70, 56) == "warming"     # -14: merely down a rung


def test_patience_at_the_annoyed_line_annoys_the_client(machine: PersonaMachine) -> None:
    assert settle(machine, 50, 50, patience=2) == "annoyed"
    assert settle(machine, 50, 50, patience=3) == "warming"


def test_an_annoyed_client_calms_only_with_a_large_enough_gain(machine: PersonaMachine) -> None:
    mood = machine.join(50, 10)
    mood.last_delta, mood.trust = -20, 30
    mood.settle()
    assert mood.state == "annoyed"
    mood.last_delta, mood.trust = 7, 37
    mood.settle()
    assert mood.state == "annoyed"                  # +7 < calm_gain 8
    mood.last_delta, mood.trust = 8, 45
    mood.settle()
    assert mood.state == "warming"                  # calmed, back on the rung trust points at


def test_an_annoyed_client_with_no_patience_left_does_not_calm(machine: PersonaMachine) -> None:
    mood = machine.join(50, 10)
    mood.last_delta, mood.trust, mood.patience = -20, 30, 2
    mood.settle()
    mood.last_delta, mood.trust = 10, 40
    mood.settle()
    assert mood.state == "annoyed"


def test_the_client_walks_out_when_patience_is_spent(machine: PersonaMachine) -> None:
    assert settle(machine, 50, 50, patience=0) == "walked_out"
    assert settle(machine, 50, 50, patience=1) == "annoyed"


def test_the_client_walks_out_below_the_trust_floor(machine: PersonaMachine) -> None:
    assert settle(machine, 20, 9) == "walked_out"
    assert settle(machine, 20, 10) == "guarded"


@pytest.mark.parametrize("trigger", ["agree", "walk_out", "run_out"])
def test_terminal_states_end_the_ladder(machine: PersonaMachine, trigger: str) -> None:
    mood = machine.join(50, 10)
    getattr(mood, trigger)()
    assert machine.is_terminal(mood)
    assert not mood.may_settle()


def test_models_leave_the_machine_when_their_meeting_ends(machine: PersonaMachine) -> None:
    mood = machine.join(50, 10)
    assert mood in machine.machine.models
    machine.leave(mood)
    assert mood not in machine.machine.models
