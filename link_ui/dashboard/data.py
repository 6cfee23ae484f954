"""What the dashboard shows for one tenant, read in one place, shaped as the API shapes it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from link_ui.api import views
from link_ui.context import AppState
from link_ui.tenants import Tenant

RECENT = 15


async def overview(app: AppState, tenant: Tenant) -> dict[str, Any]:
    now = tenant.now()
    store = app.store
    companies = await store.companies.recent(tenant.id, RECENT)
    by_company: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for found in await store.connections.of_companies_with_accounts([c["id"] for c in companies]):
        connection = views.connection_json(found, secret=app.secret, public_url=app.settings.public_url, now=now)
        connection["accounts"] = [views.source_account_json(a, now) for a in found.accounts]
        by_company[found.row["company_id"]].append(connection)
    pushes = await store.pushes.recent(tenant.id, RECENT)
    return {
        "clock": tenant.clock.to_json(),
        "ran": [r.to_json() for r in app.scheduler.recent(tenant.id)],
        "organization": tenant.settings.organization_name,
        "companies": [{"id": c["id"], "name": c["name"], "connections": by_company[c["id"]]} for c in companies],
        "pushes": [views.push_operation_json(p, with_data=True) for p in pushes],
        "requests": list(reversed(app.journal.entries(tenant.id)[-RECENT:])),
        "deliveries": await app.webhooks.deliveries(tenant.id, RECENT),
        "faults": [f.to_json() for f in app.faults.armed(tenant.id)],
        "qbo_sign_in": app.settings.qbo_url + "/signin",
    }
