"""Controls over a tenant's whole QuickBooks state: list its realms, reset it, snapshot and restore it."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from emulator import snapshots
from emulator.context import state
from emulator.controls.shared import ControlError, control, json_body
from emulator.schema import MIGRATIONS
from sandbox.control_docs import Body, Operation, Reply, documented
from sandbox.db import Database
from sandbox.snapshot_rows import json_schema as snapshot_schema

_REALMS = (
    "SELECT r.id, r.company_name, r.created_at, u.email, u.view, u.locale FROM realms r "
    "LEFT JOIN users u ON u.id = (SELECT MIN(id) FROM users WHERE realm_id = r.id) "
    "WHERE r.tenant_id = ? ORDER BY r.rowid"
)
_FEEDS = (
    "SELECT f.realm_id, a.name, f.source_account_id, f.source_name, f.connection_id, f.status, f.error_code, "
    "f.last_pull_at, "
    "c.review, c.categorized, c.excluded "
    "FROM feeds f JOIN accounts a ON a.id = f.account_id JOIN feed_counts c ON c.feed_id = f.id "
    "WHERE f.realm_id IN (SELECT id FROM realms WHERE tenant_id = ?) ORDER BY f.id"
)


async def realms_of(db: Database, tenant_id: str) -> list[dict[str, Any]]:
    """The tenant's realms, each with its sign-in and its feeds' transaction counts per tab."""
    feeds: dict[str, list[dict[str, Any]]] = {}
    for row in await db.fetch_all(_FEEDS, (tenant_id,)):
        feeds.setdefault(row["realm_id"], []).append(
            {
                "accountName": row["name"],
                "sourceAccountId": row["source_account_id"],
                "sourceAccountName": row["source_name"],
                "connectionId": row["connection_id"],
                "status": row["status"],
                "errorCode": row["error_code"],
                "lastPullAt": row["last_pull_at"],
                "transactions": {
                    "forReview": row["review"],
                    "categorized": row["categorized"],
                    "excluded": row["excluded"],
                },
            }
        )
    return [
        {
            "realmId": row["id"],
            "companyName": row["company_name"],
            "email": row["email"],
            "view": row["view"],
            "locale": row["locale"],
            "createdAt": row["created_at"],
            "feeds": feeds.get(row["id"], []),
        }
        for row in await db.fetch_all(_REALMS, (tenant_id,))
    ]


_COUNT = {"type": "integer", "minimum": 0}
FEED = {
    "type": "object",
    "properties": {
        "accountName": {"type": "string"},
        "sourceAccountId": {"type": "string"},
        "sourceAccountName": {"type": "string"},
        "connectionId": {"type": "string"},
        "status": {"type": "string"},
        "errorCode": {"type": ["string", "null"]},
        "lastPullAt": {
            "type": ["string", "null"],
            "description": "When QBO last pulled the feed (the host's UTC time, to the second); null: never.",
        },
        "transactions": {
            "type": "object",
            "properties": {"forReview": _COUNT, "categorized": _COUNT, "excluded": _COUNT},
        },
    },
}
REALM = {
    "type": "object",
    "required": ["realmId", "companyName", "feeds"],
    "properties": {
        "realmId": {"type": "string"},
        "companyName": {"type": "string"},
        "email": {"type": ["string", "null"]},
        "view": {"type": ["string", "null"]},
        "locale": {"type": ["string", "null"]},
        "createdAt": {"type": "string"},
        "feeds": {"type": "array", "items": FEED},
    },
}
SNAPSHOT = snapshot_schema(snapshots.FORMAT, snapshots.VERSIONS)
EMPTY = {"format": snapshots.FORMAT, "schemaVersion": len(MIGRATIONS)}  # with no tables: a restore to nothing


@documented(
    Operation(
        "This tenant's QuickBooks companies, their sign-in and feeds",
        "Companies",
        {
            200: Reply(
                "The companies, oldest first.",
                {"type": "object", "required": ["realms"], "properties": {"realms": {"type": "array", "items": REALM}}},
            )
        },
    )
)
@control
async def list_realms(request: Request, tenant_id: str) -> Response:
    return JSONResponse({"realms": await realms_of(state(request).store.db, tenant_id)})


@documented(
    Operation(
        "Remove this tenant's companies and all under them",
        "Tenant",
        {204: Reply("Sign-in, chart of accounts, feeds, transactions, steps and armed errors are gone.", media=None)},
    )
)
@control
async def reset(request: Request, tenant_id: str) -> Response:
    await snapshots.reset(state(request).store.db, tenant_id)
    state(request).clocks.forget(tenant_id)
    state(request).faults.clear(tenant_id)  # armed errors are the tenant's set-up too
    return Response(status_code=204)


@documented(Operation("This tenant's whole QuickBooks state", "Tenant", {200: Reply("The snapshot.", SNAPSHOT)}))
@control
async def get_snapshot(request: Request, tenant_id: str) -> Response:
    return JSONResponse(await snapshots.export(state(request).store.db, tenant_id))


@documented(
    Operation(
        "Restore a QuickBooks snapshot, all or nothing",
        "Tenant",
        {204: Reply("The tenant's QuickBooks state is the snapshot's.", media=None)},
        body=Body({**SNAPSHOT, "examples": [{**EMPTY, "tables": {}}]}, "What GET /_sandbox/snapshot answered."),
        errors=(400,),
    )
)
@control
async def put_snapshot(request: Request, tenant_id: str) -> Response:
    body = await json_body(request)
    try:
        await snapshots.restore(state(request).store.db, tenant_id, body)
    except snapshots.SnapshotError as exc:
        raise ControlError(400, str(exc)) from None
    for realm in await realms_of(state(request).store.db, tenant_id):  # a snapshot holds no schedule
        if realm["feeds"]:
            await state(request).nightly.ensure(realm["realmId"])
    return Response(status_code=204)
