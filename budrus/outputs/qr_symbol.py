"""The QR symbol of a URL with segno's choice of mask, made about three times faster.

segno draws a symbol, then tries all eight data masks one module at a time in Python
and keeps the one with the lowest penalty (ISO/IEC 18004 7.8.3); that search is most of
the cost of a code. Here segno draws the symbol once with mask 0, the data modules are
taken back out of it, and the eight penalties are computed on whole symbols held as
integers (one bit per module). The penalties are segno's, rule for rule, so the mask
and every module come out as segno's own `make_qr` makes them; the tests compare both.

Module (i, j) (row i, column j) of a symbol of width `size` is bit i * (size + 1) + j:
each row ends with an always-light guard bit, so no run crosses from one row to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import segno

MASKS = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
)
FINDER_LIKE = "1011101"  # dark:light:dark:dark:dark:light:dark, penalty N3
_ASCII = bytes.maketrans(b"\x00\x01", b"01")
_DARK_RUN = re.compile("1+")


@dataclass(frozen=True)
class Symbol:
    """A QR symbol without its quiet zone: `bits` as described in the module docstring."""

    size: int
    bits: int

    def rows(self) -> list[str]:
        """Each row as a string of "0" (light) and "1" (dark), left to right."""
        full = (1 << self.size) - 1
        stride = self.size + 1
        return [format((self.bits >> (i * stride)) & full, f"0{self.size}b")[::-1] for i in range(self.size)]


def qr_symbol(url: str, error: str) -> Symbol:
    """The symbol segno.make_qr(url, error=error, boost_error=False) draws."""
    first = segno.make_qr(url, error=error, boost_error=False, mask=0)
    size, version = first.symbol_size(border=0)[0], first.version
    grid = _grid(size)
    drawn, drawn_columns = _to_bits(first.matrix), _to_bits(zip(*first.matrix))
    data = (drawn ^ grid.masks[0]) & grid.data
    data_columns = (drawn_columns ^ grid.column_masks[0]) & grid.data_columns
    fixed, fixed_columns = drawn & grid.fixed, drawn_columns & grid.fixed_columns
    scores = [
        grid.penalty(fixed | (data ^ grid.masks[k]), fixed_columns | (data_columns ^ grid.column_masks[k]))
        for k in range(len(MASKS))
    ]
    best = scores.index(min(scores))  # the first of equal scores, as segno takes it
    # Besides the data, a symbol depends only on its version, error level and mask.
    frame = drawn if best == 0 else _to_bits(_frame(version, error, best))
    return Symbol(size, (frame & ~grid.data) | (data ^ grid.masks[best]))


def svg_path(symbol: Symbol, border: int) -> str:
    """The `d` of the path that strokes the dark modules, as segno's SVG writer writes it."""
    commands = []
    x, y = 0, 0.0
    for index, row in enumerate(symbol.rows()):
        row_y = border + index + 0.5
        for run in _DARK_RUN.finditer(row):
            start = border + run.start()
            dy = row_y - y
            commands.append(f"{'m' if commands else 'M'}{int(start - x)} {int(dy) if dy.is_integer() else dy}"
                            f"h{run.end() - run.start()}")
            x, y = border + run.end(), row_y
    return "".join(commands)


@lru_cache(maxsize=64)
def _frame(version: int, error: str, mask: int):
    """A symbol of the version, error level and mask: its function patterns and format
    and version information are those of every symbol of the three."""
    return segno.make_qr("0", version=version, error=error, boost_error=False, mask=mask).matrix


def _to_bits(rows) -> int:
    """Rows of 0/1 values as the bits of a symbol, a light guard bit after each row."""
    return int(b"".join(b"0" + bytes(row).translate(_ASCII)[::-1] for row in reversed(list(rows))), 2)


@dataclass(frozen=True)
class _Grid:
    """Where data, function patterns and valid windows lie in a symbol of one size, as
    bit masks of its rows and of its columns (the symbol transposed, for the column rules)."""

    size: int
    data: int  # the modules a mask changes
    data_columns: int
    fixed: int  # finder, separator, timing and alignment patterns
    fixed_columns: int
    masks: tuple[int, ...]  # each mask pattern, limited to the data modules
    column_masks: tuple[int, ...]
    pairs: int  # (i, j) with a right neighbour (i, j + 1)
    blocks: int  # (i, j) with a neighbour below (i + 1, j)
    windows: int  # (i, j) where seven modules to the right fit
    row: int  # the bits of one row

    @property
    def stride(self) -> int:
        return self.size + 1

    def penalty(self, rows: int, columns: int) -> int:
        """segno's penalty score of a masked symbol (before format information)."""
        same_right = ~(rows ^ (rows >> 1)) & self.pairs
        same_below = ~(rows ^ (rows >> self.stride)) & self.blocks
        blocks = same_right & (same_right >> self.stride) & same_below
        return (self._runs(same_right) + self._runs(~(columns ^ (columns >> 1)) & self.pairs)
                + 3 * blocks.bit_count()
                + self._finder_like(rows) + self._finder_like(columns)
                + self._balance(rows))

    @staticmethod
    def _runs(same_right: int) -> int:
        # A run of n >= 5 equal modules scores n - 2: it holds n - 4 windows of five equal
        # modules (one bit each in `fives`), and 2 more are added where the run starts.
        fives = same_right & (same_right >> 1) & (same_right >> 2) & (same_right >> 3)
        return fives.bit_count() + 2 * (fives & ~(fives << 1)).bit_count()

    def _finder_like(self, lines: int) -> int:
        """40 for each 1:1:3:1:1 pattern segno counts, read line by line where one occurs."""
        light = ~lines
        found = (lines & (light >> 1) & (lines >> 2) & (lines >> 3) & (lines >> 4)
                 & (light >> 5) & (lines >> 6) & self.windows)
        score = 0
        while found:
            index = (found & -found).bit_length() - 1
            line = index // self.stride
            bits = (lines >> (line * self.stride)) & self.row
            score += _finder_like_in_line(format(bits, f"0{self.size}b")[::-1])
            found &= ~(self.row << (line * self.stride))
        return score

    def _balance(self, rows: int) -> int:
        percent = float(rows.bit_count()) / (self.size ** 2)
        return 10 * int(abs(percent * 100 - 50) / 5)


@lru_cache(maxsize=None)
def _grid(size: int) -> _Grid:
    """The _Grid of a symbol size, worked out once per size."""
    every = {(i, j) for i in range(size) for j in range(size)}
    reserved = _reserved_cells(size)
    fixed = _function_cells(size) - reserved
    data = every - fixed - reserved
    masks = [{cell for cell in data if pattern(*cell)} for pattern in MASKS]
    return _Grid(
        size=size,
        data=_cells_to_bits(data, size),
        data_columns=_cells_to_bits(_transposed(data), size),
        fixed=_cells_to_bits(fixed, size),
        fixed_columns=_cells_to_bits(_transposed(fixed), size),
        masks=tuple(_cells_to_bits(cells, size) for cells in masks),
        column_masks=tuple(_cells_to_bits(_transposed(cells), size) for cells in masks),
        pairs=_cells_to_bits({(i, j) for i, j in every if j < size - 1}, size),
        blocks=_cells_to_bits({(i, j) for i, j in every if i < size - 1}, size),
        windows=_cells_to_bits({(i, j) for i, j in every if j <= size - 7}, size),
        row=(1 << size) - 1,
    )


def _finder_like_in_line(line: str) -> int:
    """segno's N3 rule on one line: a pattern counts when it touches the symbol's edge or
    has four light modules on one side; after a count the search goes on past it."""
    size = len(line)
    score = 0
    index = line.find(FINDER_LIKE)
    while index != -1:
        after = index + 7
        at_edge = index in (0, size - 7)
        light_before = "1" not in line[max(index - 4, 0):index]
        if at_edge or light_before or "1" not in line[after:after + 4]:
            score += 40
        else:
            after = index + 4
        index = line.find(FINDER_LIKE, after)
    return score


def _function_cells(size: int) -> set[tuple[int, int]]:
    """Finder patterns with their separators, the timing patterns, the alignment patterns."""
    cells = set()
    for top, left in ((0, 0), (0, size - 8), (size - 8, 0)):
        cells |= {(i, j) for i in range(top, top + 8) for j in range(left, left + 8)}
    cells |= {(6, k) for k in range(size)} | {(k, 6) for k in range(size)}
    centres = _alignment_centres(size)
    if not centres:
        return cells
    # No alignment pattern where a finder pattern is.
    corners = {(centres[0], centres[0]), (centres[0], centres[-1]), (centres[-1], centres[0])}
    for ci in centres:
        for cj in centres:
            if (ci, cj) not in corners:
                cells |= {(i, j) for i in range(ci - 2, ci + 3) for j in range(cj - 2, cj + 3)}
    return cells


def _reserved_cells(size: int) -> set[tuple[int, int]]:
    """Format information (and the dark module), and version information from version 7:
    light while masks are scored, written after."""
    low = range(size - 8, size)
    cells = {(8, j) for j in [*range(9), *low]} | {(i, 8) for i in [*range(9), *low]}
    if size >= 45:
        cells |= {(i, j) for i in range(6) for j in range(size - 11, size - 8)}
        cells |= {(i, j) for i in range(size - 11, size - 8) for j in range(6)}
    return cells - {(6, 8), (8, 6)}  # timing pattern modules


def _alignment_centres(size: int) -> list[int]:
    """ISO/IEC 18004 Annex E: the rows (and columns) of alignment pattern centres."""
    version = (size - 17) // 4
    if version < 2:
        return []
    count = version // 7 + 2
    step = 26 if version == 32 else (version * 4 + count * 2 + 1) // (count * 2 - 2) * 2
    return [6] + [size - 7 - step * k for k in range(count - 2, -1, -1)]


def _cells_to_bits(cells, size: int) -> int:
    stride = size + 1
    bits = 0
    for i, j in cells:
        bits |= 1 << (i * stride + j)
    return bits


def _transposed(cells: set[tuple[int, int]]) -> set[tuple[int, int]]:
    return {(j, i) for i, j in cells}
