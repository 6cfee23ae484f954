"""The QuickBooks Online emulator app (placeholder until the emulator issue lands: health only)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from emulator.settings import QboSettings


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok", "app": "qbo"})


def create_app(settings: QboSettings | None = None) -> Starlette:
    return Starlette(routes=[Route("/_sandbox/health", health)])
