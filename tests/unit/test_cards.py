import dataclasses
import io
import struct
import zlib

import pytest
from PIL import Image, ImageChops, ImageDraw

from budrus.cache import ContentCache
from budrus.outputs.cards import (
    CONTENT,
    HEIGHT,
    SHADES,
    STRIPE,
    WIDTH,
    CardSpec,
    card_key,
    card_palette,
    colour_problems,
    contrast_ratio,
    layout_card,
    load_font,
    parse_hex,
    render_card,
    stream_cards,
)

COLOURS = {"background": "#1d3557", "text": "#ffffff", "accent": "#f4a261"}
LONG_LT = (
    "Nepilnamečių išnaudojimas priverstiniam nusikalstamumui ir elgetavimui: "
    "kaip atpažinti tarpininkavimo ženklus mokykloje?"
)
LONG_EN = (
    "Forced criminality and begging of minors: how to recognise the signs of brokers, "
    "recruiters and exploiters in the school"
)
COMPOUND_60 = "Antinebeprisikiškiakopūsteliaujantiesiemstarptautiškiausiems"
CAPITALS = ("ŽMONIŲ IŠNAUDOJIMAS ŠEŠĖLINĖJE EKONOMIKOJE: ĮSPĖJAMIEJI ŽENKLAI, "
            "KURIUOS TURĖTŲ ŽINOTI KIEKVIENAS MOKYTOJAS IR MOKINYS?!")


@dataclasses.dataclass(frozen=True)
class CardBatch:
    """The PNGs of render_cards, in the order of the specs, and what it cost."""

    images: tuple[bytes, ...]
    rendered: int
    cached: int


def render_cards(specs, jobs: int, cache, kept=None) -> CardBatch:
    """The cards of specs through stream_cards (the build's path), in the order of the specs."""
    keys = [card_key(spec) for spec in specs]
    found, drawn = {}, set()
    for key, png, was_drawn in stream_cards(dict(zip(keys, specs)), jobs, cache, kept):
        found[key] = png
        if was_drawn:
            drawn.add(key)
    return CardBatch(tuple(found[key] for key in keys), rendered=len(drawn),
                     cached=sum(1 for key in keys if key not in drawn))


def lt_card(title: str, **changes) -> CardSpec:
    fields = dict(
        title=title,
        kind="Atpažinimo gidas",
        site_name="Neparduodama: atpažink prekybą žmonėmis",
        language="Lietuvių",
        **COLOURS,
    )
    return CardSpec(**{**fields, **changes})


def en_card(title: str) -> CardSpec:
    return CardSpec(title, "Guide", "Not for sale: recognise human trafficking", "English", **COLOURS)


HARD_CARDS = {
    "lithuanian-120": lt_card(LONG_LT),
    "english-120": en_card(LONG_EN),
    "compound-60": lt_card(COMPOUND_60),
    "two-compounds-120": lt_card(COMPOUND_60 + " " + COMPOUND_60[::-1].capitalize()),
    "capitals-120": lt_card(CAPITALS),
    "long-labels": lt_card(
        LONG_LT,
        kind="Straipsnis apie nepilnamečių išnaudojimą priverstiniam nusikalstamumui ir elgetavimui",
        site_name="Neparduodama: atpažink prekybą žmonėmis ir pasakyk apie ją kitiems, nes tai svarbu",
    ),
}


def test_the_hard_titles_are_as_long_as_the_spec_allows():
    assert len(LONG_LT) == len(LONG_EN) == len(CAPITALS) == 120
    assert len(COMPOUND_60) == 60 and " " not in COMPOUND_60
    assert len(HARD_CARDS["two-compounds-120"].title) == 121


def open_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def card_pixels(data: bytes) -> Image.Image:
    return open_png(data).convert("RGB")


def rgb_render(spec: CardSpec) -> Image.Image:
    """The card's layout drawn the plain way, in full colour: what the palette must match."""
    layout = layout_card(spec)
    image = Image.new("RGB", (WIDTH, HEIGHT), parse_hex(spec.background))
    draw = ImageDraw.Draw(image)
    for box, colour in layout.rects:
        draw.rectangle((box.left, box.top, box.right - 1, box.bottom - 1), fill=parse_hex(colour))
    for run in layout.runs:
        font = load_font(run.weight, run.size)
        draw.text((run.x, run.y), run.text, font=font, fill=parse_hex(run.colour), anchor="ls")
    return image


def largest_channel_difference(first: Image.Image, second: Image.Image) -> int:
    return max(high for _low, high in ImageChops.difference(first, second).getextrema())


def test_a_card_is_a_1200_by_630_png():
    image = open_png(render_card(lt_card("Kas yra prekyba žmonėmis?")))
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT) == (1200, 630)


def test_the_same_spec_gives_the_same_bytes():
    assert render_card(lt_card(LONG_LT)) == render_card(lt_card(LONG_LT))
    assert render_card(lt_card(LONG_LT)) != render_card(lt_card(LONG_LT + "!"))


def png_chunk_types(data: bytes) -> list[bytes]:
    types, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        types.append(kind)
        offset += 12 + length
    return types


def test_a_card_holds_pixels_only_no_time_or_text_chunks():
    chunks = set(png_chunk_types(render_card(lt_card("Pavadinimas"))))
    assert chunks == {b"IHDR", b"PLTE", b"IDAT", b"IEND"}


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The (type, data) of each chunk, after checking its CRC."""
    chunks, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        chunks.append((kind, body))
        offset += 12 + length
    return chunks


@pytest.mark.parametrize("title", ["Trumpas", LONG_LT, COMPOUND_60, LONG_LT * 8])
def test_the_png_stream_is_whole_and_every_checksum_holds(title):
    data = render_card(lt_card(title))
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    chunks = png_chunks(data)
    assert [kind for kind, _body in chunks] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    assert chunks[0][1] == struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)
    # zlib checks the stream's adler32 and that it ends where it should.
    scanlines = zlib.decompress(chunks[2][1])
    assert len(scanlines) == HEIGHT * (1 + WIDTH)
    rows = [scanlines[y * (1 + WIDTH) : (y + 1) * (1 + WIDTH)] for y in range(HEIGHT)]
    assert {row[0] for row in rows} == {0}  # filter type none
    assert b"".join(row[1:] for row in rows) == open_png(data).tobytes()


def test_a_card_is_an_8_bit_palette_png():
    image = open_png(render_card(lt_card("Pavadinimas")))
    assert image.mode == "P"
    assert len(image.getpalette()) == 256 * 3


@pytest.mark.parametrize("name", sorted(HARD_CARDS))
def test_every_glyph_box_lies_inside_the_margins(name):
    layout = layout_card(HARD_CARDS[name])
    for run in layout.runs:
        left, top, right, bottom = load_font(run.weight, run.size).getbbox(run.text, anchor="ls")
        assert CONTENT.left <= run.x + left and run.x + right <= CONTENT.right, run
        assert CONTENT.top <= run.y + top and run.y + bottom <= CONTENT.bottom, run


@pytest.mark.parametrize("name", sorted(HARD_CARDS))
def test_outside_the_margins_there_is_only_background_and_the_stripe(name):
    spec = HARD_CARDS[name]
    image = card_pixels(render_card(spec))
    margins = [
        (STRIPE.right, 0, WIDTH, CONTENT.top),
        (STRIPE.right, CONTENT.bottom, WIDTH, HEIGHT),
        (STRIPE.right, 0, CONTENT.left, HEIGHT),
        (CONTENT.right, 0, WIDTH, HEIGHT),
    ]
    for box in margins:
        assert image.crop(box).getcolors() == [
            ((box[2] - box[0]) * (box[3] - box[1]), parse_hex(spec.background))
        ], box


def title_text(spec: CardSpec) -> str:
    layout = layout_card(spec)
    title_runs = layout.runs[1 : 1 + layout.title_lines]
    return " ".join(run.text for run in title_runs)


@pytest.mark.parametrize("name", ["lithuanian-120", "english-120", "capitals-120"])
def test_long_titles_wrap_at_spaces_without_losing_or_breaking_words(name):
    spec = HARD_CARDS[name]
    layout = layout_card(spec)
    assert title_text(spec) == spec.title
    assert not layout.words_broken
    assert layout.title_size >= 40


def test_a_compound_word_is_broken_with_a_hyphen_only_when_no_size_holds_it():
    layout = layout_card(lt_card(COMPOUND_60))
    assert layout.words_broken
    assert layout.title_size == 40
    lines = title_text(lt_card(COMPOUND_60)).split(" ")
    assert all(line.endswith("-") for line in lines[:-1])
    assert "".join(line.removesuffix("-") for line in lines) == COMPOUND_60


def test_a_word_that_fits_at_a_smaller_size_is_not_broken():
    word = COMPOUND_60[:34]
    layout = layout_card(lt_card(word))
    assert not layout.words_broken and title_text(lt_card(word)) == word
    assert layout.title_size < 76


def test_existing_hyphens_are_used_before_breaking_inside_a_word():
    title = "Prekybos-žmonėmis-prevencijos-tarpžinybinis-bendradarbiavimas-savivaldybėse"
    layout = layout_card(lt_card(title))
    assert not layout.words_broken
    assert title_text(lt_card(title)).replace(" ", "") == title


def test_a_short_title_is_drawn_large():
    assert layout_card(lt_card("Kas yra prekyba žmonėmis?")).title_size == 76


def test_a_title_far_over_the_limit_is_shortened_with_an_ellipsis_not_overflowing():
    layout = layout_card(lt_card(LONG_LT * 8))
    title_runs = layout.runs[1 : 1 + layout.title_lines]
    assert title_runs[-1].text.endswith("…")
    for run in title_runs:
        left, top, right, bottom = load_font(run.weight, run.size).getbbox(run.text, anchor="ls")
        assert CONTENT.left <= run.x + left and run.x + right <= CONTENT.right
        assert CONTENT.top <= run.y + top and run.y + bottom <= CONTENT.bottom


def test_contrast_ratio_follows_the_wcag_formula():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_the_campaign_colours_drawn_on_the_card_reach_aa_contrast():
    spec = lt_card("Kas yra prekyba žmonėmis?")
    colours = {colour for _count, colour in card_pixels(render_card(spec)).getcolors(1 << 20)}
    for name in ("text", "accent"):
        assert parse_hex(getattr(spec, name)) in colours
        assert contrast_ratio(getattr(spec, name), spec.background) >= 4.5
    assert colour_problems(spec) == []


COLOUR_SCHEMES = {
    "campaign": COLOURS,
    "dark-on-light": {"background": "#fdf6e3", "text": "#1b1b1b", "accent": "#8a1538"},
    "light-accent-on-black": {"background": "#000000", "text": "#f0f0f0", "accent": "#ffd166"},
    "accent-same-as-text": {"background": "#0b3d2e", "text": "#ffffff", "accent": "#ffffff"},
}


@pytest.mark.parametrize("scheme", sorted(COLOUR_SCHEMES))
@pytest.mark.parametrize("name", sorted(HARD_CARDS))
def test_every_pixel_is_within_one_shade_of_a_full_colour_render(name, scheme):
    spec = dataclasses.replace(HARD_CARDS[name], **COLOUR_SCHEMES[scheme])
    reference = rgb_render(spec)
    assert largest_channel_difference(card_pixels(render_card(spec)), reference) <= 1
    # The anti-aliasing survives: the edges keep a hundred and more in-between colours.
    assert len(card_pixels(render_card(spec)).getcolors(1 << 20)) >= 100


def test_the_palette_runs_from_the_background_to_each_colour_in_even_steps():
    palette = card_palette("#000000", "#fefefe", "#7f7f7f")
    text, accent = palette[: SHADES * 3 : 3], palette[SHADES * 3 :: 3]
    assert len(text) == len(accent) == SHADES
    assert text[0] == accent[0] == 0 and text[-1] == 0xFE and accent[-1] == 0x7F
    assert all(0 <= b - a <= 3 for a, b in zip(text, text[1:]))
    assert all(0 <= b - a <= 1 for a, b in zip(accent, accent[1:]))


def test_the_solid_parts_are_the_exact_colours():
    spec = lt_card("Pavadinimas", **COLOUR_SCHEMES["dark-on-light"])
    image = card_pixels(render_card(spec))
    layout = layout_card(spec)
    stripe = image.crop((STRIPE.left, STRIPE.top, STRIPE.right, STRIPE.bottom))
    assert stripe.getcolors() == [(STRIPE.width * HEIGHT, parse_hex(spec.accent))]
    assert image.getpixel((WIDTH - 1, HEIGHT - 1)) == parse_hex(spec.background)
    rule = layout.rects[1][0]
    assert image.getpixel((rule.left, rule.top)) == parse_hex(spec.accent)


def test_cards_that_share_a_kind_and_footer_do_not_leak_into_each_other():
    first, second = lt_card("Pirmas"), lt_card("Antras, visai kitas pavadinimas")
    alone = render_card(first)
    render_card(second)
    assert render_card(first) == alone
    assert largest_channel_difference(card_pixels(render_card(second)), rgb_render(second)) <= 1


def test_colours_below_aa_contrast_are_refused_with_the_ratio():
    spec = lt_card("Pavadinimas", text="#8899aa", background="#778899")
    assert "contrast" in colour_problems(spec)[0]
    with pytest.raises(ValueError, match="below the 4.5:1"):
        render_card(spec)


def test_colours_must_be_six_digit_hex():
    with pytest.raises(ValueError, match="#rrggbb"):
        lt_card("Pavadinimas", accent="orange")


def specs_for_cache() -> list[CardSpec]:
    return [lt_card("Pirmas straipsnis"), en_card("Second article"), lt_card("Trečias gidas")]


def test_a_second_build_renders_no_card(tmp_path):
    cache = ContentCache(tmp_path, "cards")
    first = render_cards(specs_for_cache(), jobs=1, cache=cache)
    second = render_cards(specs_for_cache(), jobs=1, cache=cache)
    assert (first.rendered, first.cached) == (3, 0)
    assert (second.rendered, second.cached) == (0, 3)
    assert second.images == first.images


def test_a_changed_title_re_renders_only_that_card(tmp_path):
    cache = ContentCache(tmp_path, "cards")
    specs = specs_for_cache()
    first = render_cards(specs, jobs=1, cache=cache)
    specs[1] = dataclasses.replace(specs[1], title="Second article, revised")
    second = render_cards(specs, jobs=1, cache=cache)
    assert (second.rendered, second.cached) == (1, 2)
    assert second.images[0] == first.images[0] and second.images[2] == first.images[2]
    assert second.images[1] == render_card(specs[1])


def test_a_corrupt_cached_card_is_rendered_again(tmp_path):
    cache = ContentCache(tmp_path, "cards")
    specs = specs_for_cache()
    first = render_cards(specs, jobs=1, cache=cache)
    path = cache.path_for(card_key(specs[2]))
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    second = render_cards(specs, jobs=1, cache=cache)
    assert (second.rendered, second.cached) == (1, 2)
    assert second.images == first.images
    assert render_cards(specs, jobs=1, cache=cache).rendered == 0


def test_every_drawn_input_is_part_of_the_key():
    spec = lt_card("Pavadinimas")
    changes = dict(title="Kitas", kind="Straipsnis", site_name="Kita", language="English",
                   background="#000000", text="#fefefe", accent="#ffff00")
    keys = {card_key(dataclasses.replace(spec, **{name: value})) for name, value in changes.items()}
    assert len(keys | {card_key(spec)}) == len(changes) + 1


def test_no_cache_renders_every_time_and_stores_nothing(tmp_path):
    cache = ContentCache(None, "cards")
    assert render_cards(specs_for_cache(), jobs=1, cache=cache).rendered == 3
    assert render_cards(specs_for_cache(), jobs=1, cache=cache).rendered == 3


def test_identical_cards_are_rendered_once(tmp_path):
    cache = ContentCache(tmp_path, "cards")
    batch = render_cards([lt_card("Tas pats")] * 3, jobs=1, cache=cache)
    assert batch.rendered == 1 and len(set(batch.images)) == 1 and len(batch.images) == 3


def test_parallel_rendering_gives_the_bytes_of_serial_rendering(tmp_path):
    specs = [lt_card(f"Straipsnis numeris {n}") for n in range(8)]
    parallel = render_cards(specs, jobs=2, cache=ContentCache(tmp_path / "a", "cards"))
    serial = render_cards(specs, jobs=1, cache=ContentCache(None, "cards"))
    assert parallel.rendered == 8
    assert parallel.images == serial.images


def test_a_warm_process_takes_the_last_builds_cards_from_memory_not_from_the_cache_folder(tmp_path):
    from budrus.cache import RecentMemo
    cache, kept = ContentCache(tmp_path, "cards"), RecentMemo()
    specs = specs_for_cache()
    first = render_cards(specs, jobs=1, cache=cache, kept=kept)
    reads = cache.stats.hits + cache.stats.misses
    kept.advance()
    second = render_cards(specs, jobs=1, cache=cache, kept=kept)
    assert (second.rendered, second.cached) == (0, 3) and second.images == first.images
    assert cache.stats.hits + cache.stats.misses == reads
    kept.advance()
    kept.advance()   # two builds without these cards: forgotten, read from the folder again
    assert render_cards(specs, jobs=1, cache=cache, kept=kept).images == first.images
    assert cache.stats.hits == 3


def test_equal_specs_built_separately_have_one_key():
    assert card_key(lt_card("Pavadinimas")) == card_key(lt_card("Pavadinimas"))
    assert card_key(lt_card("Pavadinimas")) != card_key(lt_card("Pavadinimas!"))


def test_the_key_hashes_the_spec_fields_in_order_as_before():
    import dataclasses

    from budrus.cache import cache_key
    from budrus.outputs.cards import renderer_fingerprint

    spec = lt_card("Kai darbo pasiūlymas per geras, kad būtų tiesa")
    assert card_key(spec) == cache_key(*renderer_fingerprint(), *dataclasses.astuple(spec))


def test_joined_checksums_are_the_adler32_of_the_joined_bytes():
    import os
    import random as random_module

    from budrus.outputs.cards import adler32_combine

    rng = random_module.Random(5)
    lengths = [0, 1, 2, 100, 5552, 65520, 65521, 65522, 3 * 65521, 400_000]
    for first_length in lengths:
        for second_length in lengths:
            first = os.urandom(first_length) if rng.random() < 0.5 else b"\xff" * first_length
            second = os.urandom(second_length) if rng.random() < 0.5 else b"\xff" * second_length
            expected = zlib.adler32(first + second)
            assert adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second)) == expected
