"""The trainer's commands: validate, graph, playtest, new, schema; each prints its report and returns the exit code."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import platformdirs

from game.content.findings import ContentError
from game.content.lint import PlayFacts, Report, validate
from game.content.loader import DEFAULT_ROOT, STAGE_FILE, Curriculum, NotFoundError, load_model, load_scenario_file
from game.content.model import Program
from game.content.source import SourceMap, display_path
from game.engine import explore
from game.engine.meeting import Playbook
from game.engine.scoring import debrief


def run_validate(paths: Sequence[Path], root: Path, *, strict: bool, fmt: str, out: IO[str],
                 cache: bool = True) -> int:
    """`validate`: every finding of every file, sorted by file and line, then a summary; 1 when there are errors."""
    report = validate(paths, root, PlayFactsFolder.default() if cache else None)
    if strict:
        report = report.strict()
    if fmt == "json":
        out.write(json.dumps({"files": report.files, "errors": report.errors, "warnings": report.warnings,
                              "findings": [f.as_dict() for f in report.findings]}, ensure_ascii=False, indent=2)
                  + "\n")
    else:
        for finding in report.findings:
            out.write(f"{finding}\n")
        out.write(_summary(report) + "\n")
    return 1 if report.errors else 0


class PlayFactsFolder:
    """The exhaustive search's results kept on disk, one small JSON file per stage content and engine version.

    The search is what makes validate slow; a stage whose content (and the program rules it plays by) and the
    engine are unchanged gives the same facts, so a trainer re-validating after editing one stage waits for that
    stage alone. Anything unreadable is treated as absent; a folder that cannot be written only costs time.
    """

    def __init__(self, folder: Path, engine: str):
        self.folder = folder
        self.engine = engine

    @classmethod
    def default(cls) -> PlayFactsFolder:
        base = os.environ.get("STARPATH_CACHE") or platformdirs.user_cache_dir("starpath")
        return cls(Path(base) / "play-facts", engine_fingerprint())

    def _path(self, key: str) -> Path:
        return self.folder / f"{self.engine[:16]}-{key[:40]}.json"

    def get(self, key: str) -> PlayFacts | None:
        try:
            return PlayFacts.from_dict(json.loads(self._path(key).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, facts: PlayFacts) -> None:
        path = self._path(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps(facts.as_dict()), encoding="utf-8")
            partial.replace(path)  # atomic: two validate runs at once never read half a file
        except OSError:
            pass


def engine_fingerprint() -> str:
    """Changes whenever the code that decides the play facts changes: the engine, the models and the checks."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*(package / "engine").glob("*.py"), package / "content" / "model.py",
                        package / "content" / "lint.py"]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _summary(report: Report) -> str:
    files = f"{report.files} file{'s' if report.files != 1 else ''}"
    if not report.findings:
        return f"{files} checked: no problems found"
    return (f"{files} checked: {report.errors} error{'s' if report.errors != 1 else ''}, "
            f"{report.warnings} warning{'s' if report.warnings != 1 else ''}")


# -- playtest --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StageRef:
    """One stage file named on the command line, with what is needed to play it."""

    path: Path
    pack: str
    stage: int

    def load(self, root: Path) -> tuple[Playbook, SourceMap]:
        scenario, source = load_scenario_file(self.path)
        program = _program_near(self.path, root)
        if self.stage and scenario.stage != self.stage:  # the replay command names the stage by its file
            raise ContentError([source.finding(("stage",), f"file is stage-{self.stage}.yaml but says stage: "
                                               f"{scenario.stage}", "stage-mismatch")])
        if scenario.stage > len(program.stages):
            raise ContentError([source.finding(("stage",), f"the program has stages 1-{len(program.stages)}",
                                               "stage-mismatch")])
        return Playbook(program, scenario), source


def _program_near(stage_path: Path, root: Path) -> Program:
    for candidate in (stage_path.parent.parent / "program.yaml", root / "program.yaml"):
        if candidate.is_file():
            return load_model(candidate, Program)[0]
    raise NotFoundError(f"no program.yaml above {display_path(stage_path)} or in {display_path(root)}")


def stage_refs(target: str, root: Path, *, whole_packs: bool = True) -> list[StageRef]:
    """`finance`, `finance/2`, `finance:2`, a pack folder or a stage file -> the stages it names."""
    path = Path(target)
    if path.is_file():
        match = STAGE_FILE.match(path.name)
        return [StageRef(path, path.parent.name, int(match.group(1)) if match else 0)]
    if path.is_dir() and (path / "pack.yaml").is_file():
        folder, stage = path, None
    else:
        pack, _, number = target.replace(":", "/").partition("/")
        if number and not number.isdigit():
            raise NotFoundError(f"no stage {target!r}: expected PACK, PACK/N, or the path of a stage file")
        folder, stage = Curriculum(root).pack_dir(pack), (int(number) if number else None)
    curriculum = Curriculum(folder.parent)
    if stage is None:
        if not whole_packs:
            raise NotFoundError(f"{target!r} names a pack, not a stage: add the stage, e.g. {folder.name}/1")
        numbers = curriculum.stage_numbers(folder.name)
        if not numbers:
            raise NotFoundError(f"pack {folder.name!r} has no stage files yet (try: new stage {folder.name} 1)")
        return [StageRef(folder / f"stage-{n}.yaml", folder.name, n) for n in numbers]
    return [StageRef(curriculum.scenario_path(folder.name, stage), folder.name, stage)]


class ProgressBar:
    """A one-line bar on a terminal, redrawn in place; silent when the stream is not a terminal."""

    def __init__(self, stream: IO[str], label: str, width: int = 30):
        self.stream, self.label, self.width = stream, label, width
        self.shown = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self.shown:
            filled = self.width * done // total
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done:,}/{total:,}")
            if done == total:
                self.stream.write("\r" + " " * (len(self.label) + self.width + 30) + "\r")
            self.stream.flush()


def playtest(playbook: Playbook, source: SourceMap, ref: StageRef, *, runs: int, seed: int,
             progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """One stage's playtest as plain data: exhaustive search, Monte Carlo, careless play, coverage, test cases."""
    scenario = playbook.scenario
    found = explore.search(playbook, seed=seed)
    rulebook = explore.Rulebook(playbook)
    every = explore.winnable_openings(rulebook)
    chance = explore.monte_carlo(playbook, runs, seed, progress=progress)
    careless = {}
    for name, strategy in explore.STRATEGIES.items():
        meeting = explore.follow(playbook, strategy, seed)
        result = debrief(meeting) if meeting.ended else None
        careless[name] = {"moves": meeting.moves, "satisfaction": result.satisfaction if result else None,
                          "passed": result.passed if result else False,
                          "ending": result.ending if result else None}
    all_choices = [(node.id, c.id) for node in scenario.nodes for c in node.choices]
    cases = []
    for i, case in enumerate(scenario.tests):
        line, _ = source.locate(("tests", i))
        problems = explore.check_case(playbook, case)
        cases.append({"name": case.name, "where": f"{source.path}:{line}", "ok": not problems, "problems": problems})
    intel = [{"id": item.id, "tier": item.tier, "reachable": item.id in found.intel_reachable,
              "on_passing_path": item.id in found.intel_on_passing,
              "on_best_path": bool(found.best and item.id in found.best.known),
              "random_share": chance.intel_share[item.id]} for item in scenario.intel]
    where = "" if ref.path.parent.parent.resolve() == DEFAULT_ROOT else \
        f"--scenarios {display_path(ref.path.parent.parent)} "

    def replay(at_seed: int, moves: Sequence[str]) -> str:
        return (f"python main.py {where}play --text --pack {ref.pack} --stage {scenario.stage} --seed {at_seed} "
                f"--moves {','.join(moves)}")

    best = found.best.as_dict() if found.best else None
    if best is not None:
        best["replay"] = replay(seed, found.best.moves)
    random_play = chance.as_dict()
    seeds = explore.opening_seeds(rulebook)
    for failure in random_play["failure_reasons"]:  # a seed that opens at the run's trust replays it exactly
        example = failure["example"]
        example["replay"] = replay(seeds[example["opening_trust"]], example["moves"])
    return {
        "pack": ref.pack, "stage": scenario.stage, "scenario": scenario.id, "path": source.path, "seed": seed,
        "search": {
            "opening_trust": found.opening_trust, "positions": found.positions, "winnable": found.winnable,
            "best": best, "best_satisfaction": found.best_any.satisfaction, "worst": found.worst.as_dict(),
            "endings": [{"ending": e, "reason": r, "paths": n} for (e, r), n in found.endings.items()],
            "distinct_endings": len(found.endings),
            "winnable_by_opening_trust": {str(t): ok for t, ok in every.items()},
        },
        "intel": intel,
        "monte_carlo": random_play,
        "careless": careless,
        "coverage": {
            "not_on_any_passing_path": [f"{n}/{c}" for n, c in all_choices if (n, c) not in found.on_passing],
            "never_offered": [f"{n}/{c}" for n, c in all_choices if (n, c) not in found.offered],
        },
        "tests": cases,
    }


def run_playtest(target: str, root: Path, *, runs: int, seed: int, as_json: bool, out: IO[str],
                 err: IO[str]) -> int:
    """`playtest`: every stage the target names; exit 1 when a stage is broken or cannot be passed, or a test
    case fails."""
    reports = []
    broken: list[ContentError] = []
    for ref in stage_refs(target, root):
        try:
            playbook, source = ref.load(root)
            bar = None if as_json or runs < 2000 else ProgressBar(err, f"{ref.pack} stage {ref.stage}: random play")
            with _too_large(source):
                reports.append(playtest(playbook, source, ref, runs=runs, seed=seed, progress=bar))
        except ContentError as exc:  # one broken stage does not hide the report on the others
            broken.append(exc)
    if broken and not reports:
        raise ContentError([f for exc in broken for f in exc.findings])
    if as_json:
        out.write(json.dumps({"stages": reports}, ensure_ascii=False, indent=2) + "\n")
    else:
        for report in reports:
            out.write("\n".join(_playtest_lines(report)) + "\n\n")
    failed = [case for report in reports for case in report["tests"] if not case["ok"]]
    unwinnable = [r for r in reports if not r["search"]["winnable"]]
    if not as_json and len(reports) > 1:
        cases = sum(len(r["tests"]) for r in reports)
        out.write(f"{len(reports)} stages: {len(reports) - len(unwinnable)} winnable, {len(unwinnable)} not; "
                  f"test cases: {cases - len(failed)} passed, {len(failed)} failed\n")
    for case in failed if as_json else ():  # the text report already names them
        err.write(f"{case['where']}: test `{case['name']}` failed: {'; '.join(case['problems'])}\n")
    for report in unwinnable:
        err.write(f"{report['path']}: no path passes this stage from opening trust "
                  f"{report['search']['opening_trust']}\n")
    for finding in (f for exc in broken for f in exc.findings):
        err.write(f"{finding}\n")
    return 1 if failed or unwinnable or broken else 0


@contextmanager
def _too_large(source: SourceMap) -> Iterator[None]:
    """A stage too large to search is a problem with the file: reported like any other finding (exit 1)."""
    try:
        yield
    except explore.SearchTooLarge as exc:
        raise ContentError([source.finding(("nodes",), f"cannot search this stage: {exc}",
                                           "too-large-to-search")]) from None


def _pct(share: float) -> str:
    """A share as a percentage; small ones keep their decimals, so 0.14% never reads as 0%."""
    percent = 100 * share
    if percent == 0 or percent >= 10:
        return f"{percent:.0f}%"
    return f"{percent:.2f}%" if percent < 1 else f"{percent:.1f}%"


def _playtest_lines(r: dict[str, Any]) -> list[str]:
    s, mc = r["search"], r["monte_carlo"]
    lines = [f"{r['pack']} stage {r['stage']} ({r['scenario']}) · {r['path']}",
             f"  exhaustive search (seed {r['seed']}, opening trust {s['opening_trust']}): "
             f"{s['positions']:,} positions, {s['distinct_endings']} distinct endings"]
    if s["best"]:
        b = s["best"]
        lines += [f"    best:  satisfaction {b['satisfaction']}, passes in {len(b['moves'])} moves: "
                  f"{','.join(b['moves'])}",
                  f"           replay: {b['replay']}"]
    else:
        lines.append(f"    best:  no path passes (best satisfaction {s['best_satisfaction']})")
    w = s["worst"]
    lines.append(f"    worst: satisfaction {w['satisfaction']}, {'passes' if w['passed'] else 'fails'} "
                 f"({w['ending']}, {w['reason']}) in {len(w['moves'])} moves: {','.join(w['moves'])}")
    lines.append("    endings: " + " · ".join(f"{e['ending']} by {e['reason']} ({_paths(e['paths'])})"
                                             for e in s["endings"]))
    lost = [t for t, ok in s["winnable_by_opening_trust"].items() if not ok]
    trusts = list(s["winnable_by_opening_trust"])
    checked = trusts[0] if len(trusts) == 1 else f"{trusts[0]}-{trusts[-1]}"
    lines.append(f"    winnable from every opening trust the seed can give ({checked})" if not lost
                 else f"    no passing path from opening trust {', '.join(lost)} (checked: {checked})")
    lines.append("    intel: " + " · ".join(
        f"{i['id']} (tier {i['tier']}): " + ("on a passing path" if i["on_passing_path"]
                                             else "reachable, not while passing" if i["reachable"]
                                             else "UNOBTAINABLE")
        for i in r["intel"]))
    q = mc["satisfaction"]
    lines += [f"  random play ({mc['runs']:,} runs, seed {mc['seed']}): pass rate {_pct(mc['pass_rate'])}",
              f"    satisfaction min {q['min']:g} · q1 {q['q1']:g} · median {q['median']:g} · q3 {q['q3']:g} · "
              f"max {q['max']:g} · mean {q['mean']:g}",
              "    intel obtained: " + " · ".join(f"{k} {_pct(v)}" for k, v in mc["intel_share"].items())]
    if mc["failure_reasons"]:
        lines.append("    most common failures: " + " · ".join(
            f"{_reason_text(f['reason'])} ({_pct(f['runs'] / mc['runs'])})" for f in mc["failure_reasons"][:4]))
        lines.append(f"    replay a run with the most common failure: {mc['failure_reasons'][0]['example']['replay']}")
    lines.append("  careless play: " + " · ".join(
        f"{name}: satisfaction {c['satisfaction']}, {'passes' if c['passed'] else 'fails'} ({c['ending']})"
        for name, c in r["careless"].items()))
    cov = r["coverage"]
    lines.append("  choices on no passing path: " + (", ".join(cov["not_on_any_passing_path"]) or "none"))
    lines.append("  choices never offered: " + (", ".join(cov["never_offered"]) or "none"))
    if r["tests"]:
        bad = [t for t in r["tests"] if not t["ok"]]
        lines.append(f"  tests: {len(r['tests']) - len(bad)} passed, {len(bad)} failed")
        lines += [f"    FAILED {t['where']}: {t['name']}: {'; '.join(t['problems'])}" for t in bad]
    else:
        lines.append("  tests: none declared (add `tests:` to the stage file)")
    return lines


def _paths(count: int) -> str:
    return f"{count:,} path{'s' if count != 1 else ''}"


def _reason_text(code: str) -> str:
    """A failure code of the search (satisfaction_fail, ending:walked_out:patience, missing_intel:x) in words."""
    kind, _, rest = code.partition(":")
    if kind == "satisfaction_fail":
        return "satisfaction 40 or less"
    if kind == "satisfaction_low":
        return "satisfaction below the stage's minimum"
    if kind == "ending":
        ending, _, reason = rest.partition(":")
        return f"{ending.replace('_', ' ')} ({reason.replace('_', ' ')})"
    if kind == "missing_intel":
        return f"required intel {rest} not obtained"
    return code


# -- new -------------------------------------------------------------------------------------------

def run_new(kind: str, pack_id: str, stage: int | None, root: Path, *, out: IO[str]) -> int:
    """`new pack ID` / `new stage PACK N`: write the scaffold under the scenario root and say what to do next."""
    from game import scaffold

    if kind == "pack":
        created = scaffold.new_pack(root, pack_id)
        stage = 1
    else:
        created = scaffold.new_stage(root, pack_id, stage or 1)
    for path in created:
        out.write(f"created {display_path(path)}\n")
    where = "" if root.resolve() == DEFAULT_ROOT else f"--scenarios {display_path(root)} "
    out.write(f"next: edit the files, then\n"
              f"  python main.py {where}validate {display_path(root / pack_id)}\n"
              f"  python main.py {where}playtest {pack_id}/{stage}\n"
              f"  python main.py {where}play --text --pack {pack_id} --stage {stage}\n")
    return 0


# -- schema ----------------------------------------------------------------------------------------

def run_schema(target: Path | None, root: Path, *, check: bool, out: IO[str]) -> int:
    """`schema`: write the editors' JSON Schema (default: schema.json in the scenario root); with check, exit 1
    when that file is out of date instead."""
    from game.content.schema import schema_text

    target = target or root / "schema.json"
    text = schema_text()
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if check:
        if current == text:
            out.write(f"{display_path(target)} is up to date\n")
            return 0
        out.write(f"{display_path(target)} is out of date: run `python main.py schema` and commit it\n")
        return 1
    if current == text:
        out.write(f"{display_path(target)} is already up to date\n")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    out.write(f"wrote {display_path(target)}\n")
    return 0


# -- graph -----------------------------------------------------------------------------------------

RENDERED = ("png", "svg")


class GraphvizMissing(NotFoundError):
    """`--format png|svg` without Graphviz's `dot` on the PATH."""


def run_graph(target: str, root: Path, *, fmt: str, out_file: Path | None, seed: int, out: IO[str],
              lang: str = "en") -> int:
    """`graph`: the stage's dialogue graph as DOT or Mermaid text, or rendered by Graphviz to PNG/SVG."""
    import shutil
    import subprocess

    from game import graph

    (ref,) = stage_refs(target, root, whole_packs=False)
    playbook, source = ref.load(root)
    with _too_large(source):
        best = graph.best_path(playbook, seed)
    draw = graph.to_mermaid if fmt == "mermaid" else graph.to_dot
    text = draw(playbook.scenario, best, lang)
    if fmt in RENDERED:
        dot = shutil.which("dot")
        if dot is None:
            raise GraphvizMissing(f"--format {fmt} needs Graphviz's `dot`: install Graphviz (Debian/Ubuntu: "
                                  "sudo apt-get install graphviz; macOS: brew install graphviz; Windows: "
                                  "https://graphviz.org/download/), or use --format dot or mermaid")
        target_file = out_file or Path(f"{ref.pack}-stage-{ref.stage}.{fmt}")
        done = subprocess.run([dot, f"-T{fmt}", "-o", str(target_file)], input=text.encode(), capture_output=True,
                              check=False)
        if done.returncode != 0:
            raise GraphvizMissing(f"Graphviz failed: {done.stderr.decode(errors='replace').strip()}")
        out.write(f"wrote {display_path(target_file)}\n")
        return 0
    if out_file is not None:
        out_file.write_text(text, encoding="utf-8")
        out.write(f"wrote {display_path(out_file)}\n")
    else:
        out.write(text)
    return 0
