"""What a JSON body may hold: the one rule set both apps read request bodies (and stored JSON) with.

Python's json module accepts what JSON does not (NaN, Infinity), turns a `\\ud800` escape into a lone
surrogate that no UTF-8 answer, log or database can hold, and fails with a RecursionError on deep
nesting. Here a body is refused, with a reason a caller can act on, when it can't be stored or sent
back as it came: bytes that aren't UTF-8, text that isn't JSON (NaN and Infinity included), a lone
UTF-16 surrogate, a NUL character, nesting deeper than MAX_DEPTH, an integer beyond SQLite's 64 bits,
or a number too large to be finite (`1e400`). Each app turns `BadJson` into its own error shape
(Codat's on the API, the controls' JSON, the feed protocol's), always before anything is written.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_DEPTH = 32  # arrays and objects inside each other; every body this sandbox takes needs under 6
MAX_INT = 2**63 - 1  # SQLite's INTEGER
TOO_DEEP = f"The request body nests arrays or objects too deeply (more than {MAX_DEPTH} levels)."


class BadJson(ValueError):
    """The body is not JSON the sandbox can take; the message says why, for the caller."""


def _no_constant(name: str) -> Any:
    raise BadJson(f"The request body has {name}, which is not a JSON number.")


def parse_json(raw: bytes) -> Any:
    """The JSON document in `raw`, once `problem` finds nothing wrong with it; else BadJson."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadJson("The request body is not UTF-8 text.") from None
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise BadJson(f"The request body is not valid JSON ({exc.msg} at position {exc.pos}).") from None
    except RecursionError:
        raise BadJson(TOO_DEEP) from None
    if reason := problem(value):
        raise BadJson(reason)
    return value


def problem(value: Any) -> str | None:
    """Why a parsed JSON value can't be taken, or None. Walks it without recursion."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                return TOO_DEEP
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(item, str):
            if reason := text_problem(item):
                return reason
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not -MAX_INT - 1 <= item <= MAX_INT:
                return "The request body has an integer beyond 64 bits."
        elif isinstance(item, float) and not math.isfinite(item):
            return "The request body has a number too large to represent."
    return None


def text_problem(text: str) -> str | None:
    """Why a string can't be stored and sent back as it came, or None."""
    if "\x00" in text:
        return "The request body has a NUL character in a string."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "The request body has a \\u escape of half a character (a lone surrogate)."
    return None
