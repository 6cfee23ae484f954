"""Dashboard pages: sign in with an API key, see the tenant's state, nudge the clock, clear faults."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from link_ui import timed
from link_ui.codat import DISCONNECTED_AFTER_DAYS
from link_ui.context import state
from link_ui.dashboard import data, qbo_view, session
from sandbox import security
from sandbox.clock import ClockState
from sandbox.control_docs import HTML, Body, Operation, Param, Reply, documented
from sandbox.form_input import form_problem
from sandbox.formatting import date_time, decimals, long_date, money, time_of_day
from sandbox.i18n import LANGUAGES, Catalogues, pick_language
from sandbox.tenancy import AuthError, authenticate, basic_header
from sandbox.web import VENDOR_DIR, is_htmx, make_templates, render

HERE = Path(__file__).parent
templates = make_templates(HERE / "templates")
templates.env.globals["money"] = lambda amount, lang, currency="CAD": (
    "—" if not isinstance(amount, int | float) or isinstance(amount, bool) else money(amount, lang, currency or "CAD")
)
templates.env.globals.update(date_time=date_time, decimals=decimals, long_date=long_date, time_of_day=time_of_day)
templates.env.globals["disconnected_after_days"] = DISCONNECTED_AFTER_DAYS  # what the timeline's words count
templates.env.globals["pretty"] = lambda body: (
    body if isinstance(body, str) else json.dumps(body, indent=2, ensure_ascii=False)
)
catalogues = Catalogues(HERE / "messages")


CLOCK_ACTIONS = {"hour": 3600, "day": 86400, "ten_days": 10 * 86400}
CLOCK_BUTTONS = (*CLOCK_ACTIONS, "freeze", "real_time")  # what _clock_action does
FORM = "application/x-www-form-urlencoded"
_PAGE = Reply("The page.", media=HTML)
_REFUSED = Reply("The sign-in page again, saying the form expired.", media=HTML)
_BACK = Reply("Back to the dashboard.", media=None, headers={"Location": "The dashboard."})


def _form(*fields: str) -> Body:
    properties = {name: {"type": "string"} for name in ("csrf_token", *fields)}
    return Body({"type": "object", "required": ["csrf_token"], "properties": properties}, media=FORM)


def namer(lang: str) -> Callable[..., str]:
    """`named(family, value, **params)`: a value (a Codat status, a scheduled kind, a pull's trigger, a
    write's refusal) as the reader's language names it: the catalogue's `<family>.<value>` (given the
    params its words take), or the value itself when the catalogue lacks it."""
    t, known = catalogues.translator(lang), catalogues.messages[lang]

    def named(family: str, value: Any, **params: Any) -> str:
        key = f"{family}.{value}"
        return t(key, **params) if key in known else str(value)

    return named


def _context(request: Request, sess: session.DashboardSession, **extra: Any) -> dict[str, Any]:
    lang = pick_language(request.query_params.get("lang"), sess.lang, request.headers)
    sess.lang = lang
    t = catalogues.translator(lang)
    named = namer(lang)

    def state_name(value: str) -> str:
        return named("state", value)

    context = {"t": t, "named": named, "state": state_name, "lang": lang, "languages": LANGUAGES, "csrf": sess.csrf}
    return context | extra


def page(request: Request, sess: session.DashboardSession, name: str, status: int = 200, **extra: Any) -> Response:
    response = render(templates, request, name, _context(request, sess, **extra), status_code=status)
    response.headers["Cache-Control"] = "no-store"
    session.write(request, response, sess)
    return response


@documented(
    Operation(
        "The dashboard, or its sign-in page",
        "Dashboard",
        {200: _PAGE},
        query=(Param("lang", "The page's language.", {"enum": list(LANGUAGES)}),),
        auth=None,
    )
)
async def home(request: Request) -> Response:
    sess = session.read(request)
    if sess.tenant_id is None:
        return page(request, sess, "signin.html")
    app = state(request)
    tenant = await app.tenants.get(sess.tenant_id)
    view = await data.overview(app, tenant)
    view["realms"] = await qbo_view.realms(app, tenant.id)  # None: QBO did not answer
    name = "_panel.html" if is_htmx(request) and request.query_params.get("panel") else "dashboard.html"
    return page(request, sess, name, **view)


@documented(
    Operation(
        "Sign in to the dashboard with an API key",
        "Dashboard",
        {
            303: _BACK,
            401: Reply("The sign-in page again: the key is not accepted.", media=HTML),
            403: _REFUSED,
        },
        body=_form("api_key"),
        errors=(400,),
        auth=None,
    )
)
async def sign_in(request: Request) -> Response:
    sess = session.read(request)
    form = await request.form()
    if not security.equals(str(form.get(security.CSRF_FIELD, "")), sess.csrf):
        return page(request, sess, "signin.html", 403, error="error.csrf")
    if form_problem(form):
        return page(request, sess, "signin.html", 400, error="error.input")
    key = str(form.get("api_key", "")).strip()
    try:
        header = basic_header(key) if key else None
        sess.tenant_id = authenticate(header, state(request).settings.api_keys)
    except AuthError:
        return page(request, sess, "signin.html", 401, error="error.key")
    response = RedirectResponse(request.url_for("dashboard_home").path, status_code=303)
    sess.csrf = security.token(24)  # a new token for the signed-in session
    session.write(request, response, sess)
    return response


@documented(Operation("Sign out of the dashboard", "Dashboard", {303: _BACK}, body=_form(), auth=None))
async def sign_out(request: Request) -> Response:
    sess = session.read(request)
    form = await request.form()
    response = RedirectResponse(request.url_for("dashboard_home").path, status_code=303)
    if security.equals(str(form.get(security.CSRF_FIELD, "")), sess.csrf):
        response.delete_cookie(session.COOKIE, path=session.PATH)
    return response


@documented(
    Operation(
        "Nudge the clock or clear faults from the dashboard",
        "Dashboard",
        {303: _BACK, 403: _REFUSED},
        body=Body(
            {
                "type": "object",
                "required": ["csrf_token", "action"],
                "properties": {
                    "csrf_token": {"type": "string"},
                    "action": {"enum": [*CLOCK_BUTTONS, "clear_faults"]},
                },
            },
            media=FORM,
        ),
        errors=(400,),
        auth=None,
    )
)
async def act(request: Request) -> Response:
    """Clock nudges and fault clearing: small POSTs that return to the dashboard."""
    sess = session.read(request)
    form = await request.form()
    if sess.tenant_id is None or not security.equals(str(form.get(security.CSRF_FIELD, "")), sess.csrf):
        return page(request, sess, "signin.html", 403, error="error.csrf")
    app = state(request)
    tenant = await app.tenants.get(sess.tenant_id)
    action = str(form.get("action", ""))
    if action in CLOCK_BUTTONS:  # then what fell due runs, and the panel lists it
        clock = await app.tenants.change_clock(tenant, lambda now: _clock_action(now, action))
        await timed.run_until(app, tenant.id, clock, None)
    elif action == "clear_faults":
        app.faults.clear(tenant.id)
    return RedirectResponse(request.url_for("dashboard_home").path, status_code=303)


def _clock_action(clock: ClockState, action: str) -> ClockState:
    """The clock after one of the dashboard's clock buttons."""
    if action == "freeze":
        return clock.frozen(clock.now())
    if action == "real_time":
        return clock.real_time()  # what the API's realTime does
    return clock.advanced(CLOCK_ACTIONS[action])


routes = [
    Route("/", home, methods=["GET"], name="dashboard_home"),
    Route("/session", sign_in, methods=["POST"], name="dashboard_sign_in"),
    Route("/session/end", sign_out, methods=["POST"], name="dashboard_sign_out"),
    Route("/act", act, methods=["POST"], name="dashboard_act"),
    Mount("/static", StaticFiles(directory=HERE / "static"), name="dashboard_static"),
    Mount("/vendor", StaticFiles(directory=VENDOR_DIR), name="dashboard_vendor"),
]
