"""The QR symbol of a URL, module for module the one segno.make_qr draws, made faster.

segno writes every codeword bit by bit, places them one module at a time, then tries all
eight data masks module by module in Python and keeps the one with the lowest penalty
(ISO/IEC 18004 7.8.3). Here the message comes from qr_message (segno's data codewords,
faster error correction), it is placed with one precomputed gather per symbol size, and
the eight penalties are computed on whole symbols held as integers (one bit per module).
The penalties are segno's, rule for rule, so the mask and every module come out as
segno's own; the tests compare both.

Module (i, j) (row i, column j) of a symbol of width `size` is bit i * (size + 1) + j:
each row ends with an always-light guard bit, so no run crosses from one row to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

import segno

from .qr_message import message_bits

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
    version, message = message_bits(url, error)
    size = version * 4 + 17
    grid, placement = _grid(size), _placement(size)
    # The data modules in placement order; index len(message) and beyond: remainder bits.
    padded = message.ljust(placement.count + 1, "0")
    data, data_columns = int("".join(placement.rows(padded)), 2), int("".join(placement.columns(padded)), 2)
    fixed, fixed_columns = _frame(version, error, 0)
    fixed, fixed_columns = fixed & grid.fixed, fixed_columns & grid.fixed_columns
    scores = [
        grid.penalty(fixed | (data ^ grid.masks[k]), fixed_columns | (data_columns ^ grid.column_masks[k]))
        for k in range(len(MASKS))
    ]
    best = scores.index(min(scores))  # the first of equal scores, as segno takes it
    # Besides the data, a symbol depends only on its version, error level and mask.
    frame = _frame(version, error, best)[0]
    return Symbol(size, (frame & ~grid.data) | (data ^ grid.masks[best]))


def svg_path(symbol: Symbol, border: int) -> str:
    """The `d` of the path that strokes the dark modules, as segno's SVG writer writes it:
    a run of dark modules is a horizontal line through the middle of its row, reached by a
    move relative to the end of the previous run."""
    stride = symbol.size + 1
    # Module (i, j) is character i * stride + j; the light guard bits keep runs in their row.
    runs = [run.span() for run in _DARK_RUN.finditer(format(symbol.bits, f"0{symbol.size * stride}b")[::-1])]
    if not runs:
        return ""
    start, end = runs[0]
    row, column = divmod(start, stride)
    commands = [f"M{border + column} {border + row + 0.5}h{end - start}"]
    row_start, previous_end = row * stride, end
    for start, end in runs[1:]:
        if start - row_start < stride:   # on the same row: only a move to the right
            commands.append(f"m{start - previous_end} 0h{end - start}")
        else:
            row_below = start // stride
            column, previous_column = start - row_below * stride, previous_end - row_start
            commands.append(f"m{column - previous_column} {row_below - row}h{end - start}")
            row, row_start = row_below, row_below * stride
        previous_end = end
    return "".join(commands)


@lru_cache(maxsize=None)   # at most 40 versions x 4 error levels x 8 masks; a site uses a few
def _frame(version: int, error: str, mask: int) -> tuple[int, int]:
    """A symbol of the version, error level and mask, as bits of its rows and of its
    columns: its function patterns and format and version information are those of every
    symbol of the three."""
    matrix = segno.make_qr("0", version=version, error=error, boost_error=False, mask=mask).matrix
    return _to_bits(matrix), _to_bits(zip(*matrix))


def _to_bits(rows) -> int:
    """Rows of 0/1 values as the bits of a symbol, a light guard bit after each row."""
    return int(b"".join(b"0" + bytes(row).translate(_ASCII)[::-1] for row in reversed(list(rows))), 2)


@dataclass(frozen=True)
class _Placement:
    """Where the message's bits go in a symbol of one size (ISO/IEC 18004 7.7.3): given the
    message (with one "0" past its end), `rows` gives the characters of the symbol's bits
    from the highest down, `columns` those of the symbol transposed."""

    count: int  # data modules
    rows: itemgetter
    columns: itemgetter


@lru_cache(maxsize=None)
def _placement(size: int) -> _Placement:
    data = _data_cells(size)
    order = {cell: index for index, cell in enumerate(_placement_order(size, data))}
    outside = len(order)   # where the padded message has its "0" for any other module
    stride = size + 1
    rows, columns = [], []
    for bit in range(size * stride - 1, -1, -1):
        line, place = divmod(bit, stride)
        rows.append(order.get((line, place), outside))
        columns.append(order.get((place, line), outside))
    return _Placement(len(order), itemgetter(*rows), itemgetter(*columns))


def _placement_order(size: int, data: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The data modules in the order segno fills them: two-module columns from the right,
    up and down in turn, the vertical timing pattern's column skipped."""
    order = []
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1
        for vertical in range(size):
            for j in (right, right - 1):
                upwards = ((right & 2) == 0) ^ (j < 6)
                i = size - 1 - vertical if upwards else vertical
                if (i, j) in data:
                    order.append((i, j))
    return order


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
    stride: int  # bits per row: its modules and a guard bit
    edges: int  # (i, j) where a finder-like pattern touches the edge: j = 0 or j = size - 7
    before: tuple[int, ...]  # k = 1..4: (i, j) with a module k to the left, (i, j - k)
    after: tuple[int, ...]  # k = 7..10: (i, j) with a module k to the right, (i, j + k)

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
        """segno's N3 rule: 40 for each 1:1:3:1:1 pattern that touches the symbol's edge or
        has four light modules on one side, searched from left to right; after a pattern
        that counts the search goes on past it, otherwise from its fifth module on."""
        light = ~lines
        found = (lines & (light >> 1) & (lines >> 2) & (lines >> 3) & (lines >> 4)
                 & (light >> 5) & (lines >> 6) & self.windows)
        dark_before = dark_after = 0
        for shift, inside in zip(range(1, 5), self.before):
            dark_before |= (lines << shift) & inside
        for shift, inside in zip(range(7, 11), self.after):
            dark_after |= (lines >> shift) & inside
        counts = found & (self.edges | ~dark_before | ~dark_after)
        # A pattern can start 4 or 6 modules after another (never 1, 2, 3 or 5): the search
        # skips it when that other one counted. Those few are settled in order.
        following = found & ((found << 4) | (found << 6))
        counted = counts & ~following
        while following:
            pattern = following & -following
            if counts & pattern and not counted & ((pattern >> 4) | (pattern >> 6)):
                counted |= pattern
            following ^= pattern
        return 40 * counted.bit_count()

    def _balance(self, rows: int) -> int:
        percent = float(rows.bit_count()) / (self.size ** 2)
        return 10 * int(abs(percent * 100 - 50) / 5)


@lru_cache(maxsize=None)
def _grid(size: int) -> _Grid:
    """The _Grid of a symbol size, worked out once per size."""
    every = {(i, j) for i in range(size) for j in range(size)}
    fixed = _function_cells(size) - _reserved_cells(size)
    data = _data_cells(size)
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
        stride=size + 1,
        edges=_cells_to_bits({(i, j) for i, j in every if j in (0, size - 7)}, size),
        before=tuple(_cells_to_bits({(i, j) for i, j in every if j >= k}, size) for k in range(1, 5)),
        after=tuple(_cells_to_bits({(i, j) for i, j in every if j + k < size}, size) for k in range(7, 11)),
    )


def _data_cells(size: int) -> set[tuple[int, int]]:
    """The modules that carry the message (and that a mask changes)."""
    every = {(i, j) for i in range(size) for j in range(size)}
    return every - _function_cells(size) - _reserved_cells(size)


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
