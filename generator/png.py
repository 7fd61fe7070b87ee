"""The few pieces of the PNG format the generator writes itself: chunks and palette images.

Pillow's encoder is general and slow for the many small, simple images of a site (a QR
code per page, thousands of preview cards); these images are palette images whose rows the
caller already holds in PNG's raw layout, so writing the file is a few chunks around them.
"""

from __future__ import annotations

import struct
import zlib

from zlib_ng import zlib_ng

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data and the CRC of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def palette_head(width: int, height: int, palette: bytes, bit_depth: int = 8) -> bytes:
    """The signature and the chunks before the image data of a palette image (`palette`: RGB triples)."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, 3, 0, 0, 0)  # colour type 3: palette; not interlaced
    return SIGNATURE + chunk(b"IHDR", header) + chunk(b"PLTE", palette)


END = chunk(b"IEND", b"")

# Image data is deflated by zlib-ng (the maintained, vectorised fork of zlib) at level 1, its
# "quick" strategy. A site has thousands of these images; for a preview card's rows it takes
# 0.2 ms where zlib's fastest settings took 0.6 ms, and for a QR code's few hundred bytes 5 µs
# where zlib's set-up of its default window and tables alone took 20 µs; files are about a
# tenth larger. A preview image is fetched once by a chat app.
COMPRESS_LEVEL = 1


def palette_png(width: int, height: int, palette: bytes, raw_rows: bytes, bit_depth: int = 8) -> bytes:
    """A whole palette PNG from its raw rows (each a filter byte, then the row's packed indices)."""
    return palette_head(width, height, palette, bit_depth) + chunk(b"IDAT", zlib_ng.compress(raw_rows, COMPRESS_LEVEL)) + END
