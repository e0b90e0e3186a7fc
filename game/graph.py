"""A stage's dialogue graph as Graphviz DOT or Mermaid text, with the best path from the playtest search."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from game.content.model import Condition, Scenario
from game.engine.explore import search
from game.engine.meeting import Meeting, Playbook

ENDING_STYLE = MappingProxyType({  # DOT attributes per ending kind; Mermaid uses the same colours through classDef
    "agreed": MappingProxyType({"fill": "#c8f0c8", "stroke": "#2e7d32", "shape": "doubleoctagon"}),
    "walked_out": MappingProxyType({"fill": "#f8c8c8", "stroke": "#c62828", "shape": "doubleoctagon"}),
    "out_of_time": MappingProxyType({"fill": "#e0e0e0", "stroke": "#616161", "shape": "doubleoctagon"}),
})
BEST = "#1565c0"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    choice: str
    label: str
    best: bool


def edges(scenario: Scenario, best: set[tuple[str, str, str]], lang: str = "en") -> list[Edge]:
    """One edge per (choice, branch): labelled by the choice's words, its trust effect and any condition."""
    out = []
    for node in scenario.nodes:
        for choice in node.choices:
            words = _short(choice.text.get(lang), 40)
            trust = f"{choice.effects.trust:+d}" if choice.effects.trust else "±0"
            asks = f" asks {', '.join(choice.asks)}" if choice.asks else ""
            offered = f" [if {_condition(choice.when)}]" if choice.when else ""
            for branch in choice.next:
                when = f" [then if {_condition(branch.when)}]" if branch.when else ""
                out.append(Edge(node.id, branch.node, choice.id, f"{words} ({trust}{asks}){offered}{when}",
                                (node.id, choice.id, branch.node) in best))
    return out


def best_path(playbook: Playbook, seed: int = 0) -> set[tuple[str, str, str]]:
    """The (node, choice, next node) steps of the search's best passing path, replayed through the engine."""
    found = search(playbook, seed=seed)
    if found.best is None:
        return set()
    meeting = Meeting.replay(playbook, seed, list(found.best.moves))
    nodes = [turn.node for turn in meeting.turns] + [meeting.node.id]
    return {(turn.node, turn.choice.id, nodes[i + 1]) for i, turn in enumerate(meeting.turns)}


def to_dot(scenario: Scenario, best: set[tuple[str, str, str]], lang: str = "en") -> str:
    lines = [f"digraph {_dot_id(scenario.id)} {{",
             "  rankdir=TB;",
             '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=10];',
             f'  label={_dot_str(scenario.title.get(lang))}; labelloc=t;']
    for node in scenario.nodes:
        label = f"{node.id}\\n{_dot_escape(_short(node.lines[0].text.get(lang), 48))}"
        attrs = [f'label="{label}"']
        if node.ending:
            style = ENDING_STYLE[node.ending]
            attrs += [f'shape={style["shape"]}', f'fillcolor="{style["fill"]}"', f'color="{style["stroke"]}"']
        if node.id == scenario.start:
            attrs.append("penwidth=2")
        lines.append(f"  {_dot_id(node.id)} [{', '.join(attrs)}];")
    for edge in edges(scenario, best, lang):
        attrs = [f"label={_dot_str(edge.label)}"]
        if edge.best:
            attrs += [f'color="{BEST}"', "penwidth=3", f'fontcolor="{BEST}"']
        lines.append(f"  {_dot_id(edge.source)} -> {_dot_id(edge.target)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(scenario: Scenario, best: set[tuple[str, str, str]], lang: str = "en") -> str:
    ids = {node.id: f"n{i}" for i, node in enumerate(scenario.nodes)}
    lines = ["flowchart TD"]
    for node in scenario.nodes:
        label = _mm(f"{node.id}: {_short(node.lines[0].text.get(lang), 48)}")
        shape = f'{{{{"{label}"}}}}' if node.ending else f'["{label}"]'
        lines.append(f"  {ids[node.id]}{shape}")
    best_links = []
    for k, edge in enumerate(edges(scenario, best, lang)):
        lines.append(f'  {ids[edge.source]} -->|"{_mm(edge.label)}"| {ids[edge.target]}')
        if edge.best:
            best_links.append(str(k))
    for kind, style in ENDING_STYLE.items():
        lines.append(f"  classDef {kind} fill:{style['fill']},stroke:{style['stroke']}")
    for node in scenario.nodes:
        if node.ending:
            lines.append(f"  class {ids[node.id]} {node.ending}")
    lines.append(f"  style {ids[scenario.start]} stroke-width:3px")
    if best_links:
        lines.append(f"  linkStyle {','.join(best_links)} stroke:{BEST},stroke-width:3px")
    return "\n".join(lines) + "\n"


def _condition(c: Condition | None) -> str:
    if c is None:
        return ""
    parts = []
    if c.state:
        parts.append("state " + "/".join(s.value for s in c.state))
    if c.min_state:
        parts.append(f"at least {c.min_state}")
    parts += [f"knows {i}" for i in c.known] + [f"not knows {i}" for i in c.not_known]
    parts += [f"flag {f}" for f in c.flags] + [f"not flag {f}" for f in c.not_flags]
    return ", ".join(parts)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _dot_str(text: str) -> str:
    return f'"{_dot_escape(text)}"'


def _dot_id(name: str) -> str:
    return f'"{name}"'


def _mm(text: str) -> str:
    """Mermaid label text inside quotes: only a quote (and an entity's own #) needs an entity code."""
    return text.replace("#", "#35;").replace('"', "#quot;")
