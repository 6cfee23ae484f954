"""Data connections: create (QBO Bank Feeds only), list (paged), get, unlink, delete.

Every read gives a fresh linkUrl (its OTP is derived, see link_ui.links), and the status is derived
at read time, by the store in the same statement: a Linked connection whose source accounts all read
disconnected reads Unlinked.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from link_ui import events
from link_ui.api.http import JSON, read_json
from link_ui.api.listing import page_json, selection
from link_ui.api.lookup import company_scope, connection_row
from link_ui.api.views import Row, connection_json_as
from link_ui.codat import PLATFORM_KEY, REFUSED_WITHOUT_400, ConnectionStatus, WebhookEvent
from link_ui.context import AppState
from link_ui.errors import ApiError, not_found
from link_ui.lifecycle import unlinked_by
from link_ui.store import ParentGone
from link_ui.store.connections import FIELDS
from link_ui.tenants import Tenant
from sandbox.clock import iso

# Unlink lists no 400 in Codat's spec. Refusing to unlink a connection that isn't Linked is
# "understood, but not allowed in this state": 403 is the listed code that says that, and the SDK
# raises it as `ErrorMessage` (an unlisted 400 would come out as a bare SDKError).
REFUSED = REFUSED_WITHOUT_400


def render(app: AppState, tenant: Tenant, row: Row) -> dict[str, Any]:
    """Codat's Connection for a row the store gave with `shown_status`, with a fresh linkUrl."""
    return connection_json_as(
        row, row["shown_status"], secret=app.secret, public_url=app.settings.public_url, now=tenant.now()
    )


async def connections_of(app: AppState, tenant: Tenant, company_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The companies' connections as Codat JSON, grouped by company (one query, whatever the count)."""
    rows = await app.store.connections.shown_of_companies(company_ids, unlinked_by(tenant.now()))
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["company_id"]].append(render(app, tenant, row))
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
    try:
        row = await scope.app.store.connections.create(
            scope.tenant.id, scope.company_id, connection_id, now, unlinked_by(scope.tenant.now())
        )
    except ParentGone:
        raise not_found(f"Company {scope.company_id}") from None
    connection = render(scope.app, scope.tenant, row)
    await events.announce_connection(
        scope.app, scope.tenant.id, WebhookEvent.CONNECTION_CREATED, connection, scope.company_id, scope.tenant.now()
    )
    return JSON(connection)


async def list_connections(request: Request) -> Response:
    scope = await company_scope(request)
    chosen = selection(request, FIELDS, "created")
    rows, total = await scope.app.store.connections.listed(
        scope.tenant.id, scope.company_id, chosen, unlinked_by(scope.tenant.now())
    )
    return JSON(page_json(request, chosen, [render(scope.app, scope.tenant, row) for row in rows], total))


async def get_connection(request: Request) -> Response:
    scope, row = await connection_row(request)
    return JSON(render(scope.app, scope.tenant, row))


async def unlink_connection(request: Request) -> Response:
    scope, row = await connection_row(request)
    body = await read_json(request, invalid_status=REFUSED)
    if not isinstance(body, dict) or body.get("status") != ConnectionStatus.UNLINKED or len(body) != 1:
        raise ApiError(REFUSED, 'A connection can only be updated to {"status": "Unlinked"}.')
    current = row["shown_status"]
    if current != ConnectionStatus.LINKED:
        raise ApiError(REFUSED, f"Only a Linked connection can be unlinked; this one is {current}.")
    fresh = await scope.app.store.connections.unlink(
        row["id"], iso(scope.tenant.now()), unlinked_by(scope.tenant.now())
    )
    if fresh is None:  # deleted while this request ran
        raise not_found(f"Data connection {row['id']}")
    connection = render(scope.app, scope.tenant, fresh)
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
    connection = render(scope.app, scope.tenant, row)
    await scope.app.store.connections.delete(row["id"])  # accounts, credentials and feed tokens go with it
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
