"""The rules a write of bank transactions to QBO must pass.

Two stages, as with Codat: `structure_errors` runs when the request arrives (a 400 with
validation errors); `qbo_errors` runs when the push operation is processed (it ends Failed with one
validation error per offending transaction). `write_blocker` says why an account can't take writes
(link_ui.api.refusals names each reason).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from link_ui.api.http import AMOUNT_RULE, is_amount, is_one_of
from link_ui.api.refusals import Refusal, Why
from link_ui.api.views import account_status, connection_status
from link_ui.codat import (
    HISTORY_DAYS,
    MAX_TRANSACTIONS_PER_WRITE,
    BankTransactionType,
    ConnectionStatus,
    SourceAccountStatus,
    TransactionType,
)
from link_ui.errors import validation_item
from link_ui.store import WriteTarget

Item = dict[str, Any]
MAX_REPORTED = 100  # validation items per answer: enough to fix a request, small enough to read
STRUCTURE = "BankTransactionsValidator"
_ALL_TYPES = frozenset(t.value for t in BankTransactionType)
_QBO_TYPES = frozenset(t.value for t in TransactionType)
QBO = "QuickBooksOnlineBankFeedValidator"


def local_datetime(text: str) -> dt.datetime:
    """The cleared-on date: a local date-time. Any offset is ignored, as QBO ignores it."""
    moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    return moment.replace(tzinfo=None)


def _transaction_errors(index: int, t: Any) -> list[Item]:
    if not isinstance(t, dict):
        return [validation_item(f"transactions[{index}] must be an object.", None, STRUCTURE)]
    tid = t.get("id") if isinstance(t.get("id"), str) and t.get("id") else None
    where = f"transactions[{index}]"
    errors = []

    def add(message: str) -> None:
        errors.append(validation_item(f"{where}: {message}", tid, STRUCTURE))

    if tid is None or len(tid) > 255:
        add("'id' is required: a non-empty string of at most 255 characters.")
    date = t.get("date")
    try:
        local_datetime(date) if isinstance(date, str) else None
    except ValueError:
        date = None
    if not isinstance(date, str):
        add("'date' is required: an ISO-8601 date-time such as 2026-11-20T10:00:00.")
    if not isinstance(t.get("description"), str) or not t["description"].strip():
        add("'description' is required by QuickBooks Online.")
    elif len(t["description"]) > 2000:
        add("'description' must be at most 2000 characters.")
    for key in ("amount", "balance"):
        if not is_amount(t.get(key)):
            add(f"'{key}' is required by QuickBooks Online and must be {AMOUNT_RULE}.")
    kind = t.get("transactionType")
    if kind is not None and not is_one_of(kind, _ALL_TYPES):
        add(f"'transactionType' {kind!r} is not a bank transaction type.")
    elif kind is not None and not is_one_of(kind, _QBO_TYPES):
        add(f"'transactionType' must be Credit, Debit or Unknown for QuickBooks Online, not {kind!r}.")
    return errors


def structure_errors(body: Any, account_id: str) -> list[Item]:
    if not isinstance(body, dict):
        return [validation_item("The body must be an object with 'accountId' and 'transactions'.")]
    errors: list[Item] = []
    if not isinstance(body.get("accountId"), str) or not body["accountId"]:
        errors.append(validation_item("'accountId' is required.", None, STRUCTURE))
    elif body["accountId"] != account_id:
        errors.append(validation_item("'accountId' must be the account in the path.", None, STRUCTURE))
    transactions = body.get("transactions")
    if not isinstance(transactions, list) or not transactions:
        errors.append(validation_item("'transactions' must be a non-empty array.", None, STRUCTURE))
        return errors
    seen: set[str] = set()
    for index, t in enumerate(transactions):
        errors.extend(_transaction_errors(index, t))
        tid = t.get("id") if isinstance(t, dict) else None
        if isinstance(tid, str) and tid in seen:
            errors.append(validation_item(f"The id {tid!r} appears twice in this write.", tid, STRUCTURE))
        if isinstance(tid, str):
            seen.add(tid)
        if len(errors) >= MAX_REPORTED:
            break
    return errors[:MAX_REPORTED]


def find_blocker(connection_status: str, target: WriteTarget, now: dt.datetime) -> Why | None:
    """Why the target's account can't take a write now (see write_blocker)."""
    account = target.account
    return write_blocker(
        connection_status,
        target.siblings,
        account["status"],
        account["disconnected_at"],
        target.credentials_revoked,
        now,
    )


def write_blocker(
    connection_stored: str,
    accounts: Iterable[tuple[str, str | None]],
    account_stored: str,
    disconnected_at: str | None,
    credentials_revoked: bool,
    now: dt.datetime,
) -> Why | None:
    """Why this account can't take a write now, or None."""
    status = connection_status(connection_stored, accounts, now)
    if status != ConnectionStatus.LINKED:
        return Why(Refusal.CONNECTION_NOT_LINKED, status=status)
    if disconnected_at is not None:
        return Why(Refusal.DISCONNECTED_IN_QBO)
    shown = account_status(account_stored, disconnected_at, now)
    if shown != SourceAccountStatus.CONNECTED:
        return Why(Refusal.ACCOUNT_NOT_CONNECTED, status=shown)
    if credentials_revoked:
        return Why(Refusal.CREDENTIALS_REVOKED)
    return None


def qbo_errors(
    transactions: list[Item], today: dt.date, feed_start: dt.date | None, newest: dt.datetime | None
) -> tuple[list[Item], list[Item]]:
    """(errors, warnings) for QBO's rules: count, order, window, nothing older than already written."""
    if len(transactions) > MAX_TRANSACTIONS_PER_WRITE:
        count = len(transactions)
        message = f"A write holds at most {MAX_TRANSACTIONS_PER_WRITE} transactions; this one has {count}."
        return [validation_item(message, None, QBO)], []
    oldest = today - dt.timedelta(days=HISTORY_DAYS)
    if feed_start is not None and feed_start > oldest:
        oldest = feed_start
    errors: list[Item] = []
    warnings: list[Item] = []
    previous: dt.datetime | None = None
    for t in transactions:
        when, tid = local_datetime(t["date"]), t["id"]
        if when.date() > today:
            errors.append(validation_item(f"{when.date()} is in the future (today is {today}).", tid, QBO))
        elif when.date() < oldest:
            errors.append(validation_item(f"{when.date()} is before {oldest}, the oldest date QBO takes.", tid, QBO))
        if previous is not None and when < previous:
            errors.append(validation_item("Transactions must be in chronological order, earliest first.", tid, QBO))
        if newest is not None and when < newest:
            errors.append(
                validation_item(f"It is older than the newest transaction already written ({newest}).", tid, QBO)
            )
        previous = when if previous is None or when > previous else previous
        kind, amount = t.get("transactionType"), t["amount"]
        if (kind == TransactionType.DEBIT and amount > 0) or (kind == TransactionType.CREDIT and amount < 0):
            warnings.append(validation_item(f"A {kind} with amount {amount}: the sign does not match.", tid, QBO))
    return errors[:MAX_REPORTED], warnings[:MAX_REPORTED]
