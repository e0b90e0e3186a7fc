"""xAPI 1.0.3 statements (cmi5 conventions) of attempts, passes, failures and program completion."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timezone
from typing import Any

from game.content.model import Program, Text
from progress.store import Attempt, Store, Trainee

BASE = "https://starpath.example"  # our activity ids live under here; they name things, nothing is fetched
ACCOUNT_HOME = f"{BASE}/trainees"

ATTEMPTED = "http://adlnet.gov/expapi/verbs/attempted"
PASSED = "http://adlnet.gov/expapi/verbs/passed"
FAILED = "http://adlnet.gov/expapi/verbs/failed"
SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied"
VERBS = {ATTEMPTED: "attempted", PASSED: "passed", FAILED: "failed", SATISFIED: "satisfied"}

CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
COURSE_TYPE = "https://w3id.org/xapi/cmi5/activitytype/course"
STAGE_TYPE = "http://adlnet.gov/expapi/activities/simulation"
PACK_EXTENSION = f"{BASE}/xapi/extensions/pack"
ENDING_EXTENSION = f"{BASE}/xapi/extensions/ending"


def _lang(text: Text) -> dict[str, str]:
    return dict(text.root)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _duration(start: datetime, end: datetime) -> str:
    return f"PT{max(0, int((end - start).total_seconds()))}S"


def program_activity(program: Program) -> dict[str, Any]:
    """The program as a cmi5 course."""
    return {"objectType": "Activity", "id": f"{BASE}/xapi/programs/{program.id}",
            "definition": {"name": _lang(program.name), "type": COURSE_TYPE}}


def stage_activity(program: Program, number: int) -> dict[str, Any]:
    """A stage as a cmi5 assignable unit (the same activity in every pack; the pack is a context extension)."""
    stage = program.stage(number)
    return {"objectType": "Activity", "id": f"{BASE}/xapi/programs/{program.id}/stages/{stage.id}",
            "definition": {"name": _lang(stage.name), "description": _lang(stage.trains), "type": STAGE_TYPE}}


def _actor(trainee: Trainee) -> dict[str, Any]:
    return {"objectType": "Agent", "name": trainee.name, "account": {"homePage": ACCOUNT_HOME, "name": trainee.id}}


def _verb(verb: str) -> dict[str, Any]:
    return {"id": verb, "display": {"en-US": VERBS[verb]}}


class Statements:
    """Builds statements with ids derived from the database's instance id, so re-exporting repeats them."""

    def __init__(self, store: Store, program: Program):
        self.program = program
        self.namespace = uuid.UUID(store.instance_id())

    def _id(self, *parts: object) -> str:
        return str(uuid.uuid5(self.namespace, "/".join(map(str, parts))))

    def _context(self, trainee: Trainee, *, categories: tuple[str, ...] = (), parent: bool = True,
                 extensions: dict[str, Any] | None = None) -> dict[str, Any]:
        context: dict[str, Any] = {"registration": self._id("registration", trainee.id)}
        activities: dict[str, Any] = {}
        if parent:
            activities["parent"] = [{"objectType": "Activity", "id": program_activity(self.program)["id"]}]
        if categories:
            activities["category"] = [{"objectType": "Activity", "id": c} for c in categories]
        if activities:
            context["contextActivities"] = activities
        if extensions:
            context["extensions"] = extensions
        return context

    def attempted(self, trainee: Trainee, attempt: Attempt) -> dict[str, Any]:
        return {
            "id": self._id("attempt", attempt.id, "attempted"),
            "actor": _actor(trainee), "verb": _verb(ATTEMPTED),
            "object": stage_activity(self.program, attempt.stage),
            "context": self._context(trainee, extensions={PACK_EXTENSION: attempt.pack}),
            "timestamp": _stamp(attempt.started),
        }

    def judged(self, trainee: Trainee, attempt: Attempt) -> dict[str, Any]:
        """passed or failed, with the score against the stage's pass rule (cmi5 masteryScore)."""
        assert attempt.finished is not None and attempt.satisfaction is not None
        verb = PASSED if attempt.passed else FAILED
        rule = self.program.stage(attempt.stage).passing
        return {
            "id": self._id("attempt", attempt.id, VERBS[verb]),
            "actor": _actor(trainee), "verb": _verb(verb),
            "object": stage_activity(self.program, attempt.stage),
            "result": {
                "score": {"scaled": round(attempt.satisfaction / 100, 4), "raw": attempt.satisfaction,
                          "min": 0, "max": 100},
                "success": attempt.passed,
                "completion": True,
                "duration": _duration(attempt.started, attempt.finished),
                "extensions": {ENDING_EXTENSION: attempt.ending or "unknown"},
            },
            "context": self._context(trainee, categories=(CMI5_CATEGORY, MOVEON_CATEGORY),
                                     extensions={MASTERY_SCORE: round(rule.min_satisfaction / 100, 4),
                                                 PACK_EXTENSION: attempt.pack}),
            "timestamp": _stamp(attempt.finished),
        }

    def satisfied(self, trainee: Trainee, completed: datetime) -> dict[str, Any]:
        """The program completed: every stage passed (cmi5 `satisfied` on the course)."""
        return {
            "id": self._id("program", trainee.id, "satisfied"),
            "actor": _actor(trainee), "verb": _verb(SATISFIED),
            "object": program_activity(self.program),
            "result": {"success": True, "completion": True},
            "context": self._context(trainee, categories=(CMI5_CATEGORY, MOVEON_CATEGORY), parent=False),
            "timestamp": _stamp(completed),
        }


def statements(store: Store, program: Program, *, since: date | None = None) -> list[dict[str, Any]]:
    """Every statement since `since` (all by default), in time order."""
    build = Statements(store, program)
    cutoff = datetime.combine(since, time(0), tzinfo=timezone.utc) if since else None
    trainees = {t.id: t for t in store.trainees()}
    out: list[tuple[datetime, int, dict[str, Any]]] = []
    first_pass: dict[str, dict[int, datetime]] = {}
    for attempt in store.attempts():
        trainee = trainees[attempt.trainee]
        if cutoff is None or attempt.started >= cutoff:
            out.append((attempt.started, 0, build.attempted(trainee, attempt)))
        if attempt.finished is None:
            continue
        if cutoff is None or attempt.finished >= cutoff:
            out.append((attempt.finished, 1, build.judged(trainee, attempt)))
        if attempt.passed:
            passes = first_pass.setdefault(attempt.trainee, {})
            passes[attempt.stage] = min(passes.get(attempt.stage, attempt.finished), attempt.finished)
    stages = range(1, len(program.stages) + 1)
    for trainee_id, passes in first_pass.items():
        if all(k in passes for k in stages):
            completed = max(passes.values())
            if cutoff is None or completed >= cutoff:
                out.append((completed, 2, build.satisfied(trainees[trainee_id], completed)))
    out.sort(key=lambda item: (item[0], item[1]))
    return [statement for _, _, statement in out]
