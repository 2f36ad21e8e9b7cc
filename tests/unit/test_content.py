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


# -- discovery in a warm process: files skipped by their stat ---------------------------------

import dataclasses  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402

from budrus.content import RACY_NS, discover  # noqa: E402

ARTICLE = "---\ntitle: Labas\ndate: 2026-01-02\n---\nTekstas {}\n"


def small_site(tmp_path: Path) -> Path:
    folder = tmp_path / "content" / "articles"
    folder.mkdir(parents=True)
    for name in ("a", "b"):
        (folder / f"{name}.lt.md").write_text(ARTICLE.format(name), encoding="utf-8")
    return tmp_path


def aged(seen: dict, seconds: float) -> None:
    """Pretend every file was last looked at `seconds` after its time stamp."""
    for key, found in seen.items():
        seen[key] = dataclasses.replace(found, taken_ns=found.stat[1] + int(seconds * 1e9))


def test_an_unchanged_file_seen_well_after_its_time_stamp_is_not_read_again(tmp_path):
    site, seen = small_site(tmp_path), {}
    first = discover(site, CONFIG, Diagnostics(), seen)
    aged(seen, 10)
    reads = []
    original = Path.read_bytes
    Path.read_bytes = lambda self: reads.append(self) or original(self)
    try:
        again = discover(site, CONFIG, Diagnostics(), seen)
    finally:
        Path.read_bytes = original
    assert reads == [] and all(a is b for a, b in zip(first, again)) and len(again) == 2


def test_a_file_changed_with_the_same_size_and_time_is_read_again_while_its_time_stamp_is_recent(tmp_path):
    site, seen = small_site(tmp_path), {}
    discover(site, CONFIG, Diagnostics(), seen)
    path = site / "content/articles/a.lt.md"
    before = os.stat(path)
    path.write_text(ARTICLE.format("z"), encoding="utf-8")   # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    # A file system whose clock did not tick between the two writes shows the same stat;
    # the file was seen within RACY_NS of its time stamp, so its bytes are read again.
    now = os.stat(path)
    full = str(path)
    seen[full] = dataclasses.replace(seen[full], stat=(now.st_size, now.st_mtime_ns, now.st_ctime_ns,
                                                       now.st_ino, now.st_dev))
    aged(seen, RACY_NS / 1e9 / 2)
    found = {f.path: f for f in discover(site, CONFIG, Diagnostics(), seen)}
    assert found["content/articles/a.lt.md"].data == ARTICLE.format("z").encode()


def test_the_same_stat_seen_long_after_the_time_stamp_is_trusted(tmp_path):
    # The converse of the racy case, and what makes the skip pay: no read at all.
    site, seen = small_site(tmp_path), {}
    discover(site, CONFIG, Diagnostics(), seen)
    path = site / "content/articles/a.lt.md"
    now = os.stat(path)
    full = str(path)
    old = seen[full]
    seen[full] = dataclasses.replace(old, file=dataclasses.replace(old.file, data=b"what was read before"))
    aged(seen, 10)
    assert now.st_mtime_ns < time.time_ns()
    found = {f.path: f for f in discover(site, CONFIG, Diagnostics(), seen)}
    assert found["content/articles/a.lt.md"].data == b"what was read before"


def test_a_changed_size_a_new_file_and_a_deleted_file_are_all_seen(tmp_path):
    site, seen = small_site(tmp_path), {}
    discover(site, CONFIG, Diagnostics(), seen)
    aged(seen, 10)
    articles = site / "content/articles"
    (articles / "a.lt.md").write_text(ARTICLE.format("longer text"), encoding="utf-8")
    (articles / "b.lt.md").unlink()
    (articles / "c.lt.md").write_text(ARTICLE.format("c"), encoding="utf-8")
    found = {f.path: f.data for f in discover(site, CONFIG, Diagnostics(), seen)}
    assert found == {"content/articles/a.lt.md": ARTICLE.format("longer text").encode(),
                     "content/articles/c.lt.md": ARTICLE.format("c").encode()}
    assert sorted(seen) == sorted(str(articles / name) for name in ("a.lt.md", "c.lt.md"))


def test_discovery_with_and_without_a_memory_finds_the_same_files_and_problems(tmp_path):
    site, seen = small_site(tmp_path), {}
    (site / "content/articles/bad.xx.md").write_text(ARTICLE.format("x"), encoding="utf-8")
    plain, warm = Diagnostics(), Diagnostics()
    expected = discover(site, CONFIG, plain)
    for _ in range(2):
        warm = Diagnostics()
        assert discover(site, CONFIG, warm, seen) == expected
    assert [str(d) for d in warm.sorted()] == [str(d) for d in plain.sorted()]
