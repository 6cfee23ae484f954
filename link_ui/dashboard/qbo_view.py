"""What the QBO emulator knows of the dashboard's tenant, asked over HTTP as that tenant's peer.

The apps share no database: QBO's steps of a connection's journey (`GET /_sandbox/steps`) and the
tenant's QBO companies with their feeds (`GET /_sandbox/realms`) reach the dashboard from QBO's own
controls, with the peer header (sandbox.peer) as the trust a tenant can't forge. Each answers None when
QBO does not answer, refuses, or there is no peer secret: the dashboard then shows the provider's half
and says that QBO's is unavailable.
"""

from __future__ import annotations

from typing import Any

from link_ui import qbo_controls
from link_ui.context import AppState


async def _get(app: AppState, tenant_id: str, path: str, params: dict[str, str] | None = None) -> Any:
    return await qbo_controls.call(app, tenant_id, "GET", path, params=params)


def _objects(body: Any, key: str) -> list[dict[str, Any]] | None:
    items = body.get(key) if isinstance(body, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else None


async def steps(app: AppState, tenant_id: str, connection_id: str) -> list[dict[str, Any]] | None:
    """QBO's steps of the connection's journey, as QBO recorded them (oldest first), or None."""
    return _objects(await _get(app, tenant_id, "/_sandbox/steps", {"connectionId": connection_id}), "steps")


async def realms(app: AppState, tenant_id: str) -> list[dict[str, Any]] | None:
    """The tenant's QBO companies, each with its feeds and their transaction counts, or None."""
    return _objects(await _get(app, tenant_id, "/_sandbox/realms"), "realms")
