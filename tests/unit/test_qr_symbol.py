import io
import random
import re
from functools import lru_cache
from html import escape

import pytest
import segno
from segno import consts, encoder

from budrus.outputs.qr import ERROR_LEVEL, QUIET_ZONE, draw_qr_svg
from budrus.outputs.qr_message import error_codewords, message_bits
from budrus.outputs.qr_symbol import Symbol, _alignment_centres, _grid, _to_bits, qr_symbol, svg_path


def segno_bits(code: segno.QRCode) -> list[str]:
    return ["".join(str(bit) for bit in row) for row in code.matrix]


def urls_of_every_length(count: int, seed: int) -> list[str]:
    """URLs from a few characters to a few hundred: QR versions 2 to about 13."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz0123456789-/?=&%ąčęėįšųūž"
    return [
        "https://budrus.example.org/" + "".join(rng.choice(letters) for _ in range(rng.randint(0, 300)))
        for _ in range(count)
    ]


URLS = urls_of_every_length(160, seed=8)


@lru_cache(maxsize=None)
def reference(url: str, error: str = ERROR_LEVEL) -> segno.QRCode:
    return segno.make_qr(url, error=error, boost_error=False)


def test_the_test_urls_make_segno_choose_every_mask_at_many_versions():
    codes = [reference(url) for url in URLS]
    assert {code.mask for code in codes} == set(range(8))
    assert len({code.version for code in codes}) >= 10


@pytest.mark.parametrize("error", ["l", "m", "q", "h"])
def test_the_symbol_is_the_one_segno_makes_module_for_module(error):
    for url in URLS[:: 4 if error != ERROR_LEVEL else 1]:
        code = reference(url, error)
        assert qr_symbol(url, error).rows() == segno_bits(code), (url, code.mask)


def segno_function_matrix(size: int):
    """The cells segno does not mask, as its own mask search finds them."""
    matrix = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(matrix, size, size)
    encoder.add_alignment_patterns(matrix, size, size)
    matrix[-8][8] = 0x1
    return matrix


@pytest.mark.parametrize("version", range(1, 41))
def test_the_data_modules_are_those_segno_masks(version):
    size = version * 4 + 17
    function = segno_function_matrix(size)
    expected = Symbol(size, _grid(size).data).rows()
    assert expected == ["".join("1" if cell > 0x1 else "0" for cell in row) for row in function]


def test_alignment_pattern_centres_follow_the_standard_table():
    from segno import consts

    for version in range(2, 41):
        assert _alignment_centres(version * 4 + 17) == list(consts.ALIGNMENT_POS[version - 2])
    assert _alignment_centres(21) == []


def segno_svg(url: str, name: str) -> str:
    """The markup segno's own SVG writer gives, with the accessible name added."""
    buffer = io.BytesIO()
    reference(url).save(
        buffer, kind="svg", xmldecl=False, svgns=True, omitsize=True, border=QUIET_ZONE,
        dark="#000", light="#fff", svgclass="qr", lineclass=None, title=name, encoding="utf-8",
    )
    svg = buffer.getvalue().decode("utf-8")
    return f'<svg role="img" aria-label="{escape(name, quote=True)}"' + svg[len("<svg"):]


def test_the_svg_is_byte_for_byte_the_one_segnos_writer_gives():
    labels = ["QR kodas: šio puslapio adresas", 'QR: "quoted" & <tagged> \'apostrophe\'']
    for index, url in enumerate(URLS):
        label = labels[index % 2]
        assert draw_qr_svg((url, label)) == segno_svg(url, label), url


def test_the_path_moves_between_dark_runs_and_skips_light_rows():
    symbol = Symbol(3, int("0101" + "0000" + "0011", 2))  # rows: "110", "000", "101"
    assert symbol.rows() == ["110", "000", "101"]
    assert svg_path(symbol, border=4) == "M4 4.5h2m-2 2h1m1 0h1"


def test_an_empty_url_is_refused():
    with pytest.raises(ValueError, match="needs a URL"):
        draw_qr_svg(("", "label"))


@pytest.mark.parametrize("text", ["1", "x.lt", "https://a.lt/"])
def test_the_smallest_symbols_match_segno_too(text):
    for error in ("l", "m", "q", "h"):
        assert qr_symbol(text, error).rows() == segno_bits(reference(text, error))


def pattern_rich_matrix(size: int, rng: random.Random) -> list[bytearray]:
    """Rows made of finder-like patterns (often overlapping), light and dark runs and noise."""
    pieces = ["1011101", "1011101", "0000", "1111", "1", "0", "101", "011101", "00001011101"]
    rows = []
    for _ in range(size):
        line = ""
        while len(line) < size:
            line += rng.choice(pieces)
        rows.append(bytearray(int(c) for c in line[:size]))
    if rng.random() < 0.5:   # the columns get the patterns instead
        rows = [bytearray(column) for column in zip(*rows)]
    return rows


@pytest.mark.parametrize("size", [21, 25, 33, 45, 57])
def test_the_penalty_is_segnos_on_symbols_full_of_finder_like_patterns(size):
    rng = random.Random(size)
    grid = _grid(size)
    for _ in range(60):
        matrix = pattern_rich_matrix(size, rng)
        rows, columns = _to_bits(matrix), _to_bits(zip(*matrix))
        scores = encoder.mask_scores(matrix, size, size)
        assert grid._finder_like(rows) + grid._finder_like(columns) == scores[2]
        assert grid.penalty(rows, columns) == sum(scores)


@pytest.mark.parametrize("line, score", [
    ("1011101" + "0" * 14, 40),                  # at the edge
    ("0000" + "10111011101" + "0" * 6, 40),      # the second, 4 on, is skipped after the first counted
    ("1111" + "10111011101" + "0000" + "11", 40),  # the first does not count, the second does
    ("1111" + "1011101" + "1011101" + "111", 0),
    ("0" * 4 + "1011101" + "011101" + "0" * 4, 40),  # 6 apart: skipped after the first counted
    ("1" * 4 + "1011101" + "011101" + "0" * 4, 40),
])
def test_overlapping_finder_like_patterns_count_as_segno_counts_them(line, score):
    size = len(line)
    matrix = [bytearray(int(c) for c in line)] + [bytearray(size) for _ in range(size - 1)]
    assert _grid(size)._finder_like(_to_bits(matrix)) == score
    assert encoder.mask_scores(matrix, size, size)[2] == score   # its columns hold no pattern


def segno_message(url: str, error: str) -> str:
    """The final message as segno's _encode builds it, before the remainder bits."""
    level = encoder.normalize_errorlevel(error)
    segments = encoder.prepare_data(url, None, None)
    version = encoder.find_version(segments, level, eci=False, micro=False)
    buffer = encoder.Buffer()
    for segment in segments:
        encoder.write_segment(buffer, segment, None, encoder.version_range(version), False)
    capacity = consts.SYMBOL_CAPACITY[version][level]
    encoder.write_terminator(buffer, capacity, None, len(buffer))
    encoder.write_padding_bits(buffer, version, len(buffer))
    encoder.write_pad_codewords(buffer, version, capacity, len(buffer))
    final = encoder.make_final_message(version, level, buffer)
    return "".join(str(bit) for bit in final.getbits()).rstrip("0"), version


@pytest.mark.parametrize("error", ["l", "m", "q", "h"])
def test_the_message_is_segnos_codeword_for_codeword(error):
    for url in URLS[:: 2 if error != ERROR_LEVEL else 1] + ["1", "HTTPS://A.LT/", "x" * 900]:
        expected, version = segno_message(url, error)
        found_version, message = message_bits(url, error)
        assert (found_version, message.rstrip("0")) == (version, expected), url


def test_reed_solomon_codewords_are_segnos_for_every_block_length():
    rng = random.Random(18004)
    for count in sorted({info.num_total - info.num_data for version in range(1, 41)
                         for infos in consts.ECC[version].values() for info in infos}):
        for length in (1, 15, 60, 122):
            block = bytes(rng.randrange(256) for _ in range(length))
            info = consts.ECC[1][0][0]._replace(num_blocks=1, num_total=length + count, num_data=length)
            buffer = encoder.Buffer()
            buffer.extend(int(bit) for byte in block for bit in format(byte, "08b"))
            _, expected = encoder.make_blocks([info], buffer)
            assert error_codewords(block, count) == bytes(expected[0])


def path_row_by_row(symbol: Symbol, border: int) -> str:
    """segno's SVG writer's path, written the plain way: each row's runs, moves relative."""
    commands, x, y = [], 0, 0.0
    for index, row in enumerate(symbol.rows()):
        row_y = border + index + 0.5
        for run in re.finditer("1+", row):
            dy = row_y - y
            commands.append(f"{'m' if commands else 'M'}{border + run.start() - x} "
                            f"{int(dy) if dy.is_integer() else dy}h{run.end() - run.start()}")
            x, y = border + run.end(), row_y
    return "".join(commands)


def test_the_path_of_any_pattern_of_modules_is_the_row_by_row_one():
    rng = random.Random(7)
    for size in (1, 2, 3, 21, 25):
        for density in (0.0, 0.1, 0.5, 0.9, 1.0):
            rows = [[int(rng.random() < density) for _ in range(size)] for _ in range(size)]
            symbol = Symbol(size, _to_bits(rows))
            for border in (0, 4):
                assert svg_path(symbol, border) == path_row_by_row(symbol, border)
