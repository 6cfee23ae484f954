"""The Link account flow: institution, terms, sign-in, security check, accounts, start date, connect.

The flow's state lives server-side in a `link_flows` row; the signed session holds only its random id.
"Edit sign-in info" on a tile reuses the sign-in step to renew a feed's credentials.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from emulator.chart import DETAIL_TYPES, FEED_ACCOUNT_TYPES
from emulator.context import checked_form, current_user, page, redirect, state, translator
from emulator.feed_client import FeedClientError
from emulator.puller import pull_feeds
from emulator.store import Row
from sandbox import feed_protocol as fp
from sandbox.web import is_htmx

NEW = "__new__"
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


def long_date(day: dt.date, lang: str, t: Any) -> str:
    month = t(f"month.{day.month}")
    return f"{day.day} {month} {day.year}" if lang == "fr" else f"{month} {day.day}, {day.year}"


# -- flow state ------------------------------------------------------------------------------
async def _load(request: Request) -> tuple[Row, str, dict[str, Any]] | Response:
    user = await current_user(request)
    flow_id = request.session.get("flow")
    data = await state(request).store.flow(flow_id, int(user["id"])) if isinstance(flow_id, str) else None
    if data is None:
        return RedirectResponse(request.url_for("link_start"), status_code=303)
    return user, str(flow_id), data


async def _save(request: Request, user: Row, flow_id: str, data: dict[str, Any]) -> None:
    await state(request).store.save_flow(flow_id, int(user["id"]), data)


def _at_step(request: Request, data: dict[str, Any], *allowed: str) -> Response | None:
    """Sends the user to the flow's current step when they ask for another one."""
    if data["step"] in allowed:
        return None
    return RedirectResponse(request.url_for(f"link_{data['step']}"), status_code=303)


def _feed_error_page(request: Request, user: Row, exc: FeedClientError, data: dict[str, Any]) -> Response:
    code = "103" if exc.needs_new_credentials else "102"
    return page(request, "link/error.html", {"code": code, "flow": data}, user=user)


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
                "url": app_state.settings.provider_url,
                "logo": institution.logo_url if (institution.logo_url or "").startswith("https://") else None,
            }
        )
    except FeedClientError:
        unreachable = True
    institutions += [{"id": i, "name": n, "url": u, "logo": None} for i, n, u in DECOYS]
    if query:
        needle = query.casefold()
        institutions = [i for i in institutions if needle in i["name"].casefold() or needle in i["url"].casefold()]
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
        return _feed_error_page(request, user, exc, {"mode": "new"})
    if institution.institution_id != chosen:
        return RedirectResponse(request.url_for("link_start"), status_code=303)
    data = {
        "mode": "new",
        "step": "terms",
        "institution": {"id": institution.institution_id, "name": institution.name},
    }
    request.session["flow"] = await app_state.store.create_flow(int(user["id"]), data)
    return redirect(request, str(request.url_for("link_terms")))


# -- 2. terms --------------------------------------------------------------------------------
async def terms(request: Request) -> Response:
    loaded = await _load(request)
    if isinstance(loaded, Response):
        return loaded
    user, flow_id, data = loaded
    if (elsewhere := _at_step(request, data, "terms")) is not None:
        return elsewhere
    if request.method == "GET":
        return page(request, "link/terms.html", {"flow": data}, user=user)
    form = await checked_form(request)
    if form.get("agree") != "yes":
        return page(request, "link/terms.html", {"flow": data, "error": True}, user=user)
    data["step"] = "credentials"
    await _save(request, user, flow_id, data)
    return redirect(request, str(request.url_for("link_credentials")))


# -- 3. credentials --------------------------------------------------------------------------
async def credentials(request: Request) -> Response:
    loaded = await _load(request)
    if isinstance(loaded, Response):
        return loaded
    user, flow_id, data = loaded
    if (elsewhere := _at_step(request, data, "credentials", "verify")) is not None:
        return elsewhere
    if request.method == "GET":
        if data["step"] != "credentials":  # "Go back" from a later step
            data["step"] = "credentials"
            await _save(request, user, flow_id, data)
        return page(request, "link/credentials.html", {"flow": data}, user=user)
    form = await checked_form(request)
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    if not username or not password:
        return page(request, "link/credentials.html", {"flow": data, "missing": True}, user=user)
    app_state = state(request)
    try:
        session = await app_state.feeds.sign_in(fp.SignIn(data["institution"]["id"], username, password))
    except FeedClientError as exc:
        return _feed_error_page(request, user, exc, data)
    if data["mode"] == "reauth":
        return await _renew(request, user, flow_id, data, session)
    data.update(step="verify", session=session.to_json())
    await _save(request, user, flow_id, data)
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
        return page(request, "link/error.html", {"code": "103", "flow": data}, user=user)
    try:
        await app_state.feeds.link(session.token, fp.LinkRequest(choices))
    except FeedClientError as exc:
        return _feed_error_page(request, user, exc, data)
    renewed = [int(f["id"]) for f in feeds if f["source_account_id"] in known]
    await store.renew_feed_token(user["realm_id"], renewed, session.token)
    # Resume from each feed's stored cursor: nothing already pulled comes twice.
    await pull_feeds(store, app_state.feeds, [f for f in await store.feeds(user["realm_id"]) if f["id"] in renewed])
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
    loaded = await _load(request)
    if isinstance(loaded, Response):
        return loaded
    user, flow_id, data = loaded
    if (elsewhere := _at_step(request, data, "verify")) is not None:
        return elsewhere
    if request.method == "GET":
        return page(request, "link/verify.html", {"flow": data}, user=user)
    await checked_form(request)
    data["step"] = "accounts"
    await _save(request, user, flow_id, data)
    return redirect(request, str(request.url_for("link_accounts")))


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
            "earliest_long": long_date(earliest, t.lang, t),
            "older": older,
            "presets": presets,
            "errors": errors or [],
            "new_errors": new_errors or [],
            "new_for": new_for,
            "new_values": new_values or {"type": "Bank", "detail": "Checking", "name": ""},
            "account_types": FEED_ACCOUNT_TYPES,
            "detail_types": DETAIL_TYPES,
            "NEW": NEW,
            "focus": focus,
        },
        user=user,
    )


async def accounts(request: Request) -> Response:
    loaded = await _load(request)
    if isinstance(loaded, Response):
        return loaded
    user, flow_id, data = loaded
    if (elsewhere := _at_step(request, data, "accounts")) is not None:
        return elsewhere
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
    await _save(request, user, flow_id, data)
    return redirect(request, str(request.url_for("link_connecting")))


async def add_new_account(request: Request) -> Response:
    """+ Add new: creates a Bank or Credit Card account and maps the source account to it."""
    loaded = await _load(request)
    if isinstance(loaded, Response):
        return loaded
    user, _flow_id, data = loaded
    if (elsewhere := _at_step(request, data, "accounts")) is not None:
        return elsewhere
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
    loaded = await _load(request)
    if isinstance(loaded, Response):
        return loaded
    user, flow_id, data = loaded
    if (elsewhere := _at_step(request, data, "connecting")) is not None:
        return elsewhere
    if request.method == "GET":
        return page(request, "link/connecting.html", {"flow": data}, user=user)
    await checked_form(request)
    app_state = state(request)
    session = fp.FeedSession.from_json(data["session"])
    choices = [fp.LinkChoice.from_json(c) for c in data["choices"]]
    try:
        result = await app_state.feeds.link(session.token, fp.LinkRequest(choices))
    except FeedClientError as exc:
        return _feed_error_page(request, user, exc, data)
    store = app_state.store
    try:
        await store.add_feeds(user["realm_id"], session, choices, result)
    except Exception:  # another tab linked one of these QBO accounts meanwhile
        data["step"] = "accounts"
        await _save(request, user, flow_id, data)
        return redirect(request, str(request.url_for("link_accounts")))
    await store.delete_flow(flow_id)
    request.session.pop("flow", None)
    new_feeds = [f for f in await store.feeds(user["realm_id"]) if f["token"] == session.token]
    await pull_feeds(store, app_state.feeds, new_feeds)
    request.session["flash"] = ["banking.flash.connected", {"count": len(choices)}]
    first = str(new_feeds[0]["id"]) if new_feeds else ""
    url = request.url_for("banking").include_query_params(**({"account": first} if first else {}))
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": str(url)})
    return RedirectResponse(str(url), status_code=303)


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
    Route("/banking/link/accounts", accounts, methods=["GET", "POST"], name="link_accounts"),
    Route("/banking/link/accounts/new", add_new_account, methods=["POST"], name="link_add_new"),
    Route("/banking/link/connecting", connecting, methods=["GET", "POST"], name="link_connecting"),
    Route("/banking/link/cancel", cancel, methods=["POST"], name="link_cancel"),
    Route("/banking/feeds/{feed_id:int}/sign-in", edit_sign_in, methods=["POST"], name="edit_sign_in"),
]
