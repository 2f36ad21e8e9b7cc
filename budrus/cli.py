"""The command line: sub-commands and exit codes (0 success, 1 content errors, 2 usage or config)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import uptodate
from .diagnostics import BuildFailed, Diagnostics
from .options import BuildOptions

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: never a content or usage problem


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="budrus", description="Build the bilingual campaign site.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="render the whole site")
    _add_source(build)
    build.add_argument("--out", type=Path, help="output folder (default: SOURCE/public)")
    build.add_argument("--drafts", action="store_true", help="also build drafts and entries dated in the future")
    build.add_argument("--now", help='the moment to build for, ISO 8601 (default: SOURCE_DATE_EPOCH, else the clock)')
    build.add_argument("--base-url", help="override base_url from site_config.yaml")
    build.add_argument("--jobs", type=_positive, help="worker processes (default: the number of cores)")
    build.add_argument("--cache-dir", type=Path, help="cache folder (default: SOURCE/.cache)")
    build.add_argument("--no-cache", action="store_true", help="build as if the cache were empty; leave it untouched")

    check = commands.add_parser("check", help="validate everything build would read; write nothing")
    _add_source(check)
    check.add_argument("--drafts", action="store_true", help="also check drafts and scheduled entries as published")
    check.add_argument("--now", help="the moment to check for, ISO 8601")
    _add_editing_commands(commands)
    return parser


def _add_editing_commands(commands) -> None:
    serve = commands.add_parser("serve", help="build, serve, watch, rebuild and reload the browser")
    _add_source(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this computer only)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--drafts", action=argparse.BooleanOptionalAction, default=True,
                       help="show drafts and scheduled entries (default); --no-drafts shows what build publishes")

    new = commands.add_parser("new", help="scaffold a new entry in every language, ready to edit")
    new.add_argument("section", choices=("article", "guide", "event", "page"), help="what to create")
    new.add_argument("title", help="the title (it also makes the file name and the address)")
    _add_source(new)
    new.add_argument("--lang", help="comma-separated languages to write (default: all the site's languages)")

    status = commands.add_parser("status", help="which entries lack a translation or have an older one")
    _add_source(status)
    status.add_argument("--json", action="store_true", help="print the report as JSON for tools")


def _port(text: str) -> int:
    value = _positive(text)
    if value > 65535:
        raise argparse.ArgumentTypeError("a port is at most 65535")
    return value


def _add_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("."), help="the site folder (default: .)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _options(args: argparse.Namespace) -> BuildOptions:
    source = args.source
    return BuildOptions(
        source=source,
        out=getattr(args, "out", None),
        drafts=getattr(args, "drafts", False),
        now=getattr(args, "now", None),
        base_url=getattr(args, "base_url", None),
        jobs=getattr(args, "jobs", None) or os.cpu_count() or 1,
        cache_dir=getattr(args, "cache_dir", None) or source / ".cache",
        no_cache=getattr(args, "no_cache", False),
    )


def report(diagnostics: Diagnostics, stream=None) -> None:
    """Print every diagnostic, errors and warnings, one per line, in file order."""
    stream = stream or sys.stderr
    for item in diagnostics.sorted():
        print(item, file=stream)


def _summary(diagnostics: Diagnostics) -> str:
    errors, warnings = len(diagnostics.errors), len(diagnostics.warnings)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def run_build(args: argparse.Namespace) -> int:
    options = _options(args)
    # Nothing changed since the last build: it says again what it said, and builds nothing.
    diagnostics, count = uptodate.unchanged_build(options) or _full_build(options)
    report(diagnostics)
    out = args.out if args.out is not None else args.source / "public"
    print(f"built {count} files into {out} ({_summary(diagnostics)})")
    return EXIT_OK


def _full_build(options: BuildOptions) -> tuple[Diagnostics, int]:
    inputs = uptodate.before_build(options)
    from . import pipeline   # the rendering libraries load only when there is something to build
    state = pipeline.build_state(options)
    diagnostics, count = pipeline.build(options, state)
    uptodate.after_build(options, inputs, diagnostics, count, state.now)
    return diagnostics, count


def run_check(args: argparse.Namespace) -> int:
    from . import pipeline
    diagnostics = pipeline.check(_options(args))
    report(diagnostics)
    print(f"check passed ({_summary(diagnostics)})")
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from . import serve  # the server's libraries load only when serving
    return serve.serve(_options(args), args.host, args.port)


def run_new(args: argparse.Namespace) -> int:
    from . import scaffold
    return scaffold.run(args.source, args.section, args.title, args.lang)


def run_status(args: argparse.Namespace) -> int:
    from . import status
    return status.run(args.source, json_output=args.json)


COMMANDS = {"build": run_build, "check": run_check, "serve": run_serve, "new": run_new, "status": run_status}


def main(argv: list[str] | None = None) -> int:
    """Run one sub-command and return its exit code."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BuildFailed as failed:
        report(failed.diagnostics)
        print(f"failed: {_summary(failed.diagnostics)}; nothing was written", file=sys.stderr)
        return failed.exit_code
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in Budrus itself: one clear line, not a traceback
        if os.environ.get("BUDRUS_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc}\n"
              "nothing was written; run again with BUDRUS_DEBUG=1 to see where it happened",
              file=sys.stderr)
        return EXIT_INTERNAL
