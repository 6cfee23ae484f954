"""What a JSON body may hold: the one rule set both apps read request bodies (and stored JSON) with.

A body is refused, before anything reads it, when it can't be stored or sent back as it came:
bytes that aren't UTF-8, text that isn't JSON (NaN and Infinity included), a lone UTF-16 surrogate
(`"\\ud800"`, which no UTF-8 encoder takes), a NUL character, nesting deeper than MAX_DEPTH, an
integer beyond SQLite's 64 bits, or a number too large to be finite (`1e400`). Each app turns
`BadJson` into its own error shape (Codat's on the API, JSON on the controls, a page on forms).
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_DEPTH = 32  # arrays and objects inside each other; every body this sandbox takes needs under 6
MAX_INT = 2**63 - 1  # SQLite's INTEGER


class BadJson(ValueError):
    """The body can't be taken; the message says why, in words a caller can act on."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse(raw: bytes) -> Any:
    """The JSON document in `raw`, once it passes `problem`; else BadJson."""
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except RecursionError:
        raise BadJson(f"The request body is nested more than {MAX_DEPTH} levels deep.") from None
    except (UnicodeDecodeError, ValueError):
        raise BadJson("The request body is not valid JSON (UTF-8).") from None
    reason = problem(value)
    if reason:
        raise BadJson(reason)
    return value


def problem(value: Any) -> str | None:
    """Why a parsed JSON value can't be taken, or None. Walks it without recursion."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                return f"The request body is nested more than {MAX_DEPTH} levels deep."
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
        return "The request body has a lone UTF-16 surrogate (such as \\ud800) in a string."
    return None
