"""The playtest search a layer of the clock at a time, in NumPy: `StateGraph`'s facts for stages where every move takes time.

When every choice costs at least a minute, no position can come back, and the reachable positions fall
into layers by minutes used. Each layer is expanded and stepped as whole arrays (one NumPy operation per
rule, not one Python call per position), and the facts are then folded from the last layer back to the
first. The rules are `Rulebook.step`'s, written for arrays; a test holds the two searches to the same
answer on every fixture and on shipped stages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from game.engine import explore
from game.engine.explore import (ANNOYED, ENDING_KINDS, ENDING_MOOD, MOODS, NO_NEXT, NO_OFFER,
                                 OUT_OF_TIME, WALKED_OUT, Path, Position, Rulebook, SearchResult, SearchTooLarge,
                                 engine_reason)
from game.engine.scoring import FAIL_LINE

# Why a position ended, as a small int; 0 while the meeting is live.
REASONS: tuple[str, ...] = ("", "ending_node", "patience", "trust_floor", "clock", NO_NEXT, NO_OFFER)
LIVE, AT_ENDING, PATIENCE, TRUST_FLOOR, CLOCK, R_NO_NEXT, R_NO_OFFER = range(len(REASONS))
ALL_MOODS = (1 << len(MOODS)) - 1
COUNT_LIMIT = 1 << 52  # path counts beyond this switch to Python ints, so adding a node's edges cannot overflow
RANK_BITS = 24  # an edge's place among its position's edges, packed under the value it leads to
RANK_MASK = (1 << RANK_BITS) - 1
SLIP_BITS = 12  # mistakes on a path, packed under its score: of equal scores, fewer mistakes is better
SLIP_MASK = (1 << SLIP_BITS) - 1


class Layout:
    """How a position packs into one int64 key: the fields side by side, widths fitted to the stage."""

    def __init__(self, widths: Sequence[tuple[str, int]]):
        self.shift: dict[str, int] = {}
        self.mask: dict[str, int] = {}
        at = 0
        for name, width in widths:
            self.shift[name], self.mask[name] = at, (1 << width) - 1
            at += width
        self.bits = at

    def pack(self, **fields: np.ndarray) -> np.ndarray:
        key = np.zeros(len(next(iter(fields.values()))), dtype=np.int64)
        for name, values in fields.items():
            key |= values.astype(np.int64) << self.shift[name]
        return key

    def get(self, keys: np.ndarray, name: str) -> np.ndarray:
        return (keys >> self.shift[name]) & self.mask[name]


@dataclass(frozen=True)
class _Cond:
    """Conditions as arrays, one row per choice (or per choice and branch); no condition holds everywhere."""

    states: np.ndarray  # bit m set: mood m is allowed
    min_open: np.ndarray  # -1: no minimum
    known: np.ndarray
    not_known: np.ndarray
    flags: np.ndarray
    not_flags: np.ndarray
    always: np.ndarray  # no condition at all: holds without looking

    @classmethod
    def build(cls, conds: Sequence[tuple | None]) -> _Cond:
        rows = [(ALL_MOODS, -1, 0, 0, 0, 0) if c is None else
                (ALL_MOODS if c[0] is None else sum(1 << m for m in c[0]), -1 if c[1] is None else c[1], *c[2:])
                for c in conds]
        columns = np.array(rows, dtype=np.int64).reshape(len(rows), 6).T
        return cls(*columns, np.array([c is None for c in conds], dtype=bool))

    def holds(self, at: np.ndarray, mood: np.ndarray, known: np.ndarray, flags: np.ndarray) -> np.ndarray:
        """Whether row `at` holds for each (mood, known, flags), as `Rulebook._holds` decides it."""
        out = self.always[at]
        test = np.flatnonzero(~out)  # most choices and branches have no condition: test only the others
        if len(test):
            out[test] = self._test(at[test], mood[test], known[test], flags[test])
        return out

    def _test(self, at: np.ndarray, mood: np.ndarray, known: np.ndarray, flags: np.ndarray) -> np.ndarray:
        min_open, k, f = self.min_open[at], self.known[at], self.flags[at]
        return (((self.states[at] >> mood) & 1).astype(bool)
                & ((min_open < 0) | ((mood <= 3) & (mood >= min_open)))
                & (known & k == k) & (known & self.not_known[at] == 0)
                & (flags & f == f) & (flags & self.not_flags[at] == 0))


class Tables:
    """A stage's rules compiled to arrays: every choice of every node in one row, in the nodes' order."""

    def __init__(self, rb: Rulebook):
        self.rb = rb
        choices = [c for node in rb.nodes for c in node.choices]
        self.choice_node = np.array([n for n, node in enumerate(rb.nodes) for _ in node.choices], dtype=np.int64)
        self.choice_ids = [c.id for c in choices]
        counts = [len(node.choices) for node in rb.nodes]
        self.node_count = np.array(counts, dtype=np.int64)
        self.node_first = np.cumsum([0, *counts[:-1]]).astype(np.int64)
        self.cond = _Cond.build([c.cond for c in choices])
        self.trust = np.array([c.trust for c in choices], dtype=np.int64)
        self.patience = np.array([c.patience for c in choices], dtype=np.int64)
        self.minutes = np.array([c.minutes for c in choices], dtype=np.int64)
        self.sets = np.array([c.sets for c in choices], dtype=np.int64)
        self.slip = np.array([c.slip for c in choices], dtype=np.int64)
        asks = max((len(c.asks) for c in choices), default=0)
        self.asks = np.zeros((len(choices), asks, 3), dtype=np.int64)  # (intel bit, min openness, refusal cost)
        for g, c in enumerate(choices):
            for a, ask in enumerate(c.asks):
                self.asks[g, a] = ask
        width = max((len(c.branches) for c in choices), default=0)
        self.branch_to = np.full((len(choices), width), -1, dtype=np.int64)
        branch_conds = []
        for g, c in enumerate(choices):
            for b, (target, _) in enumerate(c.branches):
                self.branch_to[g, b] = target
            branch_conds += [c.branches[b][1] if b < len(c.branches) else None for b in range(width)]
        self.branch_cond = _Cond.build(branch_conds)
        self.branch_width = width
        self.ending_mood = np.array([-1 if e is None else ENDING_MOOD[e] for e in rb.node_endings], dtype=np.int64)
        self.rung_of = np.array(rb.rung_of, dtype=np.int64)
        self.adjust = np.array([rb.adjust.get(m, 0) for m in MOODS], dtype=np.int64)
        self.kind = np.full((len(MOODS), len(REASONS)), -1, dtype=np.int64)
        for i, (mood, reason) in enumerate(ENDING_KINDS):
            for r, name in enumerate(REASONS):
                if name and engine_reason(name) == reason:
                    self.kind[MOODS.index(mood), r] = i
        self.layout = self._layout(rb, choices)

    @staticmethod
    def _layout(rb: Rulebook, choices: Sequence) -> Layout:
        shortest = min((c.minutes for c in choices), default=1)
        turns = -(-rb.clock // max(shortest, 1))
        most_patience = rb.playbook.rules.patience + max(0, *(c.patience for c in choices)) * turns
        return Layout([("reason", 3), ("mood", 3), ("trust", 7), ("patience", most_patience.bit_length()),
                       ("minutes", rb.clock.bit_length()), ("node", (len(rb.nodes) + 1).bit_length()),
                       ("known", len(rb.intel_ids)), ("flags", len(rb.flag_ids))])

    @staticmethod
    def supports(rb: Rulebook) -> bool:
        """Stages whose every choice takes time (no position can come back) and whose positions fit a key."""
        choices = [c for node in rb.nodes for c in node.choices]
        return bool(choices) and min(c.minutes for c in choices) > 0 and Tables._layout(rb, choices).bits <= 63

    def offered(self, node: np.ndarray, mood: np.ndarray, known: np.ndarray, flags: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
        """(position index, choice row) of every choice on offer, grouped by position, in the node's order."""
        count = self.node_count[node]
        src = np.repeat(np.arange(len(node)), count)
        first = np.cumsum(count) - count
        g = self.node_first[node][src] + np.arange(len(src)) - first[src]
        keep = self.cond.holds(g, mood[src], known[src], flags[src])
        return src[keep], g[keep]


@dataclass
class _Layer:
    keys: np.ndarray  # live positions with something on offer, sorted
    src: np.ndarray  # per edge: index into keys
    choice: np.ndarray  # per edge: choice row
    dst: np.ndarray  # per edge: key of where it leads


class Sweep:
    """Every position reachable from some live starts (openings), its edges, and what can happen from each.

    Several openings share most of what follows them, so sweeping them together costs far less than
    sweeping each; `result` describes a sweep from one start.
    """

    def __init__(self, tables: Tables, starts: Sequence[Position], limit: int | None = None):
        self.tables, self.rb, self.layout = tables, tables.rb, tables.layout
        self.limit = explore.MAX_POSITIONS if limit is None else limit  # read now: tests lower it
        self.no_next: set[int] = set()  # choice rows whose `next` found no branch
        self.no_offer: set[int] = set()  # nodes entered with nothing on offer
        self.starts = list(starts)
        layers, ends, aliases, alias_ends = self._explore()
        self._index(layers, ends, aliases, alias_ends)
        self._fold()

    # -- exploring, a layer of the clock at a time ---------------------------------------------------

    def _keys(self, positions: Sequence[Position]) -> np.ndarray:
        column = lambda name: np.array([getattr(p, name) for p in positions], dtype=np.int64)  # noqa: E731
        return self.layout.pack(reason=np.zeros(len(positions), dtype=np.int64), mood=column("mood"),
                                trust=column("trust"), patience=column("patience"), minutes=column("minutes"),
                                node=column("node") + 1, known=column("known"), flags=column("flags"))

    def _explore(self) -> tuple[list[_Layer], list[np.ndarray], np.ndarray, np.ndarray]:
        t, lay = self.tables, self.layout
        assert all(p.live and p.minutes == 0 for p in self.starts), "a sweep starts from live openings"
        pending: dict[int, list[np.ndarray]] = {0: [self._keys(self.starts)]}
        layers: list[_Layer] = []
        ends: list[np.ndarray] = []
        aliases: list[np.ndarray] = []
        alias_ends: list[np.ndarray] = []
        seen = 0
        while pending:
            keys = _unique(np.concatenate(pending.pop(min(pending))))
            seen += len(keys)
            if seen > self.limit:
                raise SearchTooLarge(f"more than {self.limit:,} reachable positions: cut patience, the clock or "
                                     "the number of flags and intel items that can combine")
            node, mood = lay.get(keys, "node") - 1, lay.get(keys, "mood")
            known, flags = lay.get(keys, "known"), lay.get(keys, "flags")
            src, g = t.offered(node, mood, known, flags)
            # a position with nothing on offer is an end (as `Rulebook.step` decides), known by another key
            stuck = np.bincount(src, minlength=len(keys)) == 0
            if stuck.any():
                self.no_offer.update(node[stuck].tolist())
                aliases.append(keys[stuck])
                alias_ends.append(self._end(node[stuck], lay.get(keys[stuck], "trust"), OUT_OF_TIME, known[stuck],
                                            R_NO_OFFER))
                src = (np.cumsum(~stuck) - 1)[src]
                keys = keys[~stuck]
                if not len(keys):
                    continue
            dst, ended = self._step(keys[src], g)
            ends.append(dst[ended])
            live = dst[~ended]
            minutes = lay.get(live, "minutes")
            for m in np.flatnonzero(np.bincount(minutes)).tolist():
                pending.setdefault(m, []).append(live[minutes == m])
            layers.append(_Layer(keys, src, g, dst))
        return layers, ends, _cat(aliases), _cat(alias_ends)

    def _end(self, node: np.ndarray, trust: np.ndarray, mood: np.ndarray | int, known: np.ndarray,
             reason: np.ndarray | int) -> np.ndarray:
        """An end's key: only the verdict matters after the end, so patience, minutes and flags are dropped."""
        zero = np.zeros(len(trust), dtype=np.int64)
        return self.layout.pack(reason=zero + reason, mood=zero + mood, trust=trust, node=node + 1, known=known)

    def _step(self, keys: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`Rulebook.step` for every (position, choice) at once: the keys where they lead, and which ended."""
        t, lay, rb = self.tables, self.layout, self.rb
        before, mood = lay.get(keys, "trust"), lay.get(keys, "mood")
        known, flags = lay.get(keys, "known"), lay.get(keys, "flags") | t.sets[g]
        minutes = lay.get(keys, "minutes") + t.minutes[g]
        penalty = np.zeros(len(keys), dtype=np.int64)
        for a in range(t.asks.shape[1]):
            bit, min_open, cost = t.asks[g, a, 0], t.asks[g, a, 1], t.asks[g, a, 2]
            asked = (bit != 0) & (known & bit == 0)
            told = asked & (min_open <= mood) & (mood <= 3)
            known = known | np.where(told, bit, 0)
            penalty += np.where(asked & ~told, cost, 0)
        trust = np.clip(before + t.trust[g] - penalty, 0, 100)
        patience = np.maximum(lay.get(keys, "patience") + t.patience[g], 0)
        walked = (patience <= 0) | (trust < rb.floor)
        # the persona machine's `settle`
        delta, rung = trust - before, t.rung_of[trust]
        low = patience <= rb.low_patience
        new = np.where(mood <= 3, np.where((delta <= -rb.drop) | low, ANNOYED, rung),
                       np.where((delta >= rb.calm) & ~low, rung, ANNOYED))
        told_before = known
        if rb.volunteers:
            moved = (new != mood) & (new <= 3)
            floor = np.where(mood <= 3, mood, -1)
            for bit, rung_needed in rb.volunteers:
                known = known | np.where(moved & (floor < rung_needed) & (rung_needed <= new), bit, 0)
        target = np.full(len(keys), -1, dtype=np.int64)
        for b in range(t.branch_width):
            to = t.branch_to[g, b]
            open_ = np.flatnonzero((target < 0) & (to >= 0))  # edges still looking for a branch, and this one exists
            found = t.branch_cond.holds(g[open_] * t.branch_width + b, new[open_], known[open_], flags[open_])
            target[open_[found]] = to[open_[found]]
        end_mood = np.where(target >= 0, t.ending_mood[np.maximum(target, 0)], -1)
        at_ending = ~walked & (end_mood >= 0)
        clock = ~walked & ~at_ending & (minutes >= rb.clock)
        no_next = ~walked & ~at_ending & ~clock & (target < 0)
        if no_next.any():
            self.no_next.update(np.unique(g[no_next]).tolist())
        ended = walked | at_ending | clock | no_next
        reason = np.select([walked & (patience <= 0), walked, at_ending, clock], [PATIENCE, TRUST_FLOOR, AT_ENDING,
                           CLOCK], R_NO_NEXT)
        end_keys = self._end(np.where(at_ending, target, -1), trust,
                             np.select([walked, at_ending], [WALKED_OUT, end_mood], OUT_OF_TIME),
                             np.where(walked, told_before, known), reason)
        live_keys = lay.pack(reason=np.zeros(len(keys), dtype=np.int64), mood=new, trust=trust, patience=patience,
                             minutes=minutes, node=target + 1, known=known, flags=flags)
        return np.where(ended, end_keys, live_keys), ended

    # -- numbering every position --------------------------------------------------------------------

    def _index(self, layers: list[_Layer], ends: list[np.ndarray], aliases: np.ndarray, alias_ends: np.ndarray
               ) -> None:
        self.live = np.concatenate([layer.keys for layer in layers])
        self.ends = _unique(np.concatenate([*ends, alias_ends]))
        everything = np.concatenate([self.live, self.ends])
        order = np.argsort(everything, kind="stable")
        ordered = everything[order]
        by_alias = np.argsort(aliases)
        aliases, alias_ends = aliases[by_alias], alias_ends[by_alias]

        def ids(keys: np.ndarray) -> np.ndarray:
            if len(aliases):
                at = np.minimum(np.searchsorted(aliases, keys), len(aliases) - 1)
                keys = np.where(aliases[at] == keys, alias_ends[at], keys)
            return order[np.searchsorted(ordered, keys)]

        offsets = np.cumsum([0, *(len(layer.keys) for layer in layers)])
        self.layer_bounds = list(zip(offsets[:-1].tolist(), offsets[1:].tolist()))
        self.src = np.concatenate([layer.src + offset for layer, offset in zip(layers, offsets)])
        self.choice = np.concatenate([layer.choice for layer in layers])
        self.dst = ids(np.concatenate([layer.dst for layer in layers]))
        self.edge_start = np.searchsorted(self.src, np.arange(len(self.live) + 1))
        self.start_ids = ids(self._keys(self.starts)).tolist()
        self.positions = len(everything)

    # -- folding the facts back from the last layer to the first -----------------------------------

    def _fold(self) -> None:
        """Facts for every position, children before parents: best, worst and best passing satisfaction (with the
        first edge that reaches each), the intel some way on (or some passing way on) obtains, and path counts."""
        t, lay, rb = self.tables, self.layout, self.rb
        live, size = len(self.live), self.positions
        mood, trust = lay.get(self.ends, "mood"), lay.get(self.ends, "trust")
        known, reason = lay.get(self.ends, "known"), lay.get(self.ends, "reason")
        score = np.clip(trust + t.adjust[mood], 0, 100)
        passed = ((mood == MOODS.index(rb.pass_ending)) & (known & rb.required == rb.required)
                  & (score > FAIL_LINE) & (score >= rb.pass_min))
        best, worst = np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.int64)
        best_pass, intel_any, intel_pass = best.copy(), best.copy(), best.copy()
        best_slips, pass_slips = best.copy(), best.copy()  # ends: none
        best[live:], worst[live:], best_pass[live:] = score, score, np.where(passed, score, -1)
        intel_any[live:], intel_pass[live:] = known, np.where(passed, known, 0)  # 0 unless some way on passes
        counts: np.ndarray = np.zeros((size, len(ENDING_KINDS)), dtype=np.int64)
        counts[np.arange(live, size), t.kind[mood, reason]] = 1
        moves = np.full((live, 3), -1, dtype=np.int64)  # best, worst, best passing: index among the edges
        for first, last in reversed(self.layer_bounds):
            a, b = self.edge_start[first], self.edge_start[last]
            starts = self.edge_start[first:last] - a
            rank = np.arange(b - a) - np.repeat(starts, np.diff(np.append(starts, b - a)))
            dst, slip = self.dst[a:b], t.slip[self.choice[a:b]]
            # one reduction finds each best and the first edge reaching it: the score (less the path's
            # mistakes) in the high bits, the edge's rank in the low bits
            top = np.maximum.reduceat((((best[dst] << SLIP_BITS) - slip - best_slips[dst]) << RANK_BITS)
                                      | (RANK_MASK - rank), starts)
            top_pass = np.maximum.reduceat((((best_pass[dst] << SLIP_BITS) - slip - pass_slips[dst]) << RANK_BITS)
                                           | (RANK_MASK - rank), starts)
            bottom = np.minimum.reduceat((worst[dst] << RANK_BITS) | rank, starts)
            best[first:last], best_slips[first:last] = _score_and_slips(top >> RANK_BITS)
            best_pass[first:last], pass_slips[first:last] = _score_and_slips(top_pass >> RANK_BITS)
            worst[first:last] = bottom >> RANK_BITS
            moves[first:last, 0] = RANK_MASK - (top & RANK_MASK)
            moves[first:last, 1] = bottom & RANK_MASK
            moves[first:last, 2] = np.where(best_pass[first:last] >= 0, RANK_MASK - (top_pass & RANK_MASK), -1)
            intel_any[first:last] = np.bitwise_or.reduceat(intel_any[dst], starts)
            intel_pass[first:last] = np.bitwise_or.reduceat(intel_pass[dst], starts)
            paths = counts[dst]
            if counts.dtype != object and paths.max(initial=0) > COUNT_LIMIT:
                counts = counts.astype(object)
                paths = counts[dst]
            counts[first:last] = np.add.reduceat(paths, starts, axis=0)
        self.best_pass, self.intel_any, self.intel_pass = best_pass, intel_any, intel_pass
        self.counts, self.moves = counts, moves

    # -- answers -------------------------------------------------------------------------------------

    def follow(self, move: int) -> Path:
        """The path that keeps taking one kind of move (0 best, 1 worst, 2 best passing) from the first start."""
        at, taken = self.start_ids[0], []
        while at < len(self.live):
            k = int(self.moves[at, move])
            if k < 0:
                break
            edge = self.edge_start[at] + k
            taken.append(self.tables.choice_ids[self.choice[edge]])
            at = int(self.dst[edge])
        key = self.ends[at - len(self.live)]
        lay, rb = self.layout, self.rb
        end = Position(int(lay.get(key, "node")) - 1, int(lay.get(key, "trust")), 0, 0, int(lay.get(key, "mood")),
                       int(lay.get(key, "known")), 0, REASONS[int(lay.get(key, "reason"))])
        return Path(tuple(taken), rb.satisfaction(end), rb.passed(end), MOODS[end.mood], engine_reason(end.reason),
                    tuple(rb.intel_of(end.known)))

    def winnable(self, start: int = 0) -> bool:
        """Whether some way on from the `start`-th start passes."""
        return bool(self.best_pass[self.start_ids[start]] >= 0)

    def result(self, opening_trust: int) -> SearchResult:
        """The search from this sweep's one start, as `explore.search` reports it."""
        assert len(self.starts) == 1, "positions and paths are counted from one start"
        t, lay, rb = self.tables, self.layout, self.rb
        name = lambda g: (rb.node_ids[t.choice_node[g]], t.choice_ids[g])  # noqa: E731
        on_passing = _rows(self.choice[self.best_pass[self.dst] >= 0])
        reasons = lay.get(self.ends, "reason")
        end_nodes = lay.get(self.ends[(reasons == AT_ENDING) | (reasons == R_NO_OFFER)], "node") - 1
        nodes = np.unique(np.concatenate([lay.get(self.live, "node") - 1, end_nodes])).tolist()
        return SearchResult(
            opening_trust=opening_trust,
            positions=self.positions,
            best=self.follow(2) if self.winnable() else None,
            best_any=self.follow(0),
            worst=self.follow(1),
            endings={kind: int(n) for kind, n in sorted(zip(ENDING_KINDS, self.counts[0].tolist())) if n},
            intel_reachable=tuple(rb.intel_of(int(self.intel_any[0]))),
            intel_on_passing=tuple(rb.intel_of(int(self.intel_pass[0]))),
            offered=frozenset(name(g) for g in _rows(self.choice)),
            on_passing=frozenset(name(g) for g in on_passing),
            nodes_reached=frozenset(rb.node_ids[n] for n in nodes),
            dead_ends=frozenset({name(g) for g in self.no_next} | {(rb.node_ids[n], None) for n in self.no_offer}),
            loops=frozenset(),
        )


def _unique(keys: np.ndarray) -> np.ndarray:
    """The distinct keys, sorted: a plain sort beats `np.unique`'s hashing on int64 keys this size."""
    keys = np.sort(keys)
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys


def _score_and_slips(packed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unpack score * 2^SLIP_BITS - slips (slips below 2^SLIP_BITS; the score may be -1 for 'none')."""
    score = (packed + SLIP_MASK) >> SLIP_BITS
    return score, (score << SLIP_BITS) - packed


def _rows(choices: np.ndarray) -> list[int]:
    """The distinct choice rows among these edges."""
    return np.flatnonzero(np.bincount(choices)).tolist()


def _cat(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
