"""The Bank transactions page: account tiles, the review tabs a page at a time, Update, row and batch
actions, disconnect, views."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import URL
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from emulator import steps
from emulator.context import (
    checked_form,
    current_user,
    language,
    page,
    redirect,
    state,
)
from emulator.faults import QboError
from emulator.feed_client import FeedClientError
from emulator.link_flow import record_step
from emulator.paging import ROWS_PER_PAGE, Paging, whole
from emulator.pull_jobs import PullJob
from emulator.puller import pull_company
from sandbox.formatting import money, short_date, whole_number
from sandbox.web import is_htmx

TABS = ("review", "categorized", "excluded")
_TAB_COUNT = {"review": "to_review", "categorized": "categorized_count", "excluded": "excluded_count"}


def list_url(
    request: Request, account: str | None, tab: str | None = None, page_number: int = 1, rows: int | None = None
) -> URL:
    """A page of a tab of an account's register, with only the query parameters that differ from the defaults."""
    params: dict[str, Any] = {"account": account} if account else {}
    if tab in TABS and tab != "review":
        params["tab"] = tab
    if page_number > 1:
        params["page"] = page_number
    if rows is not None and rows != ROWS_PER_PAGE[0]:
        params["rows"] = rows
    return request.url_for("banking").include_query_params(**params)


def _flash(request: Request, lang: str) -> list[Any] | None:
    """The message left by the last action (the catalogue writes its count in the language's plural form)."""
    flash = request.session.pop("flash", None)
    if not flash:
        return None
    key, params = flash
    return [key, params]


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
    paging, rows = None, []
    if selected is not None:
        total = int(selected[_TAB_COUNT[tab]])
        paging = Paging.from_query(request.query_params, total)
        rows = await store.transaction_page(
            realm_id, int(selected["id"]), tab, paging.offset, paging.per_page, paging.total
        )
    lang = language(request)
    account = str(selected["id"]) if selected is not None else None

    def page_url(number: int = 1, rows: int | None = None) -> URL:
        return list_url(request, account, tab, number, rows or (paging.per_page if paging else None))

    return page(
        request,
        "banking.html",
        {
            "feeds": feeds,
            "balances": balances,
            "selected": selected,
            "tab": tab,
            "rows": rows,
            "paging": paging,
            "rows_per_page": ROWS_PER_PAGE,
            "page_url": page_url,
            "flash": _flash(request, lang),
            "money": lambda v: money(v, lang),
            "number": lambda n: whole_number(n, lang),
            "short_date": lambda d: short_date(d, lang),
        },
        user=user,
    )


async def bookkeeping(request: Request) -> Response:
    user = await current_user(request)
    return page(request, "bookkeeping.html", {}, user=user)


def _back(request: Request, form: Any) -> str:
    """Where a form on the register returns to: the same account, tab, page and rows per page."""
    field = {name: str(form.get(name) or "") for name in ("account", "tab", "page", "rows")}
    page_number = whole(field["page"]) or 1
    return str(list_url(request, field["account"] or None, field["tab"], page_number, whole(field["rows"])))


# -- Update: a pull of every live feed; a long one carries on while its page polls --------------
async def update(request: Request) -> Response:
    """Update: pull every live feed of this company now, showing progress when it takes a while."""
    user = await current_user(request)
    form = await checked_form(request)
    app_state = state(request)
    tenant_id, realm_id = str(user["tenant_id"]), str(user["realm_id"])

    async def work(job: PullJob) -> int:
        feeds = await app_state.store.feeds(realm_id)
        store, client, faults = app_state.store, app_state.feeds, app_state.faults
        return await pull_company(store, client, faults, app_state.steps, tenant_id, feeds, progress=job.count)

    job = app_state.pulls.start(realm_id, str(form.get("account") or "") or None, work)
    if await app_state.pulls.wait(job, app_state.settings.update_wait_seconds):
        return await _update_done(request, job)
    return redirect(request, str(request.url_for("update_progress", job_id=job.id)))


async def update_progress(request: Request) -> Response:
    """The progress state of a long Update: its partial polls this (htmx); without JS the page refreshes."""
    user = await current_user(request)
    job = state(request).pulls.get(request.path_params["job_id"], str(user["realm_id"]))
    if job is None:  # done and shown already, or from before a restart
        return redirect(request, str(list_url(request, None)))
    if job.done:
        return await _update_done(request, job)
    lang = language(request)
    context = {"job": job, "number": lambda n: whole_number(n, lang)}
    if is_htmx(request) and request.headers.get("hx-boosted") != "true":
        return page(request, "banking/_update_progress.html", context, user=user)
    return page(request, "banking/updating.html", context, user=user)


async def _update_done(request: Request, job: PullJob) -> Response:
    """Update's result, in words that agree with the tiles: an error on every live feed isn't "complete"."""
    state(request).pulls.forget(job)
    added = job.result()
    feeds = await state(request).store.feeds(job.realm_id)
    live = [feed for feed in feeds if feed["status"] != "disconnected"]
    failing = [feed for feed in live if feed["error_code"]]
    if added is None:
        request.session["flash"] = ["banking.flash.update_failed", {}]
    elif live and len(failing) == len(live):
        request.session["flash"] = ["banking.flash.update_errors", {"count": len(failing)}]
    elif failing:
        request.session["flash"] = ["banking.flash.updated_some_errors", {"count": added}]
    else:
        request.session["flash"] = ["banking.flash.updated", {"count": added}]
    return redirect(request, str(list_url(request, job.account)))


# -- row and batch actions ----------------------------------------------------------------------
# action -> (new state, states it may come from)
_ACTIONS = {
    "add": ("categorized", ("review",)),
    "accept": ("categorized", ("review",)),
    "exclude": ("excluded", ("review",)),
    "undo": ("review", ("categorized", "excluded")),
}


def _ids(values: list[Any]) -> list[int]:
    return [int(v) for v in values if isinstance(v, str) and v.isascii() and v.isdigit() and len(v) <= 18]


async def transactions_action(request: Request) -> Response:
    """One row's button, or a batch action on the rows ticked on this page ("select all on this
    page" ticks every row the page showed, listed in `page_ids`)."""
    user = await current_user(request)
    form = await checked_form(request)
    one = str(form.get("one") or "")
    if one:
        action, _, raw_id = one.partition(":")
        ids = _ids([raw_id])
    else:
        action = str(form.get("batch") or "")
        ticked = _ids(form.getlist("ids"))
        if form.get("all") == "page":
            ticked += _ids(str(form.get("page_ids") or "").split(","))
        ids = sorted(set(ticked))[: max(ROWS_PER_PAGE)]
    if action in _ACTIONS and ids:
        new_state, from_states = _ACTIONS[action]
        changed = await state(request).store.set_transaction_state(user["realm_id"], ids, new_state, from_states)
        request.session["flash"] = [f"banking.flash.{action}", {"count": changed}]
    elif not ids:
        request.session["flash"] = ["banking.flash.none_ticked", {}]
    return redirect(request, _back(request, form))


async def disconnect(request: Request) -> Response:
    user = await current_user(request)
    await checked_form(request)
    app_state = state(request)
    feed = await app_state.store.feed(user["realm_id"], int(request.path_params["feed_id"]))
    if feed is None or feed["status"] == "disconnected":
        return redirect(request, str(list_url(request, None)))
    step = {"sourceAccountId": feed["source_account_id"]}

    async def record(detail: dict[str, str], failed: bool = False) -> None:
        await record_step(request, user, steps.DISCONNECT, detail, connection_id=feed["connection_id"], failed=failed)

    try:
        await app_state.feeds.disconnect(feed["token"], feed["source_account_id"])
    except FeedClientError as exc:
        # A revoked token can't tell the provider; QBO stops pulling all the same.
        if not exc.needs_new_credentials:
            await record({**step, "error": QboError.UNAVAILABLE.value}, failed=True)
            request.session["flash"] = ["error.102.text", {}]
            return redirect(request, str(list_url(request, str(feed["id"]))))
    await app_state.store.disconnect_feed(user["realm_id"], int(feed["id"]))
    await record(step)
    request.session["flash"] = ["banking.flash.disconnected", {"name": feed["account_name"]}]
    return redirect(request, str(list_url(request, str(feed["id"]))))


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
    Route("/banking/update/{job_id}", update_progress, methods=["GET"], name="update_progress"),
    Route("/banking/transactions", transactions_action, methods=["POST"], name="transactions_action"),
    Route("/banking/feeds/{feed_id:rowid}/disconnect", disconnect, methods=["POST"], name="disconnect"),
    Route("/view", switch_view, methods=["POST"], name="switch_view"),
]
