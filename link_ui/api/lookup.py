"""Finding a tenant's objects by the ids in a path: anything missing, malformed or belonging to
another tenant is the same 404, so one tenant learns nothing about another's data.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiosqlite import Row
from starlette.requests import Request

from link_ui.api.http import is_uuid
from link_ui.context import AppState, state, tenant_of
from link_ui.errors import not_found
from link_ui.tenants import Tenant


@dataclass
class Scope:
    """What a handler under /companies/{companyId} works with."""

    app: AppState
    tenant: Tenant
    company_id: str


async def company_scope(request: Request) -> Scope:
    """The tenant and its company named in the path, or 404."""
    tenant = await tenant_of(request)
    app = state(request)
    company_id = request.path_params["companyId"]
    if is_uuid(company_id):
        row = await app.db.fetch_one("SELECT 1 FROM companies WHERE id = ? AND tenant_id = ?", (company_id, tenant.id))
        if row is not None:
            return Scope(app, tenant, company_id)
    raise not_found(f"Company {company_id}")


async def connection_row(request: Request) -> tuple[Scope, Row]:
    """The tenant's connection named in the path (under its company), or 404. One query."""
    tenant = await tenant_of(request)
    app = state(request)
    company_id = request.path_params["companyId"]
    connection_id = request.path_params["connectionId"]
    if is_uuid(company_id) and is_uuid(connection_id):
        row = await app.db.fetch_one(
            "SELECT * FROM connections WHERE id = ? AND company_id = ? AND tenant_id = ?",
            (connection_id, company_id, tenant.id),
        )
        if row is not None:
            return Scope(app, tenant, company_id), row
    if not is_uuid(company_id) or not await _company_exists(app, tenant, company_id):
        raise not_found(f"Company {company_id}")
    raise not_found(f"Data connection {connection_id}")


async def _company_exists(app: AppState, tenant: Tenant, company_id: str) -> bool:
    row = await app.db.fetch_one("SELECT 1 FROM companies WHERE id = ? AND tenant_id = ?", (company_id, tenant.id))
    return row is not None


async def account_statuses(app: AppState, connection_id: str) -> list[tuple[str, str | None]]:
    rows = await app.db.fetch_all(
        "SELECT status, disconnected_at FROM source_accounts WHERE connection_id = ?", (connection_id,)
    )
    return [(r["status"], r["disconnected_at"]) for r in rows]


async def account_row(app: AppState, connection_id: str, account_id: str) -> Row:
    row = await app.db.fetch_one(
        "SELECT * FROM source_accounts WHERE connection_id = ? AND id = ?", (connection_id, account_id)
    )
    if row is None:
        raise not_found(f"Source account {account_id}")
    return row
