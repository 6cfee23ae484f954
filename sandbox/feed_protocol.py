"""The feed protocol: how QuickBooks (the emulator) pulls from the bank-feed provider (link_ui).

This module is the protocol's only definition: paths, request and response shapes, error codes.
The provider serves it (`link_ui/feed.py`); the emulator calls it (`emulator/feed_client.py`).
Like Intuit with FDX providers, QBO pulls:

  GET  /feed/v1/institutions/{tenantId}           → Institution   (who the provider is, and its clock)
  POST /feed/v1/sessions            SignIn        → FeedSession   (one-time credentials → bearer token)
  POST /feed/v1/links               LinkRequest   → LinkResult    (bearer; link the chosen accounts)
  GET  /feed/v1/accounts/{id}/transactions?after= → TransactionPage (bearer; new since a cursor)
  POST /feed/v1/accounts/{id}/disconnect          → LinkedAccount (bearer; stop the feed)

Errors come back as `FeedError` JSON with the HTTP status of its code (ERROR_STATUS).
Money is decimal: amounts travel as JSON numbers and are read into `Decimal`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Self

PREFIX = "/feed/v1"
INSTITUTION_PATH = PREFIX + "/institutions/{tenant_id}"
SESSIONS_PATH = PREFIX + "/sessions"
LINKS_PATH = PREFIX + "/links"
TRANSACTIONS_PATH = PREFIX + "/accounts/{account_id}/transactions"
DISCONNECT_PATH = PREFIX + "/accounts/{account_id}/disconnect"

MAX_PAGE = 1000
HISTORY_DAYS = 7  # QBO downloads at most this many days before the sandbox's today
# Every amount and balance the sandbox keeps is smaller than this either side of zero: 13 digits
# before the point and 2 after are 15 significant digits, which a JSON number (a double) always keeps
# exactly. The API refuses larger ones, so QBO's cents and every page's money stay exact.
MAX_AMOUNT = 10**13


class FeedErrorCode(StrEnum):
    BAD_REQUEST = "bad_request"
    INVALID_CREDENTIALS = "invalid_credentials"  # QBO shows error 103
    INVALID_TOKEN = "invalid_token"  # noqa: S105 - credentials revoked since sign-in: 103 on the tile
    NOT_FOUND = "not_found"
    ACCOUNT_NOT_LINKED = "account_not_linked"
    ACCOUNT_DISCONNECTED = "account_disconnected"


ERROR_STATUS: dict[FeedErrorCode, int] = {
    FeedErrorCode.BAD_REQUEST: 400,
    FeedErrorCode.INVALID_CREDENTIALS: 401,
    FeedErrorCode.INVALID_TOKEN: 401,
    FeedErrorCode.NOT_FOUND: 404,
    FeedErrorCode.ACCOUNT_NOT_LINKED: 409,
    FeedErrorCode.ACCOUNT_DISCONNECTED: 409,
}


class FeedProtocolError(ValueError):
    """A message does not have the protocol's shape."""


def clamp_start_date(requested: dt.date, today: dt.date) -> dt.date:
    """The feed start date QBO uses: never more than HISTORY_DAYS before today, never after today."""
    return min(max(requested, today - dt.timedelta(days=HISTORY_DAYS)), today)


# -- field readers: each raises FeedProtocolError naming the field -------------------------------
def _obj(data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise FeedProtocolError(f"{what} must be a JSON object")
    return data


def _str(data: dict[str, Any], key: str, *, optional: bool = False) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value:
        raise FeedProtocolError(f"'{key}' must be a non-empty string")
    return value


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise FeedProtocolError(f"'{key}' must be a list")
    return value


def _decimal(data: dict[str, Any], key: str, *, optional: bool = False) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FeedProtocolError(f"'{key}' must be a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise FeedProtocolError(f"'{key}' must be a number") from None
    if not number.is_finite() or abs(number) >= MAX_AMOUNT:
        raise FeedProtocolError(f"'{key}' must be a finite number smaller than {MAX_AMOUNT:,} either way")
    return number


def _date(data: dict[str, Any], key: str, *, optional: bool = False) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise FeedProtocolError(f"'{key}' must be a date (YYYY-MM-DD)") from None


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# -- shapes ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FeedError:
    code: FeedErrorCode
    message: str

    @property
    def status(self) -> int:
        return ERROR_STATUS[self.code]

    def to_json(self) -> dict[str, Any]:
        return {"error": {"code": self.code.value, "message": self.message}}

    @classmethod
    def from_json(cls, data: Any) -> Self:
        inner = _obj(_obj(data, "error body").get("error"), "'error'")
        try:
            code = FeedErrorCode(_str(inner, "code"))
        except ValueError:
            raise FeedProtocolError("unknown error code") from None
        return cls(code, _str(inner, "message"))


@dataclass(frozen=True, slots=True)
class Institution:
    institution_id: str
    name: str
    logo_url: str | None
    now: dt.datetime  # the tenant's sandbox clock, so QBO's date rules agree with the provider's

    @property
    def today(self) -> dt.date:
        return self.now.date()

    def to_json(self) -> dict[str, Any]:
        return {
            "institutionId": self.institution_id,
            "name": self.name,
            "logoUrl": self.logo_url,
            "now": self.now.isoformat(),
        }

    @classmethod
    def from_json(cls, data: Any) -> Self:
        d = _obj(data, "institution")
        try:
            now = dt.datetime.fromisoformat(_str(d, "now"))
        except ValueError:
            raise FeedProtocolError("'now' must be an ISO-8601 date-time") from None
        return cls(_str(d, "institutionId"), _str(d, "name"), _str(d, "logoUrl", optional=True), now)


@dataclass(frozen=True, slots=True)
class SignIn:
    institution_id: str
    username: str
    password: str

    def to_json(self) -> dict[str, Any]:
        return {"institutionId": self.institution_id, "username": self.username, "password": self.password}

    @classmethod
    def from_json(cls, data: Any) -> Self:
        d = _obj(data, "sign-in")
        return cls(_str(d, "institutionId"), _str(d, "username"), _str(d, "password"))


@dataclass(frozen=True, slots=True)
class FeedAccount:
    id: str
    name: str
    account_type: str  # Codat's accountType: checking, savings, loan, creditCard, prepaidCard
    masked_number: str  # "••••6789"
    currency: str
    balance: Decimal | None
    status: str  # Codat's source-account status
    feed_start_date: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "accountType": self.account_type,
            "maskedNumber": self.masked_number,
            "currency": self.currency,
            "balance": _num(self.balance),
            "status": self.status,
            "feedStartDate": self.feed_start_date.isoformat() if self.feed_start_date else None,
        }

    @classmethod
    def from_json(cls, data: Any) -> Self:
        d = _obj(data, "account")
        return cls(
            id=_str(d, "id"),
            name=_str(d, "name"),
            account_type=_str(d, "accountType"),
            masked_number=str(d.get("maskedNumber") or ""),
            currency=_str(d, "currency"),
            balance=_decimal(d, "balance", optional=True),
            status=_str(d, "status"),
            feed_start_date=_date(d, "feedStartDate", optional=True),
        )


@dataclass(frozen=True, slots=True)
class FeedSession:
    token: str
    connection_id: str
    company_name: str
    institution_name: str
    accounts: list[FeedAccount] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "connectionId": self.connection_id,
            "companyName": self.company_name,
            "institutionName": self.institution_name,
            "accounts": [a.to_json() for a in self.accounts],
        }

    @classmethod
    def from_json(cls, data: Any) -> Self:
        d = _obj(data, "session")
        return cls(
            token=_str(d, "token"),
            connection_id=_str(d, "connectionId"),
            company_name=_str(d, "companyName"),
            institution_name=_str(d, "institutionName"),
            accounts=[FeedAccount.from_json(a) for a in _list(d, "accounts")],
        )


@dataclass(frozen=True, slots=True)
class LinkChoice:
    source_account_id: str
    qbo_account_id: str
    qbo_account_name: str
    start_date: dt.date  # as the user picked it; the provider clamps it

    def to_json(self) -> dict[str, Any]:
        return {
            "sourceAccountId": self.source_account_id,
            "qboAccountId": self.qbo_account_id,
            "qboAccountName": self.qbo_account_name,
            "startDate": self.start_date.isoformat(),
        }

    @classmethod
    def from_json(cls, data: Any) -> Self:
        d = _obj(data, "link choice")
        return cls(
            _str(d, "sourceAccountId"),
            _str(d, "qboAccountId"),
            _str(d, "qboAccountName"),
            _date(d, "startDate"),
        )


@dataclass(frozen=True, slots=True)
class LinkRequest:
    accounts: list[LinkChoice]

    def to_json(self) -> dict[str, Any]:
        return {"accounts": [a.to_json() for a in self.accounts]}

    @classmethod
    def from_json(cls, data: Any) -> Self:
        choices = [LinkChoice.from_json(a) for a in _list(_obj(data, "link request"), "accounts")]
        if not choices:
            raise FeedProtocolError("'accounts' must name at least one account")
        if len({c.source_account_id for c in choices}) != len(choices):
            raise FeedProtocolError("'accounts' names an account twice")
        return cls(choices)


@dataclass(frozen=True, slots=True)
class LinkedAccount:
    source_account_id: str
    status: str
    feed_start_date: dt.date | None

    def to_json(self) -> dict[str, Any]:
        return {
            "sourceAccountId": self.source_account_id,
            "status": self.status,
            "feedStartDate": self.feed_start_date.isoformat() if self.feed_start_date else None,
        }

    @classmethod
    def from_json(cls, data: Any) -> Self:
        d = _obj(data, "linked account")
        return cls(_str(d, "sourceAccountId"), _str(d, "status"), _date(d, "feedStartDate", optional=True))


@dataclass(frozen=True, slots=True)
class LinkResult:
    connection_status: str  # Codat's connection status, "Linked" after a link
    accounts: list[LinkedAccount]

    def to_json(self) -> dict[str, Any]:
        return {"connectionStatus": self.connection_status, "accounts": [a.to_json() for a in self.accounts]}

    @classmethod
    def from_json(cls, data: Any) -> Self:
        d = _obj(data, "link result")
        return cls(_str(d, "connectionStatus"), [LinkedAccount.from_json(a) for a in _list(d, "accounts")])


@dataclass(frozen=True, slots=True)
class FeedTransaction:
    id: str
    date: dt.datetime  # the cleared-on local date-time, no offset
    description: str
    amount: Decimal
    balance: Decimal
    transaction_type: str  # Credit, Debit or Unknown

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "description": self.description,
            "amount": float(self.amount),
            "balance": float(self.balance),
            "transactionType": self.transaction_type,
        }

    @classmethod
    def from_json(cls, data: Any) -> Self:
        d = _obj(data, "transaction")
        try:
            date = dt.datetime.fromisoformat(_str(d, "date"))
        except ValueError:
            raise FeedProtocolError("'date' must be an ISO-8601 date-time") from None
        return cls(
            id=_str(d, "id"),
            date=date,
            description=str(d.get("description") or ""),
            amount=_decimal(d, "amount"),
            balance=_decimal(d, "balance"),
            transaction_type=_str(d, "transactionType"),
        )


@dataclass(frozen=True, slots=True)
class TransactionPage:
    transactions: list[FeedTransaction]
    cursor: str  # pass back as ?after= to get only what came since
    has_more: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "transactions": [t.to_json() for t in self.transactions],
            "cursor": self.cursor,
            "hasMore": self.has_more,
        }

    @classmethod
    def from_json(cls, data: Any) -> Self:
        d = _obj(data, "transaction page")
        cursor = d.get("cursor")
        if not isinstance(cursor, str):
            raise FeedProtocolError("'cursor' must be a string")
        return cls([FeedTransaction.from_json(t) for t in _list(d, "transactions")], cursor, bool(d.get("hasMore")))
