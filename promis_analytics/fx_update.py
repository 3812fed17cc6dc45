"""Fetch the official NBU rates a data folder needs and keep them in its ``rates.csv``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path

from promis_analytics.errors import FxError
from promis_analytics.fx_files import FOLDER_HEADER, FOLDER_RATES, rate_files, read_rates

__all__ = ["NBU_URL", "FetchError", "nbu_url", "parse_nbu", "update_rates"]

#: The NBU's public exchange-rate service (JSON; one currency, a range of days).
NBU_URL = (
    "https://bank.gov.ua/NBU_Exchange/exchange_site?start={start}&end={end}"
    "&valcode={code}&sort=exchangedate&order=asc&json"
)
_TIMEOUT = 30  # seconds


class FetchError(FxError):
    """The NBU service could not be reached or answered something unreadable (uk / en)."""


Fetch = Callable[[str], bytes]


def nbu_url(code: str, start: dt.date, end: dt.date) -> str:
    """The service's address for ``code`` (ISO 4217) from ``start`` to ``end`` inclusive."""
    return NBU_URL.format(start=f"{start:%Y%m%d}", end=f"{end:%Y%m%d}", code=code.lower())


def _http(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=_TIMEOUT) as response:
            return response.read()
    except (urllib.error.URLError, OSError) as exc:
        raise FetchError(
            f"немає зв'язку зі службою курсів НБУ ({exc}); перевірте мережу або додайте курси "
            f"в {FOLDER_RATES} вручну / cannot reach the NBU exchange-rate service ({exc}); "
            f"check the network or add the rates to {FOLDER_RATES} by hand"
        ) from None


def parse_nbu(payload: bytes, code: str) -> dict[dt.date, Decimal]:
    """The rates of one answer: day → UAH per one unit (``rate_per_unit``, else ``rate`` ÷
    ``units``). An answer that is not the service's JSON list is a ``FetchError``."""
    try:
        items = json.loads(payload.decode("utf-8"))
        out = {}
        for item in items:
            if str(item.get("cc", code)).upper() != code.upper():
                continue
            day = dt.datetime.strptime(item["exchangedate"], "%d.%m.%Y").date()
            per_unit = item.get("rate_per_unit")
            if per_unit is None:
                per_unit = Decimal(str(item["rate"])) / Decimal(str(item.get("units", 1)))
            out[day] = Decimal(str(per_unit))
        return out
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise FetchError(
            f"незрозуміла відповідь служби курсів НБУ для {code} ({exc}) / "
            f"unreadable answer of the NBU exchange-rate service for {code} ({exc})"
        ) from None


def _days(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    return (start + dt.timedelta(days=i) for i in range((end - start).days + 1))


def update_rates(
    folder: Path,
    currencies: Iterable[str],
    start: dt.date,
    end: dt.date,
    *,
    fetch: Fetch | None = None,
    today: dt.date | None = None,
) -> list[tuple[str, dt.date, Decimal]]:
    """Fetch the NBU rates of ``currencies`` for the days ``start``…``end`` that neither the
    embedded table nor ``folder/rates.csv`` holds, and add them to ``folder/rates.csv``
    (``source``: the service address and the day fetched). A day the NBU published no rate
    for (a weekend or holiday) takes the rate last published before it — the official rate
    stays in force until the next one (source says «in force since»). Returns the rows added.
    ``fetch``: url → answer bytes (default: HTTPS GET). Raises ``FetchError`` (uk / en)
    when the service cannot be reached; nothing is written.
    """
    fetch = fetch or _http  # looked up here: tests replace _http
    known = read_rates(rate_files(folder)).exact
    fetched_on = (today or dt.date.today()).isoformat()
    added: list[tuple[str, dt.date, Decimal, str]] = []
    for code in sorted({c.upper() for c in currencies} - {"UAH"}):
        missing = [d for d in _days(start, end) if (code, d) not in known]
        if not missing:
            continue
        first = missing[0] - dt.timedelta(days=7)  # a rate in force on the first missing day
        url = nbu_url(code, first, missing[-1])
        published = parse_nbu(fetch(url), code)
        for day in missing:
            before = [d for d in published if d <= day]
            if not before:
                continue
            since = max(before)
            note = "" if since == day else f"; in force since {since}"
            added.append((code, day, published[since], f"NBU {url} fetched {fetched_on}{note}"))
    if added:
        _write(folder / FOLDER_RATES, added)
    return [(c, d, r) for c, d, r, _ in added]


def _write(path: Path, added: list[tuple[str, dt.date, Decimal, str]]) -> None:
    """Merge ``added`` into ``path`` (kept rows first), sorted by date and currency."""
    rows: list[list[str]] = []
    if path.is_file():
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = [[*r, ""][:4] for r in list(csv.reader(fh))[1:] if r]
    rows += [[d.isoformat(), c, format(r, "f"), s] for c, d, r, s in added]
    rows.sort(key=lambda r: (r[0], r[1]))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FOLDER_HEADER)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
