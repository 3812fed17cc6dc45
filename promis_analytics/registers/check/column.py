"""One column of a register's data rows as distinct values and codes; its masks are computed
once per distinct value."""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from promis_analytics.registers.check.cells import MISSING_WORDS, TOTAL_WORDS, XML_ILLEGAL, is_empty
from promis_analytics.registers.io.arrow_texts import holds_control, may_be_blank, may_strip
from promis_analytics.registers.io.rows import distinct
from promis_analytics.registers.schema.headers import fold, match

__all__ = ["Column", "header_first_words"]


@dataclass
class Column:
    """One column of the data rows: its cells' distinct values and, per value, a result."""

    cells: Sequence[Any]
    codes: np.ndarray
    uniques: list[Any]
    _empty_u: list[bool] | None = None
    _empty: np.ndarray | None = None
    _text: str | None = None
    _folded: str | None = None
    _text_only: bool | None = None
    _stripped: list[str] | None = None
    _nul: bool | None = None
    _strip_kept: bool | None = None

    @classmethod
    def of(cls, cells: tuple[Any, ...]) -> Column:
        codes, uniques = distinct(cells)
        return cls(cells, codes, uniques)

    @property
    def text_only(self) -> bool:
        """Whether every distinct value is a ``str`` (computed once; Arrow's texts are)."""
        if self._text_only is None:
            self._text_only = self._arrow() is not None or set(map(type, self.uniques)) <= {str}
        return self._text_only

    def _arrow(self) -> Any:
        """The distinct values as an Arrow string array, when the reader gave them so."""
        return getattr(self.cells, "texts", None)

    def mask(self, fn: Callable[[Any], bool], none: bool) -> np.ndarray:
        """fn of every cell, computed once per distinct value (``none`` for a missing cell)."""
        return self._rows(np.array([bool(fn(u)) for u in self.uniques], dtype=bool), none)

    def _rows(self, per_unique: np.ndarray, none: bool) -> np.ndarray:
        return np.append(per_unique.astype(bool), none).take(self.codes)  # -1: ``none``

    def empty_uniques(self) -> list[bool]:
        """``cells.is_empty`` of every distinct value (computed once; for texts the "no data"
        words are looked up only for texts that start like one)."""
        if self._empty_u is None:
            if not self.text_only:
                self._empty_u = [is_empty(u) for u in self.uniques]
            elif self._arrow() is not None:  # candidates found by Arrow, then read here
                empty = [False] * len(self.uniques)
                for u in np.flatnonzero(may_be_blank(self._arrow())).tolist():
                    empty[u] = is_empty(self.uniques[u])
                self._empty_u = empty
            else:  # only texts blank or starting like a "no data" word are looked at
                empty = [False] * len(self.uniques)
                for u in self._segments(_MAY_BE_EMPTY):
                    empty[u] = is_empty(self.uniques[u])
                self._empty_u = empty
        return self._empty_u

    def _segments(self, pattern: re.Pattern[str]) -> list[int]:
        """Indices of the distinct texts where ``pattern`` matches at the NUL before them in
        the joined texts (a text holding NUL: every index)."""
        if not self.uniques or self._holds_nul():
            return list(range(len(self.uniques)))
        joined = "\x00" + self._joined()
        return _segment_of(joined, [m.start() for m in pattern.finditer(joined)])

    def stripped(self) -> list[str]:
        """Every distinct text without surrounding whitespace (computed once; texts only; of
        Arrow's texts only those that may start or end with whitespace are stripped)."""
        if self._stripped is None:
            if self._arrow() is None:
                self._stripped = list(map(str.strip, self.uniques))
                self._strip_kept = all(map(operator.is_, self._stripped, self.uniques))
            else:
                self._stripped = list(self.uniques)
                for u in np.flatnonzero(may_strip(self._arrow())).tolist():
                    self._stripped[u] = self.uniques[u].strip()
                self._strip_kept = self._stripped == self.uniques
        return self._stripped

    def strip_kept_all(self) -> bool:
        """Whether stripping left every distinct text as it was (the same object)."""
        self.stripped()
        return bool(self._strip_kept)

    def empty(self) -> np.ndarray:
        """``cells.is_empty`` of every cell."""
        if self._empty is None:
            self._empty = self._rows(np.asarray(self.empty_uniques(), dtype=bool), True)
        return self._empty

    def forget_texts(self) -> None:
        """Let go of the joined texts (row kinds are known; for a column of a million
        distinct IDs they are tens of megabytes)."""
        self._text = self._folded = None

    def has(self, char: str) -> bool:
        """Whether any text of the column holds ``char`` (one search of the joined texts)."""
        return char in self._joined()

    def matches(self, pattern: re.Pattern[str]) -> bool:
        """Whether ``pattern`` (which must not match NUL, the separator) finds something in
        some text of the column (one search of the joined texts); a text holding NUL counts."""
        return self._holds_nul() or pattern.search(self._joined()) is not None

    def holds_control(self) -> bool:
        """Whether some text holds a character XML refuses (``cells.XML_ILLEGAL``): over
        Arrow's bytes when the reader gave them, else one search of the joined texts."""
        if self._arrow() is not None:
            return holds_control(self._arrow())
        return self.matches(_ILLEGAL_BUT_NUL)

    def _holds_nul(self) -> bool:
        """Whether some distinct text holds NUL (the separator of the joined texts)."""
        if self._nul is None:
            self._nul = self._joined().count("\x00") != max(len(self.uniques) - 1, 0)
        return self._nul

    def _joined(self) -> str:
        if self._text is None:
            texts = self.uniques if self.text_only else map(_text_of, self.uniques)
            self._text = "\x00".join(texts)
        return self._text

    def first_in(self, words: frozenset[str]) -> np.ndarray:
        """Per distinct text: whether its first run of letters or digits (after NFC and
        casefolding, as ``headers.fold`` reads it) is one of ``words`` — a folded text can
        equal a word only if it starts with it. Searched in the joined folded texts: nothing
        more when no word occurs; for a few words occurring rarely (the totals words) only the
        texts holding one are read; otherwise one regular-expression pass."""
        if self._folded is None:
            self._folded = unicodedata.normalize("NFC", "\x00" + self._joined()).casefold()
        folded = self._folded
        hit = np.zeros(len(self.uniques), dtype=bool)
        present = [w for w in words if w in folded]
        if not self.uniques or not present:
            return hit
        if self._holds_nul():  # the joined texts cannot be split back: one at a time
            return np.fromiter((_first_word(u) in words for u in self.uniques), dtype=bool)
        if len(words) <= _FEW_WORDS:
            at = sorted(i for w in present for i in _find_all(folded, w, _RARE + 1))
            if len(at) <= _RARE:
                for u in set(_segment_of(folded, at)):
                    hit[u] = _first_word(self.uniques[u]) in words
                return hit
        found = _first_word_pattern(words).findall(folded)
        hit[:] = np.asarray(found, dtype=object) != ""
        return hit

    def totals_word(self) -> np.ndarray:
        """Cells whose folded text is a totals word («Разом», «Всього»)."""
        if not self.text_only:
            return self.mask(lambda v: isinstance(v, str) and fold(v) in TOTAL_WORDS, False)
        hit = self.first_in(TOTAL_WORDS)
        for u in np.flatnonzero(hit).tolist():
            hit[u] = fold(self.uniques[u]) in TOTAL_WORDS
        return self._rows(hit, False)

    def may_match(self, first: frozenset[str], kind: str) -> np.ndarray:
        """Cells ``headers.match`` accepts: tried only on texts that start with the first word
        of a header spelling or hold a character ``match`` splits on."""
        if not self.text_only:
            return self.mask(lambda v: isinstance(v, str) and match(v, kind) is not None, False)
        hit = self.first_in(first)
        if any(self.has(ch) for ch in _SPLIT_CHARS):
            hit |= np.fromiter(
                (not _SPLIT_CHARS.isdisjoint(u) for u in self.uniques),
                dtype=bool,
                count=len(self.uniques),
            )
        for u in np.flatnonzero(hit).tolist():
            hit[u] = match(self.uniques[u], kind) is not None
        return self._rows(hit, False)


#: ``first_in`` reads only the texts holding a word when there are at most this many words
#: and this many occurrences (the totals words in a column of IDs); else one regex pass.
_FEW_WORDS, _RARE = 8, 256


def _find_all(text: str, word: str, limit: int) -> list[int]:
    """Positions of ``word`` in ``text`` (at most ``limit``)."""
    out: list[int] = []
    i = text.find(word)
    while i != -1 and len(out) < limit:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def _segment_of(joined: str, positions: list[int]) -> list[int]:
    """For ascending positions in NUL-led joined texts: the index of the text each is in."""
    out, seen, last = [], -1, 0
    for pos in positions:
        seen += joined.count("\x00", last, pos + 1)
        last = pos + 1
        out.append(seen)
    return out


def _text_of(u: Any) -> str:
    return u if type(u) is str else str(u)


def _first_word(u: str) -> str:
    """The first run of letters or digits of ``u`` after NFC and casefolding ("" if none)."""
    folded = unicodedata.normalize("NFC", "\x00" + u.replace("\x00", " ")).casefold()
    return _FIRST_WORD.findall(folded)[0]


@functools.lru_cache(maxsize=16)
def _first_word_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Over NUL-separated texts: per text, the word it starts with when that is one of
    ``words``, else "" (one item per text)."""
    alternatives = "|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w))))
    return re.compile(rf"\x00(?:[^\w\x00]|_)*(?:({alternatives})(?![^\W_]))?[^\x00]*")


_MISSING_START = frozenset(w[0] for w in MISSING_WORDS) | frozenset(
    w[0].upper() for w in MISSING_WORDS
)
_MAY_BE_EMPTY = re.compile(
    "\x00\\s*(?=[" + re.escape("".join(sorted(_MISSING_START))) + "]|\x00|$)"
)
#: ``cells.XML_ILLEGAL`` but NUL (the separator of the joined texts, counted apart)
_ILLEGAL_BUT_NUL = re.compile(XML_ILLEGAL.pattern.replace("\x00", "\x01", 1))
_FIRST_WORD = re.compile(r"\x00(?:[^\w\x00]|_)*([^\W_]*)")
_SPLIT_CHARS = frozenset("(/\n,")  # where headers.match splits a header


@functools.cache
def header_first_words(kind: str) -> frozenset[str]:
    """First words (as ``Column.first_in`` reads them) of every header spelling."""
    from promis_analytics.registers.schema.headers import aliases

    return frozenset(_first_word(k) for k in aliases(kind))
