"""The debrief's arithmetic: satisfaction and the 40-point rule, tiers, skills, reasons, key moments."""

from __future__ import annotations

from game.engine.meeting import Meeting
from game.engine.scoring import FAIL_LINE, debrief, satisfaction
from tests.builders import playbook

ADJUST = {"agreed": 10, "out_of_time": -10, "walked_out": -30}


def test_satisfaction_is_final_trust_moved_by_the_ending_and_clipped() -> None:
    assert satisfaction(70, "agreed", ADJUST) == 80
    assert satisfaction(95, "agreed", ADJUST) == 100
    assert satisfaction(50, "out_of_time", ADJUST) == 40
    assert satisfaction(20, "walked_out", ADJUST) == 0


def test_a_winning_meeting_passes_with_no_reasons() -> None:
    meeting = Meeting.replay(playbook(), 1, ["ask-public", "warm", "big", "close"])  # 30 ->40 ->65 ->70
    result = debrief(meeting)
    assert result.ending == "agreed"
    assert result.satisfaction == 70 + 10
    assert result.passed and result.reasons == ()


def test_satisfaction_of_40_or_less_fails_even_when_the_client_agreed() -> None:
    book = playbook(persona={"thresholds": {"warming": 5, "open": 20, "confiding": 90}, "start_trust": 20,
                             "trust_floor": 0})
    meeting = Meeting.replay(book, 1, ["ask-public", "close"])          # agreed at trust 25 -> 35
    result = debrief(meeting)
    assert result.ending == "agreed" and result.satisfaction == 35 <= FAIL_LINE
    assert not result.passed
    assert [r.code for r in result.reasons] == ["satisfaction_fail"]
    assert result.reasons[0].params == {"satisfaction": 35, "line": 40}


def test_satisfaction_above_40_but_under_the_stage_minimum_fails_with_its_own_reason() -> None:
    book = playbook(persona={"thresholds": {"warming": 5, "open": 20, "confiding": 90}, "start_trust": 40})
    result = debrief(Meeting.replay(book, 1, ["ask-public", "close"]))   # 45 + 10 = 55 < 60
    assert [(r.code, r.params) for r in result.reasons] == [("satisfaction_low", {"satisfaction": 55, "needed": 60})]


def test_every_reason_is_listed_at_once() -> None:
    result = debrief(Meeting.replay(playbook(), 1, ["close"]))           # refused at the door: walked out
    codes = [r.code for r in result.reasons]
    assert codes == ["satisfaction_fail", "ending", "missing_intel"]
    assert result.reasons[2].params["intel"] == "public"
    assert result.reasons[1].params["ending"] == "walked_out"


def test_intel_is_counted_by_tier_against_what_was_obtainable() -> None:
    result = debrief(Meeting.replay(playbook(), 1, ["ask-public", "warm", "ask-internal", "big", "close"]))
    assert result.intel == {1: (1, 1), 2: (1, 1), 3: (0, 1), 4: (0, 1)}
    assert result.coverage == {"metrics": False, "economic_buyer": True, "identified_pain": True}


def test_skills_are_the_share_of_good_tagged_weight() -> None:
    nodes = [{"id": "hub", "lines": "Hi", "choices": [
        {"id": "good", "text": "t", "feedback": "f", "skills": {"rapport": 2, "integrity": 1}, "next": "hub"},
        {"id": "bad", "text": "t", "feedback": "f", "skills": {"rapport": -1}, "next": "hub"},
        {"id": "end", "text": "t", "feedback": "f", "next": "done"}]},
        {"id": "done", "lines": "Bye", "ending": "walked_out"}]
    result = debrief(Meeting.replay(playbook(nodes=nodes, start="hub", required_intel=[]), 1, ["good", "bad", "end"]))
    assert result.skills["rapport"] == round(100 * 2 / 3)
    assert result.skills["integrity"] == 100
    assert result.skills["closing"] is None


def test_key_moments_are_the_largest_gains_and_losses_with_a_better_reply() -> None:
    meeting = Meeting.replay(playbook(persona={"start_trust": 50}), 1, ["warm", "rude", "big", "nothing", "close"])
    result = debrief(meeting)
    assert [(m.choice, m.delta) for m in result.gains] == [("big", 25), ("warm", 10), ("close", 5)]
    assert [(m.choice, m.delta) for m in result.losses] == [("rude", -20)]
    assert result.losses[0].feedback.get("en") == "feedback on rude"
    assert result.losses[0].better.get("en") == "big"      # the sibling that would have built the most trust
