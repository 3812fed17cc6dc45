"""Register cases of the second hostile-input round (issue 31): broken encodings that used to end
in a ``UnicodeDecodeError`` traceback or a silent re-read, and control characters in text."""

from __future__ import annotations

from bad_inputs.cases import EVENTS_EN, Case, Expect, csv_events, ev, raw, text

E = Expect
EVENTS_EXTRA = EVENTS_EN + ",Примітки\n"

_GOOD = [ev("E1"), ev("E2"), ev("E3")]
_UTF8 = csv_events(*_GOOD).encode("utf-8")
_LINES = _UTF8.split(b"\n")


def _big_utf8_with_cp1251_line() -> bytes:
    """Over 1 MiB (Arrow's fast path is tried first): UTF-8, one line in Windows-1251."""
    rows = [ev(f"E{i}").encode("utf-8") for i in range(1, 12000)]
    rows[7000] = ev("E7001", city="Житомир").encode("cp1251")
    return csv_events().encode("utf-8") + b"\n".join(rows) + b"\n"


HOSTILE: tuple[Case, ...] = (
    Case(
        "enc_utf8_bom_bad_byte",
        "events",
        "events.csv",
        raw("events.csv", b"\xef\xbb\xbf" + b"\n".join([*_LINES[:2], b"E9,\xff", *_LINES[2:]])),
        (E("file_error", None, None, None, "UTF-8", problem="line 3 is not UTF-8 (bytes ff)"),),
    ),
    Case(
        "enc_utf16_odd_bytes",
        "events",
        "events.csv",
        raw("events.csv", b"\xff\xfe" + csv_events(*_GOOD).encode("utf-16-le") + b"\x0a"),
        (E("file_error", None, None, None, "UTF-8", problem="odd number of bytes"),),
    ),
    Case(
        "enc_utf16_lone_surrogate",
        "events",
        "events.csv",
        raw(
            "events.csv",
            b"\xff\xfe"
            + csv_events(ev("E1"), ev("E2", title="Семінар \ud83d")).encode(
                "utf-16-le", "surrogatepass"
            ),
        ),
        (E("file_error", None, None, None, "UTF-8", problem="line 3 is not UTF-16"),),
    ),
    Case(
        "enc_utf8_one_cp1251_line",
        "events",
        "events.csv",
        raw(
            "events.csv",
            csv_events(ev("E1"), ev("E2")).encode("utf-8")
            + ev("E3", city="Житомир").encode("cp1251")
            + b"\n",
        ),
        (
            E(
                "file_error",
                None,
                None,
                None,
                "UTF-8",
                problem="line 4 is in Windows-1251 or another encoding; the file is not re-read",
            ),
        ),
    ),
    Case(
        "enc_big_utf8_one_cp1251_line",
        "events",
        "events.csv",
        raw("events.csv", _big_utf8_with_cp1251_line()),
        (E("file_error", None, None, None, "UTF-8", problem="line 7002 is in Windows-1251"),),
        note="over 1 MiB: Arrow refuses the bytes, the one decoding home names the line",
    ),
    Case(
        "ctl_bel_and_esc_in_title",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1"), ev("E2", title="Тренінг\x07 \x1b[31mчервоний"))),
        (
            E(
                "control_character",
                3,
                "B",
                "Тренінг\\x07 \\x1b[31mчервоний",
                "without control characters",
                problem="U+0007, U+001B",
            ),
        ),
    ),
    Case(
        "ctl_word_vertical_tab",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", title="Форум\x0bВідкрите місто"), ev("E2"))),
        (
            E(
                "line_break_character",
                2,
                "B",
                "Форум\nВідкрите місто",
                "a plain line break",
                severity="note",
            ),
        ),
    ),
    Case(
        "ctl_in_extra_column",
        "events",
        "events.csv",
        text("events.csv", EVENTS_EXTRA + ev("E1") + ",дзвінок\x07\n"),
        (E("control_character", 2, "M", "дзвінок\\x07", "without control characters"),),
    ),
)
