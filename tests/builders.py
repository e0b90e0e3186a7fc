"""Small scenarios built in code, so each engine test states the exact numbers it depends on."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from game.content.loader import Curriculum
from game.content.model import Program, Scenario
from game.engine.meeting import Playbook

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def program() -> Program:
    return Curriculum(MINI).program


def text(words: str) -> dict[str, str]:
    return {"en": words, "ko": f"[ko] {words}"}


def choice(cid: str, next_: Any, *, trust: int = 0, patience: int = -1, minutes: int = 2, **extra: Any) -> dict:
    return {"id": cid, "text": text(cid), "feedback": text(f"feedback on {cid}"),
            "effects": {"trust": trust, "patience": patience, "minutes": minutes}, "next": next_, **extra}


def intel(iid: str, tier: int, min_state: str, **extra: Any) -> dict:
    return {"id": iid, "tier": tier, "min_state": min_state, "title": text(iid),
            "reveal": text(f"reveal {iid}"), "refusal": text(f"refuse {iid}"), **extra}


BASE: dict[str, Any] = {
    "stage": 1,
    "id": "built-1",
    "title": text("Built"),
    "objective": text("Agree"),
    "briefing": text("A built scenario."),
    "meeting_minutes": 30,
    "persona": {
        "name": text("Client"), "role": text("Role"), "company": text("Co"), "personality": text("Calm"),
        "start_trust": 30, "patience": 10, "trust_floor": 10, "mood_variation": 0,
        "thresholds": {"warming": 40, "open": 60, "confiding": 80},
        "annoyed_drop": 15, "annoyed_patience": 2, "calm_gain": 8, "refusal_penalty": 8,
        "exit_lines": {"walked_out": text("Goodbye."), "out_of_time": text("Time is up.")},
    },
    "intel": [
        intel("public", 1, "guarded", fact="economic_buyer"),
        intel("internal", 2, "warming", fact="identified_pain"),
        intel("secret", 3, "open", fact="metrics", refusal_penalty=12),
        intel("strategy", 4, "confiding", volunteer_on="confiding"),
    ],
    "start": "hub",
    "nodes": [
        {"id": "hub", "lines": [{"text": text("Hub line.")},
                                {"text": text("Annoyed hub line."), "when": {"state": ["annoyed"]}},
                                {"text": text("Open hub line."), "when": {"min_state": "open"}}],
         "choices": [
             choice("nothing", "hub"),
             choice("warm", "hub", trust=10),
             choice("big", "hub", trust=25, patience=0),
             choice("rude", "hub", trust=-20),
             choice("ask-public", "hub", asks=["public"]),
             choice("ask-internal", "hub", asks=["internal"]),
             choice("ask-secret", "hub", asks=["secret"]),
             choice("slow", "hub", minutes=20),
             choice("close", [{"node": "yes", "when": {"min_state": "open"}}, {"node": "no"}], trust=5),
             choice("flag", "hub", sets=["promised"]),
             choice("only-flagged", "hub", when={"flags": ["promised"]}),
         ]},
        {"id": "yes", "lines": text("Agreed."), "ending": "agreed"},
        {"id": "no", "lines": text("No."), "ending": "walked_out"},
    ],
    "required_intel": ["public"],
}


def scenario(**changes: Any) -> Scenario:
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if key == "persona":
            data["persona"].update(value)
        else:
            data[key] = value
    return Scenario.model_validate(data)


def playbook(**changes: Any) -> Playbook:
    return Playbook(program(), scenario(**changes))
