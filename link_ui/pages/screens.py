"""The two screens of the Link flow: Connect to QuickBooks Online Bank Feeds, then Set up QuickBooks."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from link_ui.context import state
from link_ui.credentials import IssuedCredentials
from link_ui.pages._web import LinkSession, language, open_screen, page
from link_ui.pages.status import read_status


async def connect(request: Request) -> Response:
    link = await open_screen(request)
    if isinstance(link, Response):
        return link
    return page(request, "link/connect.html", {"connection_id": link.connection_id}, tenant=link.tenant)


async def setup_context(
    request: Request,
    link: LinkSession,
    *,
    issued: IssuedCredentials | None = None,
    revoked: bool = False,
) -> dict[str, Any]:
    """What the Set up QuickBooks page shows; also used to answer no-JS form posts with the whole page."""
    callout = link.tenant.settings.callout.get(language(request)) or {}
    return {
        "connection_id": link.connection_id,
        "qbo_url": state(request).settings.qbo_url,
        "callout": callout if callout.get("title") or callout.get("body") else None,
        "issued": issued,
        "revoked": revoked,
        "has_active": issued is not None
        or (not revoked and await state(request).store.credentials.has_active(link.connection_id)),
        "status": await read_status(request, link),
    }


async def setup(request: Request) -> Response:
    link = await open_screen(request)
    if isinstance(link, Response):
        return link
    return page(request, "link/setup.html", await setup_context(request, link), tenant=link.tenant)


routes = [
    Route("/link/{connection_id}/connect", connect, methods=["GET"], name="link_connect"),
    Route("/link/{connection_id}/setup", setup, methods=["GET"], name="link_setup"),
]
