import datetime as dt
from dataclasses import replace
from pathlib import Path

from budrus import assemble
from budrus.config import load_config
from budrus.diagnostics import Diagnostics
from budrus.model import Entry

CONFIG, _ = load_config(Path(__file__).parents[1] / "fixtures" / "basic")
NOW = dt.datetime(2026, 11, 29, 12, tzinfo=CONFIG.timezone)


def entry(source: str, **changes) -> Entry:
    section, name = source.split("/")[1], source.rsplit("/", 1)[-1]
    key, lang, _ = name.rsplit(".", 2)
    base = Entry(source=source, section=section, key=f"{section}/{key}", lang=lang, title=key, slug=key,
                 url="", summary="", date=dt.date(2026, 1, 1), updated=None, tags=(), audience=(),
                 draft=False, image=None, image_alt=None, aliases=(), weight=0, body="", body_line=4,
                 line_of={"title": 2, "slug": 3, "tags": 4, "aliases": 5})
    return replace(base, **changes)


def test_drafts_and_future_entries_are_held_back_unless_asked():
    entries = [entry("content/articles/a.lt.md"), entry("content/articles/b.lt.md", draft=True),
               entry("content/articles/c.lt.md", date=dt.date(2026, 11, 30))]
    assert [e.key for e in assemble.published(entries, NOW, drafts=False)] == ["articles/a"]
    assert len(assemble.published(entries, NOW, drafts=True)) == 3


def test_two_entries_with_one_url_are_an_error_naming_both():
    diagnostics = Diagnostics()
    entries = [entry("content/articles/a.lt.md", slug="same"), entry("content/articles/b.lt.md", slug="same")]
    placed = assemble.assign_urls(entries, CONFIG, diagnostics)
    assert len(placed) == 1
    assert [str(d) for d in diagnostics.items] == [
        "content/articles/b.lt.md:3: error: the URL /lt/straipsniai/same/ is also the URL of "
        "content/articles/a.lt.md; give one of them another slug"]


def test_a_page_cannot_take_a_section_list_url():
    diagnostics = Diagnostics()
    assemble.assign_urls([entry("content/pages/p.lt.md", slug="straipsniai")], CONFIG, diagnostics)
    assert "the lt articles list" in diagnostics.items[0].message


def test_tags_that_differ_in_case_or_accents_are_one_tag():
    diagnostics = Diagnostics()
    entries = assemble.assign_urls([entry("content/articles/a.lt.md", tags=("Darbas užsienyje",)),
                                    entry("content/articles/b.lt.md", tags=("darbas uzsienyje",))],
                                   CONFIG, diagnostics)
    tags = assemble.collect_tags(tuple(entries), CONFIG, diagnostics)["lt"]
    assert [(t.slug, t.name, len(t.entry_sources)) for t in tags] == [("darbas-uzsienyje", "Darbas užsienyje", 2)]


def test_alias_colliding_with_a_page_is_an_error_naming_the_page():
    diagnostics = Diagnostics()
    entries = tuple(assemble.assign_urls([entry("content/articles/a.lt.md"),
                                          entry("content/articles/b.lt.md", aliases=("/lt/straipsniai/a/",))],
                                         CONFIG, diagnostics))
    aliases = assemble.collect_aliases(entries, CONFIG, diagnostics)
    assert aliases == {}
    assert str(diagnostics.items[0]) == ("content/articles/b.lt.md:5: error: the alias /lt/straipsniai/a/ "
                                         "is already the address of content/articles/a.lt.md")


def test_articles_are_ordered_newest_first():
    entries = assemble.assign_urls([entry("content/articles/old.lt.md", date=dt.date(2025, 1, 1)),
                                    entry("content/articles/new.lt.md", date=dt.date(2026, 1, 1))],
                                   CONFIG, Diagnostics())
    assert [e.slug for e in assemble.order_entries(entries)] == ["new", "old"]
