"""The provider app: Codat-compatible Bank Feeds API, Link UI pages, feed protocol and controls."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Scope

from link_ui import api, controls, feed, pages, qbo_controls, timed
from link_ui.authentication import AuthenticationMiddleware
from link_ui.codat import LISTS_400, REFUSED_WITHOUT_400
from link_ui.context import AppState, Lifespan
from link_ui.errors import (
    ApiError,
    api_error_handler,
    error_response,
    http_error_handler,
    unexpected_error_handler,
)
from link_ui.faults import ApiFaultBook, FaultMiddleware, operation_of
from link_ui.journal import Journal, JournalMiddleware
from link_ui.schema import MIGRATIONS
from link_ui.settings import ProviderSettings
from link_ui.store import ProviderStore
from link_ui.tenants import Tenants
from link_ui.webhooks import Webhooks
from sandbox import feed_protocol
from sandbox.body_limit import BodyLimitMiddleware
from sandbox.clock import ClockState
from sandbox.db import Database
from sandbox.scheduler import Scheduler
from sandbox.secrets_file import load_or_create_secret
from sandbox.security import SecurityHeadersMiddleware
from sandbox.web import vendor_mount


def create_app(settings: ProviderSettings | None = None) -> Starlette:
    settings = settings or ProviderSettings()
    secret = load_or_create_secret(settings.data_dir, "provider.secret")
    journal = Journal()
    faults = ApiFaultBook()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[Lifespan]:
        db = await Database.open(settings.data_dir, "provider.sqlite3", MIGRATIONS)
        store = ProviderStore(db)
        tenants = Tenants(store.tenants)

        async def clock_of(tenant_id: str) -> ClockState:
            return (await tenants.get(tenant_id)).clock

        scheduler = Scheduler("provider", store.schedule, clock_of)
        webhooks = Webhooks(store.webhooks, store.companies, scheduler, retry_delays=settings.webhook_retry_delays)
        app_state = AppState(
            settings=settings,
            store=store,
            tenants=tenants,
            secret=secret,
            journal=journal,
            webhooks=webhooks,
            faults=faults,
            scheduler=scheduler,
            qbo=httpx.AsyncClient(timeout=qbo_controls.QUICK),
        )
        timed.register(app_state, scheduler)
        await webhooks.start()
        scheduler.start()
        push_worker = api.PushWorker(app_state)
        push_worker.start()
        try:
            yield {"app": app_state, "push_worker": push_worker}
        finally:
            await scheduler.stop()
            await push_worker.stop()
            await webhooks.stop()
            await app_state.qbo.aclose()
            await db.close()

    def too_large(scope: Scope) -> ASGIApp:
        """400 where the operation lists it, else the listed code for a refused body (and 400 off the API)."""
        operation = operation_of(api.routes, scope)
        status = 400 if operation is None or operation in LISTS_400 else REFUSED_WITHOUT_400
        return error_response(
            ApiError(status, f"The request body is larger than {settings.max_body_bytes // (1024 * 1024)} MB.")
        )

    routes = [
        Mount("/_sandbox", routes=controls.routes),
        Mount(feed_protocol.PREFIX, routes=feed.routes),
        *pages.routes,  # the Link UI (the linkUrl's /start, then /link/…)
        *api.routes,
        vendor_mount(),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    return Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(SecurityHeadersMiddleware),
            Middleware(AuthenticationMiddleware, api_keys=settings.api_keys),  # once, for all below
            Middleware(JournalMiddleware, journal=journal),
            Middleware(FaultMiddleware, faults=faults, routes=api.routes),
            Middleware(BodyLimitMiddleware, limit=settings.max_body_bytes, reject=too_large),
            Middleware(
                SessionMiddleware,  # the Link session (link_ui/pages): HttpOnly, SameSite=Lax
                secret_key=hmac.new(secret, b"link-session", hashlib.sha256).hexdigest(),
                session_cookie="qbo_link_session",
                max_age=LINK_SESSION_SECONDS,
                same_site="lax",
            ),
        ],
        exception_handlers={
            ApiError: api_error_handler,
            feed.FeedFailure: feed.feed_failure_handler,
            HTTPException: http_error_handler,
            Exception: unexpected_error_handler,
        },
    )


LINK_SESSION_SECONDS = 12 * 3600
STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = Path(__file__).parent / "templates"
