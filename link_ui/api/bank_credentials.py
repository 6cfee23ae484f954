"""The one-time credentials the SMB types into QBO: generate a new set, revoke them all."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from link_ui import credentials
from link_ui.api.http import JSON
from link_ui.api.lookup import connection_gone, connection_row
from link_ui.shapes import CREDENTIALS
from link_ui.store import ParentGone
from sandbox.clock import iso


async def generate(request: Request) -> Response:
    """Any body is accepted (the SDK sends "", {} or nothing): there is nothing to configure."""
    scope, connection = await connection_row(request)
    await request.body()  # drain whatever came, unread
    try:
        issued = await credentials.generate(scope.app.store.db, connection["id"], scope.tenant.now())
    except ParentGone:
        raise connection_gone(request) from None
    # Shown once: no cache may keep the answer that carries the password.
    body = CREDENTIALS.compact({"username": issued.username, "password": issued.password})
    return JSON(body, headers={"Cache-Control": "no-store"})


async def revoke(request: Request) -> Response:
    scope, connection = await connection_row(request)
    await scope.app.store.credentials.revoke_all(connection["id"], iso(scope.tenant.now()))
    return Response(status_code=204)


PATH = "/companies/{companyId}/connections/{connectionId}/connectionInfo/bankFeedAccounts/credentials"
routes = [
    Route(PATH, generate, methods=["POST"], name="generate-credentials"),
    Route(PATH, revoke, methods=["DELETE"], name="delete-bank-feed-credentials"),
]
