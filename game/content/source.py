"""Safe YAML reading that remembers where every value came from (path:line:col)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from game.content.findings import ContentError, Finding

MAX_BYTES = 1_000_000
MAX_EXPANDED_NODES = 200_000
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)

Loc = tuple[str | int, ...]


def display_path(path: Path | str) -> str:
    """A path as a trainer would type it: relative to where they stand, when it can be."""
    path = Path(path)
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of one YAML document sits."""

    path: str
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The line and column of the deepest part of `loc` that exists in the file."""
        found: Loc = ()
        for part in loc:
            candidate = (*found, part)
            if candidate in self.values:
                found = candidate
        if key and found in self.keys:
            return self.keys[found]
        return self.values.get(found, (1, 1))

    def finding(self, loc: Loc, message: str, code: str, *, severity: str = "error", key: bool = False) -> Finding:
        line, col = self.locate(loc, key=key)
        return Finding(self.path, line, col, severity, message, code)  # type: ignore[arg-type]


def read_yaml(path: Path) -> tuple[Any, SourceMap]:
    """Read one YAML file with the C safe loader, refusing what a trainer should never ship."""
    shown = display_path(path)
    source = SourceMap(shown)

    def fail(message: str, code: str, line: int = 1, col: int = 1) -> ContentError:
        return ContentError([Finding(shown, line, col, "error", message, code)])

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise fail(f"cannot read file: {exc.strerror or exc}", "unreadable") from None
    if size > MAX_BYTES:
        raise fail(
            f"file is {size / 1_000_000:.1f} MB; the limit is 1 MB (split the scenario into stages)",
            "too-large",
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise fail(f"cannot read file: {exc.strerror or exc}", "unreadable") from None
    except UnicodeDecodeError as exc:
        raise fail(f"file is not UTF-8 (byte {exc.start}); save it as UTF-8", "encoding") from None

    loader = yaml.CSafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise fail("file is empty", "empty")
        _walk(root, (), source, {}, set())
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise fail(f"YAML syntax: {problem}", "yaml-syntax", line, col) from None
    except yaml.YAMLError as exc:
        raise fail(f"YAML: {exc}", "yaml-syntax") from None
    finally:
        loader.dispose()
    return data, source


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _walk(node: yaml.Node, loc: Loc, source: SourceMap, sizes: dict[int, int], open_: set[int]) -> int:
    """Record marks, and measure the expanded size so alias bombs are refused before building."""
    ident = id(node)
    if ident in open_:
        line, col = _mark(node)
        raise ContentError([Finding(source.path, line, col, "error", "an alias refers to itself", "alias-bomb")])
    if node.tag not in _PLAIN_TAGS:
        line, col = _mark(node)
        raise ContentError(
            [Finding(source.path, line, col, "error",
                     f"YAML tag {node.tag!r} is not allowed: scenario files hold plain data only", "yaml-tag")]
        )
    source.values.setdefault(loc, _mark(node))
    if ident in sizes:  # an alias of a node already measured: count it again, walk it once
        return sizes[ident]
    open_.add(ident)
    size = 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
            if key in seen:
                line, col = _mark(key_node)
                raise ContentError(
                    [Finding(source.path, line, col, "error",
                             f"duplicate key {key!r} (the first is on line {_mark(seen[key])[0]})", "duplicate-key")]
                )
            seen[key] = key_node
            source.keys.setdefault((*loc, key), _mark(key_node))
            size += _walk(value_node, (*loc, key), source, sizes, open_)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            size += _walk(item, (*loc, index), source, sizes, open_)
    open_.discard(ident)
    sizes[ident] = size
    if size > MAX_EXPANDED_NODES:
        raise _bomb(source, node)
    return size


def _bomb(source: SourceMap, node: yaml.Node) -> ContentError:
    line, col = _mark(node)
    return ContentError(
        [Finding(source.path, line, col, "error",
                 f"aliases expand to more than {MAX_EXPANDED_NODES:,} values (an alias bomb?)", "alias-bomb")]
    )
