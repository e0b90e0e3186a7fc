"""A meeting's rules: leaks and refusals, volunteering, conditions, endings, the clock, determinism."""

from __future__ import annotations

import pytest

from game.engine.events import (
    ClientLine,
    IntelLeaked,
    IntelRefused,
    MeetingEnded,
    StateChanged,
    TrustChanged,
)
from game.engine.meeting import IllegalMove, Meeting
from tests.builders import playbook


def kinds(events: list) -> list[str]:
    return [e.kind for e in events]


def test_asking_for_public_intel_while_guarded_leaks_it_into_the_notebook() -> None:
    meeting = playbook().meeting(seed=1)
    events = meeting.choose("ask-public")
    leaks = [e for e in events if isinstance(e, IntelLeaked)]
    assert [(e.intel, e.volunteered) for e in leaks] == [("public", False)]
    assert leaks[0].text.get("en") == "reveal public"
    assert meeting.known == ["public"]


def test_asking_for_internal_intel_while_guarded_is_refused_and_costs_trust() -> None:
    meeting = playbook().meeting(seed=1)
    events = meeting.choose("ask-internal")
    refusal = next(e for e in events if isinstance(e, IntelRefused))
    assert (refusal.intel, refusal.penalty, refusal.text.get("en")) == ("internal", 8, "refuse internal")
    assert meeting.trust == 30 - 8
    assert "internal" not in meeting.known


def test_an_item_can_carry_its_own_refusal_penalty() -> None:
    meeting = playbook().meeting(seed=1)
    meeting.choose("ask-secret")
    assert meeting.trust == 30 - 12


def test_the_same_ask_leaks_once_the_client_has_warmed_up() -> None:
    meeting = playbook().meeting(seed=1)
    meeting.choose("warm")                       # 30 -> 40: warming
    assert meeting.state == "warming"
    events = meeting.choose("ask-internal")
    assert [e.intel for e in events if isinstance(e, IntelLeaked)] == ["internal"]
    assert not [e for e in events if isinstance(e, IntelRefused)]


def test_asks_are_judged_on_the_state_before_the_replys_own_effect() -> None:
    book = playbook(nodes=[
        {"id": "hub", "lines": {"en": "Hi"}, "choices": [
            {"id": "charm-and-ask", "text": "t", "feedback": "f", "effects": {"trust": 20},
             "asks": ["internal"], "next": "hub"}]},
    ], required_intel=[])
    meeting = book.meeting(seed=1)
    events = meeting.choose("charm-and-ask")
    assert [e.intel for e in events if isinstance(e, IntelRefused)] == ["internal"]
    assert meeting.trust == 30 + 20 - 8


def test_an_item_is_volunteered_on_entering_its_state_without_being_asked() -> None:
    meeting = playbook(persona={"start_trust": 70}).meeting(seed=1)
    events = meeting.choose("warm")              # 70 -> 80: confiding
    changed = [e for e in events if isinstance(e, StateChanged)]
    leaked = [e for e in events if isinstance(e, IntelLeaked)]
    assert [(c.before, c.after) for c in changed] == [("open", "confiding")]
    assert [(e.intel, e.volunteered) for e in leaked] == [("strategy", True)]
    assert kinds(events).index("state_changed") < kinds(events).index("intel_leaked")


def test_nothing_is_volunteered_when_the_client_moves_down() -> None:
    meeting = playbook(persona={"start_trust": 85}).meeting(seed=1)
    events = meeting.choose("rude")              # 85 -> 65, annoyed by the drop
    assert not [e for e in events if isinstance(e, IntelLeaked)]


def test_trust_changes_are_reported_with_before_and_after() -> None:
    meeting = playbook().meeting(seed=1)
    events = meeting.choose("warm")
    change = next(e for e in events if isinstance(e, TrustChanged))
    assert (change.before, change.after, change.delta) == (30, 40, 10)


def test_a_sharp_drop_annoys_the_client_and_lines_show_it() -> None:
    meeting = playbook(persona={"start_trust": 50}).meeting(seed=1)
    events = meeting.choose("rude")
    assert meeting.state == "annoyed"
    line = [e for e in events if isinstance(e, ClientLine)][-1]
    assert line.text.get("en") == "Annoyed hub line."


def test_line_variants_follow_the_clients_state() -> None:
    meeting = playbook(persona={"start_trust": 65}).meeting(seed=1)
    assert [e for e in meeting.events if isinstance(e, ClientLine)][-1].text.get("en") == "Open hub line."
    meeting = playbook().meeting(seed=1)
    assert [e for e in meeting.events if isinstance(e, ClientLine)][-1].text.get("en") == "Hub line."


def test_the_client_walks_out_when_patience_runs_out() -> None:
    meeting = playbook(persona={"patience": 3, "annoyed_patience": 0}).meeting(seed=1)
    meeting.choose("nothing")
    meeting.choose("nothing")
    events = meeting.choose("nothing")
    assert meeting.ending == "walked_out" and meeting.end_reason == "patience"
    assert events[-1] == MeetingEnded("walked_out", "patience")
    assert [e for e in events if isinstance(e, ClientLine)][-1].text.get("en") == "Goodbye."


def test_the_client_walks_out_when_trust_falls_below_the_floor() -> None:
    meeting = playbook(persona={"start_trust": 25}).meeting(seed=1)
    meeting.choose("rude")                      # 25 -> 5 < floor 10
    assert (meeting.ending, meeting.end_reason) == ("walked_out", "trust_floor")


def test_the_meeting_runs_out_of_time_on_the_clock() -> None:
    meeting = playbook(meeting_minutes=30).meeting(seed=1)
    meeting.choose("slow")
    assert not meeting.ended                     # 20 of 30 minutes
    events = meeting.choose("slow")              # 40 of 30
    assert (meeting.ending, meeting.end_reason) == ("out_of_time", "clock")
    assert events[-1] == MeetingEnded("out_of_time", "clock")
    assert meeting.state == "out_of_time"


def test_an_ending_node_reached_in_the_last_minute_still_counts() -> None:
    meeting = playbook(persona={"start_trust": 65}, meeting_minutes=5).meeting(seed=1)
    meeting.choose("nothing")
    meeting.choose("nothing")
    meeting.choose("close")                      # 6 of 5 minutes, but the client said yes
    assert meeting.ending == "agreed"


def test_branches_take_the_first_whose_condition_holds() -> None:
    low = playbook().meeting(seed=1)
    low.choose("close")
    assert low.ending == "walked_out"
    high = playbook(persona={"start_trust": 60}).meeting(seed=1)
    high.choose("close")
    assert high.ending == "agreed"


def test_a_choice_gated_by_a_flag_appears_once_the_flag_is_set() -> None:
    meeting = playbook().meeting(seed=1)
    assert "only-flagged" not in [c.id for c in meeting.choices()]
    meeting.choose("flag")
    assert "only-flagged" in [c.id for c in meeting.choices()]


def test_a_move_not_on_offer_is_illegal_and_changes_nothing() -> None:
    meeting = playbook().meeting(seed=1)
    before = list(meeting.events)
    with pytest.raises(IllegalMove):
        meeting.choose("only-flagged")
    with pytest.raises(IllegalMove):
        meeting.choose("no-such-choice")
    assert meeting.events == before and meeting.moves == []


def test_no_move_is_accepted_after_the_meeting_ended() -> None:
    meeting = playbook(persona={"start_trust": 60}).meeting(seed=1)
    meeting.choose("close")
    assert meeting.choices() == []
    with pytest.raises(IllegalMove):
        meeting.choose("warm")


def test_start_trust_varies_with_the_seed_within_mood_variation() -> None:
    book = playbook(persona={"mood_variation": 5})
    starts = {book.meeting(seed=s).trust for s in range(60)}
    assert starts <= set(range(25, 36)) and len(starts) > 3


def test_the_same_seed_and_moves_give_identical_events() -> None:
    book = playbook(persona={"mood_variation": 5})
    moves = ["warm", "ask-internal", "big", "ask-secret", "close"]
    first = Meeting.replay(book, 42, moves)
    second = Meeting.replay(book, 42, moves)
    assert first.events == second.events


def test_replay_equals_live_play_move_by_move() -> None:
    book = playbook(persona={"mood_variation": 5})
    live = book.meeting(seed=7)
    streamed = list(live.events)
    for move in ["warm", "rude", "ask-public", "warm", "close"]:
        if live.ended:
            break
        streamed += live.choose(move)
    replayed = Meeting.replay(book, 7, live.moves)
    assert replayed.events == live.events == streamed
