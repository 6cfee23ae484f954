"""GET /_sandbox/health: ready, which version, and where the provider's QBO emulator is."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from link_ui.context import state
from sandbox.control_docs import Operation, Reply, documented
from sandbox.version import VERSION

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
