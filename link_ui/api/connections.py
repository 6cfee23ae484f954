"""Data connections: create (QBO Bank Feeds only), list (paged), get, unlink, delete.

Every read gives a fresh linkUrl (its OTP is derived, see link_ui.links), and the status is derived
at read time: a Linked connection whose source accounts are all disconnected reads Unlinked.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from link_ui import events
from link_ui.api.http import JSON, read_json
from link_ui.api.listing import paged
from link_ui.api.lookup import LIVE, company_scope, connection_row, current_status
from link_ui.api.views import Row, connection_json_as
from link_ui.codat import PLATFORM_KEY, ConnectionStatus, WebhookEvent
from link_ui.context import AppState
from link_ui.errors import ApiError
from link_ui.tenants import Tenant
from sandbox.clock import iso

FIELDS = (
    "id", "integrationId", "integrationKey", "sourceId", "sourceType",
    "platformName", "status", "created", "lastSync",
)  # fmt: skip
# Unlink lists no 400 in Codat's spec. Refusing to unlink a connection that isn't Linked is
# "understood, but not allowed in this state": 403 is the listed code that says that, and the SDK
# raises it as `ErrorMessage` (an unlisted 400 would come out as a bare SDKError).
REFUSED = 403


async def render(app: AppState, tenant: Tenant, row: Row) -> dict[str, Any]:
    """Codat's Connection for a row selected with lookup.LIVE: derived status, fresh linkUrl."""
    now = tenant.now()
    status = await current_status(app, row, now)
    return connection_json_as(row, status, secret=app.secret, public_url=app.settings.public_url, now=now)


async def connections_by_company(
    app: AppState, tenant: Tenant, company_id: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The tenant's connections as Codat JSON, grouped by company (two queries, whatever the count)."""
    # Through companies_by_tenant and connections_by_company: both lookups use an index.
    where, params = ("c.company_id IN (SELECT id FROM companies WHERE tenant_id = ?)", [tenant.id])
    if company_id is not None:
        where, params = "c.company_id = ? AND c.tenant_id = ?", [company_id, tenant.id]
    rows = await app.db.fetch_all(
        f"SELECT c.*, {LIVE} FROM connections c WHERE {where} ORDER BY created",  # noqa: S608
        params,
    )
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["company_id"]].append(await render(app, tenant, row))
    return grouped


async def create_connection(request: Request) -> Response:
    scope = await company_scope(request)
    # The spec lists no 400 here: a body that names no integration we have is "not found".
    body = await read_json(request, invalid_status=404)
    key = body.get("platformKey") if isinstance(body, dict) else None
    if key != PLATFORM_KEY:
        raise ApiError(
            404,
            f"No integration with platformKey {key!r} is available. This sandbox emulates QuickBooks "
            f"Online Bank Feeds only: use platformKey '{PLATFORM_KEY}'.",
        )
    connection_id, now = str(uuid.uuid4()), iso(scope.tenant.now())
    async with scope.app.db.transaction() as tx:
        await tx.execute(
            "INSERT INTO connections (id, tenant_id, company_id, status, created, modified) VALUES (?, ?, ?, ?, ?, ?)",
            (connection_id, scope.tenant.id, scope.company_id, ConnectionStatus.PENDING_AUTH, now, now),
        )
        row = await tx.fetch_one(f"SELECT c.*, {LIVE} FROM connections c WHERE id = ?", (connection_id,))  # noqa: S608
    assert row is not None
    connection = await render(scope.app, scope.tenant, row)
    await events.announce_connection(
        scope.app, scope.tenant.id, WebhookEvent.CONNECTION_CREATED, connection, scope.company_id, scope.tenant.now()
    )
    return JSON(connection)


async def list_connections(request: Request) -> Response:
    scope = await company_scope(request)
    items = (await connections_by_company(scope.app, scope.tenant, scope.company_id)).get(scope.company_id, [])
    return JSON(paged(request, items, FIELDS, "created"))


async def get_connection(request: Request) -> Response:
    scope, row = await connection_row(request)
    return JSON(await render(scope.app, scope.tenant, row))


async def unlink_connection(request: Request) -> Response:
    scope, row = await connection_row(request)
    body = await read_json(request, invalid_status=REFUSED)
    if not isinstance(body, dict) or body.get("status") != ConnectionStatus.UNLINKED or len(body) != 1:
        raise ApiError(REFUSED, 'A connection can only be updated to {"status": "Unlinked"}.')
    current = await current_status(scope.app, row, scope.tenant.now())
    if current != ConnectionStatus.LINKED:
        raise ApiError(REFUSED, f"Only a Linked connection can be unlinked; this one is {current}.")
    async with scope.app.db.transaction() as tx:
        await tx.execute(
            "UPDATE connections SET status = ?, modified = ? WHERE id = ? AND status = ?",
            (ConnectionStatus.UNLINKED, iso(scope.tenant.now()), row["id"], ConnectionStatus.LINKED),
        )
        fresh = await tx.fetch_one(f"SELECT c.*, {LIVE} FROM connections c WHERE id = ?", (row["id"],))  # noqa: S608
    assert fresh is not None
    connection = await render(scope.app, scope.tenant, fresh)
    await events.announce_connection(
        scope.app,
        scope.tenant.id,
        WebhookEvent.CONNECTION_DISCONNECTED,
        connection,
        row["company_id"],
        scope.tenant.now(),
    )
    return JSON(connection)


async def delete_connection(request: Request) -> Response:
    scope, row = await connection_row(request)
    connection = await render(scope.app, scope.tenant, row)
    async with scope.app.db.transaction() as tx:  # accounts, credentials and feed tokens go with it
        await tx.execute("DELETE FROM connections WHERE id = ?", (row["id"],))
    await events.announce_connection(
        scope.app, scope.tenant.id, WebhookEvent.CONNECTION_DELETED, connection, row["company_id"], scope.tenant.now()
    )
    return Response(status_code=200)  # Codat answers 200 with an empty body


PATH = "/companies/{companyId}/connections"
routes = [
    Route(PATH, create_connection, methods=["POST"], name="create-connection"),
    Route(PATH, list_connections, methods=["GET"], name="list-connections"),
    Route(PATH + "/{connectionId}", get_connection, methods=["GET"], name="get-connection"),
    Route(PATH + "/{connectionId}", unlink_connection, methods=["PATCH"], name="unlink-connection"),
    Route(PATH + "/{connectionId}", delete_connection, methods=["DELETE"], name="delete-connection"),
]
