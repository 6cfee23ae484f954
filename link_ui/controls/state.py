"""The tenant's whole provider state: emptied (POST /_sandbox/reset), exported (GET /_sandbox/snapshot)
and restored all or nothing (PUT /_sandbox/snapshot). Each tells QBO through the schedules (link_ui.timed)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from link_ui import snapshots, timed
from link_ui.context import state, tenant_of
from link_ui.controls.shared import read_json
from link_ui.errors import bad_request
from sandbox.control_docs import Body, Operation, Reply, documented
from sandbox.snapshot_rows import json_schema as snapshot_schema


@documented(
    Operation(
        "Empty the tenant",
        "Tenant",
        {
            204: Reply(
                "Companies, connections, accounts, pushes, clock, settings, journal and faults are gone.", media=None
            )
        },
    )
)
async def reset(request: Request) -> Response:
    tenant = await tenant_of(request)
    await state(request).tenants.reset(tenant)
    await timed.run_until(state(request), tenant.id, tenant.clock, request.headers["authorization"])  # QBO hears
    state(request).journal.clear(tenant.id)
    state(request).faults.clear(tenant.id)
    return Response(status_code=204)


SNAPSHOT = snapshot_schema(snapshots.FORMAT, snapshots.VERSIONS)


@documented(
    Operation(
        "The tenant's whole provider state",
        "Tenant",
        {
            200: Reply(
                "Companies, connections, accounts, credential hashes, pushes, webhooks, clock, settings.", SNAPSHOT
            )
        },
    )
)
async def get_snapshot(request: Request) -> Response:
    tenant = await tenant_of(request)
    return JSONResponse(await snapshots.export(state(request).store, tenant))


@documented(
    Operation(
        "Restore a snapshot, all or nothing",
        "Tenant",
        {204: Reply("The tenant's state is the snapshot's.", media=None)},
        body=Body(SNAPSHOT, "What GET /_sandbox/snapshot answered."),
        errors=(400,),
    )
)
async def put_snapshot(request: Request) -> Response:
    tenant = await tenant_of(request)
    body = await read_json(request)
    try:
        await snapshots.restore(state(request).store, tenant, body)
    except snapshots.SnapshotError as exc:
        raise bad_request(str(exc)) from None
    await timed.run_until(state(request), tenant.id, tenant.clock, request.headers["authorization"])
    state(request).journal.clear(tenant.id)
    return Response(status_code=204)
