"""Finding a tenant's objects by the ids in a path: anything missing, malformed or belonging to
another tenant is the same 404, so one tenant learns nothing about another's data.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from link_ui.api.http import is_uuid
from link_ui.context import AppState, state, tenant_of
from link_ui.errors import ApiError, not_found
from link_ui.lifecycle import unlinked_by
from link_ui.store import Row
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
    if is_uuid(company_id) and await app.store.companies.exists(tenant.id, company_id):
        return Scope(app, tenant, company_id)
    raise not_found(f"Company {company_id}")


async def connection_row(request: Request) -> tuple[Scope, Row]:
    """The tenant's connection named in the path (under its company), with `shown_status`, or 404.
    One statement when it is found."""
    tenant = await tenant_of(request)
    app = state(request)
    company_id = request.path_params["companyId"]
    connection_id = request.path_params["connectionId"]
    if is_uuid(company_id) and is_uuid(connection_id):
        row = await app.store.connections.for_tenant(tenant.id, company_id, connection_id, unlinked_by(tenant.now()))
        if row is not None:
            return Scope(app, tenant, company_id), row
    if not is_uuid(company_id) or not await app.store.companies.exists(tenant.id, company_id):
        raise not_found(f"Company {company_id}")
    raise not_found(f"Data connection {connection_id}")


async def account_row(app: AppState, connection_id: str, account_id: str) -> Row:
    row = await app.store.accounts.get(connection_id, account_id)
    if row is None:
        raise not_found(f"Source account {account_id}")
    return row


def connection_gone(request: Request) -> ApiError:
    """The 404 for a create whose connection was deleted while it ran (the store's ParentGone)."""
    return not_found(f"Data connection {request.path_params['connectionId']}")
