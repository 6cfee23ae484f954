"""The Bank transactions page: account tiles, the review tabs, Update, row actions, disconnect, views."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from emulator.context import (
    checked_form,
    current_user,
    language,
    money,
    page,
    redirect,
    state,
)
from emulator.feed_client import FeedClientError
from emulator.puller import pull_company

TABS = ("review", "categorized", "excluded")


async def banking(request: Request) -> Response:
    user = await current_user(request)
    store = state(request).store
    realm_id = user["realm_id"]
    feeds = await store.feeds(realm_id)
    balances = await store.balances(realm_id)
    tab = request.query_params.get("tab", "review")
    tab = tab if tab in TABS else "review"
    selected = None
    wanted = request.query_params.get("account", "")
    for feed in feeds:
        if str(feed["id"]) == wanted:
            selected = feed
    if selected is None and feeds:
        live = [f for f in feeds if f["status"] != "disconnected"]
        selected = (live or feeds)[0]
    rows = await store.transactions(realm_id, int(selected["id"]), tab) if selected else []
    flash = request.session.pop("flash", None)
    return page(
        request,
        "banking.html",
        {
            "feeds": feeds,
            "balances": balances,
            "selected": selected,
            "tab": tab,
            "rows": rows,
            "flash": flash,
            "money": lambda v: money(v, language(request)),
        },
        user=user,
    )


async def bookkeeping(request: Request) -> Response:
    user = await current_user(request)
    return page(request, "bookkeeping.html", {}, user=user)


def _back(request: Request, account: str | None, tab: str | None = None) -> str:
    url = request.url_for("banking").include_query_params(**({"account": account} if account else {}))
    if tab in TABS and tab != "review":
        url = url.include_query_params(tab=tab)
    return str(url)


async def update(request: Request) -> Response:
    """Update: pull every live feed of this company now."""
    user = await current_user(request)
    form = await checked_form(request)
    app_state = state(request)
    feeds = await app_state.store.feeds(user["realm_id"])
    added = await pull_company(app_state.store, app_state.feeds, app_state.faults, user["tenant_id"], feeds)
    request.session["flash"] = ["banking.flash.updated", {"count": added}]
    return redirect(request, _back(request, str(form.get("account") or "") or None))


# action -> (new state, states it may come from)
_ACTIONS = {
    "add": ("categorized", ("review",)),
    "accept": ("categorized", ("review",)),
    "exclude": ("excluded", ("review",)),
    "undo": ("review", ("categorized", "excluded")),
}


async def transactions_action(request: Request) -> Response:
    user = await current_user(request)
    form = await checked_form(request)
    account = str(form.get("account") or "") or None
    tab = str(form.get("tab") or "")
    one = str(form.get("one") or "")
    if one:
        action, _, raw_id = one.partition(":")
        ids = [int(raw_id)] if raw_id.isdigit() else []
    else:
        action = str(form.get("batch") or "")
        ids = [int(v) for v in form.getlist("ids") if isinstance(v, str) and v.isdigit()]
    if action in _ACTIONS and ids:
        new_state, from_states = _ACTIONS[action]
        changed = await state(request).store.set_transaction_state(user["realm_id"], ids, new_state, from_states)
        request.session["flash"] = [f"banking.flash.{action}", {"count": changed}]
    elif not ids:
        request.session["flash"] = ["banking.flash.none_ticked", {}]
    return redirect(request, _back(request, account, tab))


async def disconnect(request: Request) -> Response:
    user = await current_user(request)
    await checked_form(request)
    app_state = state(request)
    feed = await app_state.store.feed(user["realm_id"], int(request.path_params["feed_id"]))
    if feed is None or feed["status"] == "disconnected":
        return redirect(request, _back(request, None))
    try:
        await app_state.feeds.disconnect(feed["token"], feed["source_account_id"])
    except FeedClientError as exc:
        # A revoked token can't tell the provider; QBO stops pulling all the same.
        if not exc.needs_new_credentials:
            request.session["flash"] = ["error.102.text", {}]
            return redirect(request, _back(request, str(feed["id"])))
    await app_state.store.disconnect_feed(user["realm_id"], int(feed["id"]))
    request.session["flash"] = ["banking.flash.disconnected", {"name": feed["account_name"]}]
    return redirect(request, _back(request, str(feed["id"])))


async def switch_view(request: Request) -> Response:
    user = await current_user(request)
    form = await checked_form(request)
    view = str(form.get("view") or "")
    if view in ("accounting", "business"):
        await state(request).store.set_view(int(user["id"]), view)
    return redirect(request, str(request.url_for("banking")))


routes = [
    Route("/banking", banking, methods=["GET"], name="banking"),
    Route("/bookkeeping", bookkeeping, methods=["GET"], name="bookkeeping"),
    Route("/banking/update", update, methods=["POST"], name="update"),
    Route("/banking/transactions", transactions_action, methods=["POST"], name="transactions_action"),
    Route("/banking/feeds/{feed_id:int}/disconnect", disconnect, methods=["POST"], name="disconnect"),
    Route("/view", switch_view, methods=["POST"], name="switch_view"),
]
