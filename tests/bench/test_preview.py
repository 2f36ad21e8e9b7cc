"""The preview benchmark: one warm Builder timed after an edit and after none."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import preview, run  # noqa: E402
from bench.generate import generate_site  # noqa: E402

NOW = "2026-12-01T12:00:00"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    generate_site(folder, entries=12, seed=3)
    return folder


def test_the_preview_times_every_run_of_both_scenarios_and_gives_the_article_back(site, tmp_path):
    article = preview.changed_entry(site)
    original = article.read_bytes()
    figures = preview.measure_preview(site, 2, tmp_path / "out", tmp_path / "cache", jobs=1, now=NOW)
    assert article.read_bytes() == original
    assert len(figures.changed) == len(figures.unchanged) == 2
    assert figures.pages > 20 and figures.first.rendered == figures.pages
    assert all(t.rendered >= 1 and t.written >= 1 for t in figures.changed)
    assert all(t.rendered == 0 and t.written == 0 for t in figures.unchanged)
    assert all(t.seconds > 0 and t.cpu_seconds > 0 for t in figures.changed + figures.unchanged)
    assert "preview: one entry changed: median" in preview.summary(figures)


def test_each_edit_appends_a_different_sentence(site):
    assert preview.edited("Tekstas.\n", 0) != preview.edited("Tekstas.\n", 1)
    assert preview.edited("Tekstas.\n", 0).startswith("Tekstas.\n")
    assert preview.changed_entry(site).name.endswith(".lt.md")
    assert "/articles/" in preview.changed_entry(site).as_posix()


def test_the_json_lines_become_the_runners_results(site, tmp_path, capsys):
    assert preview.main(["--site", str(site), "--runs", "1", "--jobs", "1", "--json",
                         "--cache-dir", str(tmp_path / "cache"), "--now", NOW]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [json.loads(line)["scenario"] for line in lines] == [preview.CHANGED, preview.UNCHANGED]
    results = run.preview_results(0, "\n".join(lines), "")
    assert [r.scenario for r in results] == [preview.CHANGED, preview.UNCHANGED]
    assert all(r.generator == "Budrus" and len(r.runs) == 1 and r.median > 0 and r.pages > 20 for r in results)


def test_a_failed_preview_is_reported_on_both_scenarios():
    results = run.preview_results(1, "", "Traceback...\nerror: boom\n")
    assert all(r.error.startswith("exit 1:") and "boom" in r.error and r.median is None for r in results)


def test_the_report_shows_the_preview_scenarios(site):
    bench = run.Bench(12, 1, None, site.parent, ROOT)
    bench.in_process.extend(run.preview_results(0, "\n".join(json.dumps(
        {"scenario": name, "seconds": 0.15, "cpu_seconds": 0.12, "rendered": 1, "written": 2,
         "pages": 40, "max_rss_mb": 90.0}) for name in (preview.CHANGED, preview.UNCHANGED)), ""))
    table = run.results_table([bench])
    assert f"| Budrus | {preview.CHANGED} | 40 | 0.15 |" in table
    assert f"| Budrus | {preview.UNCHANGED} | 40 |" in table
    assert "| 0.150 / 0.120 |" in run.ratios_table([bench])


def test_a_folder_that_is_not_a_site_is_refused(tmp_path):
    with pytest.raises(SystemExit):
        preview.parse_args(["--site", str(tmp_path)])
