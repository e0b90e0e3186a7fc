"""validate's checks: each one triggered by a fixture line marked `# expect: CODE`, found at that line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from game.content.findings import Finding
from game.content.lint import Report, validate
from game.content.loader import NotFoundError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BROKEN = FIXTURES / "broken"
AUTHORING = FIXTURES / "authoring"
MARK = re.compile(r"#\s*expect:\s*([a-z-]+)")


@pytest.fixture(scope="module")
def broken() -> Report:
    return validate([], BROKEN)


def marked_line(name: str, code: str, nth: int = 0) -> int:
    """The line of the fixture marked `# expect: code` (the nth such mark in that file)."""
    lines = [i for i, text in enumerate((BROKEN / "bad" / name).read_text().splitlines(), 1)
             if (m := MARK.search(text)) and m.group(1) == code]
    return lines[nth]


def found(report: Report, name: str, code: str) -> list[Finding]:
    return [f for f in report.findings if f.path.endswith(f"bad/{name}") and f.code == code]


def assert_found(report: Report, name: str, code: str, nth: int = 0, severity: str = "error") -> Finding:
    line = marked_line(name, code, nth)
    hits = [f for f in found(report, name, code) if f.line == line]
    assert hits, f"no {code} at {name}:{line}; got {[str(f) for f in report.findings if name in f.path]}"
    assert hits[0].severity == severity
    return hits[0]


def test_a_next_that_names_no_node_is_a_dangling_node(broken: Report) -> None:
    finding = assert_found(broken, "stage-1.yaml", "dangling-node")
    assert "`nowhere`" in finding.message


def test_asking_for_intel_that_does_not_exist_is_dangling_intel_with_a_suggestion(broken: Report) -> None:
    assert "did you mean `easy`" in assert_found(broken, "stage-1.yaml", "dangling-intel").message


def test_a_second_node_or_intel_with_the_same_id_is_a_duplicate(broken: Report) -> None:
    assert_found(broken, "stage-1.yaml", "duplicate-id", 0)
    assert_found(broken, "stage-1.yaml", "duplicate-id", 1)


def test_an_author_test_naming_an_unknown_choice_is_dangling(broken: Report) -> None:
    assert_found(broken, "stage-1.yaml", "dangling-choice")


def test_a_node_no_choice_leads_to_is_unreachable(broken: Report) -> None:
    finding = assert_found(broken, "stage-2.yaml", "unreachable-node", 1, severity="warning")
    assert "`orphan`" in finding.message


def test_a_node_behind_a_condition_that_never_holds_is_unreachable(broken: Report) -> None:
    finding = assert_found(broken, "stage-2.yaml", "unreachable-node", 0, severity="warning")
    assert "`secret-room`" in finding.message and "never hold" in finding.message


def test_a_choice_whose_branches_can_all_fail_is_a_dead_end(broken: Report) -> None:
    assert "`maybe`" in assert_found(broken, "stage-2.yaml", "dead-end", 0).message


def test_a_node_reached_with_no_choice_on_offer_is_a_dead_end(broken: Report) -> None:
    assert "`gated`" in assert_found(broken, "stage-2.yaml", "dead-end", 1).message


def test_a_condition_on_a_flag_no_choice_sets_is_reported(broken: Report) -> None:
    assert "`never-set`" in assert_found(broken, "stage-2.yaml", "unset-flag", severity="warning").message


def test_a_choice_that_returns_to_the_same_position_is_an_endless_loop(broken: Report) -> None:
    assert "`stall`" in assert_found(broken, "stage-2.yaml", "endless-loop").message


def test_intel_that_no_path_can_obtain_is_reported(broken: Report) -> None:
    assert "`locked`" in assert_found(broken, "stage-2.yaml", "unobtainable-intel").message


def test_a_stage_no_path_can_pass_is_unwinnable(broken: Report) -> None:
    finding = assert_found(broken, "stage-3.yaml", "unwinnable")
    assert "best satisfaction 45" in finding.message


def test_a_winnable_stage_with_problems_is_not_called_unwinnable(broken: Report) -> None:
    assert not found(broken, "stage-2.yaml", "unwinnable")


def test_thresholds_that_do_not_increase_are_reported(broken: Report) -> None:
    assert "60, 50, 80" in assert_found(broken, "stage-4.yaml", "thresholds-order").message


def test_effects_and_meeting_minutes_out_of_range_are_reported(broken: Report) -> None:
    assert "at most 240" in assert_found(broken, "stage-4.yaml", "out-of-range", 0).message
    assert "effects.trust" in assert_found(broken, "stage-4.yaml", "out-of-range", 1).message


def test_a_text_missing_a_language_the_pack_declares_is_reported(broken: Report) -> None:
    assert "no ko text" in assert_found(broken, "stage-5.yaml", "missing-language").message
    assert "account.company" in assert_found(broken, "pack.yaml", "missing-language").message


def test_a_pack_id_that_is_not_its_folder_name_is_reported(broken: Report) -> None:
    assert "`bad-pack` differs from its folder name `bad`" in assert_found(broken, "pack.yaml", "pack-id").message


def test_absolute_and_climbing_asset_paths_are_reported(broken: Report) -> None:
    assert_found(broken, "stage-5.yaml", "asset-path")
    assert_found(broken, "stage-6.yaml", "asset-path")


def test_a_stage_number_that_differs_from_the_file_name_is_a_mismatch(broken: Report) -> None:
    assert "stage-6.yaml but says stage: 5" in assert_found(broken, "stage-6.yaml", "stage-mismatch").message


def test_a_stage_the_program_does_not_have_is_a_mismatch(broken: Report) -> None:
    assert "stages 1-6" in assert_found(broken, "stage-7.yaml", "stage-mismatch").message


def test_every_marked_line_of_the_broken_fixture_is_found_in_one_run(broken: Report) -> None:
    expected = set()
    for path in sorted((BROKEN / "bad").glob("*.yaml")):
        for number, text in enumerate(path.read_text().splitlines(), 1):
            if m := MARK.search(text):
                expected.add((path.name, number, m.group(1)))
    got = {(Path(f.path).name, f.line, f.code) for f in broken.findings}
    assert expected <= got
    assert got - expected == set()  # nothing unmarked either
    assert broken.files == 9


def test_findings_are_sorted_by_file_then_line(broken: Report) -> None:
    keys = [(f.path, f.line, f.col) for f in broken.findings]
    assert keys == sorted(keys)


def test_strict_turns_warnings_into_errors(broken: Report) -> None:
    strict = broken.strict()
    assert broken.warnings == 3
    assert strict.warnings == 0 and strict.errors == broken.errors + 3


def test_the_authoring_fixture_is_clean_even_strictly() -> None:
    report = validate([], AUTHORING).strict()
    assert [str(f) for f in report.findings] == []
    assert report.files == 4


def test_a_broken_copy_of_clean_content_lists_every_problem_in_one_run(tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(AUTHORING, root)
    stage = root / "demo" / "stage-1.yaml"
    text = stage.read_text()
    text = text.replace("next: proposal\n", "next: proposall\n", 1)  # a typo in a reference
    text = text.replace("effects: {trust: 14}", "effects: {trust: 99}", 1)  # and a number out of range
    stage.write_text(text)
    pack = root / "demo" / "pack.yaml"
    pack.write_text(pack.read_text().replace("ko: 예시 주식회사}", "}").replace("{en: Example Corp, }", "{en: Example Corp}"))
    (root / "demo" / "stage-2.yaml").write_text((root / "demo" / "stage-2.yaml").read_text()
                                               .replace("stage: 2", "stage: 3"))
    report = validate([], root)
    codes = {(Path(f.path).name, f.code) for f in report.findings}
    assert {("stage-1.yaml", "out-of-range"), ("pack.yaml", "missing-language"),
            ("stage-2.yaml", "stage-mismatch")} <= codes
    text = stage.read_text().replace("effects: {trust: 99}", "effects: {trust: 14}")
    stage.write_text(text)
    codes = {(Path(f.path).name, f.code) for f in validate([], root).findings}
    assert ("stage-1.yaml", "dangling-node") in codes


def test_validating_one_file_checks_only_that_file() -> None:
    report = validate([BROKEN / "bad" / "stage-3.yaml"], BROKEN)
    assert report.files == 1
    assert {f.code for f in report.findings} == {"unwinnable"}


def test_a_path_that_does_not_exist_is_a_usage_problem(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        validate([tmp_path / "missing"], BROKEN)


def test_yaml_syntax_errors_are_findings_with_their_line(tmp_path: Path) -> None:
    bad = tmp_path / "stage-1.yaml"
    bad.write_text("stage: 1\nid: x\ntitle: [unclosed\n")
    report = validate([bad], BROKEN)
    assert [f.code for f in report.findings] == ["yaml-syntax"]
    assert report.findings[0].line >= 3
