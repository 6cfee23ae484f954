"""GET and DELETE /_sandbox/requests: the journal of the API requests this tenant sent, filtered."""

from __future__ import annotations

import fnmatch

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from link_ui.context import state, tenant_of
from link_ui.controls.shared import LIMIT, limit_of
from link_ui.errors import bad_request
from link_ui.journal import Journal
from sandbox.control_docs import Operation, Param, Reply, documented

JOURNAL_ENTRY = {
    "type": "object",
    "required": ["id", "method", "path", "status"],
    "properties": {
        "id": {"type": "integer"},
        "method": {"type": "string"},
        "path": {"type": "string"},
        "status": {"type": "integer"},
        "statements": {"type": "integer", "description": "How many SQL statements the request ran."},
        "correlationId": {"type": ["string", "null"]},
    },
}


@documented(
    Operation(
        "The Bank Feeds API requests this tenant sent",
        "Requests",
        {
            200: Reply(
                "The newest matching entries, oldest first, and how many matched.",
                {
                    "type": "object",
                    "required": ["requests", "total"],
                    "properties": {
                        "requests": {"type": "array", "items": JOURNAL_ENTRY},
                        "total": {"type": "integer"},
                    },
                },
            )
        },
        description="The journal keeps the newest 1,000 entries, with both bodies cut at 16 KiB.",
        query=(
            Param("method", "Only this HTTP method."),
            Param("path", "Only paths matching this glob, like `/companies/*/push/*`."),
            Param("status", "Only this status (`400`) or class (`4xx`).", {"type": "string", "pattern": "^[1-5]"}),
            Param("since", "Only entries after this id.", {"type": "integer", "minimum": 0}),
            LIMIT,
        ),
        errors=(400,),
    )
)
async def get_requests(request: Request) -> Response:
    """Journaled API requests, oldest first, filtered by method, path glob, status, since and limit."""
    tenant = await tenant_of(request)
    q = request.query_params
    entries = state(request).journal.entries(tenant.id)
    try:
        since = int(q.get("since", "0"))
    except ValueError:
        raise bad_request("'since' must be a whole number.") from None
    limit = limit_of(request)
    status = q.get("status", "")
    if status and not (status.isdigit() or (len(status) == 3 and status[0] in "12345" and status[1:] == "xx")):
        raise bad_request("'status' must be a status code like 400, or a class like 4xx.")
    method, path = q.get("method", "").upper(), q.get("path", "")
    selected = [
        e
        for e in entries
        if e["id"] > since
        and (not method or e["method"] == method)
        and (not path or fnmatch.fnmatchcase(e["path"], path))
        and _status_matches(e["status"], status)
    ]
    shown = [Journal.shown(e) for e in selected[-limit:]]
    return JSONResponse({"requests": shown, "total": len(selected)})


def _status_matches(actual: int, wanted: str) -> bool:
    if not wanted:
        return True
    if wanted.endswith("xx"):
        return str(actual)[0] == wanted[0]
    return str(actual) == wanted


@documented(Operation("Clear the request journal", "Requests", {204: Reply("Cleared.", media=None)}))
async def clear_requests(request: Request) -> Response:
    tenant = await tenant_of(request)
    state(request).journal.clear(tenant.id)
    return Response(status_code=204)
