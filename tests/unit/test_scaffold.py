"""`new`: the scaffold text per section and language, and what it refuses."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from budrus.cli import main
from budrus.config import load_config
from budrus.content import SourceFile, parse_entry
from budrus.diagnostics import Diagnostics
from budrus.scaffold import scaffold_text

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "basic"
TODAY = dt.date(2026, 12, 3)


@pytest.fixture
def config():
    return load_config(FIXTURE)[0]


@pytest.fixture
def site(tmp_path):
    source = tmp_path / "site"
    shutil.copytree(FIXTURE, source, ignore=shutil.ignore_patterns(".cache", "public"))
    return source


def parsed(config, section, lang, text):
    diagnostics = Diagnostics()
    file = SourceFile(f"content/{section}/x.{lang}.md", section, f"{section}/x", lang, text.encode())
    return parse_entry(file, config, diagnostics), diagnostics


@pytest.mark.parametrize("section", ["articles", "guides", "events", "pages"])
@pytest.mark.parametrize("lang", ["lt", "en"])
def test_every_scaffold_parses_without_errors_or_warnings(config, section, lang):
    text = scaffold_text(config, section, lang, "Darbas užsienyje: ką žinoti", "darbas-uzsienyje-ka-zinoti",
                         TODAY, translated=lang == "lt")
    entry, diagnostics = parsed(config, section, lang, text)
    assert diagnostics.items == []
    assert entry.title == "Darbas užsienyje: ką žinoti"
    assert entry.slug == "darbas-uzsienyje-ka-zinoti"
    assert entry.draft is True
    assert "TODO" in text


def test_required_keys_are_filled_and_marked_todo(config):
    guide = scaffold_text(config, "guides", "en", "Loverboy", "loverboy", TODAY, translated=True)
    entry, _ = parsed(config, "guides", "en", guide)
    assert len(entry.guide.signs) == 3
    assert guide.count("# TODO: write a real warning sign") == 3
    event = scaffold_text(config, "events", "lt", "Renginys", "renginys", TODAY, translated=True)
    entry, _ = parsed(config, "events", "lt", event)
    assert entry.event.start.date() == TODAY + dt.timedelta(days=14)
    assert entry.event.location and "# TODO" in event.split("location:")[1].splitlines()[0]
    article = scaffold_text(config, "articles", "lt", "Straipsnis", "straipsnis", TODAY, translated=True)
    assert parsed(config, "articles", "lt", article)[0].date == TODAY


def test_optional_keys_are_written_as_comments(config):
    text = scaffold_text(config, "events", "en", "Event", "event", TODAY, translated=True)
    for key in ("tags", "audience", "image", "image_alt", "aliases", "weight", "updated", "end",
                "address", "online", "registration_url"):
        assert f"\n# {key}:" in text, key
    assert "pupils, teachers" in text  # the allowed audiences come from the config


def test_an_untranslated_title_is_marked_for_translation(config):
    text = scaffold_text(config, "pages", "en", "Apie mus", "apie-mus", TODAY, translated=False)
    assert 'title: "Apie mus"   # TODO: translate the title' in text
    assert "slug: apie-mus   # /en/apie-mus/ : TODO: make it from the translated title" in text
    original = scaffold_text(config, "pages", "lt", "Apie mus", "apie-mus", TODAY, translated=True)
    assert "TODO" not in original.split("slug:")[1].splitlines()[0]


def test_a_title_with_quotes_and_colons_stays_one_yaml_string(config):
    title = 'Ne "darbas": o spąstai # tikrai'
    text = scaffold_text(config, "pages", "lt", title, "ne-darbas-o-spastai-tikrai", TODAY, translated=True)
    assert parsed(config, "pages", "lt", text)[0].title == title


def test_new_writes_every_language_with_a_transliterated_name_and_prints_the_paths(site, capsys):
    assert main(["new", "article", "Ką daryti, jei įtari?", "--source", str(site)]) == 0
    out = capsys.readouterr().out.split()
    assert out == ["content/articles/ka-daryti-jei-itari.lt.md", "content/articles/ka-daryti-jei-itari.en.md"]
    assert all((site / path).is_file() for path in out)


def test_new_refuses_to_overwrite_and_writes_nothing(site, capsys):
    existing = site / "content/pages/help.en.md"
    before = existing.read_bytes()
    assert main(["new", "page", "Help", "--source", str(site)]) == 2
    err = capsys.readouterr().err
    assert "content/pages/help.en.md: error: already exists" in err
    assert existing.read_bytes() == before
    assert "content/pages/help.lt.md: error: already exists" in err


def test_new_lang_adds_only_the_missing_translation(site, capsys):
    assert main(["new", "article", "Future", "--source", str(site), "--lang", "en"]) == 0
    assert capsys.readouterr().out.split() == ["content/articles/future.en.md"]


@pytest.mark.parametrize("args, message", [
    (["--lang", "ru"], '"ru" is not a language of this site'),
    (["--lang", ","], "name at least one language"),
])
def test_new_rejects_unknown_languages(site, capsys, args, message):
    assert main(["new", "page", "Apie", "--source", str(site), *args]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("title, message", [
    ("???", "no letters or digits"),
    ("x" * 121, "at most 120"),
    ("  ", "the title is empty"),
])
def test_new_rejects_titles_that_cannot_make_an_entry(site, capsys, title, message):
    assert main(["new", "page", title, "--source", str(site)]) == 2
    assert message in capsys.readouterr().err
    assert not list((site / "content/pages").glob("x*"))


def test_new_refuses_an_address_the_site_already_uses(site, capsys):
    # a page called "Straipsniai" would sit on the Lithuanian articles list, /lt/straipsniai/
    assert main(["new", "page", "Straipsniai", "--source", str(site)]) == 2
    assert ("content/pages/straipsniai.lt.md: error: the URL /lt/straipsniai/ is also the URL of "
            "the lt articles list") in capsys.readouterr().err
    assert not (site / "content/pages/straipsniai.lt.md").exists()


def test_new_refuses_the_slug_of_another_entry_in_the_section(site, capsys):
    # content/pages/help.*.md has `slug: help`; another key with the same title would collide
    (site / "content/pages/help.en.md").rename(site / "content/pages/where-to-get-help.en.md")
    (site / "content/pages/help.lt.md").rename(site / "content/pages/where-to-get-help.lt.md")
    assert main(["new", "page", "Help", "--source", str(site)]) == 2
    err = capsys.readouterr().err
    assert ("content/pages/help.en.md: error: the URL /en/help/ is also the URL of "
            "content/pages/where-to-get-help.en.md") in err
    assert "choose another title" in err
