"""Playtests without a trainee: exhaustive search of a meeting's reachable states, Monte Carlo, careless play."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

from game.content.model import LADDER, Choice, Condition, Scenario, ScenarioTest, openness
from game.engine.meeting import Meeting, Playbook
from game.engine.scoring import FAIL_LINE

# Moods as small ints: the ladder rungs are their own openness (0-3), so "at least open" is a comparison.
MOODS: tuple[str, ...] = (*(s.value for s in LADDER), "annoyed", "walked_out", "agreed", "out_of_time")
ANNOYED, WALKED_OUT, AGREED, OUT_OF_TIME = 4, 5, 6, 7
ENDING_MOOD = MappingProxyType({"agreed": AGREED, "walked_out": WALKED_OUT, "out_of_time": OUT_OF_TIME})

# Why a meeting ended, as the engine says it, plus two finer reasons the engine reports as "no_choice":
# a choice whose `next` branches all failed, and a node entered with no choice on offer (a dead end).
NO_NEXT, NO_OFFER = "no_next", "no_offer"


_new = tuple.__new__  # builds a Position from a tuple without the Python-level __new__ of a NamedTuple


def engine_reason(reason: str) -> str:
    return "no_choice" if reason in (NO_NEXT, NO_OFFER) else reason


class Position(NamedTuple):
    """Everything that decides how the rest of a meeting can go; line variants and the turn log do not."""

    node: int
    trust: int
    patience: int
    minutes: int
    mood: int
    known: int  # bit i: intel item i is in the notebook
    flags: int  # bit i: flag i is set
    reason: str = ""  # why it ended; "" while the meeting is live

    @property
    def live(self) -> bool:
        return not self.reason


# A condition compiled to (states or None, min openness or None, known, not_known, flags, not_flags masks).
_Cond = tuple[frozenset[int] | None, int | None, int, int, int, int] | None


@dataclass(frozen=True)
class _Choice:
    index: int
    id: str
    cond: _Cond
    trust: int
    patience: int
    minutes: int
    asks: tuple[tuple[int, int, int], ...]  # (intel bit, min openness, refusal cost)
    sets: int
    branches: tuple[tuple[int, _Cond], ...]
    slip: int  # 1 when the choice is tagged with a negative skill (a mistake, even one the client forgives)


@dataclass(frozen=True)
class _Node:
    id: str
    ending: str | None
    choices: tuple[_Choice, ...]


class Rulebook:
    """A meeting's rules compiled for search: the same outcomes as `Meeting.choose`, without events or objects.

    Kept equal to the engine by a test that replays random move lists through both.
    """

    def __init__(self, playbook: Playbook):
        self.playbook = playbook
        scenario, rules = playbook.scenario, playbook.rules
        self.scenario: Scenario = scenario
        self.intel_ids = [item.id for item in scenario.intel]
        self._intel_bit = {iid: 1 << i for i, iid in enumerate(self.intel_ids)}
        flag_names = sorted(_flag_names(scenario))
        self.flag_ids = flag_names
        self._flag_bit = {name: 1 << i for i, name in enumerate(flag_names)}
        self.node_ids = [node.id for node in scenario.nodes]
        index = {nid: i for i, nid in enumerate(self.node_ids)}
        self._node_index = index
        self.nodes = tuple(self._compile_node(node, index) for node in scenario.nodes)
        self.start_node = index[scenario.start]
        t = rules.thresholds
        self.thresholds = (t.warming, t.open, t.confiding)
        self.floor, self.drop = rules.trust_floor, rules.annoyed_drop
        self.low_patience, self.calm = rules.annoyed_patience, rules.calm_gain
        self.volunteers = tuple((self._intel_bit[i.id], openness(i.volunteer_on))
                                 for i in scenario.intel if i.volunteer_on)
        self.clock = scenario.meeting_minutes
        self.adjust = playbook.scoring.ending_adjustment
        self.required = self.mask(scenario.required_intel)
        self.pass_min, self.pass_ending = playbook.passing.min_satisfaction, playbook.passing.ending
        self._offers: dict[tuple[int, int, int, int], list[_Choice]] = {}
        self.slips = {(n, c.id): c.slip for n, node in enumerate(self.nodes) for c in node.choices}
        self.node_endings = [node.ending for node in self.nodes]
        self.rung_of = [self._rung(trust) for trust in range(101)]
        self._drop_line = -self.drop

    # -- compiling -------------------------------------------------------------------------------

    def mask(self, intel_ids: Sequence[str]) -> int:
        out = 0
        for iid in intel_ids:
            out |= self._intel_bit[iid]
        return out

    def intel_of(self, mask: int) -> list[str]:
        return [iid for i, iid in enumerate(self.intel_ids) if mask >> i & 1]

    def _cond(self, c: Condition | None) -> _Cond:
        if c is None:
            return None
        states = frozenset(MOODS.index(s.value) for s in c.state) if c.state is not None else None
        flags = {name: self._flag_bit[name] for name in self.flag_ids}
        return (states, openness(c.min_state) if c.min_state else None, self.mask(c.known), self.mask(c.not_known),
                sum(flags[f] for f in set(c.flags)), sum(flags[f] for f in set(c.not_flags)))

    def _compile_node(self, node: Any, index: dict[str, int]) -> _Node:
        rules, scenario = self.playbook.rules, self.scenario
        choices = []
        for k, c in enumerate(node.choices):
            asks = []
            for iid in c.asks:
                item = scenario.intel_item(iid)
                cost = rules.refusal_penalty if item.refusal_penalty is None else item.refusal_penalty
                asks.append((self._intel_bit[iid], openness(item.min_state), cost))
            choices.append(_Choice(k, c.id, self._cond(c.when), c.effects.trust, c.effects.patience,
                                   c.effects.minutes, tuple(asks),
                                   sum(self._flag_bit.get(f, 0) for f in set(c.sets)),
                                   tuple((index[b.node], self._cond(b.when)) for b in c.next),
                                   int(any(weight < 0 for weight in c.skills.values()))))
        return _Node(node.id, node.ending, tuple(choices))

    # -- the rules -------------------------------------------------------------------------------

    def start(self, trust: int) -> Position:
        """The position after `Meeting.start` with this opening trust."""
        pos = Position(self.start_node, trust, self.playbook.rules.patience, 0, self._rung(trust), 0, 0)
        if not self.offered(pos):
            return pos._replace(mood=OUT_OF_TIME, reason=NO_OFFER)
        return pos

    def opening_trust(self, seed: int) -> int:
        """The opening trust `Meeting.start` draws for this seed."""
        rules = self.playbook.rules
        rng = np.random.default_rng(seed)
        variation = int(rng.integers(-rules.mood_variation, rules.mood_variation + 1)) if rules.mood_variation else 0
        return int(np.clip(rules.start_trust + variation, 0, 100))

    def opening_trusts(self) -> list[int]:
        """Every opening trust a seed can give."""
        rules = self.playbook.rules
        v = rules.mood_variation
        return sorted({min(100, max(0, rules.start_trust + d)) for d in range(-v, v + 1)})

    def _holds(self, cond: _Cond, mood: int, known: int, flags: int) -> bool:
        if cond is None:
            return True
        states, min_open, k, nk, f, nf = cond
        if states is not None and mood not in states:
            return False
        if min_open is not None and (mood > 3 or mood < min_open):
            return False
        return known & k == k and not known & nk and flags & f == f and not flags & nf

    def offered(self, pos: Position) -> list[_Choice]:
        if pos.reason:
            return []
        # what is on offer depends only on these four, which many positions share
        key = (pos.node, pos.mood, pos.known, pos.flags)
        found = self._offers.get(key)
        if found is None:
            found = [c for c in self.nodes[pos.node].choices if self._holds(c.cond, pos.mood, pos.known, pos.flags)]
            self._offers[key] = found
        return found

    def _rung(self, trust: int) -> int:
        warming, open_, confiding = self.thresholds
        return 3 if trust >= confiding else 2 if trust >= open_ else 1 if trust >= warming else 0

    def step(self, pos: Position, choice: _Choice) -> Position:
        """The position after playing `choice` (which must be on offer) at `pos`."""
        node, before, patience, minutes, mood, known, flags, _ = pos
        minutes += choice.minutes
        flags |= choice.sets
        penalty = 0
        for bit, min_open, cost in choice.asks:
            if known & bit:
                continue
            if min_open <= mood <= 3:
                known |= bit
            else:
                penalty += cost
        trust = before + choice.trust - penalty
        trust = 0 if trust < 0 else 100 if trust > 100 else trust
        patience += choice.patience
        if patience < 0:
            patience = 0
        # the persona machine's `settle`: the first transition whose conditions hold
        if patience <= 0 or trust < self.floor:
            return _new(Position, (node, trust, patience, minutes, WALKED_OUT, known, flags,
                                   "patience" if patience <= 0 else "trust_floor"))
        delta = trust - before
        if mood <= 3:
            new = ANNOYED if delta <= self._drop_line or patience <= self.low_patience else self.rung_of[trust]
        else:
            new = self.rung_of[trust] if delta >= self.calm and patience > self.low_patience else ANNOYED
        if new != mood and new <= 3 and self.volunteers:
            low = mood if mood <= 3 else -1
            for bit, rung in self.volunteers:
                if not known & bit and low < rung <= new:
                    known |= bit
        target = -1
        for node_index, cond in choice.branches:
            if cond is None or self._holds(cond, new, known, flags):
                target = node_index
                break
        if target >= 0:
            ending = self.node_endings[target]
            if ending is not None:
                return _new(Position, (target, trust, patience, minutes, ENDING_MOOD[ending], known, flags,
                                       "ending_node"))
        if minutes >= self.clock:
            return _new(Position, (node, trust, patience, minutes, OUT_OF_TIME, known, flags, "clock"))
        if target < 0:
            return _new(Position, (node, trust, patience, minutes, OUT_OF_TIME, known, flags, NO_NEXT))
        offers = self._offers.get((target, new, known, flags))
        nxt = _new(Position, (target, trust, patience, minutes, new, known, flags, ""))
        if offers is None:
            offers = self.offered(nxt)
        if not offers:
            return _new(Position, (target, trust, patience, minutes, OUT_OF_TIME, known, flags, NO_OFFER))
        return nxt

    # -- the debrief's verdict -------------------------------------------------------------------

    def satisfaction(self, end: Position) -> int:
        return min(100, max(0, end.trust + self.adjust.get(MOODS[end.mood], 0)))

    def failures(self, end: Position) -> list[str]:
        """The debrief's failure reasons as short codes; empty when the meeting passed."""
        score = self.satisfaction(end)
        out = []
        if score <= FAIL_LINE:
            out.append("satisfaction_fail")
        elif score < self.pass_min:
            out.append("satisfaction_low")
        if MOODS[end.mood] != self.pass_ending:
            out.append(f"ending:{MOODS[end.mood]}:{engine_reason(end.reason)}")
        missing = self.required & ~end.known
        out += [f"missing_intel:{iid}" for iid in self.intel_of(missing)]
        return out

    def passed(self, end: Position) -> bool:
        return (MOODS[end.mood] == self.pass_ending and end.known & self.required == self.required
                and self.satisfaction(end) > FAIL_LINE and self.satisfaction(end) >= self.pass_min)


def _flag_names(scenario: Scenario) -> set[str]:
    """The flags some condition tests; a flag nothing tests cannot change the meeting, so the search ignores it."""
    names: set[str] = set()

    def cond(c: Condition | None) -> None:
        if c is not None:
            names.update(c.flags, c.not_flags)

    for node in scenario.nodes:
        for line in node.lines:
            cond(line.when)
        for choice in node.choices:
            cond(choice.when)
            for branch in choice.next:
                cond(branch.when)
    return names


# -- exhaustive search ---------------------------------------------------------------------------

Edge = tuple[str, Position]  # (choice id, where it leads)

# Every (ending, reason) a meeting can finish with; path counts per kind are packed into one big int,
# FIELD bits per kind, so adding up the counts of a position's successors is one integer addition.
ENDING_KINDS: tuple[tuple[str, str], ...] = (
    ("agreed", "ending_node"), ("walked_out", "ending_node"), ("walked_out", "patience"),
    ("walked_out", "trust_floor"), ("out_of_time", "ending_node"), ("out_of_time", "clock"),
    ("out_of_time", "no_choice"),
)
_KIND_INDEX = MappingProxyType({kind: i for i, kind in enumerate(ENDING_KINDS)})
FIELD = 256


class Facts(NamedTuple):
    """What can still happen from one position, over every way of playing on."""

    best: int  # best satisfaction; -1 when every way on loops back
    worst: int
    best_pass: int  # best satisfaction of a passing end; -1 when no way on passes
    intel_any: int  # intel some way on obtains
    intel_pass: int  # intel some passing way on obtains
    endings: int  # packed path counts per ENDING_KINDS
    best_move: int  # index into the position's edges; -1 at an end
    worst_move: int
    pass_move: int
    best_slips: int  # mistakes on the way to `best` by `best_move`: of equal scores, the path with fewer is best
    pass_slips: int


class SearchTooLarge(Exception):
    """A stage with more reachable positions than the search will hold in memory."""


MAX_POSITIONS = 2_000_000  # about 1 GB of positions; shipped stages reach tens of thousands


class StateGraph:
    """Reachable positions, their edges and what can happen from each; grows as openings are searched.

    Monte Carlo reuses the edges, so a random playthrough mostly walks a dict.
    """

    def __init__(self, rulebook: Rulebook, limit: int | None = None):
        self.rulebook = rulebook
        self.limit = MAX_POSITIONS if limit is None else limit
        self.edges: dict[Position, list[Edge]] = {}
        self.facts: dict[Position, Facts] = {}
        self.dead_ends: set[tuple[str, str | None]] = set()  # (node id, choice id, or None for "nothing offered")
        self.loops: set[tuple[str, str]] = set()  # (node id, choice id) that lead back to a position still open

    def successors(self, pos: Position) -> list[Edge]:
        found = self.edges.get(pos)
        if found is None:
            if len(self.edges) >= self.limit:
                raise SearchTooLarge(f"more than {self.limit:,} reachable positions: cut patience, the clock or the "
                                     "number of flags and intel items that can combine")
            rb = self.rulebook
            found = []
            step = rb.step
            for c in rb.offered(pos):
                nxt = step(pos, c)
                if nxt[7]:  # the meeting ended
                    if nxt.reason == NO_NEXT:
                        self.dead_ends.add((rb.node_ids[pos.node], c.id))
                    elif nxt.reason == NO_OFFER:
                        self.dead_ends.add((rb.node_ids[nxt.node], None))
                    # after the end only the verdict matters: one key per verdict keeps the graph small
                    kept = nxt[0] if nxt[7] in ("ending_node", NO_OFFER) else -1  # where it ended, if it matters
                    nxt = _new(Position, (kept, nxt[1], 0, 0, nxt[4], nxt[5], 0, nxt[7]))
                found.append((c.id, nxt))
            self.edges[pos] = found
        return found

    def solve(self, start: Position) -> Facts:
        """Facts for `start` and every position below it: one depth-first pass, children before parents.

        An edge back to a position still open is a loop (reported, and left out of the facts).
        """
        facts, rb = self.facts, self.rulebook
        if start in facts:
            return facts[start]
        if start.reason:
            if start.reason == NO_OFFER:
                self.dead_ends.add((rb.node_ids[start.node], None))
            facts[start] = self._end_facts(start)
            return facts[start]
        successors, end_facts, slips = self.successors, self._end_facts, rb.slips
        open_ = {start}
        stack: list[list[Any]] = [[start, successors(start), 0]]
        while stack:
            frame = stack[-1]
            pos, options, i = frame
            count = len(options)
            while i < count:
                nxt = options[i][1]
                i += 1
                if nxt in facts:
                    continue
                if nxt[7]:  # an end
                    facts[nxt] = end_facts(nxt)
                elif nxt in open_:
                    self.loops.add((rb.node_ids[pos.node], options[i - 1][0]))
                else:
                    frame[2] = i
                    open_.add(nxt)
                    stack.append([nxt, successors(nxt), 0])
                    break
            else:
                stack.pop()
                open_.discard(pos)
                # what can happen from here: the best, worst and best passing of what can happen next
                best = worst = best_pass = best_i = worst_i = pass_i = -1
                best_slips = pass_slips = 0
                intel_any = intel_pass = endings = 0
                for k, (choice_id, nxt) in enumerate(options):
                    f = facts.get(nxt)
                    if f is None:  # a loop edge
                        continue
                    f_best, f_worst, f_pass, f_any, f_intel_pass, f_endings, _, _, _, f_slips, f_pass_slips = f
                    endings += f_endings
                    intel_any |= f_any
                    slip = slips[pos.node, choice_id]
                    if f_best >= 0:
                        if f_best > best or f_best == best and f_slips + slip < best_slips:
                            best, best_i, best_slips = f_best, k, f_slips + slip
                        if worst < 0 or f_worst < worst:
                            worst, worst_i = f_worst, k
                    if f_pass >= 0:
                        intel_pass |= f_intel_pass
                        if f_pass > best_pass or f_pass == best_pass and f_pass_slips + slip < pass_slips:
                            best_pass, pass_i, pass_slips = f_pass, k, f_pass_slips + slip
                facts[pos] = _new(Facts, (best, worst, best_pass, intel_any, intel_pass, endings,
                                          best_i, worst_i, pass_i, best_slips, pass_slips))
        return facts[start]

    def _end_facts(self, end: Position) -> Facts:
        rb = self.rulebook
        score = rb.satisfaction(end)
        passed = rb.passed(end)
        kind = _KIND_INDEX[(MOODS[end.mood], engine_reason(end.reason))]
        return Facts(score, score, score if passed else -1, end.known, end.known if passed else 0,
                     1 << (FIELD * kind), -1, -1, -1, 0, 0)

    def reachable(self, start: Position) -> set[Position]:
        seen, todo = {start}, [start]
        edges = self.edges
        while todo:
            for _, nxt in edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen


def unpack_endings(packed: int) -> dict[tuple[str, str], int]:
    mask = (1 << FIELD) - 1
    counts = {kind: packed >> (FIELD * i) & mask for i, kind in enumerate(ENDING_KINDS)}
    return {kind: n for kind, n in sorted(counts.items()) if n}


@dataclass(frozen=True)
class Path:
    moves: tuple[str, ...]
    satisfaction: int
    passed: bool
    ending: str
    reason: str
    known: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"moves": list(self.moves), "satisfaction": self.satisfaction, "passed": self.passed,
                "ending": self.ending, "reason": self.reason, "intel": list(self.known)}


@dataclass(frozen=True)
class SearchResult:
    """The exhaustive search of one stage from one opening trust."""

    opening_trust: int
    positions: int
    best: Path | None  # the best-scoring passing path, else None
    best_any: Path
    worst: Path
    endings: dict[tuple[str, str], int]  # (ending, reason) -> number of distinct move lists
    intel_reachable: tuple[str, ...]
    intel_on_passing: tuple[str, ...]
    offered: frozenset[tuple[str, str]]  # (node id, choice id) some reachable position offers
    on_passing: frozenset[tuple[str, str]]  # (node id, choice id) on some passing path
    nodes_reached: frozenset[str]
    dead_ends: frozenset[tuple[str, str | None]]
    loops: frozenset[tuple[str, str]]

    @property
    def winnable(self) -> bool:
        return self.best is not None


def search(playbook: Playbook, *, seed: int | None = None, opening_trust: int | None = None,
           graph: StateGraph | None = None) -> SearchResult:
    """Every reachable position of the meeting from one opening (by seed, or by trust; default: no variation).

    Stages where every move takes time are swept a layer of the clock at a time in NumPy (`sweep`); the
    rest, and any search handed a `graph` to grow, go depth first through `StateGraph`, which finds loops.
    """
    rb = graph.rulebook if graph is not None else Rulebook(playbook)
    if opening_trust is None:
        opening_trust = rb.opening_trust(seed) if seed is not None else playbook.rules.start_trust
    start = rb.start(opening_trust)
    if graph is None:
        swept = _sweep(rb, [start])
        if swept is not None:
            return swept.result(opening_trust)
        graph = StateGraph(rb)
    top = graph.solve(start)
    facts = graph.facts
    reached = graph.reachable(start)
    offered, on_passing, nodes = set(), set(), set()
    for pos in reached:
        if pos.reason:
            if pos.reason in ("ending_node", NO_OFFER):
                nodes.add(rb.node_ids[pos.node])
            continue
        node_id = rb.node_ids[pos.node]
        nodes.add(node_id)
        for choice_id, nxt in graph.edges[pos]:
            offered.add((node_id, choice_id))
            below = facts.get(nxt)
            if below is not None and below.best_pass >= 0:
                on_passing.add((node_id, choice_id))
    loops = {loop for loop in graph.loops if loop[0] in nodes}
    return SearchResult(
        opening_trust=opening_trust,
        positions=len(reached),
        best=_follow(graph, start, "pass_move") if top.best_pass >= 0 else None,
        best_any=_follow(graph, start, "best_move"),
        worst=_follow(graph, start, "worst_move"),
        endings=unpack_endings(top.endings),
        intel_reachable=tuple(rb.intel_of(top.intel_any)),
        intel_on_passing=tuple(rb.intel_of(top.intel_pass)),
        offered=frozenset(offered), on_passing=frozenset(on_passing), nodes_reached=frozenset(nodes),
        dead_ends=frozenset(d for d in graph.dead_ends if d[0] in nodes), loops=frozenset(loops),
    )


def _sweep(rb: Rulebook, starts: Sequence[Position]) -> Any:
    """The NumPy sweep from these live starts, or None where only the depth-first search applies."""
    from game.engine import sweep  # it builds on this module's rules and results

    if not starts or not all(p.live for p in starts) or not sweep.Tables.supports(rb):
        return None
    return sweep.Sweep(sweep.Tables(rb), starts)


def winnable_openings(rulebook: Rulebook, trusts: Sequence[int] | None = None) -> dict[int, bool]:
    """Whether some way of playing passes, for each opening trust (default: every one a seed can give)."""
    starts = {t: rulebook.start(t) for t in (rulebook.opening_trusts() if trusts is None else trusts)}
    live = [p for p in starts.values() if p.live]  # an opening with nothing on offer cannot pass
    swept = _sweep(rulebook, live)
    if swept is not None:
        won = {p.trust: swept.winnable(i) for i, p in enumerate(live)}
        return {t: won.get(t, False) for t in starts}
    graph = StateGraph(rulebook)
    return {t: graph.solve(p).best_pass >= 0 for t, p in starts.items()}


def _follow(graph: StateGraph, start: Position, move: str) -> Path:
    rb, pos, taken = graph.rulebook, start, []
    while pos.live:
        k = getattr(graph.facts[pos], move)
        if k < 0:
            break
        choice_id, pos = graph.edges[pos][k]
        taken.append(choice_id)
    return Path(tuple(taken), rb.satisfaction(pos), rb.passed(pos) if not pos.live else False,
                MOODS[pos.mood] if not pos.live else "", engine_reason(pos.reason), tuple(rb.intel_of(pos.known)))


def search_every_opening(playbook: Playbook) -> tuple[SearchResult, dict[int, bool]]:
    """The search from the usual opening trust, and whether each opening trust a seed can give is winnable."""
    return search(playbook, opening_trust=playbook.rules.start_trust), winnable_openings(Rulebook(playbook))


# -- Monte Carlo ---------------------------------------------------------------------------------

DEFAULT_RUNS = 10_000  # what `playtest` runs unless told otherwise, and what authors balance against

@dataclass(frozen=True)
class MonteCarloResult:
    runs: int
    seed: int
    pass_rate: float
    satisfaction: dict[str, float]  # min, q1, median, q3, max, mean
    intel_share: dict[str, float]
    failure_reasons: list[tuple[str, int]]  # most common first
    endings: dict[str, int]
    examples: dict[str, tuple[int, tuple[str, ...]]]  # failure reason -> (opening trust, moves) of its first run

    def as_dict(self) -> dict[str, Any]:
        return {"runs": self.runs, "seed": self.seed, "pass_rate": self.pass_rate, "satisfaction": self.satisfaction,
                "intel_share": self.intel_share, "endings": self.endings,
                "failure_reasons": [{"reason": r, "runs": n, "example": {"opening_trust": self.examples[r][0],
                                                                        "moves": list(self.examples[r][1])}}
                                    for r, n in self.failure_reasons]}


def monte_carlo(playbook: Playbook, runs: int, seed: int = 0, *, graph: StateGraph | None = None,
                progress: Callable[[int, int], None] | None = None) -> MonteCarloResult:
    """`runs` playthroughs with uniformly random choices, all drawn from `seed`.

    Each run's opening trust is drawn as `Meeting.start` draws it (uniform over the mood variation); runs
    that end in the same place are tallied together and scored once. The first run to fail for each
    reason is kept (opening trust and moves), so an author can replay an example of it.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    graph = graph or StateGraph(Rulebook(playbook))
    rb, rules = graph.rulebook, playbook.rules
    master = np.random.default_rng(seed)
    variation = rules.mood_variation
    trusts = np.clip(rules.start_trust + master.integers(-variation, variation + 1, size=runs), 0, 100).tolist()
    openings = {t: rb.start(t) for t in rb.opening_trusts()}
    width = 64
    ends: dict[Position, int] = {}
    first: dict[Position, tuple[int, tuple[str, ...]]] = {}  # per end: the first run there (trust, moves)
    successors, edges = graph.successors, graph.edges
    step_every = max(1, runs // 100)
    for start_run in range(0, runs, 4096):
        block = min(4096, runs - start_run)
        draws = master.random((block, width)).tolist()
        for k in range(block):
            trust = trusts[start_run + k]
            pos, taken = openings[trust], []
            row, turn = draws[k], 0
            while not pos.reason:
                options = edges.get(pos) or successors(pos)
                if turn == width:  # a very long playthrough: more draws, still from the same generator
                    row, turn = master.random(width).tolist(), 0
                move, pos = options[int(row[turn] * len(options))]
                taken.append(move)
                turn += 1
            seen = ends.get(pos)
            if seen is None:
                ends[pos], first[pos] = 1, (trust, tuple(taken))
            else:
                ends[pos] = seen + 1
            if progress is not None and (start_run + k + 1) % step_every == 0:
                progress(start_run + k + 1, runs)
    scores = np.repeat([rb.satisfaction(end) for end in ends], list(ends.values()))
    passes = sum(n for end, n in ends.items() if rb.passed(end))
    reasons: Counter[str] = Counter()
    endings: Counter[str] = Counter()
    share = dict.fromkeys(rb.intel_ids, 0.0)
    examples: dict[str, tuple[int, tuple[str, ...]]] = {}
    for end, n in ends.items():  # in order of each end's first run, so the first example per reason is kept
        endings[MOODS[end.mood]] += n
        for reason in rb.failures(end):
            reasons[reason] += n
            examples.setdefault(reason, first[end])
        for iid in rb.intel_of(end.known):
            share[iid] += n / runs
    q = np.percentile(scores, [0, 25, 50, 75, 100])
    return MonteCarloResult(
        runs=runs, seed=seed, pass_rate=passes / runs,
        satisfaction={"min": float(q[0]), "q1": float(q[1]), "median": float(q[2]), "q3": float(q[3]),
                      "max": float(q[4]), "mean": round(float(scores.mean()), 2)},
        intel_share={iid: round(v, 6) for iid, v in share.items()},
        failure_reasons=sorted(reasons.items(), key=lambda item: (-item[1], item[0])),
        endings=dict(sorted(endings.items())),
        examples=examples,
    )


# -- careless play -------------------------------------------------------------------------------

Strategy = Callable[[Sequence[Choice]], Choice]


def talkative(offered: Sequence[Choice]) -> Choice:
    """The careless talker: always the offered choice with the longest English text (the first on ties)."""
    return max(offered, key=lambda c: len(c.text.get("en")))


def pushy(offered: Sequence[Choice]) -> Choice:
    """The careless pusher: the most `asks`; ties go to the most negative trust effect, then the first."""
    return max(offered, key=lambda c: (len(c.asks), -c.effects.trust))


STRATEGIES: Mapping[str, Strategy] = MappingProxyType({"talkative": talkative, "pushy": pushy})


def follow(playbook: Playbook, strategy: Strategy, seed: int = 0, max_turns: int = 500) -> Meeting:
    """Play a whole meeting with the real engine, letting `strategy` pick every move."""
    meeting = Meeting.start(playbook, seed)
    while not meeting.ended and len(meeting.moves) < max_turns:
        meeting.choose(strategy(meeting.choices()).id)
    return meeting


# -- authors' test cases -------------------------------------------------------------------------

def usual_seed(playbook: Playbook) -> int:
    """The first seed that opens the meeting at the persona's own `start_trust` (no mood variation)."""
    return seed_opening_at(playbook, playbook.rules.start_trust)


def seed_opening_at(playbook: Playbook, trust: int) -> int:
    """The first seed whose meeting opens at this trust (one the mood variation can give)."""
    return opening_seeds(Rulebook(playbook))[trust]


def opening_seeds(rulebook: Rulebook) -> dict[int, int]:
    """The first seed for each opening trust a seed can give: one pass over the seeds, for many look-ups."""
    wanted, found = set(rulebook.opening_trusts()), {}
    for seed in range(10_000):
        found.setdefault(rulebook.opening_trust(seed), seed)
        if len(found) == len(wanted):
            break
    return found


def check_case(playbook: Playbook, case: ScenarioTest, seed: int | None = None) -> list[str]:
    """What does not hold after playing an author's test case; empty when it all holds.

    Played from the client's usual mood (`usual_seed`) unless a seed is given, so a case means the same
    whatever seed a playtest uses.
    """
    from game.engine.meeting import IllegalMove
    from game.engine.scoring import debrief

    meeting = Meeting.start(playbook, usual_seed(playbook) if seed is None else seed)
    for number, move in enumerate(case.moves, 1):
        try:
            meeting.choose(move)
        except IllegalMove as exc:
            return [f"move {number} `{move}`: {exc}"]
    problems = []
    known = set(meeting.known)
    problems += [f"intel `{iid}` was not obtained" for iid in case.intel if iid not in known]
    problems += [f"intel `{iid}` was obtained" for iid in case.not_intel if iid in known]
    wants_end = case.passed is not None or case.ending is not None or case.satisfaction is not None
    if not meeting.ended:
        if wants_end:
            problems.append(f"the meeting has not ended after {len(case.moves)} move(s)")
        return problems
    result = debrief(meeting)
    if case.passed is not None and result.passed != case.passed:
        why = "; ".join(r.code for r in result.reasons)
        problems.append(f"expected {'a pass' if case.passed else 'a fail'}, got "
                        f"{'a pass' if result.passed else 'a fail'}" + (f" ({why})" if why else ""))
    if case.ending is not None and result.ending != case.ending:
        problems.append(f"expected the ending {case.ending}, got {result.ending}")
    if case.satisfaction is not None:
        low, high = case.satisfaction
        if not low <= result.satisfaction <= high:
            problems.append(f"satisfaction {result.satisfaction} is outside {low}-{high}")
    return problems
