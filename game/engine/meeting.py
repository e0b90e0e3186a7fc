"""A meeting: one attempt at one stage; a pure function of (content, seed, moves)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.content.model import (
    LADDER,
    Choice,
    Condition,
    Intel,
    Node,
    PassRule,
    PersonaRules,
    PersonaState,
    Program,
    Scenario,
    Scoring,
    openness,
)
from game.engine.events import (
    ChoiceMade,
    ClientLine,
    Event,
    IntelLeaked,
    IntelRefused,
    MeetingEnded,
    MeetingStarted,
    PatienceChanged,
    StateChanged,
    TrustChanged,
)
from game.engine.persona import Mood, PersonaMachine


RUNG_NAMES = frozenset(s.value for s in LADDER)


def _clip(trust: int) -> int:
    return 0 if trust < 0 else 100 if trust > 100 else trust


class IllegalMove(ValueError):
    """A move that is not on offer: an unknown choice, one whose condition fails, or any move after the end."""


class Playbook:
    """Everything fixed before a meeting starts: the scenario, its rules, and the persona's machine (built once)."""

    def __init__(self, program: Program, scenario: Scenario):
        self.scenario = scenario
        self.rules: PersonaRules = program.rules_for(scenario.persona)
        self.passing: PassRule = program.stage(scenario.stage).passing
        self.scoring: Scoring = program.scoring
        self.content_hash = scenario.content_hash(program)
        self.machine = PersonaMachine(self.rules)

    def meeting(self, seed: int) -> Meeting:
        return Meeting.start(self, seed)


@dataclass(frozen=True)
class Turn:
    """One move and what it did to the client, for scoring."""

    number: int
    node: str
    choice: Choice
    trust_before: int
    trust_after: int
    refused: tuple[str, ...] = ()
    leaked: tuple[str, ...] = ()

    @property
    def delta(self) -> int:
        return self.trust_after - self.trust_before


@dataclass
class Meeting:
    playbook: Playbook
    seed: int
    mood: Mood
    node: Node
    rng: np.random.Generator
    minutes: int = 0
    known: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    moves: list[str] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    ending: str | None = None
    end_reason: str | None = None

    # -- starting, replaying -----------------------------------------------------------------

    @classmethod
    def start(cls, playbook: Playbook, seed: int) -> Meeting:
        rules, scenario = playbook.rules, playbook.scenario
        rng = np.random.default_rng(seed)
        variation = int(rng.integers(-rules.mood_variation, rules.mood_variation + 1)) if rules.mood_variation else 0
        trust = _clip(rules.start_trust + variation)
        mood = playbook.machine.join(trust, rules.patience)
        meeting = cls(playbook, seed, mood, scenario.node(scenario.start), rng)
        meeting._emit(MeetingStarted(scenario.id, seed, trust, rules.patience, mood.state, scenario.meeting_minutes))
        meeting._enter(meeting.node)
        return meeting

    @classmethod
    def replay(cls, playbook: Playbook, seed: int, moves: list[str]) -> Meeting:
        meeting = cls.start(playbook, seed)
        for move in moves:
            meeting.choose(move)
        return meeting

    def close(self) -> None:
        """Leave the persona machine without an ending (an abandoned or paused meeting)."""
        self.playbook.machine.leave(self.mood)

    # -- what the trainee sees ---------------------------------------------------------------

    @property
    def scenario(self) -> Scenario:
        return self.playbook.scenario

    @property
    def state(self) -> str:
        return self.mood.state

    @property
    def trust(self) -> int:
        return self.mood.trust

    @property
    def patience(self) -> int:
        return self.mood.patience

    @property
    def ended(self) -> bool:
        return self.ending is not None

    def choices(self) -> list[Choice]:
        """The choices on offer now, in authored order."""
        if self.ended:
            return []
        return [c for c in self.node.choices if self.holds(c.when)]

    def holds(self, condition: Condition | None) -> bool:
        if condition is None:
            return True
        if condition.state is not None and PersonaState(self.mood.state) not in condition.state:
            return False
        if condition.min_state is not None and (
            self.mood.state not in RUNG_NAMES
            or openness(self.mood.state) < openness(condition.min_state)
        ):
            return False
        known = set(self.known)
        return (
            known.issuperset(condition.known)
            and known.isdisjoint(condition.not_known)
            and self.flags.issuperset(condition.flags)
            and self.flags.isdisjoint(condition.not_flags)
        )

    # -- playing -----------------------------------------------------------------------------

    def choose(self, choice_id: str) -> list[Event]:
        """Play one move; returns the events it caused, in order."""
        if self.ended:
            raise IllegalMove("the meeting has ended")
        offered = {c.id: c for c in self.choices()}
        if choice_id not in offered:
            raise IllegalMove(f"{choice_id!r} is not on offer here (choices: {', '.join(offered)})")
        choice = offered[choice_id]
        first = len(self.events)
        mood, rules = self.mood, self.playbook.rules
        self.moves.append(choice_id)
        self.minutes += choice.effects.minutes
        self._emit(ChoiceMade(len(self.moves), self.node.id, choice.id, choice.text, self.minutes))
        self.flags.update(choice.sets)

        trust_before, asked_state = mood.trust, mood.state
        penalty, leaked, refused = 0, [], []
        for intel_id in choice.asks:
            if intel_id in self.known:
                continue
            item = self.scenario.intel_item(intel_id)
            if asked_state in RUNG_NAMES and openness(asked_state) >= openness(item.min_state):
                self._leak(item, volunteered=False)
                leaked.append(intel_id)
            else:
                cost = rules.refusal_penalty if item.refusal_penalty is None else item.refusal_penalty
                penalty += cost
                refused.append(intel_id)
                self._emit(IntelRefused(item.id, item.tier, item.title, item.refusal, cost))

        mood.trust = _clip(trust_before + choice.effects.trust - penalty)
        mood.last_delta = mood.trust - trust_before
        if mood.trust != trust_before:
            self._emit(TrustChanged(trust_before, mood.trust))
        patience_before = mood.patience
        mood.patience = max(0, mood.patience + choice.effects.patience)
        if mood.patience != patience_before:
            self._emit(PatienceChanged(patience_before, mood.patience))
        self.turns.append(Turn(len(self.moves), self.node.id, choice, trust_before, mood.trust,
                               tuple(refused), tuple(leaked)))

        self._settle()
        if not self.ended:
            self._go(self._next_node(choice))
        return self.events[first:]

    def _settle(self) -> None:
        before = self.mood.state
        self.mood.settle()
        after = self.mood.state
        if after == before:
            return
        self._emit(StateChanged(before, after))
        if after == PersonaState.WALKED_OUT.value:
            spent_patience = self.mood.patience <= 0
            self._end("walked_out", "patience" if spent_patience else "trust_floor", exit_line=True)
        elif after in RUNG_NAMES:
            self._volunteer(before, after)

    def _volunteer(self, before: str, after: str) -> None:
        low = openness(before) if before in RUNG_NAMES else -1
        high = openness(after)
        for item in self.scenario.intel:
            if item.volunteer_on and item.id not in self.known and low < openness(item.volunteer_on) <= high:
                self._leak(item, volunteered=True)

    def _next_node(self, choice: Choice) -> Node | None:
        for branch in choice.next:
            if self.holds(branch.when):
                return self.scenario.node(branch.node)
        return None

    def _go(self, node: Node | None) -> None:
        if node is not None and node.ending is not None:
            self.node = node
            self._say(node)
            self._end(node.ending, "ending_node")
            return
        if self.minutes >= self.scenario.meeting_minutes:
            self._end("out_of_time", "clock", exit_line=True)
            return
        if node is None:
            self._end("out_of_time", "no_choice", exit_line=True)
            return
        self._enter(node)

    def _enter(self, node: Node) -> None:
        self.node = node
        self._say(node)
        if not self.choices():
            self._end("out_of_time", "no_choice", exit_line=True)

    def _say(self, node: Node) -> None:
        specific = [line for line in node.lines if line.when is not None and self.holds(line.when)]
        candidates = specific or [line for line in node.lines if line.when is None] or list(node.lines)
        pick = int(self.rng.integers(len(candidates))) if len(candidates) > 1 else 0
        self._emit(ClientLine(node.id, candidates[pick].text))

    def _leak(self, item: Intel, *, volunteered: bool) -> None:
        self.known.append(item.id)
        self._emit(IntelLeaked(item.id, item.tier, item.title, item.reveal, volunteered))

    def _end(self, ending: str, reason: str, *, exit_line: bool = False) -> None:
        trigger = {"agreed": "agree", "walked_out": "walk_out", "out_of_time": "run_out"}[ending]
        before = self.mood.state
        if before != ending:
            getattr(self.mood, trigger)()
            self._emit(StateChanged(before, ending))
        line = self.scenario.persona.exit_lines.get(ending) if exit_line else None  # type: ignore[call-overload]
        if line is not None:
            self._emit(ClientLine(self.node.id, line))
        self.ending, self.end_reason = ending, reason
        self._emit(MeetingEnded(ending, reason))
        self.playbook.machine.leave(self.mood)

    def _emit(self, event: Event) -> None:
        self.events.append(event)
