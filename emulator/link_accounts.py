"""The Link account flow, steps 5 to 7: choose and map accounts (+ Add new), start date, connect."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from emulator import steps
from emulator.chart import DETAIL_TYPES, FEED_ACCOUNT_TYPES, feed_account_type
from emulator.context import checked_form, page, redirect, state, translator
from emulator.faults import QboError, Screen, marked_error
from emulator.feed_client import FeedClientError
from emulator.link_flow import feed_error, load_flow, record_step, save_flow, tenant_fault
from emulator.linking import AccountTaken, link_feeds
from emulator.puller import pull_feeds
from emulator.steps import Trigger
from emulator.store import Row
from sandbox import feed_protocol as fp
from sandbox.formatting import long_date
from sandbox.web import is_htmx

NEW = "__new__"


# -- 5 and 6. accounts and start date ----------------------------------------------------------
async def _today(request: Request, user: Row) -> dt.date:
    try:
        return (await state(request).feeds.institution(user["tenant_id"])).today
    except FeedClientError:
        return dt.datetime.now(dt.UTC).date()


def _choices_from(form: FormData | None, session: fp.FeedSession) -> dict[str, Any]:
    """What the user has entered so far on the accounts step, read back from the form."""
    if form is None:
        return {"ticked": [], "maps": {}, "start_date": ""}
    ticked = [v for v in form.getlist("accounts") if isinstance(v, str)]
    maps = {a.id: str(form.get(f"map_{a.id}") or "") for a in session.accounts}
    return {"ticked": ticked, "maps": maps, "start_date": str(form.get("start_date") or "")}


async def _accounts_page(
    request: Request,
    user: Row,
    data: dict[str, Any],
    entered: dict[str, Any],
    *,
    errors: list[tuple[str, dict[str, Any]]] | None = None,
    new_errors: list[str] | None = None,
    new_for: str = "",
    new_values: dict[str, str] | None = None,
    focus: str = "",
) -> Response:
    t = translator(request)
    session = fp.FeedSession.from_json(data["session"])
    today = await _today(request, user)
    earliest = today - dt.timedelta(days=fp.HISTORY_DAYS)
    start_date = entered["start_date"] or earliest.isoformat()
    try:
        older = dt.date.fromisoformat(start_date) < earliest
    except ValueError:
        older = False
    targets = await state(request).store.feedable_accounts(user["realm_id"])
    presets = [
        ("link.accounts.preset.today", today),
        ("link.accounts.preset.week", earliest),
        ("link.accounts.preset.month", today - dt.timedelta(days=30)),
        ("link.accounts.preset.year", dt.date(today.year, 1, 1)),
    ]
    return page(
        request,
        "link/accounts.html",
        {
            "flow": data,
            "session": session,
            "entered": entered,
            "targets": targets,
            "start_date": start_date,
            "today": today.isoformat(),
            "earliest": earliest.isoformat(),
            "earliest_long": long_date(earliest, t.lang),
            "older": older,
            "presets": presets,
            "errors": errors or [],
            "new_errors": new_errors or [],
            "new_for": new_for,
            "new_values": new_values or {"type": "Bank", "detail": "Checking", "name": ""},
            "account_types": FEED_ACCOUNT_TYPES,
            "feed_account_type": feed_account_type,
            "detail_types": DETAIL_TYPES,
            "NEW": NEW,
            "focus": focus,
        },
        user=user,
    )


async def accounts(request: Request) -> Response:
    loaded = await load_flow(request, "accounts")
    if isinstance(loaded, Response):
        return loaded
    user, flow_id, data = loaded
    session = fp.FeedSession.from_json(data["session"])
    if request.method == "GET":
        return await _accounts_page(request, user, data, _choices_from(None, session))
    form = await checked_form(request)
    entered = _choices_from(form, session)
    targets = {str(a["id"]): a["name"] for a in await state(request).store.feedable_accounts(user["realm_id"])}
    names = {a.id: a.name for a in session.accounts}
    errors: list[tuple[str, dict[str, Any]]] = []
    ticked = [sid for sid in entered["ticked"] if sid in names]
    if not ticked:
        errors.append(("link.accounts.error.none", {}))
    seen: dict[str, str] = {}
    for sid in ticked:
        target = entered["maps"].get(sid, "")
        if target not in targets:
            errors.append(("link.accounts.error.unmapped", {"name": names[sid]}))
        elif target in seen:
            errors.append(("link.accounts.error.duplicate", {"target": targets[target]}))
        else:
            seen[target] = sid
    try:
        start_date = dt.date.fromisoformat(entered["start_date"])
    except ValueError:
        errors.append(("link.accounts.error.date", {}))
        start_date = None
    if start_date and start_date > await _today(request, user):
        errors.append(("link.accounts.error.future", {}))
    if errors or start_date is None:
        return await _accounts_page(request, user, data, entered, errors=errors)
    data["choices"] = [
        fp.LinkChoice(sid, entered["maps"][sid], targets[entered["maps"][sid]], start_date).to_json() for sid in ticked
    ]
    data["step"] = "connecting"
    await save_flow(request, user, flow_id, data)
    return redirect(request, str(request.url_for("link_connecting")))


async def add_new_account(request: Request) -> Response:
    """+ Add new: creates a Bank or Credit Card account and maps the source account to it."""
    loaded = await load_flow(request, "accounts")
    if isinstance(loaded, Response):
        return loaded
    user, _flow_id, data = loaded
    form = await checked_form(request)
    session = fp.FeedSession.from_json(data["session"])
    entered = _choices_from(form, session)
    values = {k: str(form.get(f"new_{k}") or "").strip() for k in ("type", "detail", "name")}
    new_for = str(form.get("new_for") or "")
    if new_for not in entered["maps"]:
        new_for = next((sid for sid in entered["ticked"] if entered["maps"].get(sid) == NEW), "")
    problems = []
    if values["type"] not in DETAIL_TYPES:
        problems.append("link.new.error.type")
    elif values["detail"] not in DETAIL_TYPES[values["type"]]:
        problems.append("link.new.error.detail")
    if not values["name"] or len(values["name"]) > 100:
        problems.append("link.new.error.name")
    if not problems:
        created = await state(request).store.add_account(
            user["realm_id"], values["name"], values["type"], values["detail"]
        )
        if created is None:
            problems.append("link.new.error.exists")
        elif new_for:
            entered["maps"][new_for] = str(created)
            if new_for not in entered["ticked"]:
                entered["ticked"].append(new_for)
    if problems:
        return await _accounts_page(
            request, user, data, entered, new_errors=problems, new_for=new_for, new_values=values
        )
    # Back to the account's own select, now showing the new account.
    return await _accounts_page(request, user, data, entered, focus=new_for)


# -- 7. connect ------------------------------------------------------------------------------
async def connecting(request: Request) -> Response:
    """The progress state. Its partial polls with a POST, which does the linking and then redirects."""
    loaded = await load_flow(request, "connecting")
    if isinstance(loaded, Response):
        return loaded
    user, flow_id, data = loaded
    if request.method == "GET":
        return page(request, "link/connecting.html", {"flow": data}, user=user)
    await checked_form(request)
    app_state = state(request)
    session = fp.FeedSession.from_json(data["session"])
    choices = [fp.LinkChoice.from_json(c) for c in data["choices"]]
    ticked = {choice.source_account_id for choice in choices}
    names = (account.name for account in session.accounts if account.id in ticked)
    error = tenant_fault(request, user, Screen.CONNECT) or marked_error(names, Screen.CONNECT)
    if error is not None:
        return await _connect_failed(request, user, flow_id, data, error)
    store = app_state.store
    try:
        new_feeds = await link_feeds(store, app_state.feeds, app_state.nightly, user["realm_id"], session, choices)
    except AccountTaken:
        return await _back_to_accounts(request, user, flow_id, data)
    except FeedClientError as exc:
        return await _connect_failed(request, user, flow_id, data, feed_error(exc))
    await store.delete_flow(flow_id)
    request.session.pop("flow", None)
    started = {str(feed["source_account_id"]): str(feed["start_date"]) for feed in new_feeds}
    detail = {"accounts": steps.connected_accounts(session, choices, started)}
    await record_step(request, user, steps.CONNECT, detail, flow_id=flow_id, connection_id=session.connection_id)
    pulls = await pull_feeds(store, app_state.feeds, new_feeds)
    await app_state.steps.pulled(user["tenant_id"], Trigger.AUTOMATIC, pulls)
    request.session["flash"] = ["banking.flash.connected", {"count": len(choices)}]
    first = str(new_feeds[0]["id"]) if new_feeds else ""
    url = request.url_for("banking").include_query_params(**({"account": first} if first else {}))
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": str(url)})
    return RedirectResponse(str(url), status_code=303)


async def _connect_failed(request: Request, user: Row, flow_id: str, data: dict[str, Any], error: QboError) -> Response:
    """Shows Connect's error on its own page (the progress poll can't show a page in place), and
    records the failed Connect.

    An account not found goes back to choosing accounts; a sign-in problem back to signing in.
    """
    session = fp.FeedSession.from_json(data["session"])
    choices = [fp.LinkChoice.from_json(c) for c in data["choices"]]
    detail = {"accounts": steps.connected_accounts(session, choices), "error": error.value}
    await record_step(
        request, user, steps.CONNECT, detail, flow_id=flow_id, connection_id=session.connection_id, failed=True
    )
    back = {QboError.NOT_FOUND: "accounts", QboError.SIGN_IN: "credentials"}.get(error, data["step"])
    data.update(step=back, error=error.value)
    await save_flow(request, user, flow_id, data)
    return redirect(request, str(request.url_for("link_problem")))


async def _back_to_accounts(request: Request, user: Row, flow_id: str, data: dict[str, Any]) -> Response:
    data["step"] = "accounts"
    await save_flow(request, user, flow_id, data)
    return redirect(request, str(request.url_for("link_accounts")))


routes = [
    Route("/banking/link/accounts", accounts, methods=["GET", "POST"], name="link_accounts"),
    Route("/banking/link/accounts/new", add_new_account, methods=["POST"], name="link_add_new"),
    Route("/banking/link/connecting", connecting, methods=["GET", "POST"], name="link_connecting"),
]
