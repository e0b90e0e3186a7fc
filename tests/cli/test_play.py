"""`play --text`: numbered choices from stdin or --moves, JSON events, clear errors for bad input."""

from __future__ import annotations

import io
import json

import pytest

from game.cli import main
from tests.conftest import MINI

BASE = ["--scenarios", str(MINI), "play", "--text", "--pack", "tiny", "--stage", "1", "--seed", "3"]


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: list[str],
        stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main([*BASE, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_winning_move_list_prints_a_passing_debrief(capsys, monkeypatch) -> None:
    code, out, _ = run(capsys, monkeypatch, ["--moves", "1,1,1"])
    assert code == 0
    assert "Debrief: PASSED" in out and "Client satisfaction: 82/100" in out


def test_a_careless_move_list_prints_a_failing_debrief_with_every_reason(capsys, monkeypatch) -> None:
    code, out, _ = run(capsys, monkeypatch, ["--moves", "2,3"])
    assert "Debrief: FAILED" in out
    assert "satisfaction 0 ≤ 40" in out
    assert "not with the client's agreement" in out
    assert "required intel “Head of ops” not obtained" in out


def test_moves_may_be_choice_ids(capsys, monkeypatch) -> None:
    _, out, _ = run(capsys, monkeypatch, ["--moves", "warm,listen,ask-meeting"])
    assert "Debrief: PASSED" in out


def test_stdin_reprompts_on_out_of_range_and_text(capsys, monkeypatch) -> None:
    code, out, _ = run(capsys, monkeypatch, [], stdin="9\nhello\n1\n1\n1\n")
    assert code == 0
    assert out.count("Type a number from 1 to 2") == 2
    assert "Debrief: PASSED" in out


def test_end_of_input_stops_without_a_debrief(capsys, monkeypatch) -> None:
    code, out, err = run(capsys, monkeypatch, [], stdin="1\n")
    assert code == 1 and "Debrief" not in out and "stopped" in err.lower()


def test_a_move_out_of_range_in_moves_is_a_clear_error(capsys, monkeypatch) -> None:
    code, _, err = run(capsys, monkeypatch, ["--moves", "1,7"])
    assert code == 2
    assert err.strip() == "starpath: error: move 2: 7 is not a choice here (1-3)"


def test_moves_that_run_out_before_the_end_say_so(capsys, monkeypatch) -> None:
    code, _, err = run(capsys, monkeypatch, ["--moves", "1"])
    assert code == 1 and "ran out after 1 move" in err


def test_json_prints_one_object_per_event_and_the_debrief_last(capsys, monkeypatch) -> None:
    _, out, _ = run(capsys, monkeypatch, ["--moves", "1,1,1", "--json", "--lang", "ko"])
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["kind"] == "meeting_started" and rows[-2]["kind"] == "meeting_ended"
    assert rows[-1]["kind"] == "debrief" and rows[-1]["passed"] is True
    assert {"client_line", "intel_leaked", "trust_changed", "state_changed"} <= {r["kind"] for r in rows}
    assert any(r.get("text") == "네?" for r in rows)


def test_korean_play_shows_korean_text(capsys, monkeypatch) -> None:
    _, out, _ = run(capsys, monkeypatch, ["--moves", "1,1,1", "--lang", "ko"])
    assert "디브리핑: 통과" in out and "테스트 씨: 네?" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--pack", "nope"], "no pack 'nope'"),
    (["--stage", "5"], "pack 'tiny' has no stage 5"),
])
def test_a_missing_pack_or_stage_is_a_clear_error(capsys, monkeypatch, args, message) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["--scenarios", str(MINI), "play", "--text", "--pack", "tiny", *args, "--moves", "1"])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err


def test_a_bad_stage_number_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["play", "--text", "--pack", "tiny", "--stage", "9"])
    assert exited.value.code == 2
    assert "stage must be 1-7" in capsys.readouterr().err


def test_json_play_from_stdin_prints_only_json_lines(capsys, monkeypatch) -> None:
    code, out, _ = run(capsys, monkeypatch, ["--json"], stdin="1\n1\n1\n")
    assert code == 0
    assert [json.loads(line)["kind"] for line in out.splitlines()][-1] == "debrief"


def test_the_trainee_hears_the_clients_reveal_and_refusal_lines(capsys, monkeypatch) -> None:
    _, won, _ = run(capsys, monkeypatch, ["--moves", "1,1,1"])
    assert "Ms Test: Mr Kim runs operations.\n  ★ New intel (tier 1): Head of ops" in won
    assert "Ms Test: We had three outages.\n  ★ Volunteered (tier 2): Outages" in won
    _, pushed, _ = run(capsys, monkeypatch, ["--moves", "2,3"])
    assert "Ms Test: I can't say.\n  ✗ Refused (tier 3): Budget, trust −8" in pushed
