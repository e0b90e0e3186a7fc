"""The trainer's commands as a trainer types them: output, exit codes, and files written."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from game import cli
from game.content.schema import schema_text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
AUTHORING = FIXTURES / "authoring"
BROKEN = FIXTURES / "broken"
FINDING = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): .+ \[(?P<code>[a-z-]+)\]$")
TRAINER_COMMANDS = ("validate", "graph", "playtest", "new", "schema")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


# -- validate ------------------------------------------------------------------------------------

def test_validate_passes_clean_content_strictly_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--scenarios", str(AUTHORING), "validate", "--strict")
    assert code == 0
    assert out == "4 files checked: no problems found\n"


def test_validate_prints_every_finding_then_a_summary_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--scenarios", str(BROKEN), "validate")
    lines = out.splitlines()
    assert code == 1
    assert all(FINDING.match(line) for line in lines[:-1])
    assert lines[-1] == "9 files checked: 20 errors, 3 warnings"
    files = [FINDING.match(line)["path"] for line in lines[:-1]]  # type: ignore[index]
    assert files == sorted(files)


def test_validate_strict_fails_on_warnings_alone(capsys: pytest.CaptureFixture[str]) -> None:
    target = str(BROKEN / "bad" / "stage-2.yaml")
    assert run(capsys, "--scenarios", str(BROKEN), "validate", target)[0] == 1  # it has errors too
    loose = run(capsys, "--scenarios", str(AUTHORING), "validate", str(AUTHORING / "demo"))
    assert loose[0] == 0


def test_validate_json_lists_findings_with_their_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--scenarios", str(BROKEN), "validate", "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert data["errors"] == 20 and data["warnings"] == 3 and data["files"] == 9
    assert {"path", "line", "col", "severity", "message", "code"} == set(data["findings"][0])


def test_validate_usage_problems_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", "no/such/place")
    assert code == 2 and err.startswith("starpath: error: ") and err.count("\n") == 1
    assert run(capsys, "validate", "--format", "xml")[0] == 2


# -- playtest ------------------------------------------------------------------------------------

def test_playtest_json_gives_a_best_move_list_that_play_replays_to_a_pass(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--scenarios", str(AUTHORING), "playtest", "demo/2", "--runs", "500", "--seed",
                         "3", "--json")
    assert code == 0 and err == ""
    stage = json.loads(out)["stages"][0]
    best, worst = stage["search"]["best"], stage["search"]["worst"]
    assert best["passed"] and not worst["passed"]
    assert "--seed 3" in best["replay"]
    code, out, _ = run(capsys, "--scenarios", str(AUTHORING), "play", "--text", "--pack", "demo", "--stage", "2",
                       "--seed", "3", "--moves", ",".join(best["moves"]), "--json")
    final = json.loads(out.splitlines()[-1])
    assert code == 0 and final["kind"] == "debrief" and final["passed"]
    assert final["satisfaction"] == best["satisfaction"]


def test_playtest_json_gives_each_random_failure_a_run_that_play_replays(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--scenarios", str(AUTHORING), "playtest", "demo/2", "--runs", "500", "--json")
    failures = json.loads(out)["stages"][0]["monte_carlo"]["failure_reasons"]
    assert code == 0 and failures
    for failure in failures[:3]:
        command = failure["example"]["replay"].split()
        assert command[:2] == ["python", "main.py"]
        code, out, _ = run(capsys, *command[2:], "--json")
        final = json.loads(out.splitlines()[-1])
        assert code == 0 and final["kind"] == "debrief" and not final["passed"]
        assert final["turns"] == len(failure["example"]["moves"])


def test_playtest_reports_search_random_play_careless_play_coverage_and_tests(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--scenarios", str(AUTHORING), "playtest", "demo", "--runs", "300")
    assert code == 0
    for expected in ("demo stage 1", "demo stage 2", "exhaustive search", "best:", "worst:", "replay: python main.py",
                     "random play (300 runs", "pass rate", "median", "intel obtained",
                     "replay a run with the most common failure: python main.py", "careless play: talkative",
                     "pushy", "choices on no passing path: talk/pitch", "choices never offered: none",
                     "tests: 2 passed, 0 failed"):
        assert expected in out
    assert out.endswith("2 stages: 2 winnable, 0 not; test cases: 4 passed, 0 failed\n")


def test_playtest_exits_1_naming_a_failing_test_case_with_its_line(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "root"
    shutil.copytree(AUTHORING, root)
    stage = root / "demo" / "stage-2.yaml"
    stage.write_text(stage.read_text().replace("satisfaction: [80, 100]", "satisfaction: [0, 10]"))
    line = next(i for i, text in enumerate(stage.read_text().splitlines(), 1)
                if "listening and empathy win the pilot" in text)
    code, out, _ = run(capsys, "--scenarios", str(root), "playtest", "demo/2", "--runs", "100")
    assert code == 1
    assert f"stage-2.yaml:{line}: listening and empathy win the pilot: satisfaction 95 is outside 0-10" in out


def test_playtest_of_an_unknown_stage_or_pack_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--scenarios", str(AUTHORING), "playtest", "demo/6")[0] == 2
    assert run(capsys, "--scenarios", str(AUTHORING), "playtest", "nope")[0] == 2
    assert run(capsys, "--scenarios", str(AUTHORING), "playtest", "demo/x")[0] == 2
    assert run(capsys, "--scenarios", str(AUTHORING), "playtest", "demo", "--runs", "0")[0] == 2


def test_playtest_of_broken_content_exits_1_with_its_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--scenarios", str(BROKEN), "playtest", "bad/1")
    assert code == 1
    assert "[dangling-node]" in err and "Traceback" not in err


def test_a_progress_bar_is_drawn_only_on_a_terminal() -> None:
    from game.trainer import ProgressBar

    class Terminal:
        def __init__(self, tty: bool) -> None:
            self.text, self.tty = "", tty

        def isatty(self) -> bool:
            return self.tty

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

    shown, hidden = Terminal(True), Terminal(False)
    for stream in (shown, hidden):
        bar = ProgressBar(stream, "random play")  # type: ignore[arg-type]
        bar(50, 100)
    assert "[###############...............] 50/100" in shown.text
    assert hidden.text == ""


# -- graph ---------------------------------------------------------------------------------------

def mermaid_structure(text: str) -> tuple[set[str], list[tuple[str, str]], list[int]]:
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    nodes, edges, styled = set(), [], []
    for line in lines[1:]:
        line = line.strip()
        if m := re.fullmatch(r'(n\d+)(\["[^"]*"\]|\{\{"[^"]*"\}\})', line):
            nodes.add(m.group(1))
        elif m := re.fullmatch(r'(n\d+) -->\|"[^"]*"\| (n\d+)', line):
            edges.append((m.group(1), m.group(2)))
        elif m := re.fullmatch(r"linkStyle ([\d,]+) .+", line):
            styled = [int(k) for k in m.group(1).split(",")]
        else:
            assert re.fullmatch(r"(classDef \w+ .+|class n\d+ \w+|style n\d+ .+)", line), line
    return nodes, edges, styled


def test_graph_mermaid_parses_with_every_node_edge_and_the_best_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--scenarios", str(AUTHORING), "graph", "demo/2", "--format", "mermaid")
    nodes, edges, styled = mermaid_structure(out)
    assert code == 0
    assert len(nodes) == 7
    assert all(a in nodes and b in nodes for a, b in edges)
    assert len(edges) == 14  # one per choice and branch
    assert len(styled) == 4 and max(styled) < len(edges)  # chat, listen, empathise, propose
    assert "class n4 agreed" in out and "class n6 walked_out" in out


def dot_structure(text: str) -> tuple[set[str], list[tuple[str, str]], int]:
    lines = text.splitlines()
    assert lines[0].startswith("digraph ") and lines[0].endswith("{") and lines[-1] == "}"
    nodes, edges, best = set(), [], 0
    for line in lines[1:-1]:
        if m := re.fullmatch(r'  "([^"]+)" -> "([^"]+)" \[(.*)\];', line):
            edges.append((m.group(1), m.group(2)))
            best += "penwidth=3" in m.group(3)
        elif m := re.fullmatch(r'  "([^"]+)" \[label=".*"(, .*)?\];', line):
            nodes.add(m.group(1))
    return nodes, edges, best


def test_graph_dot_parses_and_highlights_the_best_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--scenarios", str(AUTHORING), "graph", "demo/2")
    nodes, edges, best = dot_structure(out)
    assert code == 0
    assert nodes == {"lobby", "talk", "talk2", "close", "pilot", "later", "refused"}
    assert all(a in nodes and b in nodes for a, b in edges) and len(edges) == 14
    assert best == 4
    assert 'shape=doubleoctagon, fillcolor="#c8f0c8"' in out  # agreed
    dot = shutil.which("dot")
    if dot:  # Graphviz present: it must accept the file too
        done = subprocess.run([dot, "-Tsvg"], input=out.encode(), capture_output=True, check=False)
        assert done.returncode == 0, done.stderr


def test_graph_writes_to_a_file_with_out(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "demo.mmd"
    code, out, _ = run(capsys, "--scenarios", str(AUTHORING), "graph", "demo/1", "--format", "mermaid",
                       "--out", str(target))
    assert code == 0 and out.startswith("wrote ")
    assert target.read_text().startswith("flowchart TD")


def test_graph_png_without_graphviz_says_how_to_install_it(capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    code, _, err = run(capsys, "--scenarios", str(AUTHORING), "graph", "demo/1", "--format", "png")
    assert code == 2
    assert "install Graphviz" in err and err.count("\n") == 1


def test_graph_needs_one_stage(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--scenarios", str(AUTHORING), "graph", "demo")
    assert code == 2 and "demo/1" in err


# -- new -----------------------------------------------------------------------------------------

def test_a_new_pack_passes_validate_strictly_and_playtest_as_generated(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "mine"
    code, out, _ = run(capsys, "--scenarios", str(root), "new", "pack", "my-bank")
    assert code == 0
    assert (root / "my-bank" / "pack.yaml").is_file() and (root / "my-bank" / "stage-1.yaml").is_file()
    assert (root / "program.yaml").is_file()
    assert "validate" in out and "playtest my-bank/1" in out
    assert run(capsys, "--scenarios", str(root), "new", "stage", "my-bank", "7")[0] == 0
    code, out, _ = run(capsys, "--scenarios", str(root), "validate", "--strict")
    assert (code, out) == (0, "4 files checked: no problems found\n")
    code, out, _ = run(capsys, "--scenarios", str(root), "playtest", "my-bank", "--runs", "200")
    assert code == 0 and out.count("tests: 2 passed, 0 failed") == 2


def test_new_refuses_to_overwrite_or_to_take_a_bad_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(tmp_path / "mine")
    assert run(capsys, "--scenarios", root, "new", "pack", "my-bank")[0] == 0
    before = (tmp_path / "mine" / "my-bank" / "stage-1.yaml").read_text()
    assert run(capsys, "--scenarios", root, "new", "pack", "my-bank")[0] == 2
    assert run(capsys, "--scenarios", root, "new", "stage", "my-bank", "1")[0] == 2
    assert (tmp_path / "mine" / "my-bank" / "stage-1.yaml").read_text() == before
    assert run(capsys, "--scenarios", root, "new", "pack", "My Bank")[0] == 2
    assert run(capsys, "--scenarios", root, "new", "stage", "nobody", "2")[0] == 2
    assert run(capsys, "--scenarios", root, "new", "stage", "my-bank", "9")[0] == 2


# -- schema --------------------------------------------------------------------------------------

def test_the_committed_schema_is_up_to_date_with_the_models() -> None:
    assert (ROOT / "scenarios" / "schema.json").read_text(encoding="utf-8") == schema_text(), \
        "scenarios/schema.json is stale: run `python main.py schema` and commit it"


def test_schema_check_fails_on_a_stale_file_and_writing_fixes_it(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "schema.json"
    target.write_text("{}\n")
    assert run(capsys, "schema", "--out", str(target), "--check")[0] == 1
    assert run(capsys, "schema", "--out", str(target))[0] == 0
    assert run(capsys, "schema", "--out", str(target), "--check")[0] == 0


def test_the_schema_accepts_stage_pack_and_program_files_and_the_plain_string_shorthand() -> None:
    schema = json.loads(schema_text())
    assert {ref["$ref"] for ref in schema["anyOf"]} == {"#/$defs/Scenario", "#/$defs/Pack", "#/$defs/Program"}
    assert schema["$defs"]["Text"]["anyOf"][0]["type"] == "string"  # `title: Hello` as well as {en:, ko:}
    assert schema["$defs"]["Choice"]["properties"]["next"]["anyOf"][0]["type"] == "string"
    assert schema["$defs"]["Choice"]["additionalProperties"] is False  # typos are flagged as the trainer types


def test_every_shipped_yaml_file_points_editors_at_the_schema() -> None:
    for path in sorted((ROOT / "scenarios").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        expected = "schema.json" if path.parent == ROOT / "scenarios" else "../schema.json"
        assert first == f"# yaml-language-server: $schema={expected}", path


# -- help ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", TRAINER_COMMANDS)
def test_every_trainer_command_has_help_and_is_in_the_readme(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0 and "usage: starpath " + command in out
    trainers = (ROOT / "README.md").read_text(encoding="utf-8").split("## Trainers", 1)[1].split("\n## ", 1)[0]
    assert f"python main.py {command}" in trainers or f"main.py --scenarios" in trainers and f" {command} " in trainers


# -- the authoring guide -------------------------------------------------------------------------

GUIDE = ROOT / "scenarios" / "README.md"


def test_the_guides_annotated_stage_is_the_scaffold_that_passes_validate_and_playtest() -> None:
    from game.scaffold import STAGE_TEMPLATE

    text = GUIDE.read_text(encoding="utf-8")
    example = text.split("## A complete stage, annotated", 1)[1].split("```yaml\n", 1)[1].split("```\n", 1)[0]
    assert example == STAGE_TEMPLATE.replace("@PACK@", "my-bank").replace("@STAGE@", "1")


def test_the_guide_explains_every_code_validate_can_report() -> None:
    import game.content.lint as lint

    table = GUIDE.read_text(encoding="utf-8").split("## What validate reports", 1)[1]
    source = Path(lint.__file__).read_text(encoding="utf-8")
    codes = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', source)) | {"yaml-syntax", "unknown-field", "missing-field"}
    for code in sorted(codes):
        assert f"`{code}`" in table, code


# -- the shipped scenarios -----------------------------------------------------------------------

FINANCE_1 = ROOT / "scenarios" / "finance" / "stage-1.yaml"


@pytest.mark.skipif(not FINANCE_1.is_file(), reason="the finance pack is written by its own author")
def test_playtest_of_shipped_finance_stage_1_gives_a_best_path_that_play_replays_to_a_pass(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "playtest", "finance/1", "--runs", "200", "--json")
    search = json.loads(out)["stages"][0]["search"]
    assert code in (0, 1)  # 1 would be the pack's own failing test case, which this test does not judge
    assert search["best"]["passed"] and not search["worst"]["passed"]
    code, out, _ = run(capsys, "play", "--text", "--pack", "finance", "--stage", "1", "--seed", "0",
                       "--moves", ",".join(search["best"]["moves"]), "--json")
    final = json.loads(out.splitlines()[-1])
    assert code == 0 and final["passed"] and final["satisfaction"] == search["best"]["satisfaction"]
    code, out, _ = run(capsys, "play", "--text", "--pack", "finance", "--stage", "1", "--seed", "0",
                       "--moves", ",".join(search["worst"]["moves"]), "--json")
    assert not json.loads(out.splitlines()[-1])["passed"]


def test_a_stage_too_large_to_search_is_a_finding_not_a_hang(capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from game.engine import explore

    monkeypatch.setattr(explore, "MAX_POSITIONS", 5)
    code, out, _ = run(capsys, "--scenarios", str(AUTHORING), "validate", str(AUTHORING / "demo" / "stage-2.yaml"))
    assert code == 0 and "warning: the play checks were skipped" in out and "[too-large-to-search]" in out
    code, _, err = run(capsys, "--scenarios", str(AUTHORING), "playtest", "demo/2")
    assert code == 1 and "cannot search this stage" in err and "Traceback" not in err


def test_a_broken_stage_does_not_hide_the_playtest_of_the_others(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "root"
    shutil.copytree(AUTHORING, root)
    (root / "demo" / "stage-2.yaml").write_text("stage: 2\nid: [unclosed\n")
    code, out, err = run(capsys, "--scenarios", str(root), "playtest", "demo", "--runs", "100")
    assert code == 1
    assert "demo stage 1" in out and "tests: 2 passed, 0 failed" in out
    assert "stage-2.yaml:3:1: error: YAML syntax" in err and "[yaml-syntax]" in err
