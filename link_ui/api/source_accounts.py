"""Source accounts of a connection: create (single and batch), list, update, delete."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from link_ui.api.account_fields import AccountBodyError, parse_account
from link_ui.api.http import JSON, read_json
from link_ui.api.lookup import Scope, account_row, connection_gone, connection_row
from link_ui.api.views import batch_item_json, source_account_json
from link_ui.codat import SOURCE_ACCOUNT_DUPLICATE, SourceAccountStatus
from link_ui.errors import bad_request
from link_ui.store import ParentGone
from sandbox.clock import iso


def _now(scope: Scope) -> str:
    return iso(scope.tenant.now())


async def _json(scope: Scope, connection_id: str, account_id: str) -> dict[str, Any]:
    return source_account_json(await account_row(scope.app, connection_id, account_id), scope.tenant.now())


async def create_account(request: Request) -> Response:
    scope, connection = await connection_row(request)
    try:
        prototype, fields = parse_account(await read_json(request))
    except AccountBodyError as exc:
        raise bad_request("The source account is not valid.", exc.errors) from None
    try:
        (created,) = await scope.app.store.accounts.create(connection["id"], [(prototype, fields)], _now(scope))
    except ParentGone:
        raise connection_gone(request) from None
    if not created:
        raise bad_request(f"{SOURCE_ACCOUNT_DUPLICATE}: '{fields['id']}'.")
    return JSON(await _json(scope, connection["id"], fields["id"]))


async def create_batch(request: Request) -> Response:
    """201 when every account was created; 207 with a result per account otherwise (409 if none was)."""
    scope, connection = await connection_row(request)
    body = await read_json(request)
    if not isinstance(body, list) or not body:
        raise bad_request("The request body must be a non-empty JSON array of source accounts.")
    results: list[dict[str, Any]] = []
    parsed: list[tuple[str, dict[str, Any]]] = []
    for item in body:
        item_id = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
        try:
            parsed.append(parse_account(item))
        except AccountBodyError as exc:
            results.append({"sourceAccountId": item_id, "result": {"statusCode": "400", "error": str(exc)}})
            continue
        results.append({"sourceAccountId": parsed[-1][1]["id"], "result": {"statusCode": 200, "error": None}})
    try:
        created = iter(await scope.app.store.accounts.create(connection["id"], parsed, _now(scope)))
    except ParentGone:
        raise connection_gone(request) from None
    for result in results:
        if result["result"]["statusCode"] == 200 and not next(created):
            result["result"] = {"statusCode": "409", "error": SOURCE_ACCOUNT_DUPLICATE}
    for result in results:
        if result["result"]["statusCode"] == 200:
            result["result"]["account"] = await _json(scope, connection["id"], result["sourceAccountId"])
    codes = {r["result"]["statusCode"] for r in results}
    status = 201 if codes == {200} else 409 if codes == {"409"} else 207
    return JSON([batch_item_json(r) for r in results], status_code=status)


async def list_accounts(request: Request) -> Response:
    scope, connection = await connection_row(request)
    rows = await scope.app.store.accounts.of_connection(connection["id"])
    now = scope.tenant.now()
    return JSON([source_account_json(row, now) for row in rows])


async def update_account(request: Request) -> Response:
    """Only accountName changes freely; status only to disconnected; balance only while not connected."""
    scope, connection = await connection_row(request)
    account_id = request.path_params["accountId"]
    row = await account_row(scope.app, connection["id"], account_id)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise bad_request("The request body must be a source account object.")
    current = source_account_json(row, scope.tenant.now())
    stored: dict[str, Any] = json.loads(row["body"])
    status = row["status"]
    for key, value in body.items():
        if value is None or key == "modifiedDate" or value == current.get(key):
            continue
        if key == "accountName" and isinstance(value, str) and len(value) <= 500:
            stored[key] = value
        elif key == "status" and value == SourceAccountStatus.DISCONNECTED:
            status = SourceAccountStatus.DISCONNECTED
        elif key == "status":
            raise bad_request("A source account's status can only be changed to 'disconnected'.")
        elif key == "balance" and current["status"] == SourceAccountStatus.CONNECTED:
            raise bad_request("The balance of a connected account changes only through written transactions.")
        elif key == "balance" and isinstance(value, int | float) and not isinstance(value, bool):
            stored[key] = value
        else:
            raise bad_request(f"'{key}' cannot be changed on a source account (or its value is not valid).")
    await scope.app.store.accounts.update(row["pk"], stored, status, _now(scope))
    return JSON(await _json(scope, connection["id"], account_id))


async def delete_account(request: Request) -> Response:
    scope, connection = await connection_row(request)
    row = await account_row(scope.app, connection["id"], request.path_params["accountId"])
    await scope.app.store.accounts.delete(row["pk"])
    return Response(status_code=204)


PATH = "/companies/{companyId}/connections/{connectionId}/connectionInfo/bankFeedAccounts"
routes = [
    Route(PATH, create_account, methods=["POST"], name="create-source-account"),
    Route(PATH, list_accounts, methods=["GET"], name="list-source-accounts"),
    Route(PATH + "/batch", create_batch, methods=["POST"], name="create-batch-source-account"),
    # {accountId} routes come after the fixed paths (credentials, batch) that share the prefix
]
account_routes = [
    Route(PATH + "/{accountId}", update_account, methods=["PATCH"], name="update-source-account"),
    Route(PATH + "/{accountId}", delete_account, methods=["DELETE"], name="delete-source-account"),
]
