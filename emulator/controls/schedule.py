"""QBO's schedule (emulator/nightly.py), run up to a time: what the provider's clock change asks for."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from emulator.context import state
from emulator.controls.shared import ControlError, control, json_object
from emulator.feed_client import FeedClientError
from sandbox.clock import is_sane_moment, parse_iso
from sandbox.control_docs import Body, Operation, Reply, documented
from sandbox.scheduler import RAN_SCHEMA as RAN

RUN_UNTIL = {
    "type": "object",
    "required": ["until"],
    "additionalProperties": False,
    "properties": {
        "until": {"type": "string", "format": "date-time", "description": "The tenant's new 'now'."},
        "frozen": {"type": "boolean", "description": "Whether the tenant's clock is now frozen.", "default": False},
    },
}


@documented(
    Operation(
        "Run QBO's schedule up to a time",
        "Clock",
        {200: Reply("What ran, in order.", {"type": "object", "required": ["ran"], "properties": {"ran": RAN}})},
        description="The provider's POST /_sandbox/clock calls this after every change of the tenant's "
        "clock, so QBO runs what fell due (the nightly pull) before the provider answers; a frozen "
        "clock also stops QBO's automatic pulls for the tenant.",
        body=Body(RUN_UNTIL),
        errors=(400, 502),
    )
)
@control
async def run_schedule(request: Request, tenant_id: str) -> Response:
    body = await json_object(request)
    frozen = body.get("frozen", False)
    if set(body) - {"until", "frozen"} or not isinstance(frozen, bool):
        raise ControlError(400, 'Send {"until": ISO-8601, "frozen": true or false}.')
    try:
        until = parse_iso(str(body["until"]))
    except (KeyError, ValueError):
        raise ControlError(400, "'until' must be an ISO-8601 date-time.") from None
    if not is_sane_moment(until):  # "0001-01-01T00:00:00+14:00" is a date-time, but no clock shows it
        raise ControlError(400, "'until' must be a time between the years 1970 and 9000.")
    app_state = state(request)
    try:  # never past the tenant's own clock: a caller can't run tomorrow's pull today
        until = min(until, (await app_state.feeds.institution(tenant_id)).now)
    except FeedClientError:
        raise ControlError(502, "The provider's sandbox clock did not answer.") from None
    app_state.clocks.told(tenant_id, until, frozen)
    ran = await app_state.scheduler.run_due(tenant_id, until)
    return JSONResponse({"ran": [r.to_json() for r in ran]})
