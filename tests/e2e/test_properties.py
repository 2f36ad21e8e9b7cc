"""Property-based tests: whatever an editor writes, check and build end in success or in
reported `path:line` errors, never in a traceback; slugs are always [a-z0-9-]+ and unique
within a language."""
from __future__ import annotations

import datetime as dt
import json
import re
from xml.etree import ElementTree
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import NOW, copy_fixture, run_cli

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DIAGNOSTIC = re.compile(r"[^\s:][^:]*(?::\d+)?: (error|warning): .+")
ENTRY = "content/articles/written.en.md"
KEYS = ["title", "slug", "summary", "date", "updated", "tags", "audience", "draft", "image", "image_alt",
        "aliases", "weight", "signs", "start", "end", "online", "titel", "x"]
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

scalars = st.one_of(
    st.text(max_size=30), st.integers(), st.booleans(), st.just("2026-13-45"), st.just("2026-02-03"),
    st.just("~"), st.just("[a, b"), st.just("&a x"), st.just("*a"), st.just("{{ 7*7 }}"), st.just("'q"),
)
values = st.recursive(scalars.map(str), lambda inner: st.one_of(
    st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
    st.lists(inner, max_size=3).map(lambda items: "".join(f"\n  - {item}" for item in items)),
), max_leaves=6)
front_matter = st.one_of(
    st.text(max_size=200),
    st.lists(st.tuples(st.sampled_from(KEYS), values), max_size=8).map(
        lambda pairs: "\n".join(f"{key}: {value}" for key, value in pairs)),
)
markdown_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=list("#*_-+>`[]()!|:.\n \t<>/&;=\"'\\~^1aą"), max_size=300),
    st.lists(st.sampled_from([
        "## Heading", "- item", "1. item", "> quote", "```", "    code", "| a | b |", "| --- | --- |",
        "[link](../guides/job-offers.en.md)", "[x](missing.en.md)", "[^1]", "[^1]: note", "<div>",
        "</div>", "<script>x()</script>", "<b onclick=\"x\">b</b>", "![pic](javascript:x)", "***", "",
        "{{ 7*7 }}", "{% if %}", "&amp;", "<!--", "-->",
    ]), max_size=15).map("\n".join),
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return copy_fixture("basic", tmp_path_factory.mktemp("property") / "site")


def write_entry(site: Path, front: str, body: str) -> None:
    (site / ENTRY).write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")


def assert_reported(result) -> None:
    """Success, or errors (exit 1) each printed as `path:line: error: message`."""
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    assert result.code in (0, 1), result.err
    printed = [line for line in result.err.splitlines() if not line.startswith("failed: ")]
    assert all(DIAGNOSTIC.fullmatch(line) for line in printed), printed
    if result.code == 1:
        assert any(": error: " in line for line in printed)


@SETTINGS
@given(front=front_matter, body=markdown_text)
def test_check_ends_in_success_or_reported_errors_for_any_entry(site, front, body):
    write_entry(site, front, body)
    assert_reported(run_cli("check", "--source", site, "--now", NOW))


@settings(SETTINGS, max_examples=25)   # each one renders every page
@given(body=markdown_text)
def test_markdown_with_a_valid_front_matter_ends_in_success_or_reported_errors(site, body):
    write_entry(site, "title: Written\ndate: 2026-02-03", body)
    assert_reported(run_cli("check", "--source", site, "--now", NOW))


@settings(SETTINGS, max_examples=8)
@given(front=front_matter, body=markdown_text)
def test_build_ends_in_success_or_reported_errors_for_any_entry(site, front, body):
    write_entry(site, front, body)
    out = site.parent / "public"
    result = run_cli("build", "--source", site, "--out", out, "--now", NOW, "--jobs", "1")
    assert_reported(result)
    if result.code == 0:   # what was accepted must make well-formed feeds, sitemap and search index
        for feed in [*out.rglob("feed.xml"), out / "sitemap.xml"]:
            ElementTree.parse(feed)
        for index in out.rglob("index.json"):
            json.loads(index.read_text(encoding="utf-8"))


titles = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40).filter(str.strip)


@pytest.fixture(scope="module")
def pages_site(tmp_path_factory) -> Path:
    return copy_fixture("basic", tmp_path_factory.mktemp("slugs") / "site")


@SETTINGS
@given(entries=st.lists(st.tuples(titles, st.sampled_from(["lt", "en"])), min_size=1, max_size=6))
def test_slugs_are_plain_and_unique_within_a_language(pages_site, entries):
    from budrus.diagnostics import Diagnostics
    from budrus.pipeline import BuildOptions, load_site

    site = pages_site
    folder = site / "content" / "pages"
    for previous in folder.glob("generated-*.md"):
        previous.unlink()
    for number, (title, lang) in enumerate(entries):
        text = title.replace("\\", "\\\\").replace('"', '\\"')
        (folder / f"generated-{number}.{lang}.md").write_text(f'---\ntitle: "{text}"\n---\nText.\n', encoding="utf-8")
    diagnostics = Diagnostics()
    loaded = load_site(BuildOptions(source=site, now=NOW, no_cache=True), diagnostics)
    messages = [str(d) for d in diagnostics.errors]
    if loaded is None:
        assert messages and all("is also the URL of" in m or "must not be" in m or "characters long" in m
                                for m in messages), messages
        return
    pages = [e for e in loaded.entries if e.section == "pages"]
    assert len([e for e in pages if e.key.startswith("pages/generated-")]) == len(entries)
    for lang in ("lt", "en"):
        slugs = [e.slug for e in pages if e.lang == lang]
        assert all(SLUG.fullmatch(slug) for slug in slugs) and len(set(slugs)) == len(slugs)


@pytest.fixture(scope="module")
def config_site(tmp_path_factory) -> Path:
    return copy_fixture("basic", tmp_path_factory.mktemp("config") / "site")


@SETTINGS
@given(data=st.data())
def test_any_config_change_ends_in_success_or_reported_errors(config_site, data):
    path = config_site / "site_config.yaml"
    lines = (Path(__file__).parents[1] / "fixtures/basic/site_config.yaml").read_text(encoding="utf-8").splitlines()
    number = data.draw(st.integers(0, len(lines) - 1))
    key = lines[number].split(":", 1)[0]
    lines[number] = data.draw(st.one_of(st.just(""), st.text(max_size=40), values.map(lambda v: f"{key}: {v}")))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("check", "--source", config_site, "--now", NOW)
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    assert result.code in (0, 1, 2)
    printed = [line for line in result.err.splitlines() if not line.startswith("failed: ")]
    assert all(DIAGNOSTIC.fullmatch(line) for line in printed), printed


@settings(SETTINGS, max_examples=10)
@given(title=st.text(min_size=1, max_size=60), summary=st.text(max_size=80), tag=st.text(min_size=1, max_size=20),
       body=markdown_text)
def test_any_title_summary_and_tag_build_into_well_formed_outputs(site, title, summary, tag, body):
    def quoted(text: str) -> str:   # a JSON string is a YAML double-quoted scalar
        return json.dumps(text, ensure_ascii=False)

    write_entry(site, f"title: {quoted(title)}\nsummary: {quoted(summary)}\ndate: 2026-02-03\n"
                      f"tags: [{quoted(tag)}]", body)
    out = site.parent / "public"
    result = run_cli("build", "--source", site, "--out", out, "--now", NOW, "--jobs", "1")
    assert_reported(result)
    if result.code == 0:
        for feed in [*out.rglob("feed.xml"), out / "sitemap.xml"]:
            ElementTree.parse(feed)
        for index in out.rglob("index.json"):
            json.loads(index.read_text(encoding="utf-8"))


moments = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2999, 12, 31, 23, 59))


@settings(SETTINGS, max_examples=8)
@given(start=moments, length=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=400)),
       location=st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40).filter(str.strip))
def test_any_event_time_builds_into_calendars_a_calendar_program_reads(site, start, length, location):
    import icalendar

    end = min(start + length, dt.datetime(2999, 12, 31, 23, 59))
    (site / ENTRY).unlink(missing_ok=True)   # another test's entry may hold errors
    (site / "content/events/generated.en.md").write_text(
        f"---\ntitle: Generated\nstart: {start:%Y-%m-%dT%H:%M}\nend: {end:%Y-%m-%dT%H:%M}\n"
        f"location: {json.dumps(location, ensure_ascii=False)}\n---\nText.\n", encoding="utf-8")
    out = site.parent / "public"
    result = run_cli("build", "--source", site, "--out", out, "--now", NOW, "--jobs", "1")
    (site / "content/events/generated.en.md").unlink()
    assert_reported(result)
    if result.code == 0:
        for path in out.rglob("*.ics"):
            assert icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
