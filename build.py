#!/usr/bin/env python3
"""Haoren's command line: check, build or preview a site folder (the thin edge of haoren.pipeline)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from haoren import pipeline  # noqa: E402  (the banner switch must be set before MkDocs loads)
from haoren.clock import read_clock  # noqa: E402
from haoren.problems import ProblemsFound  # noqa: E402
from haoren.publish.site import PublishError  # noqa: E402


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Validate and publish a Haoren site folder (stories/, honorees/, content/, theme/).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--site", type=Path, default=Path(__file__).resolve().parent,
                         help="the site folder (default: this repository, the sample site)")
        sub.add_argument("--now", metavar="'YYYY-MM-DD[ HH:MM]'",
                         help="the build clock in Asia/Shanghai time (SOURCE_DATE_EPOCH wins when set)")
        return sub

    add("check", "Validate every file and report every problem as path:line: field: message; publish nothing.")
    build = add("build", "Validate, then build the public site into --out; nothing is published if any problem is found.")
    build.add_argument("--out", type=Path, help="output folder (default: SITE/site)")
    serve = add("serve", "Preview the site with live reload while you edit.")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    site = args.site.resolve()
    try:
        now = read_clock(args.now)
    except ValueError as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 2
    try:
        if args.command == "check":
            summary = pipeline.check(site, now)
        elif args.command == "build":
            summary = pipeline.build(site, now, (args.out or site / "site").resolve())
        else:
            return pipeline.serve(site, now, args.port)
    except ProblemsFound as found:
        print(found.report(), file=sys.stderr)
        return 1
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
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
