"""What a request handler needs: app state, the signed-in user, the language, CSRF, page rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict, cast

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from emulator.faults import QboFaultBook
from emulator.feed_client import FeedClient
from emulator.nightly import NightlyPulls, TenantClocks
from emulator.pull_jobs import PullJobs
from emulator.settings import QboSettings
from emulator.sign_in_guard import SignInGuard
from emulator.steps import StepLog
from emulator.store import Row, Store
from sandbox.form_input import form_problem
from sandbox.i18n import Catalogues, Translator, pick_language
from sandbox.scheduler import Scheduler
from sandbox.security import CSRF_FIELD, CSRF_HEADER, csrf_token, csrf_valid
from sandbox.web import is_htmx, render


@dataclass
class AppState:
    settings: QboSettings
    store: Store
    feeds: FeedClient
    templates: Jinja2Templates
    catalogues: Catalogues
    faults: QboFaultBook
    clocks: TenantClocks  # each tenant's clock, as the provider has it
    nightly: NightlyPulls  # QBO's nightly pull, an entry of `scheduler` per realm
    scheduler: Scheduler
    steps: StepLog  # QBO's record of each tenant's journey
    sign_in_guard: SignInGuard = field(default_factory=SignInGuard)
    pulls: PullJobs = field(default_factory=PullJobs)


class Lifespan(TypedDict):
    """What the app's lifespan yields; each request's state is a copy of it."""

    app: AppState


def state(request: HTTPConnection) -> AppState:
    return cast(Lifespan, request.scope["state"])["app"]


def language(request: Request) -> str:
    lang = pick_language(request.query_params.get("lang"), request.session.get("lang"), request.headers)
    if request.query_params.get("lang") == lang:
        request.session["lang"] = lang  # an explicit switch is remembered
    return lang


def translator(request: Request) -> Translator:
    return state(request).catalogues.translator(language(request))


class SignInRequired(Exception):
    """Raised by handlers that need a user; answered with a redirect to the sign-in page."""


async def current_user(request: Request) -> Row:
    user_id = request.session.get("user_id")
    user = await state(request).store.user(int(user_id)) if isinstance(user_id, int) else None
    # After a reset the id may name another tenant's new user: the session also names its realm.
    if user is None or user["realm_id"] != request.session.get("realm_id"):
        request.session.pop("user_id", None)
        request.session.pop("realm_id", None)
        raise SignInRequired
    return user


async def checked_form(request: Request) -> FormData:
    """The POSTed form (every form of the emulator comes through here), once its CSRF token (field or
    X-CSRF-Token header) is checked and its fields pass sandbox.form_input: else a problem page."""
    form = await request.form()
    submitted = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    if not csrf_valid(request.session, submitted if isinstance(submitted, str) else None):
        raise HTTPException(403, "csrf")
    if form_problem(form):
        raise HTTPException(400, "bad_input")
    return form


def page(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    user: Row | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    t = translator(request)
    full = {
        "t": t,
        "lang": t.lang,
        "csrf": csrf_token(request.session),
        "user": user,
        "htmx": is_htmx(request),
        "path": request.url.path,
        **(context or {}),
    }
    return render(state(request).templates, request, name, full, status_code=status_code, headers=headers)


def redirect(request: Request, url: str) -> Response:
    """A redirect after a POST: HX-Redirect for htmx requests that asked for a fragment, else 303."""
    if is_htmx(request) and request.headers.get("hx-boosted") != "true":
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)
