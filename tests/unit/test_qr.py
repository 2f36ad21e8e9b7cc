import io
import re
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from PIL import Image

from budrus.outputs.qr import QUIET_ZONE, draw_qr_svg, make_qr, prepare_qr_codes, qr_png, qr_svg

SVG = "{http://www.w3.org/2000/svg}"
URLS = [
    "https://budrus.example.org/lt/atpazinimas/loverboy/",
    "https://budrus.example.org/en/guides/forced-criminality-and-begging-of-minors-how-to-recognise-the-signs/",
    "https://budrus.example.org/lt/?a=1&b=<2>",
]


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def svg_modules(svg: str) -> list[list[bool]]:
    """Read the dark modules back from the SVG path (M/m moves, h runs, y at .5)."""
    root = ET.fromstring(svg)
    size = int(root.get("viewBox").split()[2])
    grid = [[False] * size for _ in range(size)]
    dark = [p for p in root.iter(SVG + "path") if p.get("stroke") == "#000"]
    assert len(dark) == 1
    x = y = 0.0
    for command, dx, dy, run in re.findall(r"([Mm])(-?[\d.]+) (-?[\d.]+)h(\d+)", dark[0].get("d")):
        x, y = (float(dx), float(dy)) if command == "M" else (x + float(dx), y + float(dy))
        for column in range(int(x), int(x) + int(run)):
            grid[int(y)][column] = True
        x += int(run)
    return grid


@pytest.mark.parametrize("url", URLS)
def test_the_png_of_the_qr_code_decodes_to_the_exact_url(url):
    assert decode(Image.open(io.BytesIO(qr_png(url)))) == [url]


@pytest.mark.parametrize("url", URLS)
def test_the_svg_draws_the_same_symbol_and_decodes_to_the_url(url):
    grid = svg_modules(qr_svg(url))
    symbol = [[bool(cell) for cell in row] for row in make_qr(url).matrix]
    inner = [row[QUIET_ZONE:-QUIET_ZONE] for row in grid[QUIET_ZONE:-QUIET_ZONE]]
    assert inner == symbol
    image = Image.new("L", (len(grid), len(grid)), 255)
    image.putdata([0 if cell else 255 for row in grid for cell in row])
    assert decode(image.resize((len(grid) * 8,) * 2, Image.Resampling.NEAREST)) == [url]


def test_the_svg_has_no_xml_declaration_and_is_named_for_screen_readers():
    svg = qr_svg(URLS[0], label="QR kodas: šio puslapio adresas")
    assert svg.startswith("<svg ")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "QR kodas: šio puslapio adresas"
    assert root.find(SVG + "title").text == "QR kodas: šio puslapio adresas"


def test_the_label_defaults_to_the_url_and_is_escaped():
    svg = qr_svg(URLS[2])
    root = ET.fromstring(svg)  # parses only if & and < were escaped
    assert root.get("aria-label") == URLS[2]


def test_the_svg_scales_with_css_and_has_an_opaque_quiet_zone():
    root = ET.fromstring(qr_svg(URLS[0]))
    assert root.get("width") is None and root.get("viewBox").startswith("0 0 ")
    assert any(p.get("fill") == "#fff" for p in root.iter(SVG + "path"))


def test_the_same_url_gives_the_same_svg():
    assert qr_svg(URLS[1]) == qr_svg(URLS[1])
    assert qr_svg(URLS[0]) != qr_svg(URLS[1])


def test_an_empty_url_is_refused():
    with pytest.raises(ValueError):
        qr_svg("")


@pytest.fixture
def empty_memo(monkeypatch):
    import budrus.outputs.qr as qr

    monkeypatch.setattr(qr, "_drawn", {})
    monkeypatch.setattr(qr, "_cache", None)
    monkeypatch.setattr(qr, "_stored", {})
    monkeypatch.setattr(qr, "_fill_cache", False)


def test_prepared_codes_come_from_the_cache_on_the_next_build(tmp_path, empty_memo, monkeypatch):
    import budrus.outputs.qr as qr
    from budrus.cache import ContentCache

    requests = [(url, f"QR: {url}") for url in URLS]
    cache = ContentCache(tmp_path, "qr")
    assert prepare_qr_codes(requests, cache, jobs=1) == 3
    first = [qr_svg(*request) for request in requests]
    monkeypatch.setattr(qr, "_drawn", {})  # a new process
    assert prepare_qr_codes(requests, cache, jobs=1) == 0
    assert [qr_svg(*request) for request in requests] == first
    assert first == [draw_qr_svg(request) for request in requests]


def test_with_a_cache_the_codes_are_read_back_from_it_not_held_and_damage_is_redrawn(tmp_path, empty_memo):
    import budrus.outputs.qr as qr
    from budrus.cache import ContentCache

    requests = [(url, f"QR: {url}") for url in URLS]
    cache = ContentCache(tmp_path, "qr")
    assert prepare_qr_codes(requests, cache, jobs=1) == 3
    assert qr._drawn == {}
    damaged = cache.path_for(qr.qr_key(requests[0]))
    damaged.write_bytes(damaged.read_bytes()[:-10])
    assert [qr_svg(*request) for request in requests] == [draw_qr_svg(request) for request in requests]
    assert list(qr._drawn) == [requests[0]]   # drawn again, since the cache could not give it


def test_a_process_that_builds_again_does_not_read_the_codes_back_and_still_draws_a_lost_one(tmp_path, empty_memo):
    import budrus.outputs.qr as qr
    from budrus.cache import ContentCache

    requests = [(url, f"QR: {url}") for url in URLS]
    cache = ContentCache(tmp_path, "qr")
    assert prepare_qr_codes(requests, cache, jobs=1) == 3
    reads = cache.stats.hits + cache.stats.misses
    assert prepare_qr_codes(requests, cache, jobs=1) == 0
    assert cache.stats.hits + cache.stats.misses == reads   # known to be there: not read again
    cache.path_for(qr.qr_key(requests[1])).unlink()          # removed behind the process's back
    assert prepare_qr_codes(requests, cache, jobs=1) == 0
    assert [qr_svg(*request) for request in requests] == [draw_qr_svg(request) for request in requests]


def test_preparing_without_a_cache_draws_each_code_once(empty_memo):
    from budrus.cache import ContentCache

    requests = [(URLS[0], "a"), (URLS[0], "a"), (URLS[1], "b")]
    assert prepare_qr_codes(requests, ContentCache(None, "qr"), jobs=1) == 2
    assert prepare_qr_codes(requests, ContentCache(None, "qr"), jobs=1) == 0


def test_while_workers_draw_a_page_stores_a_code_it_had_to_draw_in_the_cache(tmp_path, empty_memo):
    import budrus.outputs.qr as qr
    from budrus.cache import ContentCache

    requests = [(url, f"QR: {url}") for url in URLS]
    cache = ContentCache(tmp_path, "qr")
    qr.draw_and_store(cache, requests[0])   # a worker got to the first one already
    assert qr.missing_qr_codes(requests + requests[1:], cache) == requests[1:]
    assert qr_svg(*requests[1]) == draw_qr_svg(requests[1])   # not drawn by a worker yet
    assert qr._drawn == {} and cache.has(qr.qr_key(requests[1]))
    written = cache.path_for(qr.qr_key(requests[1])).stat().st_mtime_ns
    qr.draw_and_store(cache, requests[1])   # the worker comes to it later: left as it is
    assert cache.path_for(qr.qr_key(requests[1])).stat().st_mtime_ns == written
    qr.stop_filling_cache()
    assert qr_svg(*requests[2]) == draw_qr_svg(requests[2])
    assert list(qr._drawn) == [requests[2]] and not cache.has(qr.qr_key(requests[2]))
