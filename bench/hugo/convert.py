"""Convert a generated Budrus site folder into a Hugo project of the same content.

Hugo reads the YAML front matter and the `<key>.<lang>.md` translation naming as they
are, so entries are copied with an explicit `slug` added (Budrus derives it from the
title; Hugo's own rule differs). Per-language permalinks give the Budrus URLs, and a
link render hook in the theme resolves links written as source paths.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from bench.corpus import Corpus, SourceEntry, read_corpus
from bench.generate import LANGUAGES

THEMES_DIR = Path(__file__).resolve().parent
THEME_NAME = "theme"
UI = {
    "lt": {"skip": "Pereiti prie turinio", "exit": "Greitai išeiti", "menu": "Meniu",
           "help": "Pagalba", "when": "Kada", "where": "Kur", "online": "Internetu",
           "audience": "Kam skirta", "share": "Dalintis", "signs": "Pavojaus ženklai",
           "what_to_do": "Ką daryti", "self_check": "Pasitikrink", "safe": "saugu",
           "risky": "rizikinga", "for_teachers": "Mokytojams", "minutes": "min."},
    "en": {"skip": "Skip to content", "exit": "Quick exit", "menu": "Menu",
           "help": "Help", "when": "When", "where": "Where", "online": "Online",
           "audience": "For", "share": "Share", "signs": "Warning signs",
           "what_to_do": "What to do", "self_check": "Check yourself", "safe": "safe",
           "risky": "risky", "for_teachers": "For teachers", "minutes": "minutes"},
}
SECTION_TITLES = {
    "lt": {"articles": "Straipsniai", "guides": "Atpažinimas", "events": "Renginiai",
           "pages": "Puslapiai"},
    "en": {"articles": "Articles", "guides": "Guides", "events": "Events", "pages": "Pages"},
}


def convert(site: Path, out: Path) -> int:
    """Write a Hugo project for `site` into `out`; return the number of entries."""
    corpus = read_corpus(site)
    shutil.rmtree(out / "content", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / "hugo.yaml").write_text(yaml.safe_dump(hugo_config(corpus), allow_unicode=True,
                                                  sort_keys=True), encoding="utf-8")
    for section, titles in SECTION_TITLES["lt"].items():
        folder = out / "content" / section
        folder.mkdir(parents=True, exist_ok=True)
        for lang in LANGUAGES:
            index = {"title": SECTION_TITLES[lang][section]}
            if section == "pages":  # Budrus lists no pages: only the pages themselves
                index["build"] = {"render": "never", "list": "local"}
            (folder / f"_index.{lang}.md").write_text(
                "---\n" + yaml.safe_dump(index, allow_unicode=True) + "---\n", encoding="utf-8")
    source = site / "content"
    for entry in corpus.entries:
        name = f"{entry.key}.{entry.lang}.md"
        text = (source / entry.section / name).read_text(encoding="utf-8")
        (out / "content" / entry.section / name).write_text(with_slug(text, entry),
                                                            encoding="utf-8")
    return len(corpus.entries)


def with_slug(text: str, entry: SourceEntry) -> str:
    """The entry's file with `slug:` set to the slug Budrus would use."""
    if "slug" in entry.meta:
        return text
    return text.replace("---\n", f"---\nslug: {entry.slug}\n", 1)


def hugo_config(corpus: Corpus) -> dict:
    """hugo.yaml: one language per Budrus language, with Budrus's URL scheme."""
    config = corpus.config
    return {
        "baseURL": config["base_url"].rstrip("/") + "/",
        "defaultContentLanguage": config["default_language"],
        "defaultContentLanguageInSubdir": True,
        "themesDir": str(THEMES_DIR),
        "theme": THEME_NAME,
        "timeZone": config["timezone"],
        "buildFuture": True,  # events have no `date`; articles are all in the past
        "enableRobotsTXT": True,
        "removePathAccents": True,
        "taxonomies": {"tag": "tags"},
        "outputs": {"home": ["html"], "section": ["html", "rss"], "taxonomy": ["html"],
                    "term": ["html"], "page": ["html"]},
        "markup": {"goldmark": {"renderer": {"unsafe": False}}},
        "languages": {lang: language_config(corpus, lang, weight)
                      for weight, lang in enumerate(LANGUAGES, start=1)},
    }


def language_config(corpus: Corpus, lang: str, weight: int) -> dict:
    settings = corpus.config["languages"][lang]
    sections = settings["sections"]
    page_urls = {name: f"/{sections[name]}/:slug/" for name in ("articles", "guides", "events")}
    return {
        "languageName": settings["name"],
        "title": settings["title"],
        "weight": weight,
        "permalinks": {
            "page": {**page_urls, "pages": "/:slug/"},
            "section": {name: f"/{sections[name]}/" for name in ("articles", "guides", "events")},
            "taxonomy": {"tags": f"/{sections['tags']}/"},
            "term": {"tags": f"/{sections['tags']}/:slug/"},
        },
        "params": {
            "description": settings["description"],
            "locale": settings["locale"],
            "ui": UI[lang],
            "help": [{"name": h["name"][lang], "phone": h["phone"], "note": h["note"][lang]}
                     for h in corpus.config["help"]],
            "funding": corpus.config["funding"][lang],
            "quick_exit_url": corpus.config["quick_exit_url"],
        },
    }
