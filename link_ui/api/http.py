"""Request and response plumbing every API module shares: JSON bodies in, Codat JSON out.

`read_json` is the provider's one JSON reader (the API's and the controls'): sandbox.json_body's
rules, so a body that can't be stored or sent back is refused before any handler looks at it. Bad
bodies become clean Codat errors. `invalid_status` exists because some operations list no 400 in
Codat's spec; they pass the listed code that fits best, so the SDK still raises `ErrorMessage`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from link_ui.errors import ApiError
from sandbox.feed_protocol import MAX_AMOUNT
from sandbox.json_body import BadJson, parse_json


class JSON(Response):
    """application/json without HTML-escaping surprises; compact, UTF-8, no NaN."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def _is_json_type(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


_REQUIRED: Any = object()


async def read_json(
    request: Request, *, invalid_status: int = 400, empty: Any = _REQUIRED, any_content_type: bool = False
) -> Any:
    """The parsed JSON body. No body (unless `empty` is given for it), a wrong content type (unless
    `any_content_type`: the controls take `curl -d`), or a body sandbox.json_body refuses → `invalid_status`."""
    raw = await request.body()
    if not raw.strip():
        if empty is not _REQUIRED:
            return empty
        raise ApiError(invalid_status, "The request body is empty; send a JSON document.")
    if not any_content_type and not _is_json_type(request.headers.get("content-type", "")):
        raise ApiError(invalid_status, "The request body must be sent with 'Content-Type: application/json'.")
    try:
        return parse_json(raw)
    except BadJson as exc:
        raise ApiError(invalid_status, str(exc)) from None


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def is_uuid(value: str) -> bool:
    """A uuid in its canonical 8-4-4-4-12 form, the only form this sandbox issues."""
    return _UUID.fullmatch(value) is not None


AMOUNT_RULE = f"a number smaller than {MAX_AMOUNT:,} either way"  # what is_amount takes, in words


def is_amount(value: Any) -> bool:
    """A JSON number (not a boolean) that the sandbox keeps as money: finite, below MAX_AMOUNT either way."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return (isinstance(value, int) or math.isfinite(value)) and -MAX_AMOUNT < value < MAX_AMOUNT


def is_one_of(value: Any, allowed: Collection[str]) -> bool:
    """A string among `allowed`; any other JSON value (an object, an array) is simply not one."""
    return isinstance(value, str) and value in allowed


def query_int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise ApiError(400, f"'{name}' must be a whole number from {low} to {high}.")
    return value
