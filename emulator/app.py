"""The QuickBooks Online emulator app: sign-in, Bank transactions, Link account, Accounting API."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from emulator import accounting_api, auth, banking, controls, link_accounts, link_flow
from emulator.context import AppState, Lifespan, SignInRequired, page
from emulator.controls import shared as control_http
from emulator.faults import QboFaultBook
from emulator.feed_client import FeedClient
from emulator.nightly import NightlyPulls, TenantClocks
from emulator.puller import BackgroundPuller
from emulator.schema import MIGRATIONS
from emulator.settings import QboSettings
from emulator.steps import StepLog
from emulator.store import Store
from sandbox.body_limit import BodyLimitMiddleware
from sandbox.db import Database
from sandbox.i18n import Catalogues
from sandbox.scheduler import Scheduler, ScheduleRows
from sandbox.secrets_file import load_or_create_secret
from sandbox.security import SecurityHeadersMiddleware
from sandbox.web import make_templates, vendor_mount

HERE = Path(__file__).parent
MAX_BODY = 1024 * 1024
log = logging.getLogger("emulator")
TOO_LARGE = f"The request body is larger than {MAX_BODY // (1024 * 1024)} MB."


async def _sign_in_required(request: Request, exc: Exception) -> Response:
    return RedirectResponse(request.url_for("sign_in"), status_code=303)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if request.url.path.startswith("/_sandbox/"):  # in the controls' own error shape
        messages = {404: "No such control.", 405: f"Method {request.method} is not allowed on this control."}
        return control_http.error(exc.status_code, messages.get(exc.status_code, str(exc.detail)))
    if request.url.path.startswith("/v3/"):
        return PlainTextResponse(exc.detail, status_code=exc.status_code)
    return page(request, "problem.html", {"status": exc.status_code}, status_code=exc.status_code)


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    """A bug: logged, never shown as a stack trace; controls answer JSON, pages a page."""
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    if request.url.path.startswith(("/_sandbox/", "/v3/")):
        return control_http.error(500, "The sandbox hit an unexpected error. Nothing was changed.")
    return page(request, "problem.html", {"status": 500}, status_code=500)


def create_app(settings: QboSettings | None = None) -> Starlette:
    settings = settings or QboSettings()
    secret = load_or_create_secret(settings.data_dir, "qbo.secret")
    catalogues = Catalogues(HERE / "messages")
    templates = make_templates(HERE / "templates")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[Lifespan]:
        db = await Database.open(settings.data_dir, "qbo.sqlite3", MIGRATIONS)
        http = httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=3.0))
        store = Store(db)
        feeds = FeedClient(http, settings.provider_url)
        faults = QboFaultBook()
        clocks = TenantClocks(feeds)
        scheduler = Scheduler("qbo", ScheduleRows(db), clocks.clock_of)
        steps = StepLog(store, clocks.clock_of)
        nightly = NightlyPulls(store, feeds, faults, steps, scheduler, settings.nightly_pull_at)
        puller = BackgroundPuller(
            store, feeds, faults, steps, settings.pull_interval_seconds, settings.pull_mode, clocks.frozen
        )
        puller.start()
        scheduler.start()
        app_state = AppState(settings, store, feeds, templates, catalogues, faults, clocks, nightly, scheduler, steps)
        try:
            yield {"app": app_state}
        finally:
            await scheduler.stop()
            await app_state.pulls.stop()
            await puller.stop()
            await http.aclose()
            await db.close()

    routes = [
        *auth.routes,
        *banking.routes,
        *link_flow.routes,
        *link_accounts.routes,
        Mount("/v3/company", routes=accounting_api.routes),
        Mount("/_sandbox", routes=controls.routes),
        Mount("/static/app", StaticFiles(directory=HERE / "static"), name="static"),
        vendor_mount(),
    ]
    return Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(SecurityHeadersMiddleware),
            Middleware(
                SessionMiddleware,
                secret_key=secret.hex(),
                session_cookie="qbo_session",
                same_site="lax",
                https_only=settings.public_url.startswith("https://"),
                max_age=12 * 3600,
            ),
            Middleware(BodyLimitMiddleware, limit=MAX_BODY, reject=lambda scope: control_http.error(413, TOO_LARGE)),
        ],
        exception_handlers={
            SignInRequired: _sign_in_required,
            HTTPException: _http_error,
            Exception: _unexpected_error,
        },
    )
