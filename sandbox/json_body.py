"""Parsing a request's JSON body for the sandbox controls of both apps, with a reason for every refusal.

Python's json module accepts what JSON does not (NaN, Infinity), turns a `\ud800` escape into a lone
surrogate that no UTF-8 answer, log or database can hold, and fails with a RecursionError on deep
nesting; here each of these is a BadJson whose message a caller can answer with a 400.
"""

from __future__ import annotations

import json
from typing import Any


class BadJson(ValueError):
    """The body is not JSON a control can take; the message says why, for the caller."""


def _no_constant(name: str) -> Any:
    raise BadJson(f"The request body has {name}, which is not a JSON number.")


def parse_json(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadJson("The request body is not UTF-8 text.") from None
    try:
        value = json.loads(text, parse_constant=_no_constant)
        json.dumps(value, ensure_ascii=False).encode("utf-8")  # a lone surrogate can't be encoded
    except json.JSONDecodeError as exc:
        raise BadJson(f"The request body is not valid JSON ({exc.msg} at position {exc.pos}).") from None
    except RecursionError:
        raise BadJson("The request body nests arrays or objects too deeply.") from None
    except UnicodeEncodeError:
        raise BadJson("The request body has a \\u escape of half a character (a lone surrogate).") from None
    return value
