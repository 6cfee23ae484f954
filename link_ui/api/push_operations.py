"""Push operations of a company: get one by key, list them (paged)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from link_ui.api.http import JSON, is_uuid
from link_ui.api.listing import page_json, selection
from link_ui.api.lookup import company_scope
from link_ui.api.views import push_operation_json
from link_ui.errors import not_found
from link_ui.store.pushes import FIELDS


async def get_push_operation(request: Request) -> Response:
    scope = await company_scope(request)
    key = request.path_params["pushOperationKey"]
    row = None
    if is_uuid(key):
        row = await scope.app.store.pushes.in_company(scope.company_id, key)
    if row is None:
        raise not_found(f"Push operation {key}")
    return JSON(push_operation_json(row))


async def list_push_operations(request: Request) -> Response:
    scope = await company_scope(request)
    chosen = selection(request, FIELDS, "requestedOnUtc")
    rows, total = await scope.app.store.pushes.listed(scope.company_id, chosen)
    return JSON(page_json(request, chosen, [push_operation_json(row) for row in rows], total))


routes = [
    Route("/companies/{companyId}/push", list_push_operations, methods=["GET"], name="list-create-operations"),
    Route(
        "/companies/{companyId}/push/{pushOperationKey}",
        get_push_operation,
        methods=["GET"],
        name="get-create-operation",
    ),
]
