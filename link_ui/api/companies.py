"""Companies: create, list (paged), get, replace, update, delete. Each belongs to one tenant."""

from __future__ import annotations

import json
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from link_ui.api.connections import connections_of
from link_ui.api.http import JSON, read_json
from link_ui.api.listing import page_json, selection
from link_ui.api.lookup import Scope, company_scope
from link_ui.api.views import company_json, company_redirect
from link_ui.codat import COMPANY_NAME_FORBIDDEN, REFUSED_WITHOUT_400
from link_ui.context import state, tenant_of
from link_ui.errors import ApiError, not_found, validation_item
from link_ui.store import Row
from link_ui.store.companies import FIELDS, ID_MARK
from sandbox.clock import iso

MAX_NAME, MAX_DESCRIPTION = 255, 1000
# Replace and update list no 400 in Codat's spec; 403 ("understood, refused") is the listed code
# that fits a body the sandbox will not store, and it keeps the SDK raising `ErrorMessage`.
REFUSED = REFUSED_WITHOUT_400


def clean_name(value: Any, status: int) -> str:
    """Codat strips characters outside its allowed set rather than rejecting the name."""
    if not isinstance(value, str):
        raise ApiError(status, "'name' must be a string.", errors=[validation_item("Required.", "name")])
    name = " ".join(COMPANY_NAME_FORBIDDEN.sub("", value).split())
    if not name:
        raise ApiError(
            status,
            "'name' is empty once characters other than letters, digits, spaces and - ' , & @ . ? ! are removed.",
            errors=[validation_item("Must contain at least one allowed character.", "name")],
        )
    if len(name) > MAX_NAME:
        raise ApiError(status, f"'name' must be at most {MAX_NAME} characters.")
    return name


def clean_tags(value: Any, status: int) -> dict[str, str]:
    if value is None:
        return {}
    ok = isinstance(value, dict) and len(value) <= 10
    ok = ok and all(1 <= len(k) <= 27 and isinstance(v, str) and len(v) <= 100 for k, v in value.items())
    if not ok:
        raise ApiError(status, "'tags' must be an object of at most 10 tags, names 1-27 and values 0-100 characters.")
    return dict(value)


def clean_description(value: Any, status: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_DESCRIPTION:
        raise ApiError(status, f"'description' must be text of at most {MAX_DESCRIPTION} characters.")
    return value


async def _body(request: Request, status: int) -> dict[str, Any]:
    body = await read_json(request, invalid_status=status)
    if not isinstance(body, dict):
        raise ApiError(status, "The request body must be a JSON object with a 'name'.")
    return body


async def _one(scope: Scope, request: Request, row: Row | None = None) -> dict[str, Any]:
    """The company as Codat shows it (`row`: as just stored); 404 if it was deleted meanwhile."""
    if row is None:
        row = await scope.app.store.companies.get(scope.company_id)
    if row is None:
        raise not_found(f"Company {scope.company_id}")
    connections = await connections_of(scope.app, scope.tenant, [scope.company_id])
    return company_json(row, scope.app.settings.public_url, connections.get(scope.company_id, []))


async def create_company(request: Request) -> Response:
    tenant = await tenant_of(request)
    app = state(request)
    body = await _body(request, 400)
    name = clean_name(body.get("name"), 400)
    description = clean_description(body.get("description"), 400)
    tags = clean_tags(body.get("tags"), 400)
    company_id, now = str(uuid.uuid4()), iso(tenant.now())
    row = await app.store.companies.create(tenant.id, company_id, name, description, tags, now)
    return JSON(await _one(Scope(app, tenant, company_id), request, row))


async def list_companies(request: Request) -> Response:
    tenant = await tenant_of(request)
    app = state(request)
    chosen = selection(request, FIELDS, "created")
    public_url = app.settings.public_url
    rows, total = await app.store.companies.listed(tenant.id, chosen, company_redirect(public_url, ID_MARK))
    connections = await connections_of(app, tenant, [r["id"] for r in rows])
    items = [company_json(r, public_url, connections.get(r["id"], [])) for r in rows]
    return JSON(page_json(request, chosen, items, total))


async def get_company(request: Request) -> Response:
    scope = await company_scope(request)
    return JSON(await _one(scope, request))


async def replace_company(request: Request) -> Response:
    scope = await company_scope(request)
    body = await _body(request, REFUSED)
    name = clean_name(body.get("name"), REFUSED)
    description = clean_description(body.get("description"), REFUSED)
    tags = clean_tags(body.get("tags"), REFUSED)
    await _store(scope, name, description, tags)
    return JSON(await _one(scope, request))


async def update_company(request: Request) -> Response:
    scope = await company_scope(request)
    body = await _body(request, REFUSED)
    row = await scope.app.store.companies.get(scope.company_id)
    if row is None:
        raise not_found(f"Company {scope.company_id}")
    name = clean_name(body["name"], REFUSED) if "name" in body else row["name"]
    description = clean_description(body["description"], REFUSED) if "description" in body else row["description"]
    tags = clean_tags(body["tags"], REFUSED) if "tags" in body else json.loads(row["tags"])
    await _store(scope, name, description, tags)
    return JSON(await _one(scope, request))


async def _store(scope: Scope, name: str, description: str | None, tags: dict[str, str]) -> None:
    if not await scope.app.store.companies.update(scope.company_id, name, description, tags, iso(scope.tenant.now())):
        raise not_found(f"Company {scope.company_id}")


async def delete_company(request: Request) -> Response:
    scope = await company_scope(request)
    await scope.app.store.companies.delete(
        scope.tenant.id, scope.company_id
    )  # connections, accounts, pushes go with it
    return Response(status_code=204)


routes = [
    Route("/companies", create_company, methods=["POST"], name="create-company"),
    Route("/companies", list_companies, methods=["GET"], name="list-companies"),
    Route("/companies/{companyId}", get_company, methods=["GET"], name="get-company"),
    Route("/companies/{companyId}", replace_company, methods=["PUT"], name="replace-company"),
    Route("/companies/{companyId}", update_company, methods=["PATCH"], name="update-company"),
    Route("/companies/{companyId}", delete_company, methods=["DELETE"], name="delete-company"),
]
