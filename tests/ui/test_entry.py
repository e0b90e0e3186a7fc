"""`python main.py` and `play` without --text open the window; what a user gets wrong is one line, not a traceback."""

from __future__ import annotations

import pytest

from game import cli
from game.ui import app as window
from game.ui.settings import Settings, load_settings, save_settings


@pytest.fixture
def one_frame(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The loop draws one frame and stops; records the scene on top at that moment."""
    seen: list[str] = []
    run = window.App.run

    def run_once(self, frames=None):
        run(self, 1)
        seen.append(type(self.top).__name__)

    monkeypatch.setattr(window.App, "run", run_once)
    return seen


def test_no_command_opens_the_window_on_the_title(one_frame, mini_root, tmp_path, monkeypatch):
    monkeypatch.setenv("STARPATH_CONFIG", str(tmp_path / "window.json"))
    assert cli.main(["--scenarios", str(mini_root), "--db", str(tmp_path / "p.db")]) == 0
    assert one_frame == ["TitleScene"]


def test_play_without_text_opens_the_briefing_without_changing_the_saved_language(one_frame, mini_root, tmp_path,
                                                                                   monkeypatch):
    config = tmp_path / "window.json"
    save_settings(config, Settings(lang="en", coach=True))
    monkeypatch.setenv("STARPATH_CONFIG", str(config))
    assert cli.main(["--scenarios", str(mini_root), "play", "--pack", "tiny", "--stage", "1", "--lang", "ko"]) == 0
    assert one_frame == ["BriefingScene"]
    assert load_settings(config) == Settings(lang="en", coach=True)


@pytest.mark.parametrize("argv, fragment", [
    (["play", "--pack", "nope"], "no pack 'nope'"),
    (["play", "--pack", "tiny", "--trainee", "ghost"], "no trainee 'ghost'"),
])
def test_a_wrong_pack_or_trainee_is_one_line_and_exit_2(one_frame, mini_root, tmp_path, monkeypatch, capsys,
                                                         argv, fragment):
    monkeypatch.setenv("STARPATH_CONFIG", str(tmp_path / "window.json"))
    assert cli.main(["--scenarios", str(mini_root), "--db", str(tmp_path / "p.db"), *argv]) == 2
    err = capsys.readouterr().err
    assert fragment in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert one_frame == []


def test_a_file_that_is_not_a_database_is_one_line(one_frame, mini_root, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STARPATH_CONFIG", str(tmp_path / "window.json"))
    bad = tmp_path / "not.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    assert cli.main(["--scenarios", str(mini_root), "--db", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("starpath: error:") and err.count("\n") == 1


def test_a_language_given_on_the_command_line_is_not_saved_when_another_setting_changes(mini_root, tmp_path):
    import pygame

    from game.content.loader import Curriculum

    config = tmp_path / "window.json"
    save_settings(config, Settings(lang="en"))
    pygame.init()
    app = window.App(Curriculum(mini_root), None, config)
    app.settings = app.settings.with_(lang="ko")  # what open_window does for --lang ko
    app.change_settings(coach=True)
    assert app.settings.lang == "ko" and app.settings.coach
    assert load_settings(config) == Settings(lang="en", coach=True)
    pygame.quit()


def test_without_a_display_the_window_says_so_and_points_to_terminal_play(mini_root, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    monkeypatch.setattr(window.pygame.display, "get_driver", lambda: "offscreen")
    code = window.open_window(mini_root, tmp_path / "p.db", tmp_path / "w.json")
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == ("starpath: error: no display to open the game window on; play in the terminal "
                           "instead: python main.py play --text --pack finance")
