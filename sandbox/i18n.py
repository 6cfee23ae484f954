"""Message catalogues: every user-visible string, per language, in `<app>/messages/<lang>.json`.

Keys are dotted names; values are `str.format` templates, or for a message about a `{count}`, an object
of CLDR plural forms (`{"one": "…", "other": "…"}`) chosen by the count, which is written with the
language's digit grouping. A missing key is a bug that the catalogue tests catch; at run time it falls back
to English rather than showing a raw key to a user.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sandbox.formatting import plural_form, whole_number

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"

Message = str | dict[str, str]


def forms(message: Message) -> list[str]:
    """Every template a message holds: itself, or each of its plural forms."""
    return list(message.values()) if isinstance(message, dict) else [message]


class Catalogues:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.messages: dict[str, dict[str, Message]] = {
            lang: json.loads((directory / f"{lang}.json").read_text(encoding="utf-8")) for lang in LANGUAGES
        }

    def translator(self, lang: str) -> Translator:
        return Translator(lang if lang in LANGUAGES else DEFAULT_LANGUAGE, self)

    def missing(self, lang: str) -> set[str]:
        """Keys that English has and `lang` lacks (or leaves empty)."""
        other = self.messages[lang]
        return {k for k in self.messages[DEFAULT_LANGUAGE] if not other.get(k)}


class Translator:
    def __init__(self, lang: str, catalogues: Catalogues) -> None:
        self.lang = lang
        self._own = catalogues.messages[lang]
        self._fallback = catalogues.messages[DEFAULT_LANGUAGE]

    def __call__(self, key: str, /, **params: Any) -> str:
        message = self._own.get(key) or self._fallback.get(key)
        if message is None:
            raise KeyError(f"no message {key!r} in any catalogue")
        count = params.get("count")
        if isinstance(message, dict):
            message = message.get(plural_form(count, self.lang)) or message["other"]
        if isinstance(count, int) and not isinstance(count, bool):
            params = {**params, "count": whole_number(count, self.lang)}
        return message.format_map(params) if params else message


def negotiate(accept_language: str | None, supported: tuple[str, ...] = LANGUAGES) -> str:
    """Picks a language from an Accept-Language header (`fr-CA,fr;q=0.9,en;q=0.8`)."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in supported and quality > 0:
            ranked.append((-quality, index, primary))
    return sorted(ranked)[0][2] if ranked else DEFAULT_LANGUAGE


def pick_language(query_lang: str | None, remembered: str | None, headers: Mapping[str, str]) -> str:
    """Explicit choice, then what the session remembers, then the browser's Accept-Language."""
    for candidate in (query_lang, remembered):
        if candidate in LANGUAGES:
            return str(candidate)
    return negotiate(headers.get("accept-language"))
