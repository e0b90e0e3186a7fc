"""Every command a user types: argument parsing and dispatch only; each command calls one library function."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from game.content.findings import ContentError
from game.content.loader import Curriculum, NotFoundError, scenarios_root
from game.content.model import Skill
from game.engine.explore import DEFAULT_RUNS
from game.engine.meeting import IllegalMove
from progress.store import ProgressError, StoreError
from progress.window import Status

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """A command-line value that cannot be used (exit 2)."""


def _stage(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 7:
        raise argparse.ArgumentTypeError(f"stage must be 1-7, got {text!r}")
    return int(text)


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"seed must be 0 or more, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="starpath",
        description="Starpath: a role-play simulator that trains new salespeople. "
        "With no command, the game window opens.",
    )
    parser.add_argument("--scenarios", metavar="DIR",
                        help="scenario folder (default: $STARPATH_SCENARIOS, else the shipped scenarios/)")
    _add_progress_options(parser, default=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    _add_play(commands)
    _add_trainer_commands(commands)
    _add_progress_commands(commands)
    return parser


# -- trainee: play ---------------------------------------------------------------------------------

def _add_play(commands: argparse._SubParsersAction) -> None:
    play = commands.add_parser("play", help="play one stage of a pack",
                               description="Play one stage. --text plays in the terminal; without it the window opens.")
    play.add_argument("--text", action="store_true", help="play in the terminal instead of the window")
    play.add_argument("--pack", help="pack id, e.g. finance (required unless --resume)")
    play.add_argument("--stage", type=_stage, help="stage number 1-7 (default 1)")
    play.add_argument("--seed", type=_seed, help="seed for the small variations (default: random, and shown)")
    play.add_argument("--lang", choices=["en", "ko"], default="en", help="language (default en)")
    play.add_argument("--moves", help="comma-separated choice numbers (from 1) or choice ids; no stdin is read")
    play.add_argument("--json", action="store_true", help="one JSON object per event, the debrief last")
    play.add_argument("--trainee", metavar="ID",
                      help="record the attempt for this enrolled trainee (the stage must be unlocked)")
    play.add_argument("--resume", action="store_true",
                      help="with --trainee: continue the trainee's unfinished attempt at its last move")
    _add_progress_options(play)
    play.set_defaults(handler=_play)


# -- trainer: validate, graph, playtest, new, schema -----------------------------------------------

def _add_trainer_commands(commands: argparse._SubParsersAction) -> None:
    """The trainer's toolchain: validate, graph, playtest, new, schema (game/trainer.py does the work)."""
    validate = commands.add_parser(
        "validate", help="check scenario files: schema, references, reachability, winnability",
        description="Check scenario files and print every finding as path:line:col: severity: message [code]. "
        "Exit 0 when there are no errors, 1 when there are, 2 on a usage problem.")
    validate.add_argument("paths", nargs="*", metavar="PATH",
                          help="files or folders to check (default: the whole scenario folder)")
    validate.add_argument("--strict", action="store_true", help="count warnings as errors")
    validate.add_argument("--format", choices=["text", "json"], default="text", help="output format (default text)")
    validate.add_argument("--no-cache", action="store_true",
                          help="search every stage again instead of reusing the results kept for unchanged stages")
    validate.set_defaults(handler=_validate)

    playtest = commands.add_parser(
        "playtest", help="prove a stage winnable, measure how hard it is, run its test cases",
        description="Exhaustive search (best and worst paths, endings, intel), random play with NumPy, careless "
        "play, choice coverage and the stage's `tests:`. Exit 1 when a test case fails or no path passes.")
    playtest.add_argument("target", metavar="SCENARIO|PACK",
                          help="a pack (finance), one stage (finance/1), or the path of a stage file")
    playtest.add_argument("--runs", type=_runs, default=DEFAULT_RUNS,
                          help=f"random playthroughs per stage (default {DEFAULT_RUNS})")
    playtest.add_argument("--seed", type=_seed, default=0,
                          help="seed of the search's opening and of the random runs (default 0)")
    playtest.add_argument("--json", action="store_true", help="the whole report as JSON (no progress bar)")
    playtest.set_defaults(handler=_playtest)

    new = commands.add_parser("new", help="start a new pack or stage from a commented template",
                              description="Write a commented starting file under the scenario folder "
                              "(--scenarios DIR for your own folder); it passes validate and playtest as generated.")
    kinds = new.add_subparsers(dest="kind", metavar="WHAT", required=True)
    new_pack = kinds.add_parser("pack", help="a pack folder with pack.yaml and stage-1.yaml",
                                description="Create PACK/pack.yaml and PACK/stage-1.yaml.")
    new_pack.add_argument("pack", metavar="ID", help="pack id: lower-case letters, digits, - and _")
    new_pack.set_defaults(handler=_new, stage=None)
    new_stage = kinds.add_parser("stage", help="a stage file in an existing pack",
                                 description="Create PACK/stage-N.yaml.")
    new_stage.add_argument("pack", metavar="PACK", help="an existing pack id")
    new_stage.add_argument("stage", metavar="N", type=_stage, help="stage number 1-7")
    new_stage.set_defaults(handler=_new)

    graph = commands.add_parser("graph", help="draw a stage's dialogue graph (DOT, Mermaid, PNG, SVG)",
                                description="The dialogue graph of one stage: nodes labelled by the client's first "
                                "line, edges by choice text and trust effect, endings by kind, the best passing path "
                                "highlighted. PNG and SVG need Graphviz's `dot`.")
    graph.add_argument("target", metavar="SCENARIO", help="one stage: finance/1, or the path of a stage file")
    graph.add_argument("--format", choices=["dot", "mermaid", "png", "svg"], default="dot",
                       help="output format (default dot)")
    graph.add_argument("--out", metavar="FILE", help="write to FILE (default: the terminal; PACK-stage-N.png|svg "
                       "for rendered formats)")
    graph.add_argument("--seed", type=_seed, default=0, help="seed of the opening the best path starts from")
    graph.add_argument("--lang", choices=["en", "ko"], default="en", help="language of the labels (default en)")
    graph.set_defaults(handler=_graph)

    schema = commands.add_parser("schema", help="regenerate scenarios/schema.json for editors",
                                 description="Write the JSON Schema that editors use to complete and check "
                                 "scenario files, generated from the content models, to schema.json in the scenario "
                                 "folder (or --out FILE).")
    schema.add_argument("--out", metavar="FILE", help="where to write it (default: schema.json in the scenario folder)")
    schema.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file is out of date")
    schema.set_defaults(handler=_schema)


def _runs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 10_000_000:
        raise argparse.ArgumentTypeError(f"runs must be a whole number from 1 to 10000000, got {text!r}")
    return int(text)


def _playtest(args: argparse.Namespace) -> int:
    from game import trainer

    return trainer.run_playtest(args.target, scenarios_root(args.scenarios), runs=args.runs, seed=args.seed,
                                as_json=args.json, out=sys.stdout, err=sys.stderr)


def _new(args: argparse.Namespace) -> int:
    from game import trainer

    return trainer.run_new(args.kind, args.pack, args.stage, scenarios_root(args.scenarios), out=sys.stdout)


def _schema(args: argparse.Namespace) -> int:
    from game import trainer

    return trainer.run_schema(Path(args.out) if args.out else None, scenarios_root(args.scenarios),
                              check=args.check, out=sys.stdout)


def _graph(args: argparse.Namespace) -> int:
    from game import trainer

    return trainer.run_graph(args.target, scenarios_root(args.scenarios), fmt=args.format,
                             out_file=Path(args.out) if args.out else None, seed=args.seed, lang=args.lang,
                             out=sys.stdout)


def _validate(args: argparse.Namespace) -> int:
    from game import trainer

    return trainer.run_validate([Path(p) for p in args.paths], scenarios_root(args.scenarios),
                                strict=args.strict, fmt=args.format, out=sys.stdout, cache=not args.no_cache)


# -- manager and progress: trainee, transcript, note, verify, report, export, demo-data ------------

def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {text!r}")
    return int(text)


def _add_progress_options(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    """--db and --today, accepted before the command or after it (SUPPRESS keeps the global value)."""
    parser.add_argument("--db", metavar="PATH", default=default,
                        help="progress database (default: $STARPATH_DB, else starpath.db in your user data folder)")
    parser.add_argument("--today", metavar="YYYY-MM-DD", type=_day, default=default,
                        help="evaluate as of this date instead of today (reports as of a month end, demos)")


def _add_progress_commands(commands: argparse._SubParsersAction) -> None:
    """The progress store's commands: trainee, transcript, note, verify, report, export, demo-data."""
    trainee = commands.add_parser("trainee", help="enrol, list and show trainees",
                                  description="Enrol trainees, list them, and show one trainee's progress.")
    what = trainee.add_subparsers(dest="trainee_command", metavar="ACTION", required=True)
    add = what.add_parser("add", help="enrol a trainee", description="Enrol a trainee in the program.")
    add.add_argument("--id", required=True, help="a short unique id, e.g. kim.minji")
    add.add_argument("--name", required=True, help="full name as managers know it (any language)")
    add.add_argument("--team", required=True, help="team name")
    add.add_argument("--manager", required=True, help="the trainee's manager")
    add.add_argument("--vertical", required=True, help="home vertical, e.g. finance")
    add.add_argument("--enrolled", required=True, type=_day, metavar="YYYY-MM-DD", help="enrolment date")
    _add_progress_options(add)
    add.set_defaults(handler=_trainee_add)
    listing = what.add_parser("list", help="list trainees and their status",
                              description="List enrolled trainees with their window status.")
    listing.add_argument("--team", help="only this team")
    listing.add_argument("--manager", help="only this manager's trainees")
    _add_progress_options(listing)
    listing.set_defaults(handler=_trainee_list)
    show = what.add_parser("show", help="one trainee's stages, attempts and window",
                           description="One trainee: stages with targets and passes, attempts, window status.")
    show.add_argument("id", help="trainee id")
    _add_progress_options(show)
    show.set_defaults(handler=_trainee_show)

    transcript = commands.add_parser("transcript", help="print a recorded conversation",
                                     description="The whole conversation of one attempt, turn by turn: trust "
                                     "changes, leaks, refusals and feedback, then the debrief and coaching notes.")
    transcript.add_argument("attempt", type=_count, help="attempt number (see `trainee show`)")
    transcript.add_argument("--lang", choices=["en", "ko"], default="en", help="language (default en)")
    _add_progress_options(transcript)
    transcript.set_defaults(handler=_transcript)

    note = commands.add_parser("note", help="record a coaching note on an attempt",
                               description="Record a coaching note: the skill to improve and when to check it.")
    note.add_argument("attempt", type=_count, help="attempt number")
    note.add_argument("--by", required=True, help="who coached (your name)")
    note.add_argument("--skill", required=True, choices=[s.value for s in Skill], help="the skill to improve")
    note.add_argument("--text", required=True, help="what to improve")
    note.add_argument("--follow-up", type=_day, metavar="YYYY-MM-DD",
                      help="when to check that it improved (default: one month after the note)")
    _add_progress_options(note)
    note.set_defaults(handler=_note)

    verify = commands.add_parser("verify", help="replay every stored attempt and flag mismatches",
                                 description="Replay every stored attempt from its moves on the content it was "
                                 "played on; flag results that differ (edited data) and content changed since.")
    _add_progress_options(verify)
    verify.set_defaults(handler=_verify)

    report = commands.add_parser("report", help="the managers' progress report",
                                 description="One row per trainee against the 18-month window, and a summary.")
    report.add_argument("--team", help="only this team")
    report.add_argument("--manager", help="only this manager's trainees")
    report.add_argument("--status", choices=[s.value for s in Status], help="only trainees with this status")
    report.add_argument("--format", choices=["table", "csv", "json", "html"], default="table",
                        help="output format (default table)")
    report.add_argument("--out", metavar="FILE", help="write to FILE instead of the terminal")
    _add_progress_options(report)
    report.set_defaults(handler=_report)

    export = commands.add_parser("export", help="export progress for other systems",
                                 description="Export progress for other systems.")
    kinds = export.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    xapi = kinds.add_parser("xapi", help="xAPI 1.0.3 statements for a learning record store",
                            description="xAPI 1.0.3 statements (cmi5 conventions) as a JSON array.")
    xapi.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="only what happened on or after this date")
    xapi.add_argument("--out", metavar="FILE", help="write to FILE instead of the terminal")
    _add_progress_options(xapi)
    xapi.set_defaults(handler=_export_xapi)

    demo = commands.add_parser("demo-data", help="fill the database with a synthetic cohort",
                               description="A synthetic cohort played through the real engine, for demos.")
    demo.add_argument("--trainees", type=_count, default=40, help="how many trainees (default 40)")
    demo.add_argument("--seed", type=_seed, default=1, help="seed for the cohort (default 1)")
    _add_progress_options(demo)
    demo.set_defaults(handler=_demo_data)


def _trainee_add(args: argparse.Namespace) -> int:
    from progress import commands

    return commands.trainee_add(args.db, _curriculum(args), id=args.id, name=args.name, team=args.team, manager=args.manager,
                                vertical=args.vertical, enrolled=args.enrolled, out=sys.stdout)


def _trainee_list(args: argparse.Namespace) -> int:
    from progress import commands

    return commands.trainee_list(args.db, _curriculum(args), team=args.team, manager=args.manager,
                                 today=args.today, out=sys.stdout)


def _trainee_show(args: argparse.Namespace) -> int:
    from progress import commands

    return commands.trainee_show(args.db, _curriculum(args), args.id, today=args.today, out=sys.stdout)


def _transcript(args: argparse.Namespace) -> int:
    from progress import commands

    return commands.transcript(args.db, args.attempt, lang=args.lang, out=sys.stdout)


def _note(args: argparse.Namespace) -> int:
    from progress import commands

    return commands.note(args.db, args.attempt, by=args.by, skill=args.skill, text=args.text,
                         follow_up=args.follow_up, today=args.today, out=sys.stdout)


def _verify(args: argparse.Namespace) -> int:
    from progress import commands

    return commands.verify(args.db, _curriculum(args), out=sys.stdout)


def _report(args: argparse.Namespace) -> int:
    from progress import commands

    return commands.report(args.db, _curriculum(args), team=args.team, manager=args.manager, status=args.status,
                           today=args.today, fmt=args.format, out_path=args.out, out=sys.stdout)


def _export_xapi(args: argparse.Namespace) -> int:
    from progress import commands

    return commands.export_xapi(args.db, _curriculum(args), since=args.since, out_path=args.out, out=sys.stdout)


def _demo_data(args: argparse.Namespace) -> int:
    from progress import commands

    return commands.demo_data(args.db, _curriculum(args), trainees=args.trainees, seed=args.seed,
                              today=args.today, out=sys.stdout, err=sys.stderr)


def _curriculum(args: argparse.Namespace) -> Curriculum:
    return Curriculum(scenarios_root(args.scenarios))


def _play(args: argparse.Namespace) -> int:
    if not args.text:
        from game.ui.app import open_window

        return open_window(args.scenarios, args.db, pack=args.pack, stage=args.stage, lang=args.lang, seed=args.seed,
                           trainee=args.trainee, today=args.today)
    from game import text_ui

    return text_ui.play(_curriculum(args), args.pack, args.stage, seed=args.seed, lang=args.lang,
                        moves=args.moves, as_json=args.json, stdin=sys.stdin, out=sys.stdout,
                        trainee=args.trainee, resume=args.resume, db=args.db, today=args.today)


def _window(args: argparse.Namespace) -> int:
    from game.ui.app import open_window

    return open_window(args.scenarios, args.db, today=args.today)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        handler = _window  # no command: the game window
    return run(handler, args)


def run(handler: Handler, args: argparse.Namespace) -> int:
    """Turns every error a user can cause into one clear message and a non-zero exit."""
    from game.text_ui import MoveError, Stopped

    try:
        return handler(args)
    except ContentError as exc:
        for finding in exc.findings:
            print(finding, file=sys.stderr)
        return 1
    except (NotFoundError, UsageError, MoveError, IllegalMove, ProgressError) as exc:
        print(f"starpath: error: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"starpath: error: {exc}", file=sys.stderr)
        return 3
    except sqlite3.Error as exc:  # a broken or unwritable progress database, met mid-command
        print(f"starpath: error: the progress database failed: {exc}", file=sys.stderr)
        return 3
    except Stopped as exc:
        print(f"starpath: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("starpath: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
