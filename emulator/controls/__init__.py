"""The emulator's sandbox controls, mounted under /_sandbox/: this is their one route table.

realms: health, sandbox QBO companies and their API tokens, the clock (forwarded to the provider);
schedule: QBO's schedule run up to the tenant's new time (the provider calls it);
state: a tenant's realms, reset, snapshot and restore; faults: QBO's errors armed for a screen;
steps: QBO's record of the tenant's journey; seed: a whole demo (its data from demo_data);
reference: the OpenAPI document of these routes and its page (schemas: what the document says as a
whole). What every control shares is in shared.
"""

from __future__ import annotations

from starlette.routing import Route

from emulator.controls import faults, realms, reference, schedule, seed, state, steps

routes = [
    Route("/health", realms.health, methods=["GET"], name="health"),
    Route("/realms", realms.create_realm, methods=["POST"]),
    Route("/realms", state.list_realms, methods=["GET"]),
    Route("/realms/{realm_id}/token", realms.create_token, methods=["POST"]),
    Route("/clock", realms.clock, methods=["GET", "POST"]),
    Route("/schedule/run", schedule.run_schedule, methods=["POST"]),
    Route("/seed", seed.seed_control, methods=["POST"]),
    Route("/reset", state.reset, methods=["POST"]),
    Route("/snapshot", state.get_snapshot, methods=["GET"]),
    Route("/snapshot", state.put_snapshot, methods=["PUT"]),
    Route("/faults", faults.list_faults, methods=["GET"]),
    Route("/faults", faults.arm_fault, methods=["POST"]),
    Route("/faults", faults.clear_faults, methods=["DELETE"]),
    Route("/faults/{fault_id:int}", faults.clear_fault, methods=["DELETE"]),
    Route("/steps", steps.list_steps, methods=["GET"]),
    reference.openapi_route,
    Route("/docs", reference.docs_page, methods=["GET"], name="sandbox_docs"),
]
