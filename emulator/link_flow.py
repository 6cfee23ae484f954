"""The Link account flow, steps 1 to 4: institution, terms, sign-in, security check; and its state.

The flow's state lives server-side in a `link_flows` row; the signed session holds only its random id.
"Edit sign-in info" on a tile reuses the sign-in step to renew a feed's credentials.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from emulator import steps
from emulator.context import checked_form, current_user, page, redirect, state
from emulator.faults import MAGIC_CODE, MAX_CODE_ATTEMPTS, QboError, Screen, code_matches, marked_error
from emulator.feed_client import FeedClientError
from emulator.puller import pull_feeds
from emulator.steps import Trigger
from emulator.store import Row
from sandbox import feed_protocol as fp
from sandbox.web import is_htmx

# Fictional institutions that fill the grid, as a real institution list would. None can be used.
DECOYS = [
    ("decoy-maple", "Maple Leaf Credit Union", "mapleleafcu.example"),
    ("decoy-prairie", "Northern Prairie Bank", "northernprairie.example"),
    ("decoy-harbour", "Harbourfront Trust", "harbourfronttrust.example"),
    ("decoy-evergreen", "Evergreen Savings", "evergreensavings.example"),
    ("decoy-granite", "Granite Peak Bank", "granitepeak.example"),
    ("decoy-aurora", "Aurora Community Bank", "auroracommunity.example"),
    ("decoy-lakeshore", "Lakeshore Financial", "lakeshorefinancial.example"),
]


def domain_label(name: str) -> str:
    """A domain-like label for an institution's tile: "Bank of Dave" -> "bankofdave.example"."""
    letters = "".join(ch for ch in unicodedata.normalize("NFKD", name.casefold()) if ch.isascii() and ch.isalnum())
    return f"{letters or 'sandbox'}.example"


# -- flow state ------------------------------------------------------------------------------
async def load_flow(request: Request, *steps: str) -> tuple[Row, str, dict[str, Any]] | Response:
    """The signed-in user's Link account flow, at one of `steps`; otherwise where to go instead."""
    user = await current_user(request)
    flow_id = request.session.get("flow")
    data = await state(request).store.flow(flow_id, int(user["id"])) if isinstance(flow_id, str) else None
    if data is None:
        return RedirectResponse(request.url_for("link_start"), status_code=303)
    if steps and (elsewhere := at_step(request, data, *steps)) is not None:
        return elsewhere
    return user, str(flow_id), data


async def save_flow(request: Request, user: Row, flow_id: str, data: dict[str, Any]) -> None:
    await state(request).store.save_flow(flow_id, int(user["id"]), data)


def at_step(request: Request, data: dict[str, Any], *allowed: str) -> Response | None:
    """Sends the user to the flow's current step when they ask for another one."""
    if data["step"] in allowed:
        return None
    return RedirectResponse(request.url_for(f"link_{data['step']}"), status_code=303)


# Where an error page's Go back leads, by error; any other error goes back to Bank transactions.
GO_BACK = {QboError.SIGN_IN: "link_credentials", QboError.NOT_FOUND: "link_accounts"}


def error_page(request: Request, user: Row, error: QboError, data: dict[str, Any]) -> Response:
    back = GO_BACK.get(error) if data.get("step") else None
    url = request.url_for(back or "banking")
    return page(request, "link/error.html", {"code": error.value, "back": url}, user=user)


def feed_error_page(request: Request, user: Row, exc: FeedClientError, data: dict[str, Any]) -> Response:
    return error_page(request, user, feed_error(exc), data)


def feed_error(exc: FeedClientError) -> QboError:
    return QboError.SIGN_IN if exc.needs_new_credentials else QboError.UNAVAILABLE


async def record_step(
    request: Request,
    user: Row,
    kind: str,
    detail: dict[str, Any],
    *,
    flow_id: str | None = None,
    connection_id: str | None = None,
    failed: bool = False,
) -> None:
    """Records a step of the user's journey in QBO (emulator/steps.py)."""
    await state(request).steps.record(
        user["tenant_id"], user["realm_id"], kind, detail, connection_id=connection_id, flow_id=flow_id, failed=failed
    )


def shown_reason(request: Request, error: QboError) -> str:
    """What an error page says, in English, for the steps' record."""
    title = state(request).catalogues.translator("en")(f"error.{error.value}.title")
    return f"{title} [Error {error.value}]"


async def sign_in_refused(
    request: Request, user: Row, flow_id: str, data: dict[str, Any], username: str, error: QboError
) -> Response:
    """The sign-in step's error page, recorded as a failed sign-in."""
    detail = {"username": username, "reason": shown_reason(request, error), "error": error.value}
    await record_step(request, user, steps.SIGN_IN, detail, flow_id=flow_id, failed=True)
    return error_page(request, user, error, data)


def tenant_fault(request: Request, user: Row, screen: Screen) -> QboError | None:
    """The error an armed fault makes this screen show now, if any (counting one use of it)."""
    fault = state(request).faults.take(user["tenant_id"], screen)
    return fault.error if fault else None


async def problem(request: Request) -> Response:
    """The flow's last error, for requests that could not show it in place (Connect's progress poll)."""
    loaded = await load_flow(request)
    if isinstance(loaded, Response):
        return loaded
    user, flow_id, data = loaded
    try:
        error = QboError(str(data.pop("error", None)))
    except ValueError:
        return RedirectResponse(request.url_for(f"link_{data['step']}"), status_code=303)
    await save_flow(request, user, flow_id, data)  # shown once: a reload goes on to the flow's step
    return error_page(request, user, error, data)


# -- 1. institution ----------------------------------------------------------------------------
async def start(request: Request) -> Response:
    user = await current_user(request)
    app_state = state(request)
    query = request.query_params.get("q", "").strip()
    institutions: list[dict[str, Any]] = []
    unreachable = False
    try:
        institution = await app_state.feeds.institution(user["tenant_id"])
        institutions.append(
            {
                "id": institution.institution_id,
                "name": institution.name,
                "url": domain_label(institution.name),  # as the decoys show theirs; search finds the real URL too
                "address": app_state.settings.provider_url,
                "logo": institution.logo_url if (institution.logo_url or "").startswith("https://") else None,
            }
        )
    except FeedClientError:
        unreachable = True
    institutions += [{"id": i, "name": n, "url": u, "logo": None} for i, n, u in DECOYS]
    if query:
        needle = query.casefold()
        institutions = [
            i
            for i in institutions
            if any(needle in str(i.get(field, "")).casefold() for field in ("name", "url", "address"))
        ]
    context = {"institutions": institutions, "q": query, "unreachable": unreachable, "unavailable": None}
    if is_htmx(request) and request.headers.get("hx-target") == "institution-results":
        return page(request, "link/_institutions.html", context, user=user)
    return page(request, "link/institutions.html", context, user=user)


async def choose_institution(request: Request) -> Response:
    user = await current_user(request)
    form = await checked_form(request)
    chosen = str(form.get("institution") or "")
    decoy = next((name for i, name, _ in DECOYS if i == chosen), None)
    app_state = state(request)
    if decoy is not None or not chosen:
        return page(
            request,
            "link/institutions.html",
            {"institutions": [], "q": "", "unreachable": False, "unavailable": decoy or "?"},
            user=user,
        )
    try:
        institution = await app_state.feeds.institution(user["tenant_id"])
    except FeedClientError as exc:
        return feed_error_page(request, user, exc, {"mode": "new"})
    if institution.institution_id != chosen:
        return RedirectResponse(request.url_for("link_start"), status_code=303)
    if (error := tenant_fault(request, user, Screen.INSTITUTION)) is not None:
        detail = {"institution": institution.name, "error": error.value}
        await record_step(request, user, steps.INSTITUTION, detail, failed=True)
        return error_page(request, user, error, {"mode": "new"})
    data = {
        "mode": "new",
        "step": "terms",
        "institution": {"id": institution.institution_id, "name": institution.name},
    }
    flow_id = await app_state.store.create_flow(int(user["id"]), data)
    request.session["flow"] = flow_id
    await record_step(request, user, steps.INSTITUTION, {"institution": institution.name}, flow_id=flow_id)
    return redirect(request, str(request.url_for("link_terms")))


# -- 2. terms --------------------------------------------------------------------------------
async def terms(request: Request) -> Response:
    loaded = await load_flow(request, "terms")
    if isinstance(loaded, Response):
        return loaded
    user, flow_id, data = loaded
    if request.method == "GET":
        return page(request, "link/terms.html", {"flow": data}, user=user)
    form = await checked_form(request)
    if form.get("agree") != "yes":
        return page(request, "link/terms.html", {"flow": data, "error": True}, user=user)
    data["step"] = "credentials"
    await save_flow(request, user, flow_id, data)
    return redirect(request, str(request.url_for("link_credentials")))


# -- 3. credentials --------------------------------------------------------------------------
async def credentials(request: Request) -> Response:
    loaded = await load_flow(request, "credentials", "verify")
    if isinstance(loaded, Response):
        return loaded
    user, flow_id, data = loaded
    if request.method == "GET":
        if data["step"] != "credentials":  # "Go back" from a later step
            data["step"] = "credentials"
            await save_flow(request, user, flow_id, data)
        return page(request, "link/credentials.html", {"flow": data}, user=user)
    form = await checked_form(request)
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    if not username or not password:
        return page(request, "link/credentials.html", {"flow": data, "missing": True}, user=user)
    app_state = state(request)
    refusals = (QboError.UNAVAILABLE, QboError.SIGN_IN)
    refused = app_state.faults.take(user["tenant_id"], Screen.SIGN_IN, errors=refusals)
    if refused is not None:  # the bank refused before checking anything
        return await sign_in_refused(request, user, flow_id, data, username, refused.error)
    try:
        session = await app_state.feeds.sign_in(fp.SignIn(data["institution"]["id"], username, password))
    except FeedClientError as exc:
        return await sign_in_refused(request, user, flow_id, data, username, feed_error(exc))
    await app_state.steps.signed_in(user["tenant_id"], flow_id, session.connection_id)
    marked = marked_error((a.name for a in session.accounts), Screen.SIGN_IN)
    if marked in refusals:
        return await sign_in_refused(request, user, flow_id, data, username, marked)
    await record_step(
        request, user, steps.SIGN_IN, {"username": username}, flow_id=flow_id, connection_id=session.connection_id
    )
    # Extra authentication comes only after a correct sign-in: only then does it count a use.
    extra = app_state.faults.take(user["tenant_id"], Screen.SIGN_IN, errors=[QboError.EXTRA_AUTH])
    challenge = extra.code if extra is not None else MAGIC_CODE if marked is QboError.EXTRA_AUTH else None
    if challenge is None and data["mode"] == "reauth":
        return await _renew(request, user, flow_id, data, session)
    data.update(step="verify", session=session.to_json(), challenge=challenge, attempts=0)
    await save_flow(request, user, flow_id, data)
    return redirect(request, str(request.url_for("link_verify")))


async def _renew(request: Request, user: Row, flow_id: str, data: dict[str, Any], session: fp.FeedSession) -> Response:
    """Edit sign-in info: link the same accounts again with the new credentials, then resume pulling."""
    app_state = state(request)
    store = app_state.store
    feeds = [f for f in await store.feeds(user["realm_id"]) if int(f["id"]) in data["feed_ids"]]
    known = {a.id for a in session.accounts}
    choices = [
        fp.LinkChoice(
            f["source_account_id"],
            str(f["account_id"]),
            f["account_name"],
            dt.date.fromisoformat(f["start_date"]),
        )
        for f in feeds
        if f["source_account_id"] in known
    ]
    if not choices:
        return error_page(request, user, QboError.SIGN_IN, data)
    try:
        await app_state.feeds.link(session.token, fp.LinkRequest(choices))
    except FeedClientError as exc:
        return feed_error_page(request, user, exc, data)
    renewed = [int(f["id"]) for f in feeds if f["source_account_id"] in known]
    await store.renew_feed_token(user["realm_id"], renewed, session.token)
    # Resume from each feed's stored cursor: nothing already pulled comes twice.
    again = [f for f in await store.feeds(user["realm_id"]) if f["id"] in renewed]
    await app_state.steps.pulled(user["tenant_id"], Trigger.AUTOMATIC, await pull_feeds(store, app_state.feeds, again))
    await store.delete_flow(flow_id)
    request.session.pop("flow", None)
    request.session["flash"] = ["banking.flash.reconnected", {}]
    return redirect(request, str(request.url_for("banking")))


async def edit_sign_in(request: Request) -> Response:
    """The tile's Edit sign-in info: a short flow straight to the sign-in step for that connection."""
    user = await current_user(request)
    await checked_form(request)
    store = state(request).store
    feed = await store.feed(user["realm_id"], int(request.path_params["feed_id"]))
    if feed is None:
        return redirect(request, str(request.url_for("banking")))
    siblings = [
        int(f["id"])
        for f in await store.feeds(user["realm_id"])
        if f["connection_id"] == feed["connection_id"] and f["status"] == "active"
    ]
    tenant_institution = await _institution_id(request, user)
    data = {
        "mode": "reauth",
        "step": "credentials",
        "institution": {"id": tenant_institution, "name": feed["institution_name"]},
        "feed_ids": siblings,
    }
    request.session["flow"] = await store.create_flow(int(user["id"]), data)
    return redirect(request, str(request.url_for("link_credentials")))


async def _institution_id(request: Request, user: Row) -> str:
    try:
        return (await state(request).feeds.institution(user["tenant_id"])).institution_id
    except FeedClientError:
        return str(user["tenant_id"])


# -- 4. security check -----------------------------------------------------------------------
async def verify(request: Request) -> Response:
    loaded = await load_flow(request, "verify")
    if isinstance(loaded, Response):
        return loaded
    user, flow_id, data = loaded
    if request.method == "GET":
        return page(request, "link/verify.html", {"flow": data}, user=user)
    form = await checked_form(request)
    challenge = data.get("challenge")
    if challenge is not None and not code_matches(challenge, str(form.get("code") or "")):
        # Counted in one write, so that codes sent at once can't share one count.
        attempts = await state(request).store.count_flow_attempt(flow_id, int(user["id"]))
        if attempts >= MAX_CODE_ATTEMPTS:  # the bank gives up: sign in again
            data.update(step="credentials", session=None, challenge=None, attempts=0)
            await save_flow(request, user, flow_id, data)
            return error_page(request, user, QboError.SIGN_IN, data)
        return page(request, "link/verify.html", {"flow": data, "wrong_code": True}, user=user)
    if data["mode"] == "reauth":
        return await _renew(request, user, flow_id, data, fp.FeedSession.from_json(data["session"]))
    data.update(step="accounts", challenge=None)
    await save_flow(request, user, flow_id, data)
    return redirect(request, str(request.url_for("link_accounts")))


async def cancel(request: Request) -> Response:
    user = await current_user(request)
    await checked_form(request)
    flow_id = request.session.pop("flow", None)
    if isinstance(flow_id, str) and await state(request).store.flow(flow_id, int(user["id"])) is not None:
        await state(request).store.delete_flow(flow_id)
    return redirect(request, str(request.url_for("banking")))


routes = [
    Route("/banking/link", start, methods=["GET"], name="link_start"),
    Route("/banking/link", choose_institution, methods=["POST"]),
    Route("/banking/link/terms", terms, methods=["GET", "POST"], name="link_terms"),
    Route("/banking/link/sign-in", credentials, methods=["GET", "POST"], name="link_credentials"),
    Route("/banking/link/verify", verify, methods=["GET", "POST"], name="link_verify"),
    Route("/banking/link/cancel", cancel, methods=["POST"], name="link_cancel"),
    Route("/banking/link/problem", problem, methods=["GET"], name="link_problem"),
    Route("/banking/feeds/{feed_id:rowid}/sign-in", edit_sign_in, methods=["POST"], name="edit_sign_in"),
]
