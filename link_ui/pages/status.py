"""The connection's status as the Set up QuickBooks page shows it, refreshed by htmx polling.

The poll sends back a digest of what it shows (`seen`); while nothing changes the answer is 204, so
htmx swaps nothing and a screen reader hears nothing. When the Link session has ended, 286 tells htmx
to stop polling.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from link_ui import lifecycle
from link_ui.codat import ConnectionStatus
from link_ui.context import state
from link_ui.pages._web import NO_STORE, LinkSession, open_link, page, templates
from sandbox.formatting import long_date

STOP_POLLING = 286  # htmx's code for "swap this, then stop polling"


@dataclass(frozen=True)
class ConnectedAccount:
    name: str
    last_digits: str
    feed_start_date: str | None


@dataclass(frozen=True)
class LinkStatus:
    connection_status: str
    accounts: tuple[ConnectedAccount, ...]
    credentials_live: bool = True  # some issued set still works (QBO's token dies with a revoke)

    @property
    def linked(self) -> bool:
        return self.connection_status == ConnectionStatus.LINKED and bool(self.accounts)

    @property
    def receiving(self) -> bool:
        """Linked, and QBO can still sign in: a revoke leaves the accounts linked but QBO gets nothing new."""
        return self.linked and self.credentials_live

    @property
    def ended(self) -> bool:
        return self.connection_status in (ConnectionStatus.UNLINKED, ConnectionStatus.DEAUTHORIZED)

    def digest(self) -> str:
        shown = [self.connection_status, self.credentials_live, [a.__dict__ for a in self.accounts]]
        return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()[:16]


async def read_status(request: Request, link: LinkSession) -> LinkStatus:
    """The statuses the API would report now (see link_ui.lifecycle), and the accounts feeding QBO."""
    store = state(request).store
    now = link.tenant.now()
    connection = await store.connections.get(link.connection_id)
    rows = await store.accounts.as_created(link.connection_id)
    accounts = []
    for row in rows:
        if not lifecycle.can_receive_writes(row["status"], row["disconnected_at"]):
            continue
        body: dict[str, Any] = json.loads(row["body"])
        number = str(body.get("accountNumber") or "")
        start = row["feed_start_date"][:10] if row["feed_start_date"] else None
        accounts.append(ConnectedAccount(str(body.get("accountName") or row["id"]), number[-4:], start))
    stored = connection["status"] if connection else ConnectionStatus.UNLINKED.value
    derived = lifecycle.connection_status(stored, [(r["status"], r["disconnected_at"]) for r in rows], now)
    return LinkStatus(derived, tuple(accounts), await store.credentials.has_active(link.connection_id))


async def status(request: Request) -> Response:
    link = await open_link(request)
    if link is None:
        return page(request, "link/_status_ended.html", {}, status_code=STOP_POLLING)
    current = await read_status(request, link)
    if request.query_params.get("seen") == current.digest():
        return Response(status_code=204, headers=NO_STORE)
    return page(
        request,
        "link/_status.html",
        {"status": current, "connection_id": link.connection_id, "intro_oob": True},
        tenant=link.tenant,
    )


routes = [
    Route("/link/{connection_id}/status", status, methods=["GET"], name="link_status"),
]


templates.env.globals["long_date"] = long_date  # sandbox.formatting: CLDR's long date
