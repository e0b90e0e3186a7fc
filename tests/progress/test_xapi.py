"""xAPI export: every statement obeys the xAPI 1.0.3 rules it touches, and follows cmi5 where it fits."""

from __future__ import annotations

import re
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from game.content.loader import Curriculum
from progress import xapi
from progress.store import Store
from tests.progress.helpers import FAILING, PASSING, SEVEN, play, trainee

IRI = re.compile(r"^[a-z][a-z0-9+.-]*:[^\s]+$", re.IGNORECASE)
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
                  "version", "attachments"}


def _language_map(value: Any) -> None:
    assert isinstance(value, dict) and value
    for tag, text in value.items():
        assert LANGUAGE_TAG.match(tag) and isinstance(text, str)


def _no_nulls(value: Any) -> None:
    if isinstance(value, dict):
        for item in value.values():
            assert item is not None
            _no_nulls(item)
    elif isinstance(value, list):
        for item in value:
            _no_nulls(item)


def _activity(value: dict[str, Any]) -> None:
    assert value.get("objectType", "Activity") == "Activity" and IRI.match(value["id"])
    definition = value.get("definition", {})
    assert set(definition) <= {"name", "description", "type", "moreInfo", "extensions"}
    for key in ("name", "description"):
        if key in definition:
            _language_map(definition[key])
    if "type" in definition:
        assert IRI.match(definition["type"])


def check_statement(s: dict[str, Any]) -> None:
    """The xAPI 1.0.3 rules (data section 2.4) our statements touch."""
    assert set(s) <= STATEMENT_KEYS
    _no_nulls(s)
    assert uuid.UUID(s["id"]).version in (4, 5)
    actor = s["actor"]
    assert actor["objectType"] == "Agent"
    identifiers = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in actor]
    assert identifiers == ["account"]  # exactly one inverse functional identifier
    assert IRI.match(actor["account"]["homePage"]) and actor["account"]["name"]
    assert IRI.match(s["verb"]["id"])
    _language_map(s["verb"]["display"])
    _activity(s["object"])
    if "result" in s:
        result = s["result"]
        assert set(result) <= {"score", "success", "completion", "response", "duration", "extensions"}
        if "score" in result:
            score = result["score"]
            assert -1 <= score["scaled"] <= 1
            assert score["min"] <= score["raw"] <= score["max"] and score["min"] < score["max"]
        for flag in ("success", "completion"):
            if flag in result:
                assert isinstance(result[flag], bool)
        if "duration" in result:
            assert DURATION.match(result["duration"])
        for key in result.get("extensions", {}):
            assert IRI.match(key)
    if "context" in s:
        context = s["context"]
        uuid.UUID(context["registration"])
        for kind, activities in context.get("contextActivities", {}).items():
            assert kind in ("parent", "grouping", "category", "other")
            for activity in activities:
                _activity(activity)
        for key in context.get("extensions", {}):
            assert IRI.match(key)
    assert TIMESTAMP.match(s["timestamp"])


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Store, list[dict[str, Any]], Curriculum]:
    seven = Curriculum(SEVEN)
    store = Store.open(tmp_path / "x.db")
    store.enrol(trainee("ana", name="김민지"))
    play(store, seven, "ana", 1, FAILING, date(2026, 1, 5))
    for stage in range(1, 8):
        play(store, seven, "ana", stage, PASSING, date(2026, 1, 10 + stage))
    yield store, xapi.statements(store, seven.program), seven
    store.close()


def test_every_statement_follows_the_xapi_1_0_3_rules(exported: tuple) -> None:
    _, statements, _ = exported
    assert statements
    for statement in statements:
        check_statement(statement)
    assert len({s["id"] for s in statements}) == len(statements)


def test_attempts_passes_failures_and_the_programs_completion_are_each_a_statement(exported: tuple) -> None:
    _, statements, _ = exported
    verbs = [s["verb"]["display"]["en-US"] for s in statements]
    assert verbs.count("attempted") == 8 and verbs.count("failed") == 1 and verbs.count("passed") == 7
    assert verbs.count("satisfied") == 1 and verbs[-1] == "satisfied"
    assert [s["timestamp"] for s in statements] == sorted(s["timestamp"] for s in statements)


def test_a_judged_attempt_carries_score_success_duration_and_its_mastery_score(exported: tuple) -> None:
    store, statements, seven = exported
    failed = next(s for s in statements if s["verb"]["id"] == xapi.FAILED)
    attempt = store.attempt(1)
    assert failed["result"]["score"] == {"scaled": attempt.satisfaction / 100, "raw": attempt.satisfaction,
                                         "min": 0, "max": 100}
    assert failed["result"]["success"] is False and failed["result"]["completion"] is True
    context = failed["context"]
    assert context["extensions"][xapi.MASTERY_SCORE] == seven.program.stage(1).passing.min_satisfaction / 100
    categories = {c["id"] for c in context["contextActivities"]["category"]}
    assert categories == {xapi.CMI5_CATEGORY, xapi.MOVEON_CATEGORY}
    assert context["contextActivities"]["parent"][0]["id"] == xapi.program_activity(seven.program)["id"]


def test_stages_are_activities_under_the_program_and_completion_is_satisfied_on_the_course(exported: tuple) -> None:
    _, statements, seven = exported
    stage_ids = {s["object"]["id"] for s in statements if s["verb"]["id"] == xapi.PASSED}
    assert len(stage_ids) == 7
    assert all(i.startswith(xapi.program_activity(seven.program)["id"] + "/stages/") for i in stage_ids)
    satisfied = statements[-1]
    assert satisfied["object"]["definition"]["type"] == xapi.COURSE_TYPE
    assert satisfied["object"]["definition"]["name"]["ko"] == "스타패스 영업 교육 과정"
    assert satisfied["actor"]["name"] == "김민지"


def test_exporting_twice_gives_the_same_statement_ids(exported: tuple) -> None:
    store, statements, seven = exported
    assert [s["id"] for s in xapi.statements(store, seven.program)] == [s["id"] for s in statements]


def test_since_keeps_only_what_happened_on_or_after_the_date(exported: tuple) -> None:
    store, _, seven = exported
    later = xapi.statements(store, seven.program, since=date(2026, 1, 17))
    assert later and all(s["timestamp"] >= "2026-01-17" for s in later)
    assert {s["verb"]["display"]["en-US"] for s in later} == {"attempted", "passed", "satisfied"}
    assert xapi.statements(store, seven.program, since=date(2027, 1, 1)) == []
