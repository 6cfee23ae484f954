"""What the timeline page shows for one connection of the signed-in tenant: read in one place.

The provider's steps from its store, QBO's over HTTP (link_ui.dashboard.qbo_view), merged by
link_ui.dashboard.timeline; the connection's company and status as the API reports it now; and a
digest of it all, so that a poll that would show nothing new is answered 204.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from link_ui.codat import ConnectionStatus
from link_ui.context import AppState
from link_ui.dashboard import qbo_view, timeline
from link_ui.lifecycle import unlinked_by
from link_ui.tenants import Tenant


def journal_ids(app: AppState, tenant_id: str) -> dict[str, int]:
    """Each journaled request's correlation id, and its entry's id (the newest, should one repeat)."""
    return {e["correlationId"]: e["id"] for e in app.journal.entries(tenant_id) if e.get("correlationId")}


async def journey_of(app: AppState, tenant: Tenant, connection_id: str) -> dict[str, Any] | None:
    """The connection's journey, or None when it is not this tenant's (or never was)."""
    store = app.store
    row = await store.connections.get(connection_id)
    rows = await store.journey.of_connection(tenant.id, connection_id)
    if row is not None and row["tenant_id"] != tenant.id:
        return None
    if row is None and not rows:
        return None
    shown = company = None
    if row is not None:
        shown = await store.connections.for_tenant(
            tenant.id, row["company_id"], connection_id, unlinked_by(tenant.now())
        )
        company = await store.companies.get(row["company_id"])
    qbo = await qbo_view.steps(app, tenant.id, connection_id)
    steps = timeline.journey(timeline.provider_steps(rows, journal_ids(app, tenant.id)), timeline.qbo_steps(qbo or []))
    view: dict[str, Any] = {
        "connection_id": connection_id,
        "company": company["name"] if company else None,
        "connection_status": shown["shown_status"] if shown else None,
        "steps": steps,
        "qbo_unavailable": qbo is None,
        # No steps, yet the connection has moved on (a restore or a reset of the steps forgot them)
        "forgotten": not steps and shown is not None and shown["shown_status"] != ConnectionStatus.PENDING_AUTH,
    }
    seen = json.dumps(
        [view["connection_status"], view["qbo_unavailable"], [s.to_json() for s in steps]], sort_keys=True
    )
    view["digest"] = hashlib.sha256(seen.encode()).hexdigest()[:16]
    return view
