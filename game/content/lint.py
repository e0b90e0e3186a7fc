"""Checks beyond the schema: references, reachability, leakability, winnability."""

from __future__ import annotations

from collections.abc import Iterator

from game.content.findings import Finding
from game.content.model import Condition, Scenario
from game.content.source import Loc, SourceMap


def reference_findings(scenario: Scenario, source: SourceMap) -> list[Finding]:
    """Duplicate ids and references to nodes or intel that do not exist: a stage cannot be played with these."""
    findings: list[Finding] = []
    findings += _duplicates(((("nodes", i, "id"), n.id) for i, n in enumerate(scenario.nodes)), "node", source)
    findings += _duplicates(((("intel", i, "id"), it.id) for i, it in enumerate(scenario.intel)), "intel item", source)
    node_ids = {node.id for node in scenario.nodes}
    intel_ids = {item.id for item in scenario.intel}

    def node_ref(loc: Loc, node_id: str) -> None:
        if node_id not in node_ids:
            findings.append(source.finding(loc, f"`{node_id}` is not a node of this stage{_hint(node_id, node_ids)}",
                                           "dangling-node"))

    def intel_ref(loc: Loc, intel_id: str) -> None:
        if intel_id not in intel_ids:
            findings.append(source.finding(loc, f"`{intel_id}` is not an intel item of this stage{_hint(intel_id, intel_ids)}",
                                           "dangling-intel"))

    node_ref(("start",), scenario.start)
    for k, intel_id in enumerate(scenario.required_intel):
        intel_ref(("required_intel", k), intel_id)
    for i, node in enumerate(scenario.nodes):
        findings += _duplicates(
            ((("nodes", i, "choices", j, "id"), c.id) for j, c in enumerate(node.choices)), "choice", source
        )
        for loc, condition in _conditions(i, node.lines, node.choices):
            for field in ("known", "not_known"):
                for k, intel_id in enumerate(getattr(condition, field)):
                    intel_ref((*loc, field, k), intel_id)
        for j, choice in enumerate(node.choices):
            base: Loc = ("nodes", i, "choices", j)
            for k, branch in enumerate(choice.next):
                node_ref((*base, "next", k, "node"), branch.node)
            for k, intel_id in enumerate(choice.asks):
                intel_ref((*base, "asks", k), intel_id)
    return findings


def _conditions(i: int, lines: tuple, choices: tuple) -> Iterator[tuple[Loc, Condition]]:
    for k, line in enumerate(lines):
        if line.when:
            yield ("nodes", i, "lines", k, "when"), line.when
    for j, choice in enumerate(choices):
        if choice.when:
            yield ("nodes", i, "choices", j, "when"), choice.when
        for k, branch in enumerate(choice.next):
            if branch.when:
                yield ("nodes", i, "choices", j, "next", k, "when"), branch.when


def _duplicates(items: Iterator[tuple[Loc, str]], what: str, source: SourceMap) -> list[Finding]:
    first: dict[str, Loc] = {}
    out = []
    for loc, ident in items:
        if ident in first:
            line, _ = source.locate(first[ident])
            out.append(source.finding(loc, f"duplicate {what} id `{ident}` (first defined on line {line})", "duplicate-id"))
        else:
            first[ident] = loc
    return out


def _hint(name: str, known: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f"; did you mean `{close[0]}`?" if close else ""
