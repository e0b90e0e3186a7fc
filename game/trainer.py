"""The trainer's commands: validate, graph, playtest, new, schema; each prints its report and returns the exit code."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from game.content.lint import Report, validate


def run_validate(paths: Sequence[Path], root: Path, *, strict: bool, fmt: str, out: IO[str]) -> int:
    """`validate`: every finding of every file, sorted by file and line, then a summary; 1 when there are errors."""
    report = validate(paths, root)
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


def _summary(report: Report) -> str:
    files = f"{report.files} file{'s' if report.files != 1 else ''}"
    if not report.findings:
        return f"{files} checked: no problems found"
    return (f"{files} checked: {report.errors} error{'s' if report.errors != 1 else ''}, "
            f"{report.warnings} warning{'s' if report.warnings != 1 else ''}")
