"""A tiny in-memory provider speaking the feed protocol, for the emulator's tests (never the product).

Tests drive it directly from Python: add accounts, issue credentials, push transactions, revoke.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox import feed_protocol as fp


@dataclass
class FakeTenant:
    name: str = "Fake Feeds Bank"
    today: dt.date = field(default_factory=lambda: dt.datetime.now(dt.UTC).date())
    accounts: dict[str, fp.FeedAccount] = field(default_factory=dict)
    credentials: dict[str, str] = field(default_factory=dict)
    transactions: dict[str, list[fp.FeedTransaction]] = field(default_factory=dict)
    links: dict[str, fp.LinkChoice] = field(default_factory=dict)
    disconnected: set[str] = field(default_factory=set)
    page_size: int = 2  # small pages, so paging is exercised
    held: threading.Event | None = None  # while set (and not yet released), transaction pages wait


class FakeProvider:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.tenants: dict[str, FakeTenant] = {}
        self.tokens: dict[str, str] = {}  # token -> tenant id
        self.down = False
        self.link_requests: list[fp.LinkRequest] = []

    # -- what tests call -------------------------------------------------------------------
    def tenant(self, tenant_id: str) -> FakeTenant:
        with self.lock:
            return self.tenants.setdefault(tenant_id, FakeTenant())

    def add_account(
        self, tenant_id: str, name: str, number: str, balance: str = "1000.00", kind: str = "checking"
    ) -> str:
        tenant = self.tenant(tenant_id)
        account_id = "acc-" + secrets.token_hex(4)
        tenant.accounts[account_id] = fp.FeedAccount(
            account_id, name, kind, "••••" + number[-4:], "CAD", Decimal(balance), "pending"
        )
        tenant.transactions[account_id] = []
        return account_id

    def issue_credentials(self, tenant_id: str) -> tuple[str, str]:
        username, password = "U-" + secrets.token_hex(4).upper(), secrets.token_urlsafe(12)
        self.tenant(tenant_id).credentials[username] = password
        return username, password

    def revoke(self, tenant_id: str) -> None:
        with self.lock:
            self.tenants[tenant_id].credentials.clear()
            for value, owner in list(self.tokens.items()):
                if owner == tenant_id:
                    del self.tokens[value]

    def hold_pulls(self, tenant_id: str) -> threading.Event:
        """From now on, this tenant's transaction pages wait until the returned event is set."""
        gate = threading.Event()
        self.tenant(tenant_id).held = gate
        return gate

    def push(self, tenant_id: str, account_id: str, description: str, amount: str, days_ago: int = 0) -> None:
        tenant = self.tenant(tenant_id)
        txns = tenant.transactions[account_id]
        balance = (txns[-1].balance if txns else tenant.accounts[account_id].balance or Decimal(0)) + Decimal(amount)
        when = dt.datetime.combine(tenant.today - dt.timedelta(days=days_ago), dt.time(10, 30))
        kind = "Credit" if Decimal(amount) >= 0 else "Debit"
        txns.append(fp.FeedTransaction("t-" + secrets.token_hex(5), when, description, Decimal(amount), balance, kind))


def create_fake_app(provider: FakeProvider) -> Starlette:
    def error(code: fp.FeedErrorCode, message: str) -> Response:
        err = fp.FeedError(code, message)
        return JSONResponse(err.to_json(), status_code=err.status)

    def bearer(request: Request) -> str | None:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        return provider.tokens.get(value) if scheme == "Bearer" else None

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def institution(request: Request) -> Response:
        if provider.down:
            return Response(status_code=503)
        tid = request.path_params["tenant_id"]
        tenant = provider.tenant(tid)
        now = dt.datetime.combine(tenant.today, dt.time(12, 0), tzinfo=dt.UTC)
        return JSONResponse(fp.Institution(tid, tenant.name, None, now).to_json())

    async def sessions(request: Request) -> Response:
        if provider.down:
            return Response(status_code=503)
        sign_in = fp.SignIn.from_json(await request.json())
        tenant = provider.tenants.get(sign_in.institution_id)
        stored = tenant.credentials.get(sign_in.username) if tenant else None
        if tenant is None or stored != sign_in.password:
            return error(fp.FeedErrorCode.INVALID_CREDENTIALS, "The sign-in info does not match.")
        token = secrets.token_urlsafe(24)
        provider.tokens[token] = sign_in.institution_id
        session = fp.FeedSession(token, "conn-1", "Fake Co", tenant.name, list(tenant.accounts.values()))
        return JSONResponse(session.to_json())

    async def links(request: Request) -> Response:
        tid = bearer(request)
        if tid is None:
            return error(fp.FeedErrorCode.INVALID_TOKEN, "The token is not valid.")
        tenant = provider.tenant(tid)
        link = fp.LinkRequest.from_json(await request.json())
        provider.link_requests.append(link)
        out = []
        for choice in link.accounts:
            tenant.links[choice.source_account_id] = choice
            start = fp.clamp_start_date(choice.start_date, tenant.today)
            out.append(fp.LinkedAccount(choice.source_account_id, "connected", start))
        return JSONResponse(fp.LinkResult("Linked", out).to_json())

    async def transactions(request: Request) -> Response:
        if provider.down:
            return Response(status_code=503)
        tid = bearer(request)
        if tid is None:
            return error(fp.FeedErrorCode.INVALID_TOKEN, "The token is not valid.")
        account_id = request.path_params["account_id"]
        tenant = provider.tenant(tid)
        if account_id not in tenant.links:
            return error(fp.FeedErrorCode.ACCOUNT_NOT_LINKED, "Not linked.")
        if tenant.held is not None:
            await asyncio.to_thread(tenant.held.wait, 30)
        after = int(request.query_params.get("after") or 0)
        txns = tenant.transactions[account_id]
        page = txns[after : after + tenant.page_size]
        cursor = str(after + len(page))
        return JSONResponse(fp.TransactionPage(page, cursor, after + len(page) < len(txns)).to_json())

    async def disconnect(request: Request) -> Response:
        tid = bearer(request)
        if tid is None:
            return error(fp.FeedErrorCode.INVALID_TOKEN, "The token is not valid.")
        account_id = request.path_params["account_id"]
        provider.tenant(tid).disconnected.add(account_id)
        return JSONResponse(fp.LinkedAccount(account_id, "disconnecting", None).to_json())

    routes: list[Any] = [
        Route("/_sandbox/health", health),
        Route(fp.INSTITUTION_PATH.replace("{tenant_id}", "{tenant_id}"), institution),
        Route(fp.SESSIONS_PATH, sessions, methods=["POST"]),
        Route(fp.LINKS_PATH, links, methods=["POST"]),
        Route(fp.TRANSACTIONS_PATH, transactions),
        Route(fp.DISCONNECT_PATH, disconnect, methods=["POST"]),
    ]
    return Starlette(routes=routes)
