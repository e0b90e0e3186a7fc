"""Malformed YAML: every case names path:line:col of the offending node, with no traceback."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.content.findings import ContentError
from game.content.loader import Curriculum, load_scenario_file
from tests.conftest import MINI, ROOT

VALID = """\
stage: 1
id: probe-1
title: {en: Probe, ko: 탐색}
objective: {en: Agree, ko: 합의}
briefing: {en: A probe., ko: 탐색입니다.}
persona:
  name: {en: Ms Kim, ko: 김 과장}
  role: {en: Assistant, ko: 비서}
  company: {en: Bank, ko: 은행}
  personality: {en: Brisk, ko: 깐깐함}
intel:
  - id: budget
    tier: 3
    min_state: open
    title: {en: Budget, ko: 예산}
    reveal: {en: Two million., ko: 2백만입니다.}
    refusal: {en: No., ko: 안 됩니다.}
start: hello
nodes:
  - id: hello
    lines: {en: Yes?, ko: 네?}
    choices:
      - id: ask
        text: {en: Budget?, ko: 예산은요?}
        asks: [budget]
        feedback: {en: Early., ko: 이릅니다.}
        next: bye
  - id: bye
    lines: {en: Bye., ko: 안녕히 가세요.}
    ending: walked_out
"""


def write(tmp_path: Path, text: str, name: str = "stage-1.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def findings(tmp_path: Path, text: str) -> list:
    with pytest.raises(ContentError) as caught:
        load_scenario_file(write(tmp_path, text))
    return caught.value.findings


def where(found: list) -> list[tuple[int, int, str]]:
    return [(f.line, f.col, f.code) for f in found]


def test_the_valid_probe_loads(tmp_path: Path) -> None:
    scenario, _ = load_scenario_file(write(tmp_path, VALID))
    assert scenario.node("hello").choices[0].asks == ("budget",)


def test_a_syntax_error_names_its_line(tmp_path: Path) -> None:
    found = findings(tmp_path, VALID.replace("  - id: bye\n", "  - id: bye\n   bad: [unclosed\n"))
    assert len(found) == 1 and found[0].code == "yaml-syntax"
    assert (found[0].line, found[0].col) == (29, 4)
    assert str(found[0]).startswith(f"{found[0].path}:{found[0].line}:{found[0].col}: error: YAML syntax")


def test_a_wrong_type_points_at_the_value(tmp_path: Path) -> None:
    found = findings(tmp_path, VALID.replace("    tier: 3", "    tier: high"))
    assert where(found) == [(13, 11, "wrong-type")]
    assert "intel[0].tier" in found[0].message and "whole number" in found[0].message


def test_an_unknown_field_points_at_the_key_and_suggests_the_right_one(tmp_path: Path) -> None:
    found = findings(tmp_path, VALID.replace("    min_state: open", "    min_stat: open"))
    codes = {(f.line, f.col, f.code) for f in found}
    assert (14, 5, "unknown-field") in codes
    assert any("did you mean `min_state`" in f.message for f in found)
    assert (12, 5, "missing-field") in codes           # and the field it replaced is missing


def test_a_missing_field_points_at_its_parent(tmp_path: Path) -> None:
    found = findings(tmp_path, VALID.replace("        feedback: {en: Early., ko: 이릅니다.}\n", ""))
    assert where(found) == [(23, 9, "missing-field")]
    assert "feedback" in found[0].message


def test_a_dangling_node_reference_names_the_reference(tmp_path: Path) -> None:
    found = findings(tmp_path, VALID.replace("        next: bye", "        next: by"))
    assert where(found) == [(27, 15, "dangling-node")]
    assert "did you mean `bye`" in found[0].message


def test_a_dangling_intel_reference_names_the_reference(tmp_path: Path) -> None:
    found = findings(tmp_path, VALID.replace("asks: [budget]", "asks: [budgett]"))
    assert where(found) == [(25, 16, "dangling-intel")]


def test_duplicate_ids_name_the_second_with_the_first_line(tmp_path: Path) -> None:
    found = findings(tmp_path, VALID.replace("  - id: bye", "  - id: hello"))
    assert (28, 9, "duplicate-id") in where(found)
    assert "first defined on line 20" in next(f for f in found if f.code == "duplicate-id").message


def test_a_duplicate_key_is_an_error_not_a_silent_overwrite(tmp_path: Path) -> None:
    found = findings(tmp_path, VALID.replace("start: hello\n", "start: hello\nstart: bye\n"))
    assert where(found) == [(19, 1, "duplicate-key")]


def test_a_python_tag_is_refused(tmp_path: Path) -> None:
    found = findings(tmp_path, VALID.replace("start: hello", "start: !!python/object/apply:os.system [echo]"))
    assert where(found) == [(18, 8, "yaml-tag")]


def test_a_custom_tag_is_refused(tmp_path: Path) -> None:
    found = findings(tmp_path, VALID.replace("start: hello", "start: !include other.yaml"))
    assert where(found)[0][2] == "yaml-tag"


def test_an_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    found = findings(tmp_path, VALID + "# " + "x" * 1_100_000 + "\n")
    assert where(found) == [(1, 1, "too-large")]
    assert "1 MB" in found[0].message


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    started = time.process_time()
    found = findings(tmp_path, "\n".join(levels) + "\n")
    assert found[0].code == "alias-bomb"
    assert time.process_time() - started < 5  # a guard against hanging, not a timing assertion


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    found = findings(tmp_path, "loop: &x [*x]\n")
    assert found[0].code in ("alias-bomb", "yaml-syntax")


def test_thresholds_that_do_not_increase_are_an_error_at_the_thresholds(tmp_path: Path) -> None:
    text = VALID.replace("  personality: {en: Brisk, ko: 깐깐함}\n",
                         "  personality: {en: Brisk, ko: 깐깐함}\n  thresholds: {warming: 60, open: 50, confiding: 80}\n")
    found = findings(tmp_path, text)
    assert where(found) == [(11, 15, "invalid-value")]
    assert "thresholds must increase" in found[0].message


def test_a_bad_language_key_is_an_error_at_the_text(tmp_path: Path) -> None:
    found = findings(tmp_path, VALID.replace("title: {en: Probe, ko: 탐색}", "title: {en: Probe, kr: 탐색}"))
    assert [(f.line, f.code) for f in found] == [(3, "invalid-value")]
    assert "'kr'" in found[0].message and "en, ko" in found[0].message


def test_yes_as_an_id_explains_yaml_booleans(tmp_path: Path) -> None:
    found = findings(tmp_path, VALID.replace("next: bye", "next: yes").replace("- id: bye", "- id: 'yes'"))
    assert "put it in quotes" in found[0].message


def test_every_error_in_a_file_is_reported_not_only_the_first(tmp_path: Path) -> None:
    text = VALID.replace("    tier: 3", "    tier: 9").replace("stage: 1", "stage: one").replace(
        "        feedback: {en: Early., ko: 이릅니다.}\n", "")
    assert len(findings(tmp_path, text)) == 3


def test_findings_use_the_path_as_the_trainer_gave_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, VALID.replace("next: bye", "next: nowhere"))
    with pytest.raises(ContentError) as caught:
        load_scenario_file(Path("stage-1.yaml"))
    assert str(caught.value).startswith("stage-1.yaml:27:15: error:")


def test_a_stage_file_whose_number_disagrees_with_its_name_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "tiny").mkdir(parents=True)
    (root / "program.yaml").write_text((MINI / "program.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "tiny" / "pack.yaml").write_text((MINI / "tiny" / "pack.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "tiny" / "stage-2.yaml").write_text((MINI / "tiny" / "stage-1.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        Curriculum(root).scenario("tiny", 2)
    assert caught.value.findings[0].code == "stage-mismatch"


@pytest.mark.parametrize("case", ["tier: high", "asks: [budgett]", "!!python/object/apply:os.system [echo]"])
def test_the_command_line_prints_one_line_per_finding_and_no_traceback(tmp_path: Path, case: str) -> None:
    root = tmp_path / "root"
    (root / "tiny").mkdir(parents=True)
    (root / "program.yaml").write_text((MINI / "program.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "tiny" / "pack.yaml").write_text((MINI / "tiny" / "pack.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    broken = {"tier: high": VALID.replace("    tier: 3", "    tier: high"),
              "asks: [budgett]": VALID.replace("asks: [budget]", "asks: [budgett]"),
              }.get(case, VALID.replace("start: hello", f"start: {case}"))
    write(root / "tiny", broken)
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--scenarios", str(root), "play", "--text",
                           "--pack", "tiny", "--moves", "1"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("root/tiny/stage-1.yaml:")
