"""The client persona: one `transitions` Machine per persona definition over trust, patience and state."""

from __future__ import annotations

from transitions import Machine

from game.content.model import LADDER, TERMINAL, PersonaRules, PersonaState

LIVE = [s.value for s in (*LADDER, PersonaState.ANNOYED)]
RUNGS = [s.value for s in LADDER]


class Mood:
    """The model a Machine drives: the numbers of one client in one meeting, and the state they imply."""

    state: str

    def __init__(self, rules: PersonaRules, trust: int, patience: int):
        self.rules = rules
        self.trust = trust
        self.patience = patience
        self.last_delta = 0

    # conditions the machine asks, by name
    def is_settled(self) -> bool:
        """Nothing moves the client this turn: the common case, checked first so it costs one condition."""
        if self.is_spent():
            return False
        if self.state == "annoyed":
            return not self.is_calmed()
        return not self.is_provoked() and self.rung() == self.state

    def is_spent(self) -> bool:
        return self.patience <= 0 or self.trust < self.rules.trust_floor

    def is_provoked(self) -> bool:
        return self.last_delta <= -self.rules.annoyed_drop or self.patience <= self.rules.annoyed_patience

    def is_calmed(self) -> bool:
        return self.last_delta >= self.rules.calm_gain and self.patience > self.rules.annoyed_patience

    def rung(self) -> str:
        """The rung of the ladder that trust alone points at."""
        t = self.rules.thresholds
        if self.trust >= t.confiding:
            return "confiding"
        if self.trust >= t.open:
            return "open"
        if self.trust >= t.warming:
            return "warming"
        return "guarded"

    def fits_guarded(self) -> bool:
        return self.rung() == "guarded"

    def fits_warming(self) -> bool:
        return self.rung() == "warming"

    def fits_open(self) -> bool:
        return self.rung() == "open"

    def fits_confiding(self) -> bool:
        return self.rung() == "confiding"


def _transitions() -> list[dict[str, object]]:
    """The persona's graph as plain data: the first transition of a trigger whose conditions hold wins."""
    graph: list[dict[str, object]] = [
        {"trigger": "settle", "source": LIVE, "dest": None, "conditions": "is_settled"},  # internal: stays
        {"trigger": "settle", "source": LIVE, "dest": "walked_out", "conditions": "is_spent"},
        {"trigger": "settle", "source": RUNGS, "dest": "annoyed", "conditions": "is_provoked"},
    ]
    for rung in RUNGS:
        graph.append({"trigger": "settle", "source": "annoyed", "dest": rung,
                      "conditions": ["is_calmed", f"fits_{rung}"]})
    for rung in RUNGS:
        graph.append({"trigger": "settle", "source": [r for r in RUNGS if r != rung], "dest": rung,
                      "conditions": f"fits_{rung}"})
    graph += [
        {"trigger": "agree", "source": LIVE, "dest": "agreed"},
        {"trigger": "walk_out", "source": LIVE, "dest": "walked_out"},
        {"trigger": "run_out", "source": LIVE, "dest": "out_of_time"},
    ]
    return graph


class PersonaMachine:
    """Built once per persona definition; each meeting's Mood joins on start and leaves at the end."""

    def __init__(self, rules: PersonaRules):
        self.rules = rules
        self.machine = Machine(
            model=None,
            states=[s.value for s in PersonaState],
            transitions=_transitions(),
            initial="guarded",
            auto_transitions=False,
        )

    def join(self, trust: int, patience: int) -> Mood:
        mood = Mood(self.rules, trust, patience)
        self.machine.add_model(mood, initial=mood.rung())
        return mood

    def leave(self, mood: Mood) -> None:
        if mood in self.machine.models:
            self.machine.remove_model(mood)

    @staticmethod
    def is_terminal(mood: Mood) -> bool:
        return mood.state in {s.value for s in TERMINAL}
