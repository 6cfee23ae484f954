"""Fault controls under /_sandbox/faults: arm, list and clear API faults for this tenant."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from link_ui import api
from link_ui.context import state, tenant_of
from link_ui.controls.shared import read_json
from link_ui.errors import ApiError, not_found, validation_item
from link_ui.faults import ERROR_STATUSES, OUTCOMES, PUSH_OUTCOME
from sandbox.control_docs import Body, Operation, Reply, documented

OPERATIONS = sorted({name for route in api.routes if (name := getattr(route, "name", None))} | {PUSH_OUTCOME})
MAX_LATENCY_MS = 60_000
FAULT = {
    "type": "object",
    "required": ["id", "operation", "status", "latencyMs", "retryAfter", "remaining", "outcome"],
    "properties": {
        "id": {"type": "integer"},
        "operation": {"type": "string"},
        "status": {"type": ["integer", "null"]},
        "latencyMs": {"type": "integer"},
        "retryAfter": {"type": "integer"},
        "remaining": {"type": ["integer", "null"], "description": "Uses left; null: until cleared."},
        "outcome": {"type": ["string", "null"]},
    },
}
FAULT_SPEC = {
    "type": "object",
    "required": ["operation"],
    "additionalProperties": False,
    "properties": {
        "operation": {"enum": ["*", *OPERATIONS], "description": "Codat's operation id, or * for any."},
        "status": {"enum": sorted(ERROR_STATUSES), "description": "Answered in Codat's error shape."},
        "latencyMs": {"type": "integer", "minimum": 0, "maximum": MAX_LATENCY_MS},
        "times": {"type": ["integer", "null"], "minimum": 1, "description": "Default 1; null: until cleared."},
        "retryAfter": {"type": "integer", "minimum": 0, "maximum": 3600, "description": "With 429: Retry-After."},
        "outcome": {"enum": sorted(OUTCOMES), "description": "With the push-outcome operation only."},
    },
}


def _spec(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ApiError(400, "Send a JSON object describing the fault.")
    errors = []
    unknown = set(body) - {"operation", "status", "latencyMs", "times", "retryAfter", "outcome"}
    errors += [validation_item(f"'{k}' is not a fault setting.", k) for k in sorted(unknown)]
    operation = body.get("operation")
    if operation != "*" and operation not in OPERATIONS:
        errors.append(
            validation_item("'operation' must be '*' or one of GET /_sandbox/faults 'operations'.", "operation")
        )
    status = body.get("status")
    if status is not None and status not in ERROR_STATUSES:
        errors.append(validation_item("'status' must be 429, 500 or 503.", "status"))
    latency = body.get("latencyMs", 0)
    if isinstance(latency, bool) or not isinstance(latency, int) or not 0 <= latency <= MAX_LATENCY_MS:
        errors.append(validation_item(f"'latencyMs' must be 0 to {MAX_LATENCY_MS}.", "latencyMs"))
    outcome = body.get("outcome")
    if operation == PUSH_OUTCOME:
        if outcome not in OUTCOMES or status is not None or latency:
            errors.append(validation_item("A push-outcome fault takes 'outcome': Failed or TimedOut.", "outcome"))
    elif outcome is not None:
        errors.append(validation_item("'outcome' goes with the push-outcome operation only.", "outcome"))
    elif status is None and not latency:
        errors.append(validation_item("A fault needs a 'status', a 'latencyMs', or both.", "status"))
    times = body.get("times", 1)
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        errors.append(validation_item("'times' must be a whole number from 1, or null for until cleared.", "times"))
    retry_after = body.get("retryAfter", 1)
    if isinstance(retry_after, bool) or not isinstance(retry_after, int) or not 0 <= retry_after <= 3600:
        errors.append(validation_item("'retryAfter' must be 0 to 3600 seconds.", "retryAfter"))
    if errors:
        raise ApiError(400, "The fault is not valid.", errors=errors)
    return {
        "operation": operation,
        "status": status,
        "latency_ms": latency,
        "retry_after": retry_after,
        "remaining": times,
        "outcome": outcome,
    }


@documented(
    Operation(
        "Armed faults, and the operations a fault can name",
        "Faults",
        {
            200: Reply(
                "What is armed for this tenant.",
                {
                    "type": "object",
                    "required": ["faults", "operations"],
                    "properties": {
                        "faults": {"type": "array", "items": FAULT},
                        "operations": {"type": "array", "items": {"type": "string"}},
                    },
                },
            )
        },
    )
)
async def list_faults(request: Request) -> Response:
    tenant = await tenant_of(request)
    armed = [f.to_json() for f in state(request).faults.armed(tenant.id)]
    return JSONResponse({"faults": armed, "operations": OPERATIONS})


@documented(
    Operation(
        "Arm a fault for an API operation",
        "Faults",
        {200: Reply("The armed fault.", FAULT)},
        description="A `status` (429, 500 or 503), a `latencyMs`, or both; or, for `push-outcome`, the "
        "`outcome` the next write's push operation ends with.",
        body=Body(FAULT_SPEC),
        errors=(400,),
    )
)
async def arm_fault(request: Request) -> Response:
    tenant = await tenant_of(request)
    fault = state(request).faults.arm(tenant.id, **_spec(await read_json(request)))
    return JSONResponse(fault.to_json())


@documented(Operation("Clear every armed fault", "Faults", {204: Reply("Cleared.", media=None)}))
async def clear_faults(request: Request) -> Response:
    tenant = await tenant_of(request)
    state(request).faults.clear(tenant.id)
    return Response(status_code=204)


@documented(
    Operation(
        "Clear one armed fault",
        "Faults",
        {204: Reply("Cleared.", media=None)},
        path={"fault_id": "The fault's `id`."},
        errors=(404,),
    )
)
async def clear_fault(request: Request) -> Response:
    tenant = await tenant_of(request)
    fault_id = request.path_params["fault_id"]
    if not state(request).faults.clear(tenant.id, fault_id):
        raise not_found("Fault")
    return Response(status_code=204)
