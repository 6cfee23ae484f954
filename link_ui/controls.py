"""Sandbox controls under /_sandbox/ (never mixed into Codat's paths): health, clock, settings, reset."""

from __future__ import annotations

import fnmatch
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from link_ui import settings_rules, snapshots, timed
from link_ui.api import http
from link_ui.context import state, tenant_of
from link_ui.errors import ApiError, bad_request
from link_ui.journal import Journal
from link_ui.tenants import TenantSettings
from sandbox.clock import CHANGE_SCHEMA as CLOCK_CHANGE
from sandbox.clock import JSON_SCHEMA as CLOCK
from sandbox.clock import ClockState, is_sane, parse_iso
from sandbox.control_docs import Body, Operation, Param, Reply, documented
from sandbox.scheduler import RAN_SCHEMA as RAN
from sandbox.snapshot_rows import json_schema as snapshot_schema
from sandbox.version import VERSION


async def read_json(request: Request) -> Any:
    """A control's JSON body, read by the provider's one reader: any content type (`curl -d` sends a
    form's), and no body is null."""
    return await http.read_json(request, empty=None, any_content_type=True)


ONE_CHANGE = (
    'Send exactly one of {"advanceSeconds": N}, {"advanceTo": ISO-8601}, {"frozenAt": ISO-8601} or {"realTime": true}.'
)
CLOCK_RAN = {**CLOCK, "required": [*CLOCK["required"], "ran"], "properties": {**CLOCK["properties"], "ran": RAN}}
HEALTH = {
    "type": "object",
    "properties": {
        "status": {"const": "ok"},
        "app": {"type": "string"},
        "version": {"type": "string"},
        "qboUrl": {"type": "string", "description": "Where this provider's QuickBooks emulator is reached."},
    },
}


@documented(Operation("Is the app ready?", "Health", {200: Reply("Ready.", HEALTH)}, auth=None))
async def health(request: Request) -> Response:
    """Ready, which version, and where its QBO emulator is (the pytest plugin finds it there)."""
    return JSONResponse(
        {"status": "ok", "app": "provider", "version": VERSION, "qboUrl": state(request).settings.qbo_url}
    )


@documented(Operation("The tenant's sandbox clock", "Clock", {200: Reply("The clock.", CLOCK)}))
async def get_clock(request: Request) -> Response:
    tenant = await tenant_of(request)
    return JSONResponse(tenant.clock.to_json())


@documented(
    Operation(
        "Advance, freeze or thaw the tenant's clock",
        "Clock",
        {200: Reply("The clock after the change, and what the schedules ran.", CLOCK_RAN)},
        description="Every time rule of both apps reads this clock: link expiry, the 7-day window, "
        "'no future transactions', and the 10 days before a disconnected feed reads `disconnected`. "
        "The answer comes once everything the two apps had scheduled up to the new time has run, in "
        "order (the provider's, then QBO's, then what those made due): webhook retries, the 10-day "
        "disconnect and its webhooks, QBO's nightly pull. `ran` lists them. A frozen clock runs nothing "
        "more until it is advanced or runs again.",
        body=Body(CLOCK_CHANGE),
        errors=(400,),
    )
)
async def set_clock(request: Request) -> Response:
    tenant = await tenant_of(request)
    body = await read_json(request)
    if not isinstance(body, dict) or len(body) != 1:
        raise bad_request(ONE_CHANGE)
    clock = tenant.clock
    if "advanceSeconds" in body:
        seconds = body["advanceSeconds"]
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or abs(seconds) > 10 * 365 * 86400:
            raise bad_request("'advanceSeconds' must be a number of seconds (at most ten years either way).")
        clock = clock.advanced(float(seconds))
    elif "frozenAt" in body:
        try:
            clock = clock.frozen(parse_iso(str(body["frozenAt"])))
        except ValueError:
            raise bad_request("'frozenAt' must be an ISO-8601 date-time, like 2026-11-23T09:00:00Z.") from None
    elif body.get("realTime") is True:
        clock = clock.thawed() if clock.frozen_at else ClockState()
    elif "advanceTo" in body:
        try:
            target = parse_iso(str(body["advanceTo"]))
            clock = clock.advanced((target - clock.now()).total_seconds())
        except (ValueError, OverflowError):
            raise bad_request("'advanceTo' must be an ISO-8601 date-time, like 2026-11-23T09:00:00Z.") from None
    else:
        raise bad_request(ONE_CHANGE)
    if not is_sane(clock):  # refused before it is stored: it could not be shown, or used
        raise bad_request("That would move the sandbox clock outside the years 1970 to 9000.")
    await state(request).tenants.set_clock(tenant, clock)
    ran = await timed.run_until(state(request), tenant.id, clock, request.headers["authorization"])
    return JSONResponse({**clock.to_json(), "ran": [r.to_json() for r in ran]})


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


# -- settings: what the Link UI and QBO's institution list show (also the Platform API's /profile) -----
# Their rules are link_ui/settings_rules.py's; this schema documents them.
_URL = {"type": "string", "maxLength": settings_rules.URL_MAX, "pattern": "^https?://"}
_CALLOUT_TEXT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {part: {"type": "string", "maxLength": limit} for part, limit in settings_rules.CALLOUT_MAX.items()},
}
SETTINGS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "organizationName": {"type": "string", "minLength": 1, "maxLength": settings_rules.NAME_MAX},
        "logoUrl": {"type": ["string", "null"], "maxLength": settings_rules.URL_MAX, "pattern": "^(https?://|/)"},
        "callout": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {"en": _CALLOUT_TEXT, "fr": _CALLOUT_TEXT},
        },
        "iconUrl": {"type": ["string", "null"], "maxLength": settings_rules.URL_MAX, "pattern": "^(https?://|/)"},
        "redirectUrl": {"anyOf": [_URL, {"const": ""}]},
        "whiteListUrls": {"type": ["array", "null"], "maxItems": settings_rules.URLS_MAX, "items": _URL},
    },
}


@documented(
    Operation(
        "The Link UI's organisation name, logo and callout, and the rest of the Platform API's profile",
        "Tenant",
        {200: Reply("The settings.", SETTINGS)},
    )
)
async def get_settings(request: Request) -> Response:
    tenant = await tenant_of(request)
    return JSONResponse(tenant.settings.to_json())


@documented(
    Operation(
        "Change some of the Link UI's settings",
        "Tenant",
        {200: Reply("The settings after the change.", SETTINGS)},
        description="Changes only the settings the body names; invalid values change nothing.",
        body=Body(SETTINGS),
        errors=(400,),
    )
)
async def patch_settings(request: Request) -> Response:
    tenant = await tenant_of(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise bad_request("The settings must be a JSON object.")
    errors = settings_rules.checked(body, settings_rules.SETTINGS_CHECKS)
    if errors:
        raise ApiError(400, "The settings are not valid.", errors=errors)
    merged = {**tenant.settings.to_json(), **body}
    await state(request).tenants.set_settings(tenant, TenantSettings.from_json(merged))
    return JSONResponse(tenant.settings.to_json())


# -- the request journal ------------------------------------------------------------------------
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
            Param(
                "limit",
                "At most this many (1 to 1000, default 100).",
                {"type": "integer", "minimum": 1, "maximum": 1000},
            ),
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
        limit = int(q.get("limit", "100"))
    except ValueError:
        raise bad_request("'since' and 'limit' must be whole numbers.") from None
    if not 1 <= limit <= 1000:
        raise bad_request("'limit' must be between 1 and 1000.")
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


# -- snapshots ------------------------------------------------------------------------------------
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


routes = [
    Route("/health", health, methods=["GET"], name="sandbox_health"),
    Route("/clock", get_clock, methods=["GET"]),
    Route("/clock", set_clock, methods=["POST"]),
    Route("/reset", reset, methods=["POST"]),
    Route("/settings", get_settings, methods=["GET"]),
    Route("/settings", patch_settings, methods=["PATCH"]),
    Route("/snapshot", get_snapshot, methods=["GET"]),
    Route("/snapshot", put_snapshot, methods=["PUT"]),
    Route("/requests", get_requests, methods=["GET"]),
    Route("/requests", clear_requests, methods=["DELETE"]),
]
