"""The provider's side of the feed protocol (shapes in sandbox/feed_protocol.py): what QBO calls.

QBO signs in with one-time credentials and gets a bearer token, links the accounts the SMB chose,
pulls transactions written since a cursor, and reports a disconnect. A revoke (link_ui/credentials)
deletes every token of the connection, so the next pull fails and QBO asks for new sign-in info.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from link_ui import credentials, events, lifecycle, timed
from link_ui.api import views
from link_ui.codat import ConnectionStatus, SourceAccountStatus, WebhookEvent
from link_ui.context import state
from link_ui.store import AccountMissing
from link_ui.store.journey import NewStep, StepKind
from link_ui.tenants import Tenant, TenantSettings
from sandbox import feed_protocol as fp
from sandbox import security
from sandbox.clock import iso, real_now
from sandbox.json_body import BadJson, parse_json


class FeedFailure(Exception):
    def __init__(self, code: fp.FeedErrorCode, message: str) -> None:
        super().__init__(message)
        self.error = fp.FeedError(code, message)


def _reply(body: Any, status: int = 200) -> Response:
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


async def _read(request: Request) -> Any:
    try:
        return parse_json(await request.body())
    except BadJson as exc:
        raise FeedFailure(fp.FeedErrorCode.BAD_REQUEST, str(exc)) from None


@dataclass(frozen=True)
class Bearer:
    connection_id: str
    credential_id: str
    tenant: Tenant


async def _bearer(request: Request) -> Bearer:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise FeedFailure(fp.FeedErrorCode.INVALID_TOKEN, "A bearer token is required.")
    app = state(request)
    row = await app.store.credentials.bearer(security.token_digest(value.strip()))
    if row is None:
        raise FeedFailure(fp.FeedErrorCode.INVALID_TOKEN, "The sign-in is no longer valid; sign in again.")
    return Bearer(row["connection_id"], row["credential_id"], await app.tenants.get(row["tenant_id"]))


def _masked(number: str | None) -> str:
    digits = (number or "").strip()
    return "••••" + digits[-4:] if digits else ""


def _feed_account(row: Any, now: dt.datetime) -> fp.FeedAccount:
    body = json.loads(row["body"])
    balance = body.get("balance")
    return fp.FeedAccount(
        id=row["id"],
        name=body.get("accountName") or row["id"],
        account_type=body.get("accountType") or "checking",
        masked_number=_masked(body.get("accountNumber")),
        currency=body.get("currency") or "USD",
        balance=None if balance is None else Decimal(str(balance)),
        status=lifecycle.account_status(row["status"], row["disconnected_at"], now),
        feed_start_date=dt.date.fromisoformat(row["feed_start_date"][:10]) if row["feed_start_date"] else None,
    )


# -- handlers ---------------------------------------------------------------------------------
async def institution(request: Request) -> Response:
    tenant_id = request.path_params["tenant_id"]
    tenant = await state(request).tenants.find(tenant_id)  # never creates one: this call needs no key
    if tenant is None:  # a tenant that has not used the provider yet: the defaults, on real time
        default = TenantSettings()
        return _reply(fp.Institution(tenant_id, default.organization_name, None, real_now()).to_json())
    settings = tenant.settings
    return _reply(fp.Institution(tenant.id, settings.organization_name, settings.logo_url, tenant.now()).to_json())


async def sign_in(request: Request) -> Response:
    try:
        attempt = fp.SignIn.from_json(await _read(request))
    except fp.FeedProtocolError as exc:
        raise FeedFailure(fp.FeedErrorCode.BAD_REQUEST, str(exc)) from None
    app = state(request)
    verified = await credentials.verify(app.store.db, attempt.username, attempt.password)
    connection = None
    if verified is not None:
        connection = await app.store.connections.with_company_name(verified.connection_id)
    # Credentials from another tenant's connection are as wrong as a typo: same answer, same words.
    if verified is None or connection is None or not security.equals(connection["tenant_id"], attempt.institution_id):
        await _refused(request, attempt)
        raise FeedFailure(fp.FeedErrorCode.INVALID_CREDENTIALS, "The user ID or password is not correct.")
    tenant = await app.tenants.get(connection["tenant_id"])
    token = security.token()
    # Only while the credentials are still valid: a revoke may have landed while we hashed.
    opened = await app.store.credentials.open_session(
        security.token_digest(token),
        verified.credential_id,
        connection["id"],
        attempt.username.strip().upper(),
        iso(tenant.now()),
    )
    if not opened:
        await _refused(request, attempt)
        raise FeedFailure(fp.FeedErrorCode.INVALID_CREDENTIALS, "The user ID or password is not correct.")
    rows = await app.store.accounts.of_connection(connection["id"])
    session = fp.FeedSession(
        token=token,
        connection_id=connection["id"],
        company_name=connection["company_name"],
        institution_name=tenant.settings.organization_name,
        accounts=[_feed_account(row, tenant.now()) for row in rows],
    )
    return _reply(session.to_json())


async def _refused(request: Request, attempt: fp.SignIn) -> None:
    """A refused sign-in is a step of the journey whose credential set the username names (revoked,
    or a wrong password); a username no set of this institution's tenant has belongs to no journey."""
    app = state(request)
    username = attempt.username.strip().upper()
    owner = await app.store.credentials.owner(username)
    if owner is None or not security.equals(owner["tenant_id"], attempt.institution_id):
        return
    now = (await app.tenants.get(owner["tenant_id"])).now()
    detail = {"username": username, "reason": "revoked" if owner["revoked"] else "password"}
    await app.store.journey.record(NewStep(owner["connection_id"], StepKind.SIGN_IN, iso(now), detail, failed=True))


async def link(request: Request) -> Response:
    bearer = await _bearer(request)
    try:
        wanted = fp.LinkRequest.from_json(await _read(request))
    except fp.FeedProtocolError as exc:
        raise FeedFailure(fp.FeedErrorCode.BAD_REQUEST, str(exc)) from None
    now = bearer.tenant.now()
    try:
        linked = await state(request).store.accounts.link(
            bearer.connection_id, bearer.credential_id, wanted.accounts, now
        )
    except AccountMissing as exc:
        raise FeedFailure(fp.FeedErrorCode.NOT_FOUND, f"No account {exc.args[0]!r} on this connection.") from None
    await _announce_link(request, bearer, [choice.source_account_id for choice in wanted.accounts], now)
    return _reply(fp.LinkResult(ConnectionStatus.LINKED.value, linked).to_json())


async def _announce_link(request: Request, bearer: Bearer, account_ids: list[str], now: dt.datetime) -> None:
    """Webhooks for a link: the connection is connected, and so is each chosen account."""
    app = state(request)
    connection, company, accounts = await events.connection_and_company(app, bearer.connection_id, now)
    public_url = app.settings.public_url
    tenant_id = bearer.tenant.id
    app.webhooks.emit(
        tenant_id, WebhookEvent.CONNECTION_CONNECTED, events.connection_payload(company, connection, public_url), now
    )
    for account in accounts:
        if account["id"] in account_ids:
            payload = events.source_account_payload(
                company, connection["id"], views.source_account_json(account, now), public_url
            )
            app.webhooks.emit(tenant_id, WebhookEvent.SOURCE_ACCOUNT_CONNECTED, payload, now)


async def _linked_account(request: Request, bearer: Bearer) -> Any:
    row = await state(request).store.accounts.get(bearer.connection_id, request.path_params["account_id"])
    if row is None:
        raise FeedFailure(fp.FeedErrorCode.NOT_FOUND, "No such account on this connection.")
    if row["credential_id"] is None or row["status"] != SourceAccountStatus.CONNECTED:
        raise FeedFailure(fp.FeedErrorCode.ACCOUNT_NOT_LINKED, "This account has not been linked in QuickBooks.")
    return row


async def transactions(request: Request) -> Response:
    bearer = await _bearer(request)
    account = await _linked_account(request, bearer)
    if account["disconnected_at"]:
        raise FeedFailure(fp.FeedErrorCode.ACCOUNT_DISCONNECTED, "This feed was disconnected in QuickBooks.")
    after_text = request.query_params.get("after", "0") or "0"
    limit_text = request.query_params.get("limit", str(fp.MAX_PAGE))
    plain = all(t.isascii() and t.isdigit() and len(t) <= 18 for t in (after_text, limit_text))
    if not plain or not 1 <= int(limit_text) <= fp.MAX_PAGE:
        raise FeedFailure(fp.FeedErrorCode.BAD_REQUEST, f"'after' is a cursor; 'limit' is 1 to {fp.MAX_PAGE}.")
    after, limit = int(after_text), int(limit_text)
    rows = await state(request).store.pushes.page(account["pk"], after, limit + 1)
    page = [
        fp.FeedTransaction(
            id=r["id"],
            date=dt.datetime.fromisoformat(r["date"]),
            description=r["description"],
            amount=Decimal(r["amount"]),
            balance=Decimal(r["balance"]),
            transaction_type=r["transaction_type"],
        )
        for r in rows[:limit]
    ]
    cursor = str(rows[:limit][-1]["seq"]) if page else str(after)
    return _reply(fp.TransactionPage(page, cursor, len(rows) > limit).to_json())


async def disconnect(request: Request) -> Response:
    bearer = await _bearer(request)
    account = await _linked_account(request, bearer)
    now = bearer.tenant.now()
    if not account["disconnected_at"]:
        await state(request).store.accounts.disconnect(account, iso(now))
        await timed.schedule_disconnect(state(request), bearer.tenant.id, bearer.connection_id, account["id"], now)
    status = lifecycle.account_status(account["status"], account["disconnected_at"] or iso(now), now)
    start = dt.date.fromisoformat(account["feed_start_date"][:10]) if account["feed_start_date"] else None
    return _reply(fp.LinkedAccount(account["id"], status, start).to_json())


async def feed_failure_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FeedFailure)
    return _reply(exc.error.to_json(), exc.error.status)


# Routes as data, mounted at fp.PREFIX in link_ui/app.py.
routes = [
    Route(fp.INSTITUTION_PATH.removeprefix(fp.PREFIX), institution, methods=["GET"]),
    Route(fp.SESSIONS_PATH.removeprefix(fp.PREFIX), sign_in, methods=["POST"]),
    Route(fp.LINKS_PATH.removeprefix(fp.PREFIX), link, methods=["POST"]),
    Route(fp.TRANSACTIONS_PATH.removeprefix(fp.PREFIX), transactions, methods=["GET"]),
    Route(fp.DISCONNECT_PATH.removeprefix(fp.PREFIX), disconnect, methods=["POST"]),
]
