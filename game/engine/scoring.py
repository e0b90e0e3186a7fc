"""The debrief: satisfaction, intel by tier, the skill rubric, pass/fail reasons, key moments."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from game.content.model import Fact, Skill, Text
from game.engine.meeting import Meeting, Turn

FAIL_LINE = 40  # a client survey score at or below this is a failure, whatever else happened


@dataclass(frozen=True)
class Reason:
    """Why a meeting failed, as a code and its figures; the interface words it in the trainee's language."""

    code: str  # satisfaction_fail, satisfaction_low, ending, missing_intel
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class KeyMoment:
    turn: int
    node: str
    choice: str
    said: Text
    delta: int
    feedback: Text
    better: Text | None


@dataclass(frozen=True)
class Debrief:
    scenario: str
    ending: str
    end_reason: str
    satisfaction: int
    passed: bool
    reasons: tuple[Reason, ...]
    intel: dict[int, tuple[int, int]]  # tier -> (obtained, obtainable)
    known: tuple[str, ...]
    skills: dict[str, int | None]
    coverage: dict[str, bool]  # MEDDPICC fact -> uncovered? (only facts the stage holds)
    gains: tuple[KeyMoment, ...]
    losses: tuple[KeyMoment, ...]
    turns: int
    minutes: int

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        out = asdict(self)
        out["reasons"] = [{"code": r.code, **r.params} for r in self.reasons]
        out["intel"] = {str(tier): {"obtained": got, "obtainable": of} for tier, (got, of) in self.intel.items()}
        for name in ("gains", "losses"):
            out[name] = [_moment_dict(m, lang) for m in getattr(self, name)]
        return out


def _moment_dict(moment: KeyMoment, lang: str | None) -> dict[str, Any]:
    def text(value: Text | None) -> Any:
        if value is None:
            return None
        return value.get(lang) if lang else dict(value.root)

    return {"turn": moment.turn, "node": moment.node, "choice": moment.choice, "said": text(moment.said),
            "delta": moment.delta, "feedback": text(moment.feedback), "better": text(moment.better)}


def satisfaction(final_trust: int, ending: str, adjustment: dict[str, int]) -> int:
    """The client's survey score: where trust ended, moved by how the meeting ended."""
    return int(np.clip(final_trust + adjustment.get(ending, 0), 0, 100))


def skill_scores(turns: list[Turn]) -> dict[str, int | None]:
    """Per skill: the share (0-100) of tagged weight that was good; None where no choice exercised it."""
    good = dict.fromkeys(Skill, 0)
    bad = dict.fromkeys(Skill, 0)
    for turn in turns:
        for skill, weight in turn.choice.skills.items():
            (good if weight > 0 else bad)[skill] += abs(weight)
    return {
        skill.value: (round(100 * good[skill] / (good[skill] + bad[skill])) if good[skill] + bad[skill] else None)
        for skill in Skill
    }


def debrief(meeting: Meeting) -> Debrief:
    if not meeting.ended:
        raise ValueError("a meeting is debriefed only once it has ended")
    playbook, scenario = meeting.playbook, meeting.scenario
    score = satisfaction(meeting.trust, meeting.ending or "", playbook.scoring.ending_adjustment)
    known = set(meeting.known)

    reasons: list[Reason] = []
    if score <= FAIL_LINE:
        reasons.append(Reason("satisfaction_fail", {"satisfaction": score, "line": FAIL_LINE}))
    elif score < playbook.passing.min_satisfaction:
        reasons.append(Reason("satisfaction_low", {"satisfaction": score, "needed": playbook.passing.min_satisfaction}))
    if meeting.ending != playbook.passing.ending:
        reasons.append(Reason("ending", {"ending": meeting.ending, "reason": meeting.end_reason,
                                         "needed": playbook.passing.ending}))
    for intel_id in scenario.required_intel:
        if intel_id not in known:
            item = scenario.intel_item(intel_id)
            reasons.append(Reason("missing_intel", {"intel": intel_id, "title": dict(item.title.root)}))

    tiers: dict[int, tuple[int, int]] = {}
    for item in scenario.intel:
        got, of = tiers.get(item.tier, (0, 0))
        tiers[item.tier] = (got + (item.id in known), of + 1)

    facts = {item.fact for item in scenario.intel if item.fact}
    coverage = {
        fact.value: any(item.fact == fact and item.id in known for item in scenario.intel)
        for fact in Fact if fact in facts
    }
    gains, losses = key_moments(meeting, playbook.scoring.key_moments)
    return Debrief(
        scenario=scenario.id, ending=meeting.ending or "", end_reason=meeting.end_reason or "",
        satisfaction=score, passed=not reasons, reasons=tuple(reasons),
        intel=dict(sorted(tiers.items())), known=tuple(meeting.known),
        skills=skill_scores(meeting.turns), coverage=coverage, gains=gains, losses=losses,
        turns=len(meeting.turns), minutes=meeting.minutes,
    )


def key_moments(meeting: Meeting, count: int) -> tuple[tuple[KeyMoment, ...], tuple[KeyMoment, ...]]:
    """The largest trust gains and losses, with the authored feedback and a better reply for each loss."""
    turns = meeting.turns
    if not turns:
        return (), ()
    deltas = np.array([t.delta for t in turns])
    order = np.argsort(deltas, kind="stable")
    losses = [turns[i] for i in order[:count] if deltas[i] < 0]
    gains = [turns[i] for i in order[::-1][:count] if deltas[i] > 0]
    return tuple(_moment(meeting, t) for t in gains), tuple(_moment(meeting, t) for t in losses)


def _moment(meeting: Meeting, turn: Turn) -> KeyMoment:
    return KeyMoment(turn.number, turn.node, turn.choice.id, turn.choice.text, turn.delta,
                     turn.choice.feedback, _better(meeting, turn))


def _better(meeting: Meeting, turn: Turn) -> Text | None:
    """The authored better reply, else the sibling choice that would have built the most trust."""
    if turn.delta >= 0:
        return turn.choice.better
    if turn.choice.better is not None:
        return turn.choice.better
    siblings = [c for c in meeting.scenario.node(turn.node).choices if c.id != turn.choice.id and not c.asks]
    best = max(siblings, key=lambda c: c.effects.trust, default=None)
    if best is not None and best.effects.trust > turn.choice.effects.trust:
        return best.text
    return None
