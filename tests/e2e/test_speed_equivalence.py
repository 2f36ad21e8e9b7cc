"""Speed never changes the output: jobs, caches and incremental rebuilds all equal a cold full build."""
from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from budrus import pipeline, workers
from budrus.diagnostics import BuildFailed
from support import NOW, copy_fixture, run_cli, tree_digest


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_fixture("basic", tmp_path / "site")


@pytest.fixture
def fork_for_small_sites(monkeypatch):
    """Let a fixture of a few dozen pages use worker processes, as a large site would."""
    monkeypatch.setattr(workers, "MIN_ITEMS_PER_WORKER", 1)


def cold_build(site: Path, out: Path) -> dict[str, str]:
    """The reference: one process, no cache at all."""
    result = run_cli("build", "--source", site, "--out", out, "--now", NOW, "--jobs", "1", "--no-cache")
    assert result.code == 0, result.err
    return tree_digest(out)


def build(site: Path, out: Path, cache: Path, jobs: int) -> dict[str, str]:
    result = run_cli("build", "--source", site, "--out", out, "--now", NOW, "--jobs", jobs, "--cache-dir", cache)
    assert result.code == 0, result.err
    return tree_digest(out)


def test_one_job_and_several_jobs_cold_and_warm_give_identical_trees(site, tmp_path, fork_for_small_sites):
    reference = cold_build(site, tmp_path / "reference")
    for jobs in (1, 3):
        cache = tmp_path / f"cache-{jobs}"
        assert build(site, tmp_path / f"cold-{jobs}", cache, jobs) == reference
        assert build(site, tmp_path / f"warm-{jobs}", cache, jobs) == reference
        assert build(site, tmp_path / f"warm-{jobs}", cache, jobs) == reference   # over its own output


def test_a_warm_build_reuses_pages_and_markdown(site, tmp_path):
    options = pipeline.BuildOptions(source=site, out=tmp_path / "out", now=NOW, jobs=1, cache_dir=tmp_path / "cache")
    pipeline.build(options)
    state = pipeline.build_state(options)
    pipeline.build(options, state)
    assert state.stats["pages_rendered"] == 0 and state.stats["pages_reused"] > 0
    assert state.stats["markdown_converted"] == 0 and state.stats["markdown_reused"] > 0


ENGINE_CACHES = ("entries", "markdown", "pages", "jinja")


def test_corrupt_cache_entries_are_rebuilt_not_served(site, tmp_path):
    reference = cold_build(site, tmp_path / "reference")
    cache = tmp_path / "cache"
    build(site, tmp_path / "first", cache, 1)
    damaged = [p for p in sorted(cache.rglob("*")) if p.is_file() and p.parts[-3] in ENGINE_CACHES]
    assert {p.parts[-3] for p in damaged} == set(ENGINE_CACHES)
    for path in damaged:
        data = bytearray(path.read_bytes())
        data[-1] ^= 0xFF   # same length, wrong checksum
        path.write_bytes(bytes(data))
    assert build(site, tmp_path / "second", cache, 1) == reference
    assert build(site, tmp_path / "third", cache, 1) == reference


def test_truncated_cache_entries_are_rebuilt(site, tmp_path):
    reference = cold_build(site, tmp_path / "reference")
    cache = tmp_path / "cache"
    build(site, tmp_path / "first", cache, 1)
    for path in sorted(cache.rglob("*")):
        if path.is_file() and path.parts[-3] in ENGINE_CACHES:
            path.write_bytes(path.read_bytes()[:20])
    assert build(site, tmp_path / "second", cache, 1) == reference


def test_no_cache_leaves_the_cache_untouched(site, tmp_path):
    cache = tmp_path / "cache"
    build(site, tmp_path / "first", cache, 1)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(cache.rglob("*")) if p.is_file()}
    result = run_cli("build", "--source", site, "--out", tmp_path / "second", "--now", NOW,
                     "--cache-dir", cache, "--no-cache")
    assert result.code == 0, result.err
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(cache.rglob("*")) if p.is_file()}
    assert after == before
    assert tree_digest(tmp_path / "second") == tree_digest(tmp_path / "first")


def test_deleting_the_cache_folder_gives_the_same_site(site, tmp_path):
    cache = tmp_path / "cache"
    first = build(site, tmp_path / "out", cache, 2)
    shutil.rmtree(cache)
    assert build(site, tmp_path / "out", cache, 2) == first


# -- incremental equals full ---------------------------------------------------------------

def edit_body(site: Path) -> None:
    path = site / "content/articles/what-is.en.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")


def add_entry(site: Path) -> None:
    (site / "content/articles/new-one.en.md").write_text(
        "---\ntitle: A new article\ndate: 2026-05-01\ntags: [Basics]\n---\nIt links to "
        "[the guide](../guides/job-offers.en.md).\n", encoding="utf-8")


def rename_entry(site: Path) -> None:
    (site / "content/articles/new-one.en.md").rename(site / "content/articles/renamed-one.en.md")


def delete_entry(site: Path) -> None:
    (site / "content/articles/renamed-one.en.md").unlink()


def change_template(site: Path) -> None:
    theme_footer = Path(pipeline.__file__).parent / "theme/templates/partials/footer.html"
    target = site / "templates/partials/footer.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(theme_footer.read_text(encoding="utf-8") + "<!-- the site's own footer -->\n",
                      encoding="utf-8")


def change_config(site: Path) -> None:
    path = site / "site_config.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Test site", "title: Test site, renamed"),
                    encoding="utf-8")


def change_ui_string(site: Path) -> None:
    (site / "i18n").mkdir(exist_ok=True)
    (site / "i18n/en.yaml").write_text("home: Start page\n", encoding="utf-8")


def retitle_link_target(site: Path) -> None:
    path = site / "content/guides/job-offers.en.md"
    text = path.read_text(encoding="utf-8")
    assert "\ntitle:" in text
    path.write_text(text.replace("\ntitle:", "\nslug: job-offers-moved\ntitle:", 1), encoding="utf-8")


EDITS = [edit_body, add_entry, rename_entry, retitle_link_target, delete_entry, change_template,
         change_config, change_ui_string]


@pytest.mark.parametrize("write", ["update", "swap"])
def test_incremental_rebuilds_equal_full_builds_after_each_edit(site, tmp_path, write):
    options = pipeline.BuildOptions(source=site, out=tmp_path / "live", now=NOW, jobs=1, cache_dir=tmp_path / "cache")
    builder = pipeline.Builder(options, write=write)
    builder.build()
    for step, edit in enumerate(EDITS):
        edit(site)
        builder.build()
        reference = cold_build(site, tmp_path / f"reference-{step}")
        assert tree_digest(options.out_dir) == reference, edit.__name__
        # A fresh process with the cache folder agrees as well.
        assert build(site, tmp_path / f"cli-{step}", tmp_path / "cache", 1) == reference, edit.__name__


def test_an_unchanged_rebuild_renders_no_page_and_writes_no_file(site, tmp_path):
    options = pipeline.BuildOptions(source=site, out=tmp_path / "live", now=NOW, jobs=1, no_cache=True)
    builder = pipeline.Builder(options, write="update")
    builder.build()
    again = builder.build()
    assert again.rendered == 0
    assert again.changed == ()


def test_a_failed_rebuild_leaves_the_output_and_the_next_one_recovers(site, tmp_path):
    options = pipeline.BuildOptions(source=site, out=tmp_path / "live", now=NOW, jobs=1, cache_dir=tmp_path / "cache")
    builder = pipeline.Builder(options, write="update")
    builder.build()
    before = tree_digest(options.out_dir)
    path = site / "content/articles/what-is.en.md"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("---\n", "---\ntitle: [not, a, string]\n", 1), encoding="utf-8")
    with pytest.raises(BuildFailed):
        builder.build()
    assert tree_digest(options.out_dir) == before
    path.write_text(good + "\nFixed.\n", encoding="utf-8")
    builder.build()
    assert tree_digest(options.out_dir) == cold_build(site, tmp_path / "reference")


def test_a_file_where_the_cache_folder_goes_still_builds_the_same_site(site, tmp_path):
    reference = cold_build(site, tmp_path / "reference")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("in the way", encoding="utf-8")
    result = run_cli("build", "--source", site, "--out", tmp_path / "out", "--now", NOW, "--cache-dir", blocked)
    assert result.code == 0, result.err
    assert tree_digest(tmp_path / "out") == reference


def random_edit(site: Path, rng) -> None:
    """One edit of the kind editors make, to a random entry's front matter or text."""
    path = rng.choice(sorted((site / "content").rglob("*.md")))
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    edits = {
        "body": lambda: (head, body + f"\nAnother paragraph {rng.randint(0, 999)}.\n"),
        "title": lambda: (re.sub(r"^title: .*$", f"title: Retitled {rng.randint(0, 999)}", head, count=1,
                                 flags=re.M), body),
        "tags": lambda: (re.sub(r"^tags: .*$", "", head, flags=re.M).rstrip("\n")
                         + f"\ntags: [{rng.choice(['Basics', 'Pagrindai', 'new tag', 'work abroad'])}]", body),
        "summary": lambda: (re.sub(r"^summary: .*$", "", head, flags=re.M).rstrip("\n")
                            + f"\nsummary: Summary {rng.randint(0, 999)}.", body),
        "audience": lambda: (re.sub(r"^audience: .*$", "", head, flags=re.M).rstrip("\n")
                             + f"\naudience: [{rng.choice(['pupils', 'teachers'])}]", body),
    }
    head, body = edits[rng.choice(sorted(edits))]()
    path.write_text(head + sep + body, encoding="utf-8")


def test_incremental_equals_full_after_random_edits(site, tmp_path):
    rng = random.Random(8)
    options = pipeline.BuildOptions(source=site, out=tmp_path / "live", now=NOW, jobs=1, cache_dir=tmp_path / "cache")
    builder = pipeline.Builder(options, write="update")
    builder.build()
    for step in range(6):
        random_edit(site, rng)
        builder.build()
        assert tree_digest(options.out_dir) == cold_build(site, tmp_path / f"reference-{step}"), step


def test_same_size_edits_that_keep_the_time_stamp_are_rebuilt_like_any_other(site, tmp_path):
    import os
    options = pipeline.BuildOptions(source=site, out=tmp_path / "live", now=NOW, jobs=1, cache_dir=tmp_path / "cache")
    builder = pipeline.Builder(options, write="update")
    path = site / "content/articles/what-is.en.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "\nWord alpha.\n", encoding="utf-8")
    builder.build()
    for step, word in enumerate(("bravo", "delta", "gamma")):   # each the same size as the last
        before = os.stat(path)
        path.write_text(original + f"\nWord {word}.\n", encoding="utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        builder.build()
        assert tree_digest(options.out_dir) == cold_build(site, tmp_path / f"reference-{step}"), word


# -- what a rebuild renders again -----------------------------------------------------------

def warm_builder(site: Path, tmp_path: Path) -> pipeline.Builder:
    options = pipeline.BuildOptions(source=site, out=tmp_path / "live", now=NOW, jobs=1, cache_dir=tmp_path / "cache")
    builder = pipeline.Builder(options, write="update")
    builder.build()
    return builder


def edit_front_matter(site: Path, key: str, value: str) -> None:
    path = site / "content/articles/what-is.en.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M), encoding="utf-8")


def test_a_body_change_renders_only_the_entrys_own_page(site, tmp_path):
    builder = warm_builder(site, tmp_path)
    edit_body(site)
    result = builder.build()
    # Its section list, home page, tag and audience pages show no body: all reused.
    assert result.rendered == 1
    assert "en/articles/what-human-trafficking-is/index.html" in result.changed
    assert tree_digest(builder.options.out_dir) == cold_build(site, tmp_path / "reference")


@pytest.mark.parametrize("key, value", [("title", "What trafficking is, retitled"),
                                        ("summary", "Another summary."), ("date", "2026-03-02")])
def test_a_change_that_lists_show_renders_the_lists_again(site, tmp_path, key, value):
    builder = warm_builder(site, tmp_path)
    edit_front_matter(site, key, value)
    result = builder.build()
    lists = {"en/index.html", "en/articles/index.html", "en/tags/basics/index.html"}
    assert lists <= set(result.changed), key
    assert result.rendered > len(lists)
    assert tree_digest(builder.options.out_dir) == cold_build(site, tmp_path / "reference"), key


@pytest.mark.parametrize("shown", ["{{ item.body|length }}", "{{ site.html[item.source]|length }}"])
def test_a_list_template_that_shows_bodies_is_rendered_again_when_a_body_changes(site, tmp_path, shown):
    theme_list = Path(pipeline.__file__).parent / "theme/templates/partials/entry_list.html"
    override = site / "templates/partials/entry_list.html"
    override.parent.mkdir(parents=True)
    override.write_text(theme_list.read_text(encoding="utf-8").replace(
        "{% if item.summary %}", f"<p>{shown}</p>\n{{% if item.summary %}}"), encoding="utf-8")
    builder = warm_builder(site, tmp_path)
    edit_body(site)
    result = builder.build()
    assert {"en/index.html", "en/articles/index.html", "en/tags/basics/index.html"} <= set(result.changed)
    assert tree_digest(builder.options.out_dir) == cold_build(site, tmp_path / "reference")


def test_a_warm_state_plans_the_same_page_object_for_an_unchanged_entry(site, tmp_path):
    from budrus.diagnostics import Diagnostics
    from budrus.outputs.pages import plan_pages

    options = pipeline.BuildOptions(source=site, out=tmp_path / "live", now=NOW, jobs=1, no_cache=True)
    state = pipeline.build_state(options)
    state.keep_warm()

    def planned():
        loaded = pipeline.load_site(options, Diagnostics(), state)
        pages = state.plan_pages(loaded, plan_pages)
        assert pages == plan_pages(loaded)   # the same pages as planned afresh
        return {page.url: page for page in pages if page.kind == "entry"}

    before = planned()
    edit_body(site)
    after = planned()
    changed = "/en/articles/what-human-trafficking-is/"
    assert after[changed] is not before[changed]
    assert all(after[url] is before[url] for url in before if url != changed)


def test_an_edit_in_one_language_makes_only_that_languages_search_index_and_feed(site, tmp_path, monkeypatch):
    from budrus.outputs import feeds, search

    builder = warm_builder(site, tmp_path)
    made = []
    real_records, real_feed = search.search_records, feeds.atom_feed
    monkeypatch.setattr(search, "search_records", lambda s, lang, *a: made.append(("search", lang))
                        or real_records(s, lang, *a))
    monkeypatch.setattr(feeds, "atom_feed", lambda config, lang, *a, **k: made.append(("feed", lang))
                        or real_feed(config, lang, *a, **k))
    edit_body(site)   # an English article
    builder.build()
    assert made == [("feed", "en"), ("search", "en")]
    assert tree_digest(builder.options.out_dir) == cold_build(site, tmp_path / "reference")


def test_a_body_change_keeps_the_sitemap_and_a_date_change_makes_it_again(site, tmp_path, monkeypatch):
    from budrus.outputs import sitemap

    builder = warm_builder(site, tmp_path)
    made = []
    real = sitemap.sitemap_xml
    monkeypatch.setattr(sitemap, "sitemap_xml", lambda config, pages: made.append(len(pages)) or real(config, pages))
    edit_body(site)
    builder.build()
    assert made == []
    edit_front_matter(site, "date", "2026-03-02")
    builder.build()
    assert len(made) == 1
    assert tree_digest(builder.options.out_dir) == cold_build(site, tmp_path / "reference")
