"""Writing bank transactions to QBO (a push operation), and the options that describe the write."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from link_ui.api.http import JSON, query_int, read_json
from link_ui.api.lookup import account_row, connection_row
from link_ui.api.push_worker import worker_of
from link_ui.api.views import push_operation_json
from link_ui.api.write_rules import find_blocker, structure_errors
from link_ui.codat import (
    HISTORY_DAYS,
    MAX_TRANSACTIONS_PER_WRITE,
    TransactionType,
)
from link_ui.errors import ApiError, bad_request, not_found
from link_ui.scheduled import Scheduled
from link_ui.store import ParentGone
from link_ui.store.accounts import account_name
from link_ui.store.journey import NewStep, StepKind
from sandbox.clock import iso, parse_iso

MAX_TIMEOUT_MINUTES = 7 * 24 * 60


async def create_bank_transactions(request: Request) -> Response:
    """Validates, stores a Pending push operation and answers 200 at once; the worker completes it."""
    scope, connection = await connection_row(request)
    account_id = request.path_params["accountId"]
    target = await scope.app.store.accounts.write_target(connection["id"], account_id)
    if target is None:
        raise not_found(f"Source account {account_id}")
    timeout = None
    if request.query_params.get("timeoutInMinutes"):
        timeout = query_int(request, "timeoutInMinutes", 0, 0, MAX_TIMEOUT_MINUTES)
    body = await read_json(request)
    errors = structure_errors(body, account_id)
    if errors:
        raise ApiError(400, "The bank transactions are not valid. See validation.errors.", errors=errors)
    blocker = find_blocker(connection["status"], target, scope.tenant.now())
    if blocker:
        detail = {
            "sourceAccountId": account_id,
            "sourceName": account_name(target.account),
            "count": len(body["transactions"]),
            "message": blocker.message,
            **blocker.detail(),
        }
        step = NewStep(connection["id"], StepKind.PUSH_REFUSED, iso(scope.tenant.now()), detail, failed=True)
        await scope.app.store.journey.record(step)  # the timeline shows the refusal beside its request
        raise bad_request(blocker.message)
    data: dict[str, Any] = {"accountId": body["accountId"], "transactions": body["transactions"]}
    key, now = str(uuid.uuid4()), iso(scope.tenant.now())
    try:
        row = await scope.app.store.pushes.create(
            key, scope.tenant.id, scope.company_id, target.account, now, timeout, data
        )
    except ParentGone:
        raise not_found(f"Source account {account_id}") from None
    if timeout is not None:
        deadline = parse_iso(now) + dt.timedelta(minutes=timeout)
        await scope.app.scheduler.at(scope.tenant.id, deadline, Scheduled.PUSH_TIMEOUT, key)
    worker_of(request).wake()
    return JSON(push_operation_json(row, with_data=True))


def _field(kind: str, name: str, description: str, *, required: bool = True) -> dict[str, Any]:
    return {"type": kind, "displayName": name, "description": description, "required": required}


async def bank_transaction_options(request: Request) -> Response:
    """What QBO takes in a write: the fields it requires, and the transaction types it knows."""
    scope, connection = await connection_row(request)
    await account_row(scope.app, connection["id"], request.path_params["accountId"])
    types = [{"value": t.value, "type": "String", "displayName": t.value, "required": False} for t in TransactionType]
    transaction = {
        "id": _field("String", "Id", "Unique to the account; QBO ignores an id it has already seen."),
        "date": _field("DateTime", "Cleared on", "The local date-time it cleared; any offset is ignored."),
        "description": _field("String", "Description", "Shown in QBO's For review list."),
        "amount": _field("Number", "Amount", "Positive for money in (Credit), negative for money out (Debit)."),
        "balance": _field("Number", "Balance", "The account balance after this transaction."),
        "transactionType": {
            **_field("String", "Transaction type", "Credit, Debit or Unknown.", required=False),
            "options": types,
        },
    }
    info = [
        {
            "field": "transactions",
            "details": f"At most {MAX_TRANSACTIONS_PER_WRITE} per write, earliest first.",
        },
        {"field": "transactions.date", "details": f"Not in the future and at most {HISTORY_DAYS} days back."},
    ]
    return JSON(
        {
            "type": "Object",
            "displayName": "Bank transactions",
            "required": True,
            "properties": {
                "accountId": _field("String", "Account id", "The source account, as in the path."),
                "transactions": {
                    **_field("Array", "Transactions", "The transactions to write, earliest first."),
                    "properties": transaction,
                },
            },
            "validation": {"warnings": [], "information": info},
        }
    )


BASE = "/companies/{companyId}/connections/{connectionId}"
routes = [
    Route(
        BASE + "/push/bankAccounts/{accountId}/bankTransactions",
        create_bank_transactions,
        methods=["POST"],
        name="create-bank-transactions",
    ),
    Route(
        BASE + "/options/bankAccounts/{accountId}/bankTransactions",
        bank_transaction_options,
        methods=["GET"],
        name="get-create-bank-transactions-model",
    ),
]
