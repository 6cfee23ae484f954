"""The provider's sandbox controls, mounted under /_sandbox/ (never mixed into Codat's paths): this is
their one route table.

health: readiness, the version and where QBO is; clock: the tenant's clock, moved with both apps'
schedules; settings: the Link UI's settings; journal: the API requests the tenant sent; state: reset,
snapshot and restore; webhooks: consumers, signing secret, delivery log, replay and sample events;
faults: API errors, latency and push outcomes armed for an operation; reference: the OpenAPI document
of these routes and its page (schemas: what the document says as a whole). The dashboard's pages
(link_ui.dashboard) are mounted here too. What every control shares is in shared.
"""

from __future__ import annotations

from starlette.routing import Mount, Route

from link_ui import dashboard
from link_ui.controls import clock, faults, health, journal, reference, settings, state, webhooks

routes = [
    Route("/health", health.health, methods=["GET"], name="sandbox_health"),
    Route("/clock", clock.get_clock, methods=["GET"]),
    Route("/clock", clock.set_clock, methods=["POST"]),
    Route("/reset", state.reset, methods=["POST"]),
    Route("/settings", settings.get_settings, methods=["GET"]),
    Route("/settings", settings.patch_settings, methods=["PATCH"]),
    Route("/snapshot", state.get_snapshot, methods=["GET"]),
    Route("/snapshot", state.put_snapshot, methods=["PUT"]),
    Route("/requests", journal.get_requests, methods=["GET"]),
    Route("/requests", journal.clear_requests, methods=["DELETE"]),
    Route("/webhooks", webhooks.get_config, methods=["GET"]),
    Route("/webhooks", webhooks.put_config, methods=["PUT"]),
    Route("/webhooks/secret", webhooks.rotate_secret, methods=["POST"]),
    Route("/webhooks/deliveries", webhooks.deliveries, methods=["GET"]),
    Route("/webhooks/deliveries/{delivery_id}/replay", webhooks.replay, methods=["POST"]),
    Route("/webhooks/trigger", webhooks.trigger, methods=["POST"]),
    Route("/faults", faults.list_faults, methods=["GET"]),
    Route("/faults", faults.arm_fault, methods=["POST"]),
    Route("/faults", faults.clear_faults, methods=["DELETE"]),
    Route("/faults/{fault_id:int}", faults.clear_fault, methods=["DELETE"]),
    reference.openapi_route,
    Route("/docs", reference.docs_page, methods=["GET"], name="sandbox_docs"),
    Mount("/dashboard", routes=dashboard.routes),
]
