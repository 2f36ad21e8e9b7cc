"""Build the basic fixture site and read every page as a crawler and a phone would."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image

import budrus.outputs.cards as cards
from budrus.pipeline import BuildOptions, build, check
from support import NOW, copy_fixture, run_cli

BASE = "https://example.org"
LOCALES = {"lt": "lt_LT", "en": "en_GB"}
ARTICLE_LT = "lt/straipsniai/kas-yra-prekyba-zmonemis/index.html"
GUIDE_EN = "en/guides/a-job-offer-abroad-that-is-too-good/index.html"
HELP_LT = "lt/pagalba/index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("share")
    site = copy_fixture("basic", root / "site")
    result = run_cli("build", "--source", site, "--out", root / "public", "--now", NOW)
    assert result.code == 0, result.err
    return root / "public"


def html_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "http-equiv=\"refresh\"" not in p.read_text("utf-8"))


@functools.lru_cache(maxsize=None)
def parse(path: Path) -> BeautifulSoup:
    # Parsed once per file: html5lib is slow, and the tests only read the trees.
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def meta(page: BeautifulSoup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in page.find_all("meta"):
        name = tag.get("property") or tag.get("name")
        if name:
            found.setdefault(name, []).append(tag.get("content", ""))
    return found


def output_file(out: Path, url: str) -> Path:
    assert url.startswith(BASE + "/"), url
    return out / url[len(BASE) + 1 :]


def test_every_page_has_the_open_graph_and_twitter_meta_of_the_spec(built):
    pages = html_pages(built)
    assert len(pages) >= 20
    for path in pages:
        page = parse(path)
        lang = page.html["lang"]
        tags = meta(page)
        for name in ("og:title", "og:description", "og:type", "og:url", "og:image", "og:image:width",
                     "og:image:height", "og:image:alt", "og:locale", "og:site_name", "twitter:card"):
            assert len(tags.get(name, [])) == 1 and tags[name][0].strip(), (path, name)
        assert tags["twitter:card"] == ["summary_large_image"]
        assert tags["og:locale"] == [LOCALES[lang]]
        assert tags["og:image:width"] == ["1200"] and tags["og:image:height"] == ["630"]
        assert tags["og:type"][0] in ("website", "article")
        canonical = page.find("link", rel="canonical")
        if canonical is not None:
            assert tags["og:url"] == [canonical["href"]], path


def test_og_image_is_the_pages_own_1200_by_630_png_card(built):
    seen = set()
    for path in html_pages(built):
        image_url = meta(parse(path))["og:image"][0]
        card = output_file(built, image_url)
        with Image.open(card) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630)), card
        seen.add(image_url)
    assert len(seen) == len(html_pages(built))  # one card per page and language


def test_articles_and_guides_are_articles_other_pages_websites(built):
    assert meta(parse(built / ARTICLE_LT))["og:type"] == ["article"]
    assert meta(parse(built / GUIDE_EN))["og:type"] == ["article"]
    assert meta(parse(built / HELP_LT))["og:type"] == ["website"]
    assert meta(parse(built / "lt/index.html"))["og:type"] == ["website"]


def test_locale_alternates_name_only_languages_the_page_exists_in(built):
    assert meta(parse(built / ARTICLE_LT))["og:locale:alternate"] == ["en_GB"]
    assert meta(parse(built / "en/index.html"))["og:locale:alternate"] == ["lt_LT"]
    assert meta(parse(built / "index.html"))["og:locale:alternate"] == ["en_GB"]
    untranslated = built / "lt/renginiai/uzsiemimas-mokykloje/index.html"
    assert "og:locale:alternate" not in meta(parse(untranslated))


def test_og_description_is_the_page_description_on_every_page(built):
    for path in html_pages(built):
        page = parse(path)
        description = page.find("meta", attrs={"name": "description"})["content"]
        assert meta(page)["og:description"] == [description] and description.strip(), path


def share_section(page: BeautifulSoup):
    return page.find("section", class_="share")


def test_entries_offer_plain_share_links_with_their_own_url(built):
    for path in (ARTICLE_LT, GUIDE_EN, HELP_LT):
        page = parse(built / path)
        url = meta(page)["og:url"][0]
        links = share_section(page).select("a.share__link")
        assert len(links) == 6
        assert all(url.replace(":", "%3A").replace("/", "%2F") in a["href"] for a in links)
        assert all(a.get_text(strip=True) for a in links)
        assert [a["href"].split(":")[0] for a in links] == ["https"] * 5 + ["mailto"]


def test_share_ui_strings_are_in_the_pages_language(built):
    assert share_section(parse(built / ARTICLE_LT)).h2.get_text() == "Dalytis šiuo puslapiu"
    assert share_section(parse(built / GUIDE_EN)).h2.get_text() == "Share this page"


def test_pages_run_no_inline_script_and_the_share_script_is_served(built):
    for path in html_pages(built):
        for script in parse(path).find_all("script"):
            if script.get("type", "text/javascript") in ("text/javascript", "module"):
                assert script.get("src") and not script.get_text(strip=True), path
    page = parse(built / ARTICLE_LT)
    assert page.find("script", src="/js/share.js") is not None
    assert (built / "js/share.js").is_file()
    buttons = share_section(page).select("button")
    assert buttons and all(button.has_attr("hidden") for button in buttons)


def qr_modules(svg) -> list[list[bool]]:
    """The dark modules of a segno SVG path (M/m moves, h runs, rows at y + .5)."""
    size = int(svg["viewBox"].split()[2])
    grid = [[False] * size for _ in range(size)]
    path = next(p for p in svg.find_all("path") if p.get("stroke"))
    x = y = 0.0
    for command, dx, dy, run in re.findall(r"([Mm])(-?[\d.]+) (-?[\d.]+)h(\d+)", path["d"]):
        x, y = (float(dx), float(dy)) if command == "M" else (x + float(dx), y + float(dy))
        for column in range(int(x), int(x) + int(run)):
            grid[int(y)][column] = True
        x += int(run)
    return grid


def decode_svg(svg) -> list[str]:
    grid = qr_modules(svg)
    image = Image.new("L", (len(grid), len(grid)), 255)
    image.putdata([0 if cell else 255 for row in grid for cell in row])
    image = image.resize((len(grid) * 8, len(grid) * 8), Image.Resampling.NEAREST)
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_the_class_qr_code_decodes_to_the_page_url_on_screen_and_in_print(built):
    for path in (ARTICLE_LT, GUIDE_EN, HELP_LT):
        page = parse(built / path)
        url = meta(page)["og:url"][0]
        details = share_section(page).find("details")
        assert details.summary.get_text(strip=True)
        assert decode_svg(details.find("svg")) == [url]
        printed = page.select_one(".print-only.print-url svg")
        assert decode_svg(printed) == [url]
        short = url.removeprefix("https://").rstrip("/")
        assert short in details.get_text() and short in page.select_one(".print-url").get_text()
        assert details.find("svg")["role"] == "img" and details.find("svg")["aria-label"]


def test_lists_and_home_pages_have_cards_but_no_share_block(built):
    for path in ("lt/index.html", "en/guides/index.html", "index.html"):
        page = parse(built / path)
        assert share_section(page) is None
        assert meta(page)["og:image"][0].endswith("/card.png")


def count_renders(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = cards.render_card

    def counting(spec):
        calls.append(spec.title)
        return real(spec)

    monkeypatch.setattr(cards, "render_card", counting)
    return calls


def build_once(site: Path, out: Path, **options) -> None:
    options.setdefault("cache_dir", site.parent / "cache")
    build(BuildOptions(source=site, out=out, now=NOW, jobs=1, **options))


def test_a_rebuild_renders_no_card_and_a_changed_title_only_its_own(tmp_path, monkeypatch):
    site = copy_fixture("basic", tmp_path / "site")
    calls = count_renders(monkeypatch)
    build_once(site, tmp_path / "one")
    cold = len(calls)
    assert cold == len(list((tmp_path / "one").rglob("*.png")))
    calls.clear()
    build_once(site, tmp_path / "two")
    assert calls == []
    source = site / "content/guides/job-offers.en.md"
    source.write_text(source.read_text("utf-8").replace("title: ", "title: Revised ", 1), "utf-8")
    build_once(site, tmp_path / "three")
    assert len(calls) == 1 and calls[0].startswith("Revised ")


def test_no_cache_leaves_the_cache_untouched_and_check_draws_no_card(tmp_path, monkeypatch):
    site = copy_fixture("basic", tmp_path / "site")
    calls = count_renders(monkeypatch)
    check(BuildOptions(source=site, now=NOW, jobs=1, cache_dir=tmp_path / "cache"))
    assert calls == [] and not (tmp_path / "cache").exists()
    build_once(site, tmp_path / "out", no_cache=True)
    assert calls and not (tmp_path / "cache").exists()


def test_cards_of_a_cold_build_equal_those_of_a_cached_build(tmp_path):
    site = copy_fixture("basic", tmp_path / "site")
    cache = tmp_path / "cache"
    build(BuildOptions(source=site, out=tmp_path / "one", now=NOW, jobs=2, cache_dir=cache))
    build(BuildOptions(source=site, out=tmp_path / "two", now=NOW, jobs=2, cache_dir=cache))
    assert len(list(cache.rglob("*"))) > len(list((tmp_path / "one").rglob("*.png")))
    first = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*.png")}
    second = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*.png")}
    assert first == second and first
