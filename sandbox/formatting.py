"""Numbers as each UI language writes them, from Babel's CLDR data: "30,000" in English, "30 000" in French.

French groups thousands with a narrow no-break space (U+202F), as CLDR's `fr` does, so a count
never breaks across lines. Languages are the catalogues' codes (sandbox.i18n.LANGUAGES).
"""

from __future__ import annotations

from babel.numbers import format_decimal

_LOCALES = {"en": "en_CA", "fr": "fr"}


def whole_number(value: int, lang: str) -> str:
    """A count with the language's thousands separator: whole_number(30000, "fr") == "30\u202f000"."""
    return str(format_decimal(value, locale=_LOCALES.get(lang, "en_CA")))
