"""Typed, immutable models of what trainers write: the program, packs, scenarios."""

from __future__ import annotations

import hashlib
import json
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    RootModel,
    field_validator,
    model_validator,
)

LANGUAGES: tuple[str, ...] = ("en", "ko")
Lang = Literal["en", "ko"]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]


class Frozen(BaseModel):
    """Base of every content model: immutable, and unknown fields are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class PersonaState(str, Enum):
    GUARDED = "guarded"
    WARMING = "warming"
    OPEN = "open"
    CONFIDING = "confiding"
    ANNOYED = "annoyed"
    WALKED_OUT = "walked_out"
    AGREED = "agreed"
    OUT_OF_TIME = "out_of_time"


LADDER: tuple[PersonaState, ...] = (
    PersonaState.GUARDED,
    PersonaState.WARMING,
    PersonaState.OPEN,
    PersonaState.CONFIDING,
)
TERMINAL: tuple[PersonaState, ...] = (
    PersonaState.WALKED_OUT,
    PersonaState.AGREED,
    PersonaState.OUT_OF_TIME,
)
LadderState = Literal["guarded", "warming", "open", "confiding"]
Ending = Literal["agreed", "walked_out", "out_of_time"]


_OPENNESS = {state.value: rank for rank, state in enumerate(LADDER)}


def openness(state: PersonaState | str) -> int:
    """How far up the ladder a state is; an annoyed (or finished) client shares what a guarded one does."""
    return _OPENNESS.get(state, 0)


class Skill(str, Enum):
    RAPPORT = "rapport"
    DISCOVERY = "discovery"
    LISTENING = "listening"
    VALUE = "value"
    OBJECTION_HANDLING = "objection_handling"
    CLOSING = "closing"
    INTEGRITY = "integrity"


class Fact(str, Enum):
    """MEDDPICC qualification facts an intel item can stand for."""

    METRICS = "metrics"
    ECONOMIC_BUYER = "economic_buyer"
    DECISION_CRITERIA = "decision_criteria"
    DECISION_PROCESS = "decision_process"
    PAPER_PROCESS = "paper_process"
    IDENTIFIED_PAIN = "identified_pain"
    CHAMPION = "champion"
    COMPETITION = "competition"


class Text(RootModel[dict[Lang, Annotated[str, Field(min_length=1)]]]):
    """Localized text: a plain string (the same in every language) or {en: ..., ko: ...}."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _plain_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {lang: value for lang in LANGUAGES}
        return value

    @field_validator("root")
    @classmethod
    def _not_empty(cls, value: dict[str, str]) -> dict[str, str]:
        if not value:
            raise ValueError("text needs at least one language, e.g. {en: ..., ko: ...}")
        return value

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to English, then to any language given."""
        values = self.root
        return values.get(lang) or values.get("en") or next(iter(values.values()))

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self.root)


class Condition(Frozen):
    """When a line, choice or branch applies. Every field given must hold."""

    state: tuple[PersonaState, ...] | None = None
    min_state: LadderState | None = None
    known: tuple[Id, ...] = ()
    not_known: tuple[Id, ...] = ()
    flags: tuple[Id, ...] = ()
    not_flags: tuple[Id, ...] = ()

    @field_validator("state", mode="before")
    @classmethod
    def _one_state(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Thresholds(Frozen):
    """Trust at which the client moves up a rung; moving down uses the same lines."""

    warming: int = Field(ge=0, le=100)
    open: int = Field(ge=0, le=100)
    confiding: int = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _increasing(self) -> Thresholds:
        if not self.warming < self.open < self.confiding:
            raise ValueError(
                "thresholds must increase: warming < open < confiding "
                f"(got {self.warming}, {self.open}, {self.confiding})"
            )
        return self


class PersonaRules(Frozen):
    """The numbers behind a client's mood; program defaults, overridable per scenario."""

    start_trust: int = Field(ge=0, le=100)
    patience: int = Field(ge=1, le=50)
    trust_floor: int = Field(ge=0, le=100)
    thresholds: Thresholds
    annoyed_drop: int = Field(ge=1, le=100, description="a single-turn trust drop this large annoys the client")
    annoyed_patience: int = Field(ge=0, le=50, description="patience at or below this annoys the client")
    calm_gain: int = Field(ge=1, le=100, description="a trust gain this large calms an annoyed client")
    refusal_penalty: int = Field(ge=0, le=100)
    mood_variation: int = Field(ge=0, le=20, description="the seed moves start trust by up to this much")


class PersonaRulesOverride(Frozen):
    start_trust: int | None = Field(default=None, ge=0, le=100)
    patience: int | None = Field(default=None, ge=1, le=50)
    trust_floor: int | None = Field(default=None, ge=0, le=100)
    thresholds: Thresholds | None = None
    annoyed_drop: int | None = Field(default=None, ge=1, le=100)
    annoyed_patience: int | None = Field(default=None, ge=0, le=50)
    calm_gain: int | None = Field(default=None, ge=1, le=100)
    refusal_penalty: int | None = Field(default=None, ge=0, le=100)
    mood_variation: int | None = Field(default=None, ge=0, le=20)


class Persona(PersonaRulesOverride):
    """The client the trainee meets."""

    name: Text
    role: Text
    company: Text
    personality: Text
    priorities: tuple[Text, ...] = ()
    portrait: str | None = None
    exit_lines: dict[Ending, Text] = Field(
        default_factory=dict,
        description="what the client says when the meeting ends this way without an ending node",
    )


class Intel(Frozen):
    """What the client knows and the trainee wants."""

    id: Id
    tier: int = Field(ge=1, le=4, description="1 public, 2 internal, 3 confidential, 4 strategic")
    min_state: LadderState
    title: Text
    reveal: Text
    refusal: Text
    fact: Fact | None = None
    refusal_penalty: int | None = Field(default=None, ge=0, le=100)
    volunteer_on: LadderState | None = None


class Effects(Frozen):
    trust: int = Field(default=0, ge=-50, le=50)
    patience: int = Field(default=-1, ge=-10, le=10)
    minutes: int = Field(default=2, ge=0, le=60)


class Branch(Frozen):
    """One possible next node: the first branch whose condition holds is taken."""

    node: Id
    when: Condition | None = None


class Line(Frozen):
    """A client line; lines with a condition win over lines without when it holds."""

    text: Text
    when: Condition | None = None


class Choice(Frozen):
    id: Id
    text: Text
    effects: Effects = Effects()
    skills: dict[Skill, int] = Field(default_factory=dict)
    asks: tuple[Id, ...] = ()
    sets: tuple[Id, ...] = ()
    when: Condition | None = None
    feedback: Text
    better: Text | None = None
    next: tuple[Branch, ...]

    @field_validator("skills", mode="before")
    @classmethod
    def _skill_list(cls, value: Any) -> Any:
        if isinstance(value, list):
            return {skill: 1 for skill in value}
        return value

    @field_validator("skills")
    @classmethod
    def _skill_weights(cls, value: dict[Skill, int]) -> dict[Skill, int]:
        for skill, weight in value.items():
            if not -3 <= weight <= 3 or weight == 0:
                raise ValueError(f"skill weight for {skill.value} must be -3..-1 or 1..3, got {weight}")
        return value

    @field_validator("next", mode="before")
    @classmethod
    def _one_node(cls, value: Any) -> Any:
        return [{"node": value}] if isinstance(value, str) else value


class Node(Frozen):
    id: Id
    lines: tuple[Line, ...] = Field(min_length=1)
    choices: tuple[Choice, ...] = ()
    ending: Ending | None = None

    @field_validator("lines", mode="before")
    @classmethod
    def _one_line(cls, value: Any) -> Any:
        if isinstance(value, (str, dict)) and not (isinstance(value, dict) and "text" in value):
            return [{"text": value}]
        return value

    @model_validator(mode="after")
    def _ending_or_choices(self) -> Node:
        if self.ending is None and not self.choices:
            raise ValueError("a node needs choices, or an `ending:` (agreed, walked_out, out_of_time)")
        if self.ending is not None and self.choices:
            raise ValueError("an ending node cannot offer choices")
        return self


class ScenarioTest(Frozen):
    """An author's test case: moves, and what must hold afterwards."""

    name: str
    moves: tuple[Id, ...]
    passed: bool | None = None
    ending: Ending | None = None
    intel: tuple[Id, ...] = ()
    not_intel: tuple[Id, ...] = ()
    satisfaction: tuple[int, int] | None = None


class Scenario(Frozen):
    """One stage of one pack: a meeting with one client."""

    stage: int = Field(ge=1, le=7)
    id: Id
    title: Text
    objective: Text
    briefing: Text
    meeting_minutes: int = Field(default=30, ge=5, le=240)
    persona: Persona
    intel: tuple[Intel, ...] = ()
    required_intel: tuple[Id, ...] = ()
    start: Id
    nodes: tuple[Node, ...] = Field(min_length=1)
    tests: tuple[ScenarioTest, ...] = ()

    _node_index: dict[str, Node] = PrivateAttr(default_factory=dict)
    _intel_index: dict[str, Intel] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any) -> None:
        self._node_index = {node.id: node for node in self.nodes}
        self._intel_index = {item.id: item for item in self.intel}

    def node(self, node_id: str) -> Node:
        return self._node_index[node_id]

    def intel_item(self, intel_id: str) -> Intel:
        return self._intel_index[intel_id]

    def content_hash(self, program: Program) -> str:
        """A fingerprint of everything that decides how this meeting plays."""
        payload = {
            "scenario": self.model_dump(mode="json", exclude={"tests"}),
            "rules": program.persona_defaults.model_dump(mode="json"),
            "scoring": program.scoring.model_dump(mode="json"),
            "pass": program.stage(self.stage).passing.model_dump(mode="json"),
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()


class PassRule(Frozen):
    min_satisfaction: int = Field(default=60, ge=41, le=100, description="satisfaction of 40 or less always fails")
    ending: Ending = "agreed"


class Stage(Frozen):
    number: int = Field(ge=1, le=7)
    id: Id
    name: Text
    trains: Text
    target_month: float | None = Field(default=None, gt=0, le=120)
    passing: PassRule = PassRule()


class Scoring(Frozen):
    """How the client's survey score follows from the meeting."""

    ending_adjustment: dict[Ending, int] = Field(
        default_factory=lambda: {"agreed": 10, "out_of_time": -10, "walked_out": -30}
    )
    key_moments: int = Field(default=3, ge=1, le=10)


class Program(Frozen):
    id: Id
    name: Text
    languages: tuple[Lang, ...] = LANGUAGES
    window_months: int = Field(default=18, ge=1, le=60)
    persona_defaults: PersonaRules
    scoring: Scoring = Scoring()
    stages: tuple[Stage, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _stages_in_order(self) -> Program:
        numbers = [stage.number for stage in self.stages]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"stages must be numbered 1, 2, 3 … in order (got {numbers})")
        return self

    def stage(self, number: int) -> Stage:
        return self.stages[number - 1]

    def rules_for(self, persona: Persona) -> PersonaRules:
        """Program defaults with the scenario's persona overrides applied."""
        overrides = {
            name: getattr(persona, name)
            for name in PersonaRulesOverride.model_fields
            if getattr(persona, name) is not None
        }
        return self.persona_defaults.model_copy(update=overrides)


class Account(Frozen):
    """The client account a pack follows through all seven stages."""

    company: Text
    size: Text
    current_provider: Text
    opportunity: Text
    background: Text


class Pack(Frozen):
    id: Id
    vertical: Literal["finance", "manufacturing", "public_sector", "retail_services"] | str
    name: Text
    languages: tuple[Lang, ...] = LANGUAGES
    seller: Text | None = None
    account: Account
