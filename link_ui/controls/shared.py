"""What several provider controls share: the JSON body reader and the `limit` query parameter (errors
are Codat's, raised as link_ui.errors.ApiError)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from link_ui.api import http
from link_ui.errors import bad_request
from sandbox.control_docs import Param


async def read_json(request: Request) -> Any:
    """A control's JSON body, read by the provider's one reader: any content type (`curl -d` sends a
    form's), and no body is null."""
    return await http.read_json(request, empty=None, any_content_type=True)


MAX_LIMIT = 1000
LIMIT = Param(
    "limit",
    f"At most this many (1 to {MAX_LIMIT}, default 100).",
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
)


def limit_of(request: Request) -> int:
    """The `limit` query parameter (LIMIT documents it): 100 when absent, else a whole number from 1 to 1000."""
    limit = request.query_params.get("limit", "100")
    if not (limit.isascii() and limit.isdigit() and len(limit) <= 4) or not 1 <= int(limit) <= MAX_LIMIT:
        raise bad_request(f"'limit' must be between 1 and {MAX_LIMIT}.")
    return int(limit)
