"""Push operations of a company: get one by key, list them (paged)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from link_ui.api.http import JSON, is_uuid
from link_ui.api.listing import paged
from link_ui.api.lookup import company_scope
from link_ui.api.views import push_operation_json
from link_ui.errors import not_found

FIELDS = (
    "pushOperationKey", "dataConnectionKey", "companyId", "dataType", "status",
    "statusCode", "requestedOnUtc", "completedOnUtc", "timeoutInMinutes",
)  # fmt: skip


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
    rows = await scope.app.store.pushes.of_company(scope.company_id)
    items = [push_operation_json(row) for row in rows]
    return JSON(paged(request, items, FIELDS, "requestedOnUtc"))


routes = [
    Route("/companies/{companyId}/push", list_push_operations, methods=["GET"], name="list-create-operations"),
    Route(
        "/companies/{companyId}/push/{pushOperationKey}",
        get_push_operation,
        methods=["GET"],
        name="get-create-operation",
    ),
]
