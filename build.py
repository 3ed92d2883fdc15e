#!/usr/bin/env python3
"""Haoren's command line: check, build or preview a site folder; scaffold and rename items (a thin edge)."""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
from datetime import datetime
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from haoren import pipeline  # noqa: E402  (the banner switch must be set before MkDocs loads)
from haoren.clock import read_clock  # noqa: E402
from haoren.edit import new, rename  # noqa: E402
from haoren.problems import Problem, ProblemsFound  # noqa: E402
from haoren.publish.site import PublishError  # noqa: E402
from haoren.render.exports import UnknownList  # noqa: E402
from haoren.reports import FORMATS, PUBLISHED_NOTHING, format_problems, text_report  # noqa: E402

ITEM_KINDS = ("story", "honoree", "campaign", "topic")
# A check or build holds millions of long-lived objects (each file's checked entry, the model, every
# page); at Python's default thresholds the cycle collector scans them again every 700 allocations.
# Rarer collections: 12-25 % less CPU for `check` and 7-9 % for a one-story build at 10,000 stories.
COLLECTOR_THRESHOLDS = (100_000, 50, 100)
OUTCOMES = {"new": "nothing was written", "rename": "nothing was renamed", "schema": "run build.py schema",
            "import": "nothing was written", "export": "nothing was written"}


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Validate and publish a Haoren site folder (stories/, honorees/, content/, theme/).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(group: argparse._SubParsersAction, name: str, help_text: str) -> argparse.ArgumentParser:
        sub = group.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--site", type=Path, default=Path(__file__).resolve().parent,
                         help="the site folder (default: this repository, the sample site)")
        sub.add_argument("--now", metavar="'YYYY-MM-DD[ HH:MM]'",
                         help="the build clock in Asia/Shanghai time (SOURCE_DATE_EPOCH wins when set)")
        return sub

    def add_format(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--format", choices=FORMATS, default="text",
                         help="how problems are reported: text (path:line: field: message, on stderr), github "
                              "(workflow commands that annotate a pull request), gitlab (a Code Quality report), "
                              "json (a list of {path, line, field, message}); the last three go to stdout")
        sub.add_argument("--output", type=Path, metavar="FILE",
                         help="write the github, gitlab or json report to FILE instead of stdout "
                              "(the problems are then also printed as text on stderr)")

    add_format(add(commands, "check",
                   "Validate every file and report every problem as path:line: field: message; publish nothing."))
    build = add(commands, "build",
                "Validate, then build the public site into --out; nothing is published if any problem is found.")
    build.add_argument("--out", type=Path, help="output folder (default: SITE/site)")
    add_format(build)
    build.add_argument("--full", action="store_true",
                       help="render every page again instead of carrying unchanged ones over from the last build")
    serve = add(commands, "serve", "Preview the site with live reload while you edit.")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")

    new_parser = commands.add_parser(
        "new", help="Write a new story, honoree, campaign or topic file that passes the check as written.",
        description="Write a new file with every field of its kind, each under a Chinese comment saying what it "
                    "means; never over an existing id.")
    kinds = new_parser.add_subparsers(dest="kind", required=True, metavar="KIND")
    story = add(kinds, "story", "A draft story in stories/YEAR/SLUG.md, dated today by the build clock.")
    story.add_argument("id", metavar="SLUG", help="the story's id: lowercase letters, digits and single hyphens")
    story.add_argument("--title", help="the headline (at most 64 characters)")
    story.add_argument("--honoree", dest="honorees", metavar="ID", action="extend", nargs="+", default=[],
                       help="an honoree this story is about (repeat or list several)")
    story.add_argument("--topic", dest="topics", metavar="ID", action="extend", nargs="+", default=[],
                       help="a topic this story joins (repeat or list several)")
    honoree = add(kinds, "honoree", "An honoree in honorees/people|groups|organizations/ID.yml, not published "
                                    "until its consent.publish is set to true.")
    honoree.add_argument("id", metavar="ID", help="the honoree's id, usually the name in pinyin")
    honoree.add_argument("--kind", dest="honoree_kind", choices=("person", "group", "organization"), required=True,
                         help="a person, a group honored together, or an organization")
    honoree.add_argument("--name", dest="title", help="the display name")
    for kind, where in (("campaign", "content/campaigns"), ("topic", "content/topics")):
        sub = add(kinds, kind, f"A {kind} in {where}/ID.yml.")
        sub.add_argument("id", metavar="ID", help=f"the {kind}'s id: lowercase letters, digits and single hyphens")
        sub.add_argument("--title", help="the title (at most 64 characters)")

    rename_parser = add(commands, "rename",
                        "Rename a story, honoree, campaign or topic: move its file (same folder), rewrite every "
                        "reference to it in place, and redirect its old URL if that was published.")
    rename_parser.add_argument("kind", choices=ITEM_KINDS, help="what is renamed")
    rename_parser.add_argument("old", help="its current id")
    rename_parser.add_argument("new", help="its new id")
    add_sheet_commands(lambda name, help_text: add(commands, name, help_text))
    return parser.parse_args(argv)


def add_sheet_commands(add) -> None:
    """schema, import and export: editors' tools beside the pipeline (docs/editor-guide.md)."""
    schema = add("schema", "Write JSON Schemas (2020-12) of every kind of file into SITE/schemas/ for the editor.")
    schema.add_argument("--check", action="store_true", help="only report schema files missing or out of date")
    sheet = add("import", "Make one honoree file per row of a spreadsheet; nothing is written unless every row is clean.")
    sheet.add_argument("what", choices=["honorees"], help="what the sheet lists")
    sheet.add_argument("sheet", type=Path, help="an .xlsx or .csv file with the columns of docs/editor-guide.md")
    sheet.add_argument("--campaign", metavar="ID", help="the campaign every row's honor was given in")
    sheet.add_argument("--award", metavar="A", help="the award of that campaign (also the honor's title by default)")
    export = add("export", "Write a published list as .xlsx and .csv: an honor roll or a campaign's results.")
    export.add_argument("what", choices=["roll", "campaign"], help="an honor roll, or a campaign's list")
    export.add_argument("key", metavar="PERIOD|ID", help="the roll's period (2020-02, 2020-Q1, 2020) or the campaign id")
    export.add_argument("--out", type=Path, help="output folder (default: SITE/exports)")


def path_prefix(site: Path) -> str:
    """The site folder as seen from the working directory, where CI systems resolve annotated paths."""
    try:
        relative = site.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative + "/"


def report(problems: list[Problem], args: argparse.Namespace, site: Path, outcome: str | None = None) -> None:
    fmt = getattr(args, "format", "text")
    if fmt == "text":
        outcome = outcome or OUTCOMES.get(args.command, PUBLISHED_NOTHING)
        print(text_report(problems, outcome=outcome), file=sys.stderr)
        return
    formatted = format_problems(problems, fmt, path_prefix(site))
    if args.output:
        args.output.write_text(formatted + "\n", encoding="utf-8")
        if problems:
            print(text_report(problems), file=sys.stderr)
    else:
        print(formatted)


def run(args: argparse.Namespace, site: Path, now: datetime) -> str:
    if args.command == "check":
        return pipeline.check(site, now)
    if args.command == "build":
        return pipeline.build(site, now, (args.out or site / "site").resolve(), incremental=not args.full)
    if args.command == "schema":
        return pipeline.write_schemas(site, args.check)
    if args.command == "import":
        return pipeline.import_honorees(site, args.sheet, args.campaign, args.award)
    if args.command == "export":
        return pipeline.export_list(site, now, args.what, args.key, (args.out or site / "exports").resolve())
    if args.command == "new":
        request = new.Request(args.kind, args.id, args.title, getattr(args, "honoree_kind", "person"),
                              tuple(getattr(args, "honorees", ())), tuple(getattr(args, "topics", ())))
        rel = new.create(site, request, now)
        draft = " It is a draft." if args.kind == "story" else ""
        return f"Wrote {rel}; it passes build.py check as written.{draft}"
    return rename.rename(site, args.kind, args.old, args.new, now)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    site = args.site.resolve()
    try:
        now = read_clock(args.now)
    except ValueError as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 2
    try:
        if args.command == "serve":
            return pipeline.serve(site, now, args.port)
        summary = run(args, site, now)
    except ProblemsFound as found:
        if getattr(found, "summary", None):  # done, but with problems still to fix
            print(found.summary)
        report(found.problems, args, site, getattr(found, "outcome", None))
        return 1
    except UnknownList as unknown:
        print(f"build.py: {unknown}", file=sys.stderr)
        return 2
    except PublishError as error:
        print(f"build.py: {error}", file=sys.stderr)
        print("Nothing was published.", file=sys.stderr)
        return 1
    except Exception as error:  # editors never see a traceback; developers can ask for one
        if os.environ.get("HAOREN_DEBUG"):
            raise
        print(f"build.py: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        print("Nothing was published. Run again with HAOREN_DEBUG=1 to see the details.", file=sys.stderr)
        return 3
    if getattr(args, "format", "text") in ("text", "github"):
        print(summary)
    else:  # stdout (or --output) holds the report: an empty one, and the summary goes to stderr
        report([], args, site)
        print(summary, file=sys.stderr)
    return 0


if __name__ == "__main__":
    status = main()
    # A build of 10,000 stories ends holding a gigabyte of objects: freeing them one by one at exit
    # takes about a second, and the system takes the memory back at once. All is written by now,
    # every worker and thread joined. What a normal exit does besides freeing still runs: the exit
    # handlers (multiprocessing's removes the folder its forkserver listens in, made in the system's
    # temporary folder: one left by every build that drew in workers) and flushing the streams.
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
