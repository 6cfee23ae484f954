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
from emulator.controls.schemas import REALM_ID
from emulator.qbo_query import Kind
from emulator.store import Row
from sandbox.control_docs import Body, Operation, Param, Reply, documented

# Every Account field python-quickbooks' Account carries that QuickBooks lets a query filter or order on.
ACCOUNT_FIELDS: dict[str, Kind] = {
    "Id": Kind.ID,
    "Name": Kind.TEXT,
    "AcctNum": Kind.TEXT,
    "FullyQualifiedName": Kind.TEXT,
    "Description": Kind.TEXT,
    "AccountType": Kind.TEXT,
    "AccountSubType": Kind.TEXT,
    "Classification": Kind.TEXT,
    "Active": Kind.BOOLEAN,
    "SubAccount": Kind.BOOLEAN,
    "ParentRef": Kind.REF,
    "CurrencyRef": Kind.REF,
    "CurrentBalance": Kind.NUMBER,
    "CurrentBalanceWithSubAccounts": Kind.NUMBER,
    "MetaData.CreateTime": Kind.DATETIME,
    "MetaData.LastUpdatedTime": Kind.DATETIME,
}


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


def account_json(row: Row, balance: Decimal, by_id: dict[int, Row]) -> dict[str, Any]:
    """The Account as QuickBooks answers it; fields it has no value for are left out, as QBO does."""
    created = row["created_at"]
    parent = by_id.get(row["parent_id"]) if row["parent_id"] is not None else None
    return {
        "Name": row["name"],
        "SubAccount": parent is not None,
        "ParentRef": {"value": str(parent["id"]), "name": parent["name"]} if parent is not None else None,
        "FullyQualifiedName": ":".join(_lineage(row, by_id)),
        "Active": bool(row["active"]),
        "Classification": row["classification"],
        "AccountType": row["account_type"],
        "AccountSubType": row["sub_type"],
        "AcctNum": row["acct_num"],
        "Description": row["description"] or None,
        "CurrentBalance": float(balance),
        "CurrentBalanceWithSubAccounts": float(balance),
        "CurrencyRef": {"value": "CAD", "name": "Canadian Dollar"},
        "domain": "QBO",
        "sparse": False,
        "Id": str(row["id"]),
        "SyncToken": "0",
        "MetaData": {"CreateTime": created, "LastUpdatedTime": created},
    }


def _lineage(row: Row, by_id: dict[int, Row]) -> list[str]:
    """The names from the top account down to this one (FullyQualifiedName is them joined by ':')."""
    names, seen = [row["name"]], {row["id"]}
    while row["parent_id"] is not None and row["parent_id"] in by_id and row["parent_id"] not in seen:
        row = by_id[row["parent_id"]]
        names.insert(0, row["name"])
        seen.add(row["id"])
    return names


async def _accounts(request: Request, realm_id: str) -> list[dict[str, Any]]:
    store = state(request).store
    balances = await store.balances(realm_id)
    rows = await store.accounts(realm_id)
    by_id = {int(row["id"]): row for row in rows}
    return [
        {k: v for k, v in account_json(row, balances.get(int(row["id"]), Decimal(0)), by_id).items() if v is not None}
        for row in rows
    ]


_FAULTS = {
    400: Reply(
        "QuickBooks' fault: 4000 (the statement can't be parsed), 4001 (it asks for a field "
        "that isn't queryable, or compares one with a value of another kind), 610 (no such object).",
        {"$ref": "#/components/schemas/Fault"},
    ),
    401: Reply(
        "QuickBooks' fault 3200: the token is missing, unknown, or for another company.",
        {"$ref": "#/components/schemas/Fault"},
    ),
}
_QUERY_ANSWER = Reply(
    "`QueryResponse` with `Account` (a page), `startPosition` and `maxResults`; or `totalCount` for COUNT(*); "
    "`{}` when nothing matched.",
    {
        "type": "object",
        "required": ["QueryResponse", "time"],
        "properties": {"QueryResponse": {"type": "object"}, "time": {"type": "string"}},
    },
)
_QUERY_GRAMMAR = (  # documentation of the query language, not SQL this app runs
    "`SELECT * | COUNT(*) FROM Account [WHERE field op value [AND …]] [ORDER BY|ORDERBY field [ASC|DESC], …] "
    "[STARTPOSITION n] [MAXRESULTS n]`; op is =, <, >, <=, >=, IN (…) or LIKE '…%'."
)
_QUERY_TEXT = (
    f"{_QUERY_GRAMMAR} Queryable fields: {', '.join(ACCOUNT_FIELDS)}. "
    "Text compares as text, numbers as numbers, booleans as booleans."
)


_STATEMENT = {
    "type": "string",
    "minLength": 1,
    "examples": ["SELECT * FROM Account WHERE AcctNum = '1000'", "SELECT COUNT(*) FROM Account WHERE Active = true"],
}


def _query_docs(**extra: Any) -> Operation:
    return Operation(
        "Query the chart of accounts",
        "Accounting API",
        {200: _QUERY_ANSWER, **_FAULTS},
        description=_QUERY_TEXT,
        path={"realm_id": REALM_ID},
        auth="accessToken",
        **extra,
    )


@documented(
    GET=_query_docs(query=(Param("query", "The statement.", {"type": "string", "minLength": 1}, required=True),)),
    POST=_query_docs(
        body=Body({"type": "string", "minLength": 1}, "The statement, as text.", media="application/text")
    ),
)
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
        found, total = qbo_query.run(parsed, await _accounts(request, realm_id), ACCOUNT_FIELDS)
    except qbo_query.QueryError as exc:
        return fault(400, "Invalid query", f"QueryValidationError: {exc}", "4001")
    if parsed.count:
        return JSONResponse({"QueryResponse": {"totalCount": total}, "time": _time()})
    response: dict[str, Any] = {}
    if found:
        response = {"Account": found, "startPosition": parsed.start_position, "maxResults": len(found)}
    return JSONResponse({"QueryResponse": response, "time": _time()})


@documented(
    Operation(
        "Read one account",
        "Accounting API",
        {
            200: Reply(
                "`Account`, as a query answers it.",
                {"type": "object", "required": ["Account", "time"], "properties": {"Account": {"type": "object"}}},
            ),
            **_FAULTS,
        },
        path={"realm_id": REALM_ID, "account_id": "The account's `Id`."},
        auth="accessToken",
    )
)
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
