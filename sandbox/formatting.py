"""Numbers, money, dates, times and plural forms as each UI language writes them, from Babel's CLDR data.

One home for locale formatting, shared by the Link UI, the dashboard and the emulated QBO: "30,000" in
English and "30 000" in French (CLDR's `fr` groups with a narrow no-break space, U+202F, so a count never
breaks across lines); "$1,234.50" and "1 234,50 $" for Canadian dollars; QBO's short dates, which are
CLDR's short pattern with four-digit years and two-digit days and months: "12/01/2026" in English (QBO
US), "2026-12-01" in French (QBO fr-CA). Languages are the catalogues' codes (sandbox.i18n.LANGUAGES).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, localcontext
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime, format_time, get_date_format
from babel.numbers import format_currency, format_decimal

from sandbox.clock import parse_iso

# Numbers and money: Canadian English and French. Dates: QBO's English is the US edition's.
_LOCALES = {"en": "en_CA", "fr": "fr_CA"}
_DATE_LOCALES = {"en": "en_US", "fr": "fr_CA"}


def _locale(lang: str) -> str:
    return _LOCALES.get(lang, "en_CA")


def whole_number(value: int, lang: str) -> str:
    """A count with the language's thousands separator: whole_number(30000, "fr") == "30\u202f000"."""
    return str(format_decimal(value, locale=_locale(lang))).replace("\u00a0", "\u202f")


def decimals(value: float | Decimal, lang: str, places: int = 2) -> str:
    """A measure to a fixed number of decimals: decimals(0.6, "en") == "0.60"; "0,60" in French."""
    pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
    return str(format_decimal(value, format=pattern, locale=_locale(lang))).replace("\u00a0", "\u202f")


def money(value: Any, lang: str, currency: str = "CAD") -> str:
    """An amount in its currency: money(1234.5, "en") == "$1,234.50"; "1 234,50 $" in French."""
    exact = Decimal(str(value))
    with localcontext(prec=max(28, exact.adjusted() + 4)):  # any size, to the cent: never an error on a page
        text = str(format_currency(exact.quantize(Decimal("0.01")), currency or "CAD", locale=_locale(lang)))
    return text.replace("\u202f", "\u00a0") if lang == "fr" else text


@cache
def _short_date_pattern(lang: str) -> str:
    pattern = get_date_format("short", locale=_DATE_LOCALES.get(lang, "en_US")).pattern
    pattern = re.sub(r"y+", "yyyy", pattern)
    pattern = re.sub(r"M+", "MM", pattern)
    return re.sub(r"d+", "dd", pattern)


def short_date(value: date | str, lang: str) -> str:
    """A date as QBO lists it: short_date("2026-12-01", "en") == "12/01/2026"; "2026-12-01" in French."""
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return str(
        format_datetime(
            datetime(day.year, day.month, day.day), _short_date_pattern(lang), locale=_DATE_LOCALES.get(lang, "en_US")
        )
    )


def long_date(value: date | str, lang: str) -> str:
    """A date written out: long_date("2026-11-18", "en") == "November 18, 2026"; "18 novembre 2026" in French."""
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return str(format_date(day, "long", locale=_locale(lang)))


def _in_utc(value: datetime | str) -> datetime:
    moment = parse_iso(value) if isinstance(value, str) else value
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone(UTC)


def date_time(value: datetime | str, lang: str) -> str:
    """A moment in UTC, as a reader of the language writes it: "Dec 1, 2026, 4:31:08 PM UTC"."""
    text = format_datetime(_in_utc(value), "medium", tzinfo=UTC, locale=_locale(lang))
    return f"{text} UTC".replace("\u202f", " ")


def time_of_day(value: datetime | str, lang: str) -> str:
    """A moment's time in UTC, for a list of one day's steps: "4:31:08 p.m. UTC"; "16 h 31 min 08 s UTC"."""
    text = format_time(_in_utc(value), "medium", tzinfo=UTC, locale=_locale(lang))
    return f"{text} UTC".replace("\u202f", " ")


def plural_form(count: Any, lang: str) -> str:
    """CLDR's plural category for a count: "one" or "other" (French counts 0 and 1 as "one")."""
    if isinstance(count, bool) or not isinstance(count, int | float | Decimal):
        return "other"
    return str(Locale.parse(_locale(lang)).plural_form(count))
