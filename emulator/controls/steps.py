"""GET /_sandbox/steps: QBO's record of the tenant's journey (emulator/steps.py), for the provider's timeline."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from emulator import steps
from emulator.context import state
from emulator.controls.shared import ControlError, control
from sandbox.control_docs import Operation, Param, Reply, documented

MAX_ID = 200  # longer than any connection id: refused rather than searched for

STEPS = {
    "type": "object",
    "required": ["steps"],
    "properties": {"steps": {"type": "array", "items": steps.SCHEMA}},
}


@documented(
    Operation(
        "What QBO did in this tenant's journey",
        "Steps",
        {200: Reply(f"The newest {steps.MAX_ANSWERED} steps (of the connection), by `at` then `id`.", STEPS)},
        description="Each step has the tenant's sandbox time. Kinds and their `detail`: "
        "`qbo.institution` {institution}; `qbo.sign_in` {username, and `reason` when refused}; "
        "`qbo.connect` {accounts: [{sourceAccountId, sourceName, qboAccount, startDate, feedStartDate}]}; "
        "`qbo.pull` {trigger: update, automatic or nightly, rows, accounts: [{sourceAccountId, rows}], "
        "and `error` when it failed}, recorded for an Update, a pull that brought rows or one that failed; "
        "`qbo.disconnect` {sourceAccountId}. A failed step has `failed` true. The institution and a "
        "sign-in get their `connectionId` once the sign-in answers. A tenant keeps its newest "
        f"{steps.KEEP_PER_TENANT}; a reset or a restore forgets them, and no snapshot holds them.",
        query=(Param("connectionId", "Only the steps of this connection."),),
        errors=(400,),
    )
)
@control
async def list_steps(request: Request, tenant_id: str) -> Response:
    connection_id = request.query_params.get("connectionId")
    if connection_id is not None and not 0 < len(connection_id) <= MAX_ID:
        raise ControlError(400, f"'connectionId' must be 1 to {MAX_ID} characters.")
    return JSONResponse({"steps": await state(request).steps.answer(tenant_id, connection_id)})
