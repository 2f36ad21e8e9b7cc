"""The final message of a QR symbol (data and error correction codewords, interleaved), as
segno makes it, without segno's bit-by-bit work.

The data codewords come from segno's own encoder functions (its choice of mode, version,
character encoding, terminator and padding), so they are segno's by construction. segno
then computes the Reed-Solomon codewords one GF(256) product at a time and writes every
bit as a list item; here one remainder step per data codeword does the division (the
products of a codeword with the whole generator polynomial are tabled as integers), and
the message is one string of "0" and "1". ISO/IEC 18004 7.5 and 7.6.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import chain, zip_longest

from segno import consts, encoder


def message_bits(text: str, error: str) -> tuple[int, str]:
    """(version, the final message as "0"/"1" characters, without remainder bits) of the
    symbol segno.make_qr(text, error=error, boost_error=False) draws."""
    level = encoder.normalize_errorlevel(error)
    version, codewords = _data_codewords(text, level)
    data_blocks, error_blocks = [], []
    offset = 0
    for info in consts.ECC[version][level]:
        for _ in range(info.num_blocks):
            block = codewords[offset:offset + info.num_data]
            offset += info.num_data
            data_blocks.append(block)
            error_blocks.append(error_codewords(block, info.num_total - info.num_data))
    message = bytes(_interleaved(data_blocks) + _interleaved(error_blocks))
    return version, format(int.from_bytes(message, "big"), f"0{8 * len(message)}b")


def _data_codewords(text: str, level: int) -> tuple[int, bytes]:
    """segno's version and data codewords (ISO/IEC 18004 7.4), written by segno's encoder."""
    segments = encoder.prepare_data(text, None, None)
    version = encoder.find_version(segments, level, eci=False, micro=False)
    buffer = encoder.Buffer()
    for segment in segments:
        encoder.write_segment(buffer, segment, None, encoder.version_range(version), False)
    capacity = consts.SYMBOL_CAPACITY[version][level]
    encoder.write_terminator(buffer, capacity, None, len(buffer))
    encoder.write_padding_bits(buffer, version, len(buffer))
    encoder.write_pad_codewords(buffer, version, capacity, len(buffer))
    # segno pads a stream that ends on a codeword boundary with a further zero codeword,
    # and its blocks take only the capacity: so do these.
    bits = bytes(buffer.getbits()[:capacity]).ljust(capacity, b"\x00").translate(_ASCII)
    return version, int(bits, 2).to_bytes(capacity // 8, "big")


_ASCII = bytes.maketrans(b"\x00\x01", b"01")


def _interleaved(blocks: list[bytes]) -> list[int]:
    """The first codeword of every block, then the second of every block, and so on."""
    return [codeword for codeword in chain.from_iterable(zip_longest(*blocks)) if codeword is not None]


def error_codewords(block: bytes, count: int) -> bytes:
    """The `count` Reed-Solomon codewords of a data block: the remainder of its division by
    the generator polynomial, the remainder kept as one integer of `count` bytes."""
    products = _generator_products(count)
    shift, width = 8 * (count - 1), (1 << (8 * count)) - 1
    remainder = 0
    for codeword in block:
        remainder = ((remainder << 8) & width) ^ products[codeword ^ (remainder >> shift)]
    return remainder.to_bytes(count, "big")


@lru_cache(maxsize=None)
def _generator_products(count: int) -> tuple[int, ...]:
    """For each factor c, c times the generator polynomial of degree `count` (its leading
    term dropped) as an integer of `count` bytes, highest term first."""
    generator, exp, log = consts.GEN_POLY[count], consts.GALIOS_EXP, consts.GALIOS_LOG
    return (0, *(int.from_bytes(bytes(exp[log[factor] + power] for power in generator), "big")
                 for factor in range(1, 256)))
