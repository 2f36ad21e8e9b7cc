from pathlib import Path

from budrus.config import load_config
from budrus.content import SourceFile, parse_entry
from budrus.diagnostics import Diagnostics

CONFIG, _ = load_config(Path(__file__).parents[1] / "fixtures" / "basic")


def parse(text: str | bytes, path="content/articles/x.lt.md", section="articles"):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    diagnostics = Diagnostics()
    entry = parse_entry(SourceFile(path, section, f"{section}/x", "lt", data), CONFIG, diagnostics)
    return entry, [str(d) for d in diagnostics.sorted()]


def test_front_matter_and_body_are_split_with_the_body_line():
    entry, problems = parse("---\ntitle: Labas\ndate: 2026-01-02\n---\nTekstas\n")
    assert problems == []
    assert entry.title == "Labas" and entry.body == "Tekstas\n" and entry.body_line == 5
    assert entry.slug == "labas"


def test_bom_and_crlf_are_accepted():
    entry, problems = parse("\ufeff---\r\ntitle: Labas\r\ndate: 2026-01-02\r\n---\r\nTekstas\r\n".encode("utf-8"))
    assert problems == [] and entry.body == "Tekstas\n"


def test_invalid_utf8_names_its_line():
    _, problems = parse(b"---\ntitle: x\n---\nok\n\xff\xfe broken\n")
    assert problems == ["content/articles/x.lt.md:5: error: is not valid UTF-8 text; save it as UTF-8"]


def test_empty_file_is_explained():
    _, problems = parse("")
    assert problems[0].startswith("content/articles/x.lt.md:1: error: the file is empty")


def test_image_needs_alt_text():
    _, problems = parse("---\ntitle: x\ndate: 2026-01-02\nimage: /a.png\n---\n")
    assert problems == ['content/articles/x.lt.md:4: error: "image_alt" is required when "image" is set: '
                        "describe the picture for readers who cannot see it"]


def test_guide_needs_three_signs():
    _, problems = parse("---\ntitle: g\nsigns: [a, b]\n---\n", "content/guides/x.lt.md", "guides")
    assert problems == ['content/guides/x.lt.md:3: error: "signs" needs at least 3 items, it has 2']


def test_event_times_are_in_the_site_time_zone_and_need_a_place():
    entry, _ = parse("---\ntitle: e\nstart: 2026-12-03T10:00\nonline: true\n---\n", "content/events/x.lt.md", "events")
    assert entry.event.start.utcoffset().total_seconds() == 7200
    _, problems = parse("---\ntitle: e\nstart: 2026-12-03T10:00\n---\n", "content/events/x.lt.md", "events")
    assert problems == ['content/events/x.lt.md:2: error: missing required key "location" (or set "online: true")']


def test_slug_with_slash_or_dots_is_refused():
    _, problems = parse("---\ntitle: x\nslug: ../etc\ndate: 2026-01-02\n---\n")
    assert problems == ["content/articles/x.lt.md:3: error: \"slug\" is '../etc'; "
                        "use only lowercase letters a-z, digits and single hyphens"]
