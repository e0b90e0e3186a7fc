"""YAML files -> content models; every error carries path:line:col and a message a trainer understands."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from game.content.findings import ContentError, Finding
from game.content.model import Pack, Program, Scenario
from game.content.source import Loc, SourceMap, display_path, read_yaml

M = TypeVar("M", bound=BaseModel)

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "scenarios"
STAGE_FILE = re.compile(r"^stage-(\d+)\.yaml$")


class NotFoundError(Exception):
    """A pack, stage or file the user named does not exist."""


def scenarios_root(given: str | Path | None = None) -> Path:
    """`--scenarios DIR`, else $STARPATH_SCENARIOS, else the shipped scenarios/."""
    chosen = given or os.environ.get("STARPATH_SCENARIOS")
    return Path(chosen) if chosen else DEFAULT_ROOT


def load_model(path: Path, model: type[M]) -> tuple[M, SourceMap]:
    data, source = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError([source.finding((), "expected a mapping of fields (key: value) at the top", "wrong-type")])
    try:
        return model.model_validate(data), source
    except ValidationError as exc:
        raise ContentError([_finding(error, source, model) for error in exc.errors()]) from None


def load_scenario_file(path: Path) -> tuple[Scenario, SourceMap]:
    """A stage file, schema-checked and with every reference resolved."""
    from game.content.lint import reference_findings  # lint builds on the models this module loads

    scenario, source = load_model(path, Scenario)
    errors = reference_findings(scenario, source)
    if errors:
        raise ContentError(errors)
    return scenario, source


class Curriculum:
    """The program and its packs under one scenario root; loads files once, on first use."""

    def __init__(self, root: Path):
        self.root = root
        self._program: Program | None = None
        self._packs: dict[str, Pack] = {}
        self._scenarios: dict[tuple[str, int], Scenario] = {}

    @property
    def program(self) -> Program:
        if self._program is None:
            path = self.root / "program.yaml"
            if not path.is_file():
                raise NotFoundError(f"no program.yaml in {display_path(self.root)} (is --scenarios right?)")
            self._program, _ = load_model(path, Program)
        return self._program

    def pack_ids(self) -> list[str]:
        if not self.root.is_dir():
            raise NotFoundError(f"scenario folder {display_path(self.root)} does not exist")
        return sorted(p.name for p in self.root.iterdir() if (p / "pack.yaml").is_file())

    def pack_dir(self, pack_id: str) -> Path:
        folder = self.root / pack_id
        if not (folder / "pack.yaml").is_file():
            known = ", ".join(self.pack_ids()) or "none"
            raise NotFoundError(f"no pack {pack_id!r} in {display_path(self.root)} (packs: {known})")
        return folder

    def pack(self, pack_id: str) -> Pack:
        if pack_id not in self._packs:
            self._packs[pack_id], _ = load_model(self.pack_dir(pack_id) / "pack.yaml", Pack)
        return self._packs[pack_id]

    def stage_numbers(self, pack_id: str) -> list[int]:
        folder = self.pack_dir(pack_id)
        found = (STAGE_FILE.match(p.name) for p in folder.iterdir())
        return sorted(int(m.group(1)) for m in found if m)

    def scenario_path(self, pack_id: str, stage: int) -> Path:
        path = self.pack_dir(pack_id) / f"stage-{stage}.yaml"
        if not path.is_file():
            have = ", ".join(map(str, self.stage_numbers(pack_id))) or "none"
            raise NotFoundError(f"pack {pack_id!r} has no stage {stage} (stages: {have})")
        return path

    def scenario(self, pack_id: str, stage: int) -> Scenario:
        key = (pack_id, stage)
        if key not in self._scenarios:
            scenario, source = load_scenario_file(self.scenario_path(pack_id, stage))
            if scenario.stage != stage:
                raise ContentError(
                    [source.finding(("stage",), f"file is stage-{stage}.yaml but says stage: {scenario.stage}",
                                    "stage-mismatch")]
                )
            self._scenarios[key] = scenario
        return self._scenarios[key]


# -- turning pydantic's errors into a trainer's messages -------------------------------------------

def _finding(error: dict[str, Any], source: SourceMap, model: type[BaseModel]) -> Finding:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    where = _dotted(loc)
    if kind == "extra_forbidden":
        field = str(loc[-1])
        allowed = _allowed_fields(model, loc[:-1])
        hint = difflib.get_close_matches(field, allowed, n=1)
        suggestion = f"; did you mean `{hint[0]}`?" if hint else (f"; allowed: {', '.join(allowed)}" if allowed else "")
        return source.finding(loc, f"unknown field `{field}`{suggestion}", "unknown-field", key=True)
    if kind == "missing":
        return source.finding(loc, f"missing required field `{loc[-1]}`" + (f" in `{_dotted(loc[:-1])}`" if loc[:-1] else ""),
                              "missing-field")
    message = _plain(error)
    code = "wrong-type" if kind.endswith("_type") or kind.endswith("_parsing") else "invalid-value"
    if where:
        message = f"`{where}`: {message}"
    return source.finding(loc, message, code)


def _plain(error: dict[str, Any]) -> str:
    message = _plain_message(error)
    if isinstance(error.get("input"), bool) and error["type"] != "bool_parsing":
        message += " (YAML reads yes/no/on/off as true/false: put it in quotes)"
    return message


def _plain_message(error: dict[str, Any]) -> str:
    kind, ctx, got = error["type"], error.get("ctx") or {}, error.get("input")
    shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        if error["loc"] and error["loc"][-1] == "[key]":
            return f"{shown} is not a language of this program (use: {expected})"
        return f"{shown} is not one of: {expected}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {shown}"
    if kind in ("string_type",):
        return f"expected text, got {shown}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping (key: value), got {shown}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, got {shown}"
    if kind == "bool_parsing":
        return f"expected true or false, got {shown}"
    if kind == "string_pattern_mismatch":
        return f"{shown} is not a valid id (lower-case letters, digits, - and _)"
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']}, got {shown}"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']}, got {shown}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"]


def _dotted(loc: Loc) -> str:
    """A location as a trainer reads it: nodes[3].choices[1].next."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not str(part).startswith(("function-", "literal[", "[key]")):
            out += ("." if out else "") + str(part)
    return out


def _allowed_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names the model expects at `loc`, to suggest a fix for a typo."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return sorted(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
