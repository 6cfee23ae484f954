"""Fault controls under /_sandbox/faults on the emulator: arm, list and clear QBO errors for a tenant."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from emulator.context import state
from emulator.controls.shared import ControlError, control, json_object
from emulator.faults import ANY_SCREEN, MAGIC_CODE, SCREENS, QboError, Screen, valid_code
from sandbox.control_docs import Body, Operation, Reply, documented

SETTINGS = {"error", "screen", "times", "code"}
FAULT = {
    "type": "object",
    "required": ["id", "error", "screen", "remaining", "code"],
    "properties": {
        "id": {"type": "integer"},
        "error": {"enum": [e.value for e in QboError]},
        "screen": {"type": "string"},
        "remaining": {"type": ["integer", "null"], "description": "Uses left; null: until cleared."},
        "code": {"type": ["string", "null"], "description": "The code a 185 asks for."},
    },
}
FAULT_SPEC = {
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {
        "error": {"enum": [e.value for e in QboError]},
        "screen": {"enum": [ANY_SCREEN, *(s.value for s in Screen)], "default": ANY_SCREEN},
        "times": {"type": ["integer", "null"], "minimum": 1, "description": "Default 1; null: until cleared."},
        "code": {"type": "string", "pattern": "^[0-9]{4,8}$", "description": "With 185 only."},
    },
}


def _spec(body: dict[str, Any]) -> tuple[QboError, str, int | None, str | None]:
    problems = [f"'{key}' is not a fault setting." for key in sorted(set(body) - SETTINGS)]
    try:
        error = QboError(str(body.get("error")))
    except ValueError:
        raise ControlError(400, "'error' must be one of '102', '103', '105' or '185'.") from None
    screen = body.get("screen", ANY_SCREEN)
    where = [s.value for s in SCREENS[error]]
    if screen != ANY_SCREEN and screen not in where:
        problems.append(f"Error {error.value} happens on these screens only: '*', '" + "', '".join(where) + "'.")
    times = body.get("times", 1)
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        problems.append("'times' must be a whole number from 1, or null for until cleared.")
    code = body.get("code")
    if code is not None and (error is not QboError.EXTRA_AUTH or not valid_code(code)):
        problems.append("'code' goes with error 185 only, as 4 to 8 digits in a string.")
    if problems:
        raise ControlError(400, " ".join(problems))
    return error, screen, times, code


@documented(
    Operation(
        "Armed QuickBooks errors, the screens of each, and the magic code",
        "Faults",
        {
            200: Reply(
                "What is armed for this tenant.",
                {
                    "type": "object",
                    "required": ["faults", "screens", "magicCode"],
                    "properties": {
                        "faults": {"type": "array", "items": FAULT},
                        "screens": {
                            "type": "object",
                            "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        },
                        "magicCode": {"type": "string"},
                    },
                },
            )
        },
    )
)
@control
async def list_faults(request: Request, tenant_id: str) -> Response:
    armed = [fault.to_json() for fault in state(request).faults.armed(tenant_id)]
    screens = {error.value: [s.value for s in where] for error, where in SCREENS.items()}
    return JSONResponse({"faults": armed, "screens": screens, "magicCode": MAGIC_CODE})


@documented(
    Operation(
        "Arm a QuickBooks error for a screen",
        "Faults",
        {200: Reply("The armed fault.", FAULT)},
        description="Each error happens on its own screens only (GET lists them); `*` is the first the user reaches.",
        body=Body(FAULT_SPEC),
        errors=(400,),
    )
)
@control
async def arm_fault(request: Request, tenant_id: str) -> Response:
    error, screen, times, code = _spec(await json_object(request))
    fault = state(request).faults.arm(tenant_id, error, screen, times, code)
    return JSONResponse(fault.to_json())


@documented(Operation("Clear every armed QuickBooks error", "Faults", {204: Reply("Cleared.", media=None)}))
@control
async def clear_faults(request: Request, tenant_id: str) -> Response:
    state(request).faults.clear(tenant_id)
    return Response(status_code=204)


@documented(
    Operation(
        "Clear one armed QuickBooks error",
        "Faults",
        {204: Reply("Cleared.", media=None)},
        path={"fault_id": "The fault's `id`."},
        errors=(404,),
    )
)
@control
async def clear_fault(request: Request, tenant_id: str) -> Response:
    if not state(request).faults.clear(tenant_id, request.path_params["fault_id"]):
        raise ControlError(404, "No such fault is armed for this API key.")
    return Response(status_code=204)
