"""QBO Accounting API v3, Account, read-only: query and read by id, with QBO's response and fault shapes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from emulator import qbo_query
from emulator.context import state
from emulator.store import Row


def _time() -> str:
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="milliseconds")


def fault(status: int, message: str, detail: str, code: str, kind: str = "ValidationFault") -> Response:
    body = {
        "Fault": {"Error": [{"Message": message, "Detail": detail, "code": code}], "type": kind},
        "time": _time(),
    }
    return JSONResponse(body, status_code=status)


def _unauthorized() -> Response:
    return fault(
        401,
        "message=AuthenticationFailed; errorCode=003200; statusCode=401",
        "Authentication failed",
        "3200",
        "AUTHENTICATION",
    )


async def _authorised_realm(request: Request) -> str | None:
    realm_id = request.path_params["realm_id"]
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    owner = await state(request).store.realm_for_api_token(value.strip())
    return realm_id if owner == realm_id else None


def account_json(row: Row, balance: Decimal) -> dict[str, Any]:
    created = row["created_at"]
    return {
        "Name": row["name"],
        "SubAccount": False,
        "FullyQualifiedName": row["name"],
        "Active": True,
        "Classification": row["classification"],
        "AccountType": row["account_type"],
        "AccountSubType": row["sub_type"],
        "AcctNum": row["acct_num"],
        "CurrentBalance": float(balance),
        "CurrentBalanceWithSubAccounts": float(balance),
        "CurrencyRef": {"value": "CAD", "name": "Canadian Dollar"},
        "domain": "QBO",
        "sparse": False,
        "Id": str(row["id"]),
        "SyncToken": "0",
        "MetaData": {"CreateTime": created, "LastUpdatedTime": created},
    }


async def _accounts(request: Request, realm_id: str) -> list[dict[str, Any]]:
    store = state(request).store
    balances = await store.balances(realm_id)
    return [
        {k: v for k, v in account_json(row, balances.get(int(row["id"]), Decimal(0))).items() if v is not None}
        for row in await store.accounts(realm_id)
    ]


async def query(request: Request) -> Response:
    realm_id = await _authorised_realm(request)
    if realm_id is None:
        return _unauthorized()
    if request.method == "POST":
        statement = (await request.body()).decode("utf-8", errors="replace")
    else:
        statement = request.query_params.get("query", "")
    try:
        parsed = qbo_query.parse(statement)
    except qbo_query.QueryError as exc:
        return fault(400, "Error parsing query", f"QueryParserError: {exc}", "4000")
    if parsed.entity.lower() != "account":
        return fault(400, "Error parsing query", f"QueryParserError: Invalid entity {parsed.entity}", "4000")
    try:
        found, total = qbo_query.run(parsed, await _accounts(request, realm_id))
    except qbo_query.QueryError as exc:
        return fault(400, "Error parsing query", f"QueryValidationError: {exc}", "4001")
    if parsed.count:
        return JSONResponse({"QueryResponse": {"totalCount": total}, "time": _time()})
    response: dict[str, Any] = {}
    if found:
        response = {"Account": found, "startPosition": parsed.start_position, "maxResults": len(found)}
    return JSONResponse({"QueryResponse": response, "time": _time()})


async def read_account(request: Request) -> Response:
    realm_id = await _authorised_realm(request)
    if realm_id is None:
        return _unauthorized()
    wanted = request.path_params["account_id"]
    for account in await _accounts(request, realm_id):
        if account["Id"] == wanted:
            return JSONResponse({"Account": account, "time": _time()})
    return fault(
        400,
        "Object Not Found",
        f"Object Not Found : Something you're trying to use has been made inactive. Check the fields with "
        f"accounts, customers, items, vendors or employees. Account {wanted}",
        "610",
    )


routes = [
    Route("/{realm_id}/query", query, methods=["GET", "POST"]),
    Route("/{realm_id}/account/{account_id}", read_account, methods=["GET"]),
]
