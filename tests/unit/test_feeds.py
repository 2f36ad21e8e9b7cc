"""Atom feeds: what feed readers see, read back with feedparser."""
import datetime as dt
from pathlib import Path

import feedparser

from budrus.config import load_config
from budrus.model import Entry
from budrus.outputs.feeds import atom_datetime, atom_feed, newest_first

ROOT = Path(__file__).resolve().parents[2]
CONFIG, _ = load_config(ROOT, base_url="https://example.org/kampanija")


def article(slug, date, updated=None, tags=(), summary="Santrauka", lang="lt"):
    return Entry(
        source=f"content/articles/{slug}.{lang}.md", section="articles", key=f"articles/{slug}",
        lang=lang, title=f"Straipsnis {slug}", slug=slug, url=f"/{lang}/straipsniai/{slug}/",
        summary=summary, date=date, updated=updated, tags=tuple(tags), audience=(), draft=False,
        image=None, image_alt=None, aliases=(), weight=0, body="", body_line=3, line_of={},
    )


def parse(data):
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_feed_lists_articles_newest_first_with_absolute_links():
    articles = [article("senas", dt.date(2025, 1, 2)), article("naujas", dt.date(2026, 3, 4)),
                article("vidurinis", dt.date(2025, 6, 1))]
    feed = parse(atom_feed(CONFIG, "lt", articles, fallback_updated=dt.date(2020, 1, 1)))
    assert [e.link for e in feed.entries] == [
        "https://example.org/kampanija/lt/straipsniai/naujas/",
        "https://example.org/kampanija/lt/straipsniai/vidurinis/",
        "https://example.org/kampanija/lt/straipsniai/senas/",
    ]
    assert feed.feed.language == "lt"


def test_feed_links_itself_and_the_home_page():
    feed = parse(atom_feed(CONFIG, "en", [article("a", dt.date(2026, 1, 1), lang="en")],
                           fallback_updated=dt.date(2020, 1, 1)))
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": "https://example.org/kampanija/en/feed.xml",
                     "alternate": "https://example.org/kampanija/en/"}
    assert feed.feed.title == CONFIG.languages["en"].title


def test_entry_updated_comes_from_updated_else_date_and_feed_updated_is_the_latest():
    articles = [article("a", dt.date(2026, 1, 1), updated=dt.date(2026, 2, 10)),
                article("b", dt.date(2026, 1, 5))]
    feed = parse(atom_feed(CONFIG, "lt", articles, fallback_updated=dt.date(2020, 1, 1)))
    updated = {e.link.rsplit("/", 2)[-2]: e.updated for e in feed.entries}
    assert updated == {"a": "2026-02-10T00:00:00+02:00", "b": "2026-01-05T00:00:00+02:00"}
    assert feed.feed.updated == "2026-02-10T00:00:00+02:00"
    assert feed.entries[1].published == "2026-01-01T00:00:00+02:00"


def test_feed_without_articles_is_valid_and_dated_by_the_fallback():
    feed = parse(atom_feed(CONFIG, "lt", [], fallback_updated=dt.date(2026, 7, 1)))
    assert feed.entries == []
    assert feed.feed.updated == "2026-07-01T00:00:00+03:00"


def test_body_html_and_tags_reach_the_reader_and_markup_in_titles_is_escaped():
    entry = article("x", dt.date(2026, 1, 1), tags=["darbas užsienyje"], summary="A < B & C")
    feed = parse(atom_feed(CONFIG, "lt", [entry], html_of={entry.source: '<p>Žr. <a href="/lt/">čia</a></p>'},
                           categories_of={entry.source: ("Darbas užsienyje",)},
                           fallback_updated=dt.date(2020, 1, 1)))
    item = feed.entries[0]
    assert item.summary == "A < B & C"
    assert "https://example.org/kampanija/lt/straipsniai/x/" in item.content[0].base
    assert "čia" in item.content[0].value
    assert [tag.term for tag in item.tags] == ["Darbas užsienyje"]


def test_same_input_gives_identical_bytes():
    articles = [article(str(n), dt.date(2026, 1, n + 1)) for n in range(5)]
    first = atom_feed(CONFIG, "lt", articles, fallback_updated=dt.date(2020, 1, 1))
    assert first == atom_feed(CONFIG, "lt", list(reversed(articles)), fallback_updated=dt.date(2020, 1, 1))


def test_newest_first_breaks_date_ties_by_url():
    same_day = [article("b", dt.date(2026, 1, 1)), article("a", dt.date(2026, 1, 1))]
    assert [e.slug for e in newest_first(same_day)] == ["a", "b"]


def test_atom_datetime_uses_the_site_time_zone_offset_of_that_day():
    assert atom_datetime(dt.date(2026, 7, 1), CONFIG) == "2026-07-01T00:00:00+03:00"
    assert atom_datetime(dt.date(2026, 12, 1), CONFIG) == "2026-12-01T00:00:00+02:00"


def whole_document_feed(config, lang, articles, html_of, categories_of, fallback) -> bytes:
    """The feed as ElementTree writes it in one piece (the way feeds were first written)."""
    import xml.etree.ElementTree as ET
    from budrus.outputs.feeds import ATOM_NS, FEED_TYPE, MAX_ENTRIES, _feed_updated, _text
    from budrus.urls import feed_url, home_url
    language = config.languages[lang]
    entries = newest_first(articles)[:MAX_ENTRIES]
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": lang})
    _text(feed, "id", config.absolute(feed_url(lang)))
    _text(feed, "title", language.title)
    _text(feed, "subtitle", language.description)
    ET.SubElement(feed, "link", {"rel": "self", "type": FEED_TYPE, "href": config.absolute(feed_url(lang))})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": config.absolute(home_url(lang))})
    _text(feed, "updated", atom_datetime(_feed_updated(entries, fallback), config))
    author = ET.SubElement(feed, "author")
    _text(author, "name", config.organization_name[lang])
    if config.organization_url:
        _text(author, "uri", config.organization_url)
    for entry in entries:
        item = ET.SubElement(feed, "entry")
        absolute = config.absolute(entry.url)
        _text(item, "id", absolute)
        _text(item, "title", entry.title)
        ET.SubElement(item, "link", {"rel": "alternate", "type": "text/html", "href": absolute})
        if entry.date:
            _text(item, "published", atom_datetime(entry.date, config))
        _text(item, "updated", atom_datetime(entry.lastmod or entry.date, config))
        for name in categories_of.get(entry.source, ()):
            ET.SubElement(item, "category", {"term": name})
        if entry.summary:
            _text(item, "summary", entry.summary)
        if html_of.get(entry.source):
            _text(item, "content", html_of[entry.source], type="html", **{"xml:base": absolute})
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def test_the_feed_made_of_remembered_entries_equals_the_whole_document():
    articles = [article("a", dt.date(2026, 1, 5), tags=("x",), summary="<&> \"ž\""),
                article("b", dt.date(2026, 2, 5), updated=dt.date(2026, 3, 1), summary=""),
                article("c", dt.date(2025, 12, 1))]
    html_of = {articles[0].source: "<p>Tekstas &amp; <a href=\"/lt/\">nuoroda</a></p>\n", articles[2].source: ""}
    categories_of = {articles[0].source: ("Darbas užsienyje", "A & B")}
    for chosen in (articles, articles[1:], []):
        expected = whole_document_feed(CONFIG, "lt", chosen, html_of, categories_of, dt.date(2026, 1, 1))
        for _ in range(2):   # the second time from memory
            assert atom_feed(CONFIG, "lt", chosen, html_of=html_of, categories_of=categories_of,
                             fallback_updated=dt.date(2026, 1, 1)) == expected
