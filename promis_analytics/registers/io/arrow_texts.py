"""Tests over the UTF-8 bytes of an Arrow string array: no Python string made per value."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["holds_control", "may_be_blank", "may_strip"]

#: The control characters XML allows (all others below U+0020 it refuses)
_ALLOWED_CONTROL = np.array([0x09, 0x0A, 0x0D], dtype=np.uint8)
#: U+FFFE and U+FFFF in UTF-8 (also refused by XML)
_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")

#: The first two bytes of a text that may be blank or a "no data" word: an ASCII space or
#: control character that ``str.strip`` takes off, or «-» (any second byte); U+0085, U+00A0;
#: «Н», «н»; U+1680; U+2000–U+205F with «–» and «—»; U+3000 (the lead byte and the second).
#: A superset: the caller reads each candidate exactly.
_BLANK_FIRST = np.zeros((256, 256), dtype=bool)
_BLANK_FIRST[[*range(0x09, 0x0E), *range(0x1C, 0x21), 0x2D], :] = True
for _lead, _second in [(0xC2, 0x85), (0xC2, 0xA0), (0xD0, 0x9D), (0xD0, 0xBD), (0xE1, 0x9A),
                       (0xE2, 0x80), (0xE2, 0x81), (0xE3, 0x80)]:  # fmt: skip
    _BLANK_FIRST[_lead, _second] = True

#: Last bytes of a text that may end with a character ``str.strip`` takes off: an ASCII one,
#: or the last byte of U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
#: U+205F, U+3000 (a superset)
_SPACE_LAST = np.zeros(256, dtype=bool)
_SPACE_LAST[[*range(0x09, 0x0E), *range(0x1C, 0x21), *range(0x80, 0x8B), 0x85, 0x9F]] = True
_SPACE_LAST[[0xA0, 0xA8, 0xA9, 0xAF]] = True
#: First bytes of a text that may start with such a character
_SPACE_FIRST = np.zeros(256, dtype=bool)
_SPACE_FIRST[[*range(0x09, 0x0E), *range(0x1C, 0x21), 0xC2, 0xE1, 0xE2, 0xE3]] = True


def _parts(texts: Any) -> tuple[np.ndarray, np.ndarray]:
    """(bytes of every value, one after the other; offsets: value k is bytes
    ``offsets[k]:offsets[k + 1]``) of an Arrow ``string`` or ``large_string`` array."""
    import pyarrow as pa

    width = np.int64 if pa.types.is_large_string(texts.type) else np.int32
    _, offsets_buf, data_buf = texts.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=width)[texts.offset : texts.offset + len(texts) + 1]
    data = (
        np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    )
    return data, offsets.astype(np.int64)


def holds_control(texts: Any) -> bool:
    """Whether some value of the Arrow string array ``texts`` holds a character XML refuses
    (``cells.XML_ILLEGAL``; valid UTF-8 holds no surrogate)."""
    data, offsets = _parts(texts)
    used = data[offsets[0] : offsets[-1]] if len(offsets) else data[:0]
    suspect = used[(used < 0x20) | (used == 0xEF)]  # a control character; U+F000–U+FFFF
    if not len(suspect):
        return False
    if np.isin(suspect[suspect < 0x20], _ALLOWED_CONTROL, invert=True).any():
        return True
    raw = used.tobytes()
    return any(n in raw for n in _NONCHARACTERS)


def may_be_blank(texts: Any) -> np.ndarray:
    """Per value of the Arrow string array ``texts``: whether it is empty or starts with the
    bytes a blank text or a "no data" word (``cells.is_empty``) may start with."""
    data, offsets = _parts(texts)
    starts, ends = offsets[:-1], offsets[1:]
    empty = ends <= starts
    if not len(data):
        return empty
    first = data.take(np.where(empty, 0, starts))
    second = data.take(np.where(ends - starts >= 2, starts + 1, 0))
    return empty | _BLANK_FIRST[first, second]


def may_strip(texts: Any) -> np.ndarray:
    """Per value of the Arrow string array ``texts``: whether ``str.strip`` may change it (it
    starts or ends with a byte of a whitespace character; a superset)."""
    data, offsets = _parts(texts)
    starts, ends = offsets[:-1], offsets[1:]
    filled = ends > starts
    if not len(data):
        return np.zeros(len(starts), dtype=bool)
    first = data.take(np.where(filled, starts, 0))
    last = data.take(np.where(filled, ends - 1, 0))
    return filled & (_SPACE_FIRST.take(first) | _SPACE_LAST.take(last))
