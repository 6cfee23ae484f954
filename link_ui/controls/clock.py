"""GET and POST /_sandbox/clock: the tenant's sandbox clock, read, advanced, frozen or thawed, and
the schedules of both apps run up to its new time."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from link_ui import timed
from link_ui.context import state, tenant_of
from link_ui.controls.shared import read_json
from link_ui.errors import bad_request
from sandbox.clock import CHANGE_SCHEMA as CLOCK_CHANGE
from sandbox.clock import JSON_SCHEMA as CLOCK
from sandbox.clock import ClockState, is_sane, parse_iso
from sandbox.control_docs import Body, Operation, Reply, documented
from sandbox.scheduler import RAN_SCHEMA as RAN

ONE_CHANGE = (
    'Send exactly one of {"advanceSeconds": N}, {"advanceTo": ISO-8601}, {"frozenAt": ISO-8601} or {"realTime": true}.'
)
CLOCK_RAN = {**CLOCK, "required": [*CLOCK["required"], "ran"], "properties": {**CLOCK["properties"], "ran": RAN}}


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
    clock = await state(request).tenants.change_clock(tenant, lambda now: _changed(now, body))
    ran = await timed.run_until(state(request), tenant.id, clock, request.headers["authorization"])
    return JSONResponse({**clock.to_json(), "ran": [r.to_json() for r in ran]})


def _changed(clock: ClockState, body: dict[str, Any]) -> ClockState:
    """The clock after the body's one change, from the clock as it is now; a 400 for a change it can't make."""
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
        clock = clock.real_time()
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
    return clock
