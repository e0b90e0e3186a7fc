"""The events a meeting emits; the window, the terminal and the store consume them."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, ClassVar

from game.content.model import Text


@dataclass(frozen=True)
class Event:
    kind: ClassVar[str] = "event"

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        """Plain data; texts in `lang` when given, else every language."""
        out: dict[str, Any] = {"kind": self.kind}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Text):
                value = value.get(lang) if lang else dict(value.root)
            out[f.name] = value
        return out


@dataclass(frozen=True)
class MeetingStarted(Event):
    kind: ClassVar[str] = "meeting_started"
    scenario: str
    seed: int
    trust: int
    patience: int
    state: str
    minutes: int


@dataclass(frozen=True)
class ChoiceMade(Event):
    kind: ClassVar[str] = "choice_made"
    turn: int
    node: str
    choice: str
    text: Text
    minutes_used: int


@dataclass(frozen=True)
class ClientLine(Event):
    kind: ClassVar[str] = "client_line"
    node: str
    text: Text


@dataclass(frozen=True)
class IntelLeaked(Event):
    kind: ClassVar[str] = "intel_leaked"
    intel: str
    tier: int
    title: Text
    text: Text
    volunteered: bool


@dataclass(frozen=True)
class IntelRefused(Event):
    kind: ClassVar[str] = "intel_refused"
    intel: str
    tier: int
    title: Text
    text: Text
    penalty: int


@dataclass(frozen=True)
class TrustChanged(Event):
    kind: ClassVar[str] = "trust_changed"
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class PatienceChanged(Event):
    kind: ClassVar[str] = "patience_changed"
    before: int
    after: int


@dataclass(frozen=True)
class StateChanged(Event):
    kind: ClassVar[str] = "state_changed"
    before: str
    after: str


@dataclass(frozen=True)
class MeetingEnded(Event):
    """`ending` is agreed, walked_out or out_of_time; `reason` says what caused it."""

    kind: ClassVar[str] = "meeting_ended"
    ending: str
    reason: str  # ending_node, patience, trust_floor, clock, no_choice


EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (MeetingStarted, ChoiceMade, ClientLine, IntelLeaked, IntelRefused, TrustChanged,
                PatienceChanged, StateChanged, MeetingEnded)
}


def event_from_dict(data: dict[str, Any]) -> Event:
    """The inverse of `as_dict()` (with every language)."""
    cls = EVENT_TYPES[data["kind"]]
    values = {f.name: data[f.name] for f in fields(cls)}
    for f in fields(cls):
        if f.type in ("Text", Text):
            values[f.name] = Text.model_validate(values[f.name])
    return cls(**values)

