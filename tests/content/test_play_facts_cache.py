"""validate keeps each stage's search results: unchanged stages are not searched again, changed ones are."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from game import trainer
from game.content import lint
from tests.conftest import MINI


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "scenarios"
    shutil.copytree(MINI, copy)
    return copy


def run(root: Path, **options: object) -> str:
    out = io.StringIO()
    trainer.run_validate([], root, strict=False, fmt="text", out=out, **options)
    return out.getvalue()


def test_a_second_run_reuses_the_search_and_reports_the_same(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = run(root)
    assert "unobtainable-intel" in first             # the tiny stage's budget can never be obtained

    def no_search(*_: object) -> lint.PlayFacts:
        raise AssertionError("searched again")

    monkeypatch.setattr(lint, "play_facts", no_search)
    assert run(root) == first


def test_an_edited_stage_is_searched_again(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(root)
    stage = root / "tiny" / "stage-1.yaml"
    stage.write_text(stage.read_text(encoding="utf-8").replace("min_state: open\n    fact: metrics",
                                                                 "min_state: warming\n    fact: metrics"),
                     encoding="utf-8")
    searched = []
    real = lint.play_facts
    monkeypatch.setattr(lint, "play_facts", lambda *a: searched.append(a) or real(*a))
    assert "unobtainable-intel" not in run(root)
    assert len(searched) == 1


def test_no_cache_searches_every_stage(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(root)
    searched = []
    real = lint.play_facts
    monkeypatch.setattr(lint, "play_facts", lambda *a: searched.append(a) or real(*a))
    run(root, cache=False)
    assert len(searched) == 1


def test_a_damaged_cache_file_is_ignored(root: Path, tmp_path: Path) -> None:
    first = run(root)
    for kept in (tmp_path / "cache" / "play-facts").glob("*.json"):
        kept.write_text("{not json", encoding="utf-8")
    assert run(root) == first


def test_the_engine_fingerprint_names_the_rules_it_covers() -> None:
    assert len(trainer.engine_fingerprint()) == 64
    assert trainer.PlayFactsFolder.default().engine == trainer.engine_fingerprint()
