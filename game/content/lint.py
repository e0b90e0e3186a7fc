"""Checks beyond the schema: references, reachability, leakability, winnability."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import MappingProxyType
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from game.content.findings import ContentError, Finding
from game.content.loader import STAGE_FILE, NotFoundError, load_model
from game.content.model import Condition, Pack, Program, Scenario, Text
from game.content.source import Loc, SourceMap, display_path, read_yaml


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


# -- validating files and folders ----------------------------------------------------------------

SCHEMA_CODES = MappingProxyType({  # pydantic error types that have a check of their own
    "greater_than_equal": "out-of-range", "less_than_equal": "out-of-range",
    "greater_than": "out-of-range", "less_than": "out-of-range",
})


@dataclass
class Report:
    """Every finding of one validate run, and how many files it read."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    def strict(self) -> Report:
        """The same findings with every warning counted as an error."""
        return Report([replace(f, severity="error") for f in self.findings], self.files)


def validate(paths: Sequence[Path], root: Path, cache: FactsCache | None = None) -> Report:
    """Schema and semantic checks of files, pack folders or scenario roots (`root` when no path is given)."""
    files: dict[Path, str] = {}
    for given in paths or [root]:
        if not given.exists():
            raise NotFoundError(f"{display_path(given)} does not exist")
        for path, kind in _files(given):
            files.setdefault(path.resolve(), kind)
    report = Report(files=len(files))
    programs: dict[Path, Program | None] = {}
    for path, kind in sorted(files.items()):
        report.findings += _check_file(path, kind, root, programs, cache)
    report.findings.sort()
    return report


def _files(given: Path) -> Iterator[tuple[Path, str]]:
    if given.is_file():
        yield given, _kind(given)
        return
    if (given / "pack.yaml").is_file():
        yield from _pack_files(given)
        return
    program = given / "program.yaml"
    packs = sorted(p for p in given.iterdir() if (p / "pack.yaml").is_file())
    if not program.is_file() and not packs:
        raise NotFoundError(f"{display_path(given)} holds no program.yaml, pack.yaml or pack folders")
    yield program, "program"  # a missing program.yaml is itself a finding
    for pack in packs:
        yield from _pack_files(pack)


def _pack_files(folder: Path) -> Iterator[tuple[Path, str]]:
    yield folder / "pack.yaml", "pack"
    for path in sorted(folder.glob("*.yaml")):
        if path.name != "pack.yaml":
            yield path, _kind(path)


def _kind(path: Path) -> str:
    if path.name == "program.yaml":
        return "program"
    if path.name == "pack.yaml":
        return "pack"
    if STAGE_FILE.match(path.name):
        return "stage"
    return "unknown"


def _check_file(path: Path, kind: str, root: Path, programs: dict[Path, Program | None],
                cache: FactsCache | None = None) -> list[Finding]:
    shown = display_path(path)
    if not path.is_file():
        return [Finding(shown, 1, 1, "error", "file not found: every scenario folder needs a program.yaml",
                        "missing-file")]
    if kind == "unknown":
        return [Finding(shown, 1, 1, "warning",
                        "not a scenario file (expected program.yaml, pack.yaml or stage-N.yaml); it is ignored",
                        "stray-file")]
    model = {"program": Program, "pack": Pack, "stage": Scenario}[kind]
    try:
        data, source = read_yaml(path)
    except ContentError as exc:
        return list(exc.findings)
    parsed, findings = _schema(data, source, model)
    if parsed is None:
        return findings
    if isinstance(parsed, Program):
        return findings + language_findings(parsed, source, parsed.languages)
    if isinstance(parsed, Pack):
        if parsed.id != path.parent.name:  # packs are found, and named on the command line, by their folder
            findings.append(source.finding(("id",), f"pack id `{parsed.id}` differs from its folder name "
                                           f"`{path.parent.name}`", "pack-id"))
        return findings + language_findings(parsed, source, parsed.languages)
    return findings + _check_stage(path, parsed, source, root, programs, cache)


def _schema(data: Any, source: SourceMap, model: type[BaseModel]) -> tuple[Any, list[Finding]]:
    from game.content import loader  # the loader owns the wording of schema messages

    if not isinstance(data, dict):
        return None, [source.finding((), "expected a mapping of fields (key: value) at the top", "wrong-type")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        findings = []
        for error in exc.errors():
            finding = loader._finding(error, source, model)
            code = SCHEMA_CODES.get(error["type"], finding.code)
            if "thresholds must increase" in finding.message:
                code = "thresholds-order"
            findings.append(replace(finding, code=code))
        return None, findings


def _program_for(stage_path: Path, root: Path, programs: dict[Path, Program | None]) -> Program | None:
    """The program a stage belongs to: the one above its pack folder, else the scenario root's."""
    for candidate in (stage_path.parent.parent / "program.yaml", root / "program.yaml"):
        candidate = candidate.resolve()
        if candidate.is_file():
            if candidate not in programs:
                try:
                    programs[candidate], _ = load_model(candidate, Program)
                except ContentError:
                    programs[candidate] = None  # reported where program.yaml itself is checked
            return programs[candidate]
    return None


def _pack_languages(stage_path: Path, program: Program | None) -> tuple[str, ...]:
    try:
        pack, _ = load_model(stage_path.parent / "pack.yaml", Pack)
        return pack.languages
    except (ContentError, OSError):
        return program.languages if program else ("en",)


def _check_stage(path: Path, scenario: Scenario, source: SourceMap, root: Path,
                 programs: dict[Path, Program | None], cache: FactsCache | None = None) -> list[Finding]:
    findings = reference_findings(scenario, source) + test_reference_findings(scenario, source)
    findings += flag_findings(scenario, source)
    program = _program_for(path, root, programs)
    findings += language_findings(scenario, source, _pack_languages(path, program))
    findings += asset_findings(scenario, source)
    # a mistyped `next` would make every node after it look unreachable too: report the typo alone
    if not any(f.code == "dangling-node" for f in findings):
        findings += structure_findings(scenario, source)
    match = STAGE_FILE.match(path.name)
    if match and int(match.group(1)) != scenario.stage:
        findings.append(source.finding(("stage",), f"file is {path.name} but says stage: {scenario.stage}",
                                       "stage-mismatch"))
    if program is None:
        findings.append(source.finding((), "no readable program.yaml above this pack: play checks were skipped",
                                       "no-program", severity="warning"))
        return findings
    if scenario.stage > len(program.stages):
        findings.append(source.finding(("stage",), f"the program has stages 1-{len(program.stages)}, not "
                                       f"{scenario.stage}", "stage-mismatch"))
        return findings
    if any(f.severity == "error" for f in findings if f.code.startswith("dangling") or f.code == "duplicate-id"):
        return findings  # the meeting cannot be played to check the rest
    key = scenario.content_hash(program)
    facts = cache.get(key) if cache is not None else None
    if facts is None:
        facts = play_facts(program, scenario)
        if cache is not None:
            cache.put(key, facts)
    return findings + play_findings(program, scenario, source, facts)


# -- semantic checks ------------------------------------------------------------------------------

def test_reference_findings(scenario: Scenario, source: SourceMap) -> list[Finding]:
    """Authors' test cases that name choices or intel the stage does not have."""
    findings = []
    choice_ids = {c.id for node in scenario.nodes for c in node.choices}
    intel_ids = {item.id for item in scenario.intel}
    for i, case in enumerate(scenario.tests):
        for k, move in enumerate(case.moves):
            if move not in choice_ids:
                findings.append(source.finding(("tests", i, "moves", k), f"test `{case.name}`: `{move}` is not a "
                                               f"choice of this stage{_hint(move, choice_ids)}", "dangling-choice"))
        for name in ("intel", "not_intel"):
            for k, iid in enumerate(getattr(case, name)):
                if iid not in intel_ids:
                    findings.append(source.finding(("tests", i, name, k), f"test `{case.name}`: `{iid}` is not an "
                                                   f"intel item of this stage{_hint(iid, intel_ids)}",
                                                   "dangling-intel"))
    return findings


def flag_findings(scenario: Scenario, source: SourceMap) -> list[Finding]:
    """Conditions on flags that no choice ever `sets`: usually a typo, and the condition can never hold."""
    set_somewhere = {flag for node in scenario.nodes for c in node.choices for flag in c.sets}
    findings = []
    for i, node in enumerate(scenario.nodes):
        for loc, condition in _conditions(i, node.lines, node.choices):
            for name in ("flags", "not_flags"):
                for k, flag in enumerate(getattr(condition, name)):
                    if flag not in set_somewhere:
                        findings.append(source.finding((*loc, name, k), f"no choice sets the flag `{flag}`"
                                                       f"{_hint(flag, set_somewhere)}", "unset-flag",
                                                       severity="warning"))
    return findings


def language_findings(model: BaseModel, source: SourceMap, languages: Sequence[str]) -> list[Finding]:
    """Texts written as {en: ..., ko: ...} that lack a language the pack (or program) declares."""
    findings: list[Finding] = []
    wanted = set(languages)
    for loc, text in _texts(model, ()):
        missing = sorted(wanted - text.languages)
        if missing:
            findings.append(source.finding(loc, f"`{_dotted(loc)}` has no {', '.join(missing)} text "
                                           f"(the pack declares {', '.join(languages)})", "missing-language"))
    return findings


def _texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, Text]]:
    if isinstance(value, Text):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*loc, name))
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from _texts(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, getattr(key, "value", key)))


def _dotted(loc: Loc) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


def asset_findings(scenario: Scenario, source: SourceMap) -> list[Finding]:
    """Asset paths must stay inside the pack: no absolute paths, no `..`."""
    portrait = scenario.persona.portrait
    if portrait is None:
        return []
    posix = PurePosixPath(portrait.replace("\\", "/"))
    if posix.is_absolute() or PureWindowsPath(portrait).drive or ".." in posix.parts:
        return [source.finding(("persona", "portrait"), f"asset path {portrait!r} must be relative to the pack "
                               "folder and stay inside it (no leading /, no drive, no ..)", "asset-path")]
    return []


def structure_findings(scenario: Scenario, source: SourceMap) -> list[Finding]:
    """Nodes that no `next` leads to from the start, whatever the conditions."""
    node_ids = {node.id for node in scenario.nodes}
    edges = {node.id: [b.node for c in node.choices for b in c.next if b.node in node_ids] for node in scenario.nodes}
    seen, todo = {scenario.start}, [scenario.start]
    while todo:
        for nxt in edges.get(todo.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return [source.finding(("nodes", i, "id"), f"node `{node.id}` is unreachable: no choice leads to it from "
                           f"`{scenario.start}`", "unreachable-node", severity="warning")
            for i, node in enumerate(scenario.nodes) if node.id not in seen]


@dataclass(frozen=True)
class PlayFacts:
    """What the exhaustive search established about one stage: plain data, so a validate run can keep it."""

    nodes_reached: tuple[str, ...] = ()
    dead_ends: tuple[tuple[str, str | None], ...] = ()
    loops: tuple[tuple[str, str], ...] = ()
    intel_reachable: tuple[str, ...] = ()
    winnable: bool = False
    best_satisfaction: int = 0
    lost_openings: tuple[int, ...] = ()
    too_large: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlayFacts:
        return cls(
            nodes_reached=tuple(data["nodes_reached"]), dead_ends=tuple(tuple(d) for d in data["dead_ends"]),
            loops=tuple(tuple(d) for d in data["loops"]), intel_reachable=tuple(data["intel_reachable"]),
            winnable=bool(data["winnable"]), best_satisfaction=int(data["best_satisfaction"]),
            lost_openings=tuple(data["lost_openings"]), too_large=data["too_large"],
        )


class FactsCache(Protocol):
    """Somewhere to keep play facts between runs, by a key that changes whenever they could."""

    def get(self, key: str) -> PlayFacts | None: ...

    def put(self, key: str, facts: PlayFacts) -> None: ...


def play_facts(program: Program, scenario: Scenario) -> PlayFacts:
    """Run the exhaustive search (the costly part of validate) and keep what the checks need."""
    from game.engine.explore import SearchTooLarge, search_every_opening  # the search plays by the engine's rules
    from game.engine.meeting import Playbook

    try:
        result, by_opening = search_every_opening(Playbook(program, scenario))
    except SearchTooLarge as exc:
        return PlayFacts(too_large=str(exc))
    return PlayFacts(
        nodes_reached=tuple(sorted(result.nodes_reached)),
        dead_ends=tuple(sorted(result.dead_ends, key=lambda d: (d[0], d[1] or ""))),
        loops=tuple(sorted(result.loops)), intel_reachable=tuple(sorted(result.intel_reachable)),
        winnable=result.winnable, best_satisfaction=result.best_any.satisfaction,
        lost_openings=tuple(t for t, ok in sorted(by_opening.items()) if not ok),
    )


def play_findings(program: Program, scenario: Scenario, source: SourceMap,
                  facts: PlayFacts | None = None) -> list[Finding]:
    """What the exhaustive search finds: dead ends, unreachable nodes, unobtainable intel, an unwinnable stage."""
    facts = facts or play_facts(program, scenario)
    if facts.too_large is not None:
        return [source.finding(("nodes",), f"the play checks were skipped: {facts.too_large}", "too-large-to-search",
                               severity="warning")]
    findings: list[Finding] = []
    node_index = {node.id: i for i, node in enumerate(scenario.nodes)}
    structural = {f.line for f in structure_findings(scenario, source)}
    reached_nodes = set(facts.nodes_reached)
    for i, node in enumerate(scenario.nodes):
        if node.id not in reached_nodes and source.locate(("nodes", i, "id"))[0] not in structural:
            findings.append(source.finding(("nodes", i, "id"), f"node `{node.id}` is unreachable: the conditions on "
                                           "the way to it never hold in play", "unreachable-node", severity="warning"))
    for node_id, choice_id in facts.dead_ends:
        i = node_index[node_id]
        if choice_id is None:
            findings.append(source.finding(("nodes", i, "choices"), f"dead end: node `{node_id}` can be reached "
                                           "with none of its choices on offer (their `when` conditions all fail)",
                                           "dead-end"))
        else:
            j = next(k for k, c in enumerate(scenario.nodes[i].choices) if c.id == choice_id)
            findings.append(source.finding(("nodes", i, "choices", j, "next"), f"dead end: choice `{choice_id}` can "
                                           "be played when none of its `next` branches holds (add one without "
                                           "`when` last)", "dead-end"))
    for node_id, choice_id in facts.loops:
        i = node_index[node_id]
        j = next(k for k, c in enumerate(scenario.nodes[i].choices) if c.id == choice_id)
        findings.append(source.finding(("nodes", i, "choices", j), f"choice `{choice_id}` can loop forever: it "
                                       "returns to the same trust, patience and clock", "endless-loop"))
    reachable = set(facts.intel_reachable)
    for i, item in enumerate(scenario.intel):
        if item.id not in reachable:
            findings.append(source.finding(("intel", i, "id"), f"intel `{item.id}` cannot be obtained on any path "
                                           f"(it needs the client {item.min_state} when asked)", "unobtainable-intel"))
    if not facts.winnable:
        findings.append(source.finding(("start",), f"no path passes this stage (best satisfaction "
                                       f"{facts.best_satisfaction}, needs {_needs(program, scenario)})",
                                       "unwinnable"))
    elif facts.lost_openings:
        findings.append(source.finding(("persona",), "no path passes when the client opens at trust "
                                       f"{', '.join(map(str, facts.lost_openings))} (openings the mood variation "
                                       "gives)", "unwinnable-opening", severity="warning"))
    return findings


def _needs(program: Program, scenario: Scenario) -> str:
    rule = program.stage(scenario.stage).passing
    needs = f"the ending {rule.ending} with satisfaction >= {rule.min_satisfaction}"
    if scenario.required_intel:
        needs += f" and intel {', '.join(scenario.required_intel)}"
    return needs
