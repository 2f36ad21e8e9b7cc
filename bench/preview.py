"""The live preview's path: one warm in-process Builder, rebuilt after one edit and after none.

    python -m bench.preview --site bench/work/site --runs 5

Builds once with a `pipeline.Builder(write="update")` (the dev server's way) into a
temporary output folder, then per run: appends a sentence to one Lithuanian article (one
that no earlier run wrote) and builds, then builds again with nothing changed. Prints
the medians of wall time and CPU time (this process's `time.process_time`, plus any
worker processes it waited for) of both; `--json` prints every run as one JSON line
instead, for bench/run.py. The article is given back its original text at the end.
"""
from __future__ import annotations

import argparse
import json
import resource
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the `bench` package importable
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

NOW = "2026-12-01T12:00:00"
CHANGED = "preview: one entry changed"
UNCHANGED = "preview: nothing changed"


@dataclass(frozen=True)
class Timing:
    """One timed build."""

    seconds: float       # wall time
    cpu_seconds: float   # CPU time of this process and of the workers it waited for
    rendered: int        # pages rendered (the rest were reused)
    written: int         # output files written or removed


@dataclass
class PreviewFigures:
    """Every run of both scenarios, and the first (cold or warm-cache) build."""

    first: Timing
    pages: int
    max_rss_mb: float = 0.0
    changed: list[Timing] = field(default_factory=list)
    unchanged: list[Timing] = field(default_factory=list)


def changed_entry(site: Path) -> Path:
    """The entry the 'one entry changed' scenarios edit: a Lithuanian article."""
    articles = sorted((site / "content" / "articles").glob("*.lt.md"))
    if not articles:
        raise SystemExit(f"error: {site} has no Lithuanian article to edit")
    return articles[len(articles) // 2]


def edited(original: str, number: int, mark: str = "") -> str:
    """The article's text after the edit of run `number`: a sentence appended.

    `mark` makes the sentence one that no earlier run wrote, so that no page of it can
    come from the cache folder's records of an earlier run."""
    return original + f"\nPeržiūroje papildyta {number + 1} kartą{mark}.\n"


def _cpu_now() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed_build(builder) -> Timing:
    """Build once with the Builder and time it."""
    wall, cpu = time.perf_counter(), _cpu_now()
    result = builder.build()
    return Timing(time.perf_counter() - wall, _cpu_now() - cpu, result.rendered, len(result.changed))


def measure_preview(site: Path, runs: int, out: Path, cache_dir: Path,
                    jobs: int | None = None, now: str = NOW) -> PreviewFigures:
    """Build once, then `runs` times: edit one article and build, build unchanged."""
    from budrus import pipeline   # imported here so that --help and argument errors stay quick

    options = pipeline.BuildOptions(source=site, out=out, now=now, jobs=jobs, cache_dir=cache_dir)
    builder = pipeline.Builder(options, write="update")
    article = changed_entry(site)
    original = article.read_text(encoding="utf-8")
    mark = f" ({secrets.token_hex(4)})"
    try:
        figures = PreviewFigures(timed_build(builder), pages=sum(1 for _ in out.rglob("*.html")))
        for number in range(runs):
            article.write_text(edited(original, number, mark), encoding="utf-8")
            figures.changed.append(timed_build(builder))
            figures.unchanged.append(timed_build(builder))
    finally:
        article.write_text(original, encoding="utf-8")
    figures.max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def summary(figures: PreviewFigures) -> str:
    """Medians of both scenarios, as lines of text."""
    lines = [f"first build: {figures.first.seconds:.2f} s wall, {figures.first.cpu_seconds:.2f} s CPU, "
             f"{figures.pages} pages"]
    for name, timings in ((CHANGED, figures.changed), (UNCHANGED, figures.unchanged)):
        wall = statistics.median(t.seconds for t in timings)
        cpu = statistics.median(t.cpu_seconds for t in timings)
        rendered = statistics.median(t.rendered for t in timings)
        lines.append(f"{name}: median {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU "
                     f"({len(timings)} runs, {rendered:g} pages rendered)")
    return "\n".join(lines)


def json_lines(figures: PreviewFigures) -> str:
    """One JSON object per timed build: {"scenario", "seconds", "cpu_seconds", ...}."""
    rows = [{"scenario": name, **asdict(timing), "pages": figures.pages, "max_rss_mb": figures.max_rss_mb}
            for name, timings in ((CHANGED, figures.changed), (UNCHANGED, figures.unchanged))
            for timing in timings]
    return "\n".join(json.dumps(row) for row in rows)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="a site folder (bench.generate makes one)")
    parser.add_argument("--runs", type=int, default=5, help="edits (and unchanged builds) to time (default: 5)")
    parser.add_argument("--jobs", type=int, help="Budrus --jobs (default: Budrus's own)")
    parser.add_argument("--cache-dir", type=Path,
                        help="the cache folder (default: a temporary one, so the first build is cold)")
    parser.add_argument("--now", default=NOW, help=f"the build's now (default: {NOW})")
    parser.add_argument("--json", action="store_true", help="print one JSON line per timed build")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not (args.site / "content").is_dir():
        parser.error(f"{args.site} is not a site folder (it has no content/)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    work = Path(tempfile.mkdtemp(prefix="budrus-preview-"))
    try:
        cache = args.cache_dir if args.cache_dir is not None else work / "cache"
        figures = measure_preview(args.site.resolve(), args.runs, work / "out", cache, args.jobs, args.now)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json_lines(figures) if args.json else summary(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
