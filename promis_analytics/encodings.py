"""Text encodings of the files users bring (one home): UTF-8 with or without BOM, UTF-16 with
a BOM (Word's "Unicode text"), Windows-1251 (Word's "Cyrillic (Windows)")."""

from __future__ import annotations

__all__ = ["EncodingNotRecognised", "decode_text"]


class EncodingNotRecognised(ValueError):
    """The bytes are not UTF-8, UTF-16 with a BOM, or Cyrillic Windows-1251 text."""


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1251 when
    most non-ASCII bytes read as Cyrillic letters; otherwise ``EncodingNotRecognised``."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _is_cp1251(data):
        return data.decode("cp1251"), "cp1251"
    raise EncodingNotRecognised("not UTF-8, UTF-16 or Windows-1251")


def _is_cp1251(data: bytes) -> bool:
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return False
    letters = sum(ch.isalpha() for ch in text)
    cyr = sum("\u0400" <= ch <= "\u04ff" for ch in text)
    high = sum(b >= 0x80 for b in data)
    # most non-ASCII bytes must be Cyrillic letters for cp1251 to be the right reading
    return letters > 0 and cyr >= 0.8 * high
