"""Hypothesis: any sequence of legal moves, on any seed, never crashes and keeps the numbers in range."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from game.content.loader import Curriculum
from game.engine.meeting import Meeting, Playbook
from game.engine.scoring import debrief
from tests.builders import playbook
from tests.conftest import MINI, SCENARIOS


def _shipped_playbooks() -> list[Playbook]:
    books = [playbook(persona={"mood_variation": 6})]
    for root in (MINI, SCENARIOS):
        curriculum = Curriculum(root)
        for pack in curriculum.pack_ids():
            for stage in curriculum.stage_numbers(pack):
                books.append(Playbook(curriculum.program, curriculum.scenario(pack, stage)))
    return books


BOOKS = _shipped_playbooks()


@settings(max_examples=300, deadline=None)
@given(book=st.sampled_from(BOOKS), seed=st.integers(0, 2**31 - 1),
       picks=st.lists(st.integers(0, 1000), max_size=60))
def test_random_moves_never_crash_and_keep_trust_within_0_to_100(book: Playbook, seed: int, picks: list[int]) -> None:
    meeting = book.meeting(seed)
    for pick in picks:
        offered = meeting.choices()
        if not offered:
            break
        meeting.choose(offered[pick % len(offered)].id)
        assert 0 <= meeting.trust <= 100
        assert meeting.patience >= 0
    if meeting.ended:
        result = debrief(meeting)
        assert 0 <= result.satisfaction <= 100
        assert result.passed == (not result.reasons)
    assert Meeting.replay(book, seed, meeting.moves).events == meeting.events
