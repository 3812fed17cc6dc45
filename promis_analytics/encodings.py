"""Text encodings of the files users bring (one home): UTF-8 with or without BOM, UTF-16 with
a BOM (Word's "Unicode text"), Windows-1251 (Word's "Cyrillic (Windows)").

``decode(data)`` never raises: it gives a ``Decoded`` whose ``text`` is the whole file read
strictly in one encoding, or whose ``problem`` says (uk/en) why the file is refused, naming the
first file line that breaks the encoding. A file is never re-read in another encoding because
one line breaks it: a UTF-8 file with one Windows-1251 line is refused at that line.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Decoded", "EncodingNotRecognised", "decode", "decode_text"]

# BOM → (codec of the bytes after it, the encoding's name as reported)
_BOMS = {
    b"\xef\xbb\xbf": ("utf-8", "utf-8-sig"),
    b"\xff\xfe": ("utf-16-le", "utf-16"),
    b"\xfe\xff": ("utf-16-be", "utf-16"),
}


class EncodingNotRecognised(ValueError):
    """The bytes are not UTF-8, UTF-16 with a BOM, or Cyrillic Windows-1251 text; ``line`` is
    the first file line that breaks the encoding (None: the file as a whole)."""

    def __init__(self, detail_en: str, detail_uk: str, line: int | None = None) -> None:
        super().__init__(detail_en)
        self.detail_en, self.detail_uk, self.line = detail_en, detail_uk, line


@dataclass(frozen=True)
class Decoded:
    """The file's text and the encoding read (``text`` is None when refused: see ``problem``)."""

    text: str | None
    encoding: str | None
    problem: EncodingNotRecognised | None = None


def decode(data: bytes) -> Decoded:
    """Read ``data`` strictly: a BOM decides (UTF-8 or UTF-16, nothing else tried); without one
    UTF-8, else Windows-1251 when no line is UTF-8 and most non-ASCII bytes read as Cyrillic
    letters. A line that breaks the file's encoding is named in the problem."""
    for bom, (codec, name) in _BOMS.items():
        if data.startswith(bom):
            return _with_bom(data[len(bom) :], codec, name)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    kinds = [_kind(line) for line in data.split(b"\n")]
    utf8 = [n for n, k in enumerate(kinds, 1) if k == "utf8"]
    other = [n for n, k in enumerate(kinds, 1) if k == "other"]
    if utf8 and len(utf8) >= len(other):
        return _refused(_mixed(other, "UTF-8", "Windows-1251 or another encoding"), other[0])
    if utf8:
        return _refused(_mixed(utf8, "Windows-1251", "UTF-8"), utf8[0])
    if _is_cp1251(data):
        return Decoded(data.decode("cp1251"), "cp1251")
    return _refused(
        ("not UTF-8, UTF-16 or Windows-1251", "не UTF-8, UTF-16 чи Windows-1251"), other[0]
    )


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of :func:`decode`; raises ``EncodingNotRecognised`` when refused."""
    d = decode(data)
    if d.problem is not None:
        raise d.problem
    assert d.text is not None and d.encoding is not None
    return d.text, d.encoding


def _with_bom(body: bytes, codec: str, name: str) -> Decoded:
    """``body`` (the bytes after the BOM) read strictly in ``codec``."""
    label = "UTF-8" if codec == "utf-8" else "UTF-16"
    if codec != "utf-8" and len(body) % 2:
        return _refused(
            (
                f"{label} file (it starts with a BOM) has an odd number of bytes: cut off",
                f"файл {label} (починається з BOM) має непарну кількість байтів: обрізаний",
            ),
            None,
        )
    try:
        return Decoded(body.decode(codec), name)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].decode(codec, errors="replace").count("\n") + 1
        bad = body[exc.start : exc.end].hex(" ")
        return _refused(
            (
                f"the file starts with a {label} BOM, but line {line} is not {label} (bytes {bad})",
                f"файл починається з BOM {label}, але рядок {line} — не {label} (байти {bad})",
            ),
            line,
        )


def _kind(line: bytes) -> str:
    """ "ascii", "utf8" (valid UTF-8 with non-ASCII) or "other"."""
    if line.isascii():
        return "ascii"
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return "other"
    return "utf8"


def _mixed(lines: list[int], main: str, found: str) -> tuple[str, str]:
    shown = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
    word_en = "line" if len(lines) == 1 else "lines"
    word_uk = "рядок" if len(lines) == 1 else "рядки"
    found_uk = "UTF-8" if found == "UTF-8" else "Windows-1251 чи іншому кодуванні"
    return (
        f"the file is {main}, but {word_en} {shown} {'is' if len(lines) == 1 else 'are'} "
        f"in {found}; the file is not re-read in another encoding",
        f"файл у кодуванні {main}, але {word_uk} {shown} — у {found_uk}; "
        "файл не перечитується в іншому кодуванні",
    )


def _refused(detail: tuple[str, str], line: int | None) -> Decoded:
    return Decoded(None, None, EncodingNotRecognised(detail[0], detail[1], line))


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
