"""`seed demo`: a whole demo for the caller's tenant, built from a seed, through the doors a user takes.

It creates a company, a QBO Bank Feeds connection and three source accounts through the provider's
Codat API (over HTTP, with the caller's own API key), gets one-time credentials, creates a QBO
company (realm), signs in and links the accounts through the feed protocol exactly as Connect does
(emulator/linking.py), writes seven days of transactions through the API, waits for the writes and
pulls them, so that For review shows them at once. What it builds comes from emulator/controls/demo_data.py.

All or nothing: when a step fails, the realm and the provider's company made so far are removed
(the company as far as the provider still answers) and the caller gets a clear error, never a 500.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from emulator import steps
from emulator.chart import account_name
from emulator.context import AppState, state
from emulator.controls import demo_data
from emulator.controls.shared import ControlError, control, json_object
from emulator.feed_client import FeedClientError
from emulator.linking import AccountTaken, link_feeds
from emulator.puller import pull_feeds
from emulator.steps import Trigger
from emulator.store import NewRealm, Row
from sandbox import feed_protocol as fp
from sandbox import provider_calls as calls
from sandbox.control_docs import Body, Operation, Reply, documented
from sandbox.i18n import LANGUAGES

MAX_SEED = 2**31 - 1
PUSH_WAIT_SECONDS = 15.0  # a bounded readiness poll: a write normally settles in milliseconds
PUSH_POLL_SECONDS = 0.02
# Codat's push statuses, as any API client spells them: the emulator never imports the provider's code.
PENDING, SUCCESS = "Pending", "Success"
CHOICES = {"locale": LANGUAGES, "view": ("accounting", "business")}  # the first is the default
T = TypeVar("T")


class SeedError(ControlError):
    """A seed that could not be built: its status and message are what the caller is answered."""


@dataclass(frozen=True)
class SeedOptions:
    seed: int = 1
    locale: str = "en"
    view: str = "accounting"


def parse_options(body: Any) -> SeedOptions:
    """The control's body (`{"seed"?, "locale"?, "view"?}`) or SeedError(400) saying what is wrong."""
    if not isinstance(body, dict):
        raise SeedError(400, "The body must be a JSON object.")
    unknown = set(body) - {"seed", *CHOICES}
    if unknown:
        raise SeedError(400, f"Unknown field(s): {', '.join(sorted(unknown))}.")
    seed = body.get("seed", 1)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise SeedError(400, f"'seed' must be a whole number from 0 to {MAX_SEED}.")
    chosen = {key: body.get(key, allowed[0]) for key, allowed in CHOICES.items()}
    for key, allowed in CHOICES.items():
        if chosen[key] not in allowed:
            raise SeedError(400, f"'{key}' must be " + " or ".join(f"'{a}'" for a in allowed) + ".")
    return SeedOptions(seed, chosen["locale"], chosen["view"])


class ProviderApi:
    """The provider's Codat API and controls (their calls are sandbox.provider_calls'), sent over the
    emulator's async client with the caller's own Authorization header; a refusal is a SeedError."""

    def __init__(self, http: httpx.AsyncClient, base_url: str, authorization: str) -> None:
        self.http, self.base_url = http, base_url.rstrip("/")
        self.headers = {"Authorization": authorization}

    async def send(self, call: calls.Call[T]) -> T:
        method, path = call.method, call.path
        try:
            response = await self.http.request(method, self.base_url + path, headers=self.headers, json=call.json)
        except httpx.HTTPError:
            raise SeedError(502, f"The provider's Bank Feeds API ({self.base_url}) did not answer.") from None
        if response.status_code == 401:
            raise SeedError(401, f"The provider refused this API key: {_message(response)}")
        if response.status_code >= 400:
            raise SeedError(
                502, f"The provider answered {response.status_code} to {method} {path}: {_message(response)}"
            )
        try:
            return call.answer(response)
        except (ValueError, KeyError, TypeError):
            raise SeedError(502, f"The provider's answer to {method} {path} is not what its API answers.") from None


def _message(response: httpx.Response) -> str:
    try:
        return str(response.json()["error"])
    except (ValueError, KeyError, TypeError):
        return response.text[:200] or response.reason_phrase


@dataclass(frozen=True)
class _Connection:
    company_id: str
    connection_id: str


async def seed_demo(app: AppState, provider: ProviderApi, tenant_id: str, options: SeedOptions) -> dict[str, Any]:
    """Builds the demo; returns the control's answer (without the sign-in URL, which the caller adds)."""
    name = demo_data.company_name(options.seed)
    settings = await provider.send(calls.settings())
    if settings.get("organizationName") == demo_data.PROVIDER_DEFAULT_INSTITUTION:
        await provider.send(calls.update_settings({"organizationName": demo_data.institution_name(options.seed)}))
    company = await provider.send(calls.create_company(name))
    try:
        return await _with_company(app, provider, tenant_id, options, company)
    except Exception:
        with contextlib.suppress(SeedError):  # best effort: the provider may be the reason this failed
            await provider.send(calls.delete_company(company["id"]))
        raise


async def _with_company(
    app: AppState, provider: ProviderApi, tenant_id: str, options: SeedOptions, company: dict[str, Any]
) -> dict[str, Any]:
    connection = await provider.send(calls.create_connection(company["id"]))
    where = _Connection(company["id"], connection["id"])
    plans = demo_data.accounts(options.seed)
    for plan in plans:
        await provider.send(calls.add_source_account(where.company_id, where.connection_id, _source_account(plan)))
    username, password = await provider.send(calls.generate_credentials(where.company_id, where.connection_id))
    try:
        institution = await app.feeds.institution(tenant_id)
        session = await app.feeds.sign_in(fp.SignIn(institution.institution_id, username, password))
    except FeedClientError as exc:
        raise SeedError(502, f"QuickBooks could not sign in to the provider: {exc.message}") from None
    opening = demo_data.qbo_opening_balances(options.seed)
    realm = await app.store.create_realm(tenant_id, company["name"], options.view, options.locale, opening)
    journey = _Journey(tenant_id, realm.realm_id, institution.name, username)
    try:
        written = await _link_and_write(
            app, provider, where, realm, session, plans, institution.today, options.locale, journey
        )
        connection = await provider.send(calls.get_connection(where.company_id, where.connection_id))  # a fresh link
    except Exception:
        await app.store.delete_realm(realm.realm_id)
        raise
    return {
        "seed": options.seed,
        "companyId": company["id"],
        "companyName": company["name"],
        "connectionId": connection["id"],
        "connectionStatus": connection["status"],
        "linkUrl": connection["linkUrl"],
        "institutionName": session.institution_name,
        "feedStartDate": (institution.today - dt.timedelta(days=fp.HISTORY_DAYS)).isoformat(),
        "sourceAccounts": [_account_answer(plan, written[plan.id], options.locale) for plan in plans],
        "realm": {"realmId": realm.realm_id, "email": realm.email, "password": realm.password},
    }


def _source_account(plan: demo_data.AccountPlan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "accountName": plan.name,
        "accountType": plan.account_type,
        "accountNumber": plan.number,
        "currency": demo_data.CURRENCY,
        "balance": float(plan.opening_balance),
    }


def _account_answer(
    plan: demo_data.AccountPlan, transactions: list[demo_data.TransactionPlan], locale: str
) -> dict[str, Any]:
    final = transactions[-1].balance if transactions else plan.opening_balance
    return {
        **_source_account(plan),
        "balance": float(final),
        "qboAccountName": account_name(plan.qbo_account, locale),
        "transactionsWritten": len(transactions),
    }


@dataclass(frozen=True)
class _Journey:
    """What the seed's QBO steps name: as if its user had picked the institution and signed in."""

    tenant_id: str
    realm_id: str
    institution: str
    username: str

    async def linked(
        self, app: AppState, session: fp.FeedSession, choices: list[fp.LinkChoice], feeds: list[Row]
    ) -> None:
        """The institution, the sign-in and Connect, as QBO's steps: the timeline shows the seed's link."""
        started = {str(feed["source_account_id"]): str(feed["start_date"]) for feed in feeds}
        for kind, detail in (
            (steps.INSTITUTION, {"institution": self.institution}),
            (steps.SIGN_IN, {"username": self.username}),
            (steps.CONNECT, {"accounts": steps.connected_accounts(session, choices, started)}),
        ):
            await app.steps.record(self.tenant_id, self.realm_id, kind, detail, connection_id=session.connection_id)


async def _link_and_write(
    app: AppState,
    provider: ProviderApi,
    where: _Connection,
    realm: NewRealm,
    session: fp.FeedSession,
    plans: list[demo_data.AccountPlan],
    today: dt.date,
    locale: str,
    journey: _Journey,
) -> dict[str, list[demo_data.TransactionPlan]]:
    """Links each source account to its QBO account, writes its transactions, then pulls them all;
    QBO's steps say so, as they would of a user's Link account and first pull."""
    qbo_ids = {row["name"]: str(row["id"]) for row in await app.store.accounts(realm.realm_id)}
    start = today - dt.timedelta(days=fp.HISTORY_DAYS)
    names = {p.id: account_name(p.qbo_account, locale) for p in plans}
    choices = [fp.LinkChoice(p.id, qbo_ids[names[p.id]], names[p.id], start) for p in plans]
    try:
        feeds = await link_feeds(app.store, app.feeds, app.nightly, realm.realm_id, session, choices)
    except (FeedClientError, AccountTaken) as exc:
        raise SeedError(502, f"QuickBooks could not link the accounts: {exc}") from None
    await journey.linked(app, session, choices, feeds)
    written = {p.id: demo_data.transactions(p) for p in plans}
    keys = [await _write(provider, where, account_id, rows, today) for account_id, rows in written.items()]
    await asyncio.gather(*(_settled(provider, where, key) for key in keys))
    pulls = await pull_feeds(app.store, app.feeds, await app.store.feeds(realm.realm_id))
    await app.steps.pulled(journey.tenant_id, Trigger.AUTOMATIC, pulls)
    return written


async def _write(
    provider: ProviderApi, where: _Connection, account_id: str, rows: list[demo_data.TransactionPlan], today: dt.date
) -> str:
    """One create-bank-transactions write (earliest first, as QBO requires); returns its push key."""
    transactions = [row.to_codat(today) for row in rows]
    call = calls.write_transactions(where.company_id, where.connection_id, account_id, transactions)
    return str((await provider.send(call))["pushOperationKey"])


async def _settled(provider: ProviderApi, where: _Connection, key: str) -> None:
    """Waits (bounded) until the push operation leaves Pending; anything but Success is an error."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PUSH_WAIT_SECONDS
    while True:
        operation = await provider.send(calls.push_operation(where.company_id, key))
        if operation["status"] == SUCCESS:
            return
        if operation["status"] != PENDING:
            reason = operation.get("errorMessage") or operation["status"]
            raise SeedError(502, f"The provider did not take the seeded transactions: {reason}")
        if loop.time() > deadline:
            raise SeedError(504, f"The provider's write {key} was still Pending after {PUSH_WAIT_SECONDS:.0f}s.")
        await asyncio.sleep(PUSH_POLL_SECONDS)


# -- the control: POST /_sandbox/seed ------------------------------------------------------------
SEED_OPTIONS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "seed": {"type": "integer", "minimum": 0, "maximum": MAX_SEED, "default": 1},
        **{key: {"enum": list(allowed), "default": allowed[0]} for key, allowed in CHOICES.items()},
    },
}
SEEDED = {
    "type": "object",
    "required": ["seed", "companyId", "connectionId", "sourceAccounts", "realm"],
    "properties": {
        "seed": {"type": "integer"},
        "companyId": {"type": "string"},
        "companyName": {"type": "string"},
        "connectionId": {"type": "string"},
        "connectionStatus": {"type": "string"},
        "linkUrl": {"type": "string"},
        "institutionName": {"type": "string"},
        "feedStartDate": {"type": "string", "format": "date"},
        "sourceAccounts": {"type": "array", "items": {"type": "object"}},
        "realm": {
            "type": "object",
            "required": ["realmId", "email", "password", "signInUrl"],
            "properties": {name: {"type": "string"} for name in ("realmId", "email", "password", "signInUrl")},
        },
    },
}


@documented(
    Operation(
        "Build a whole demo for this tenant from a seed",
        "Tenant",
        {200: Reply("What was built, and the QuickBooks sign-in to show it.", SEEDED)},
        description="A provider company with a linked connection, three source accounts and a week of "
        "transactions, and the QuickBooks company they arrived in. The same seed builds the same demo.",
        body=Body(SEED_OPTIONS, required=False),
        errors=(400, 502, 504),
    )
)
@control
async def seed_control(request: Request, tenant_id: str) -> Response:
    app = state(request)
    options = parse_options(await json_object(request))
    provider = ProviderApi(app.feeds.http, app.settings.provider_url, request.headers["authorization"])
    answer = await seed_demo(app, provider, tenant_id, options)
    answer["realm"]["signInUrl"] = str(request.url_for("sign_in"))
    # The answer carries the QBO password: no cache may keep it.
    return JSONResponse(answer, headers={"Cache-Control": "no-store"})
