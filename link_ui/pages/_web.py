"""What every Link UI page shares: templates, catalogues, the Link session, rendering, errors.

The Link session lives in Starlette's signed session cookie (`qbo_link_session`). It holds the
language, the CSRF token and, per connection opened with a valid OTP, that connection's tenant and
company. It never holds credentials.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from link_ui.context import state
from link_ui.tenants import Tenant
from sandbox import i18n, security
from sandbox.web import HTMX_CONFIG, is_htmx, make_templates, render

HERE = Path(__file__).parent.parent
templates = make_templates(HERE / "templates")
catalogues = i18n.Catalogues(HERE / "messages")

# Nothing from these pages goes into htmx's localStorage history cache (credentials must not), and
# error responses are swapped in like any other, so that an expired session says so in place.
_htmx_config = json.loads(HTMX_CONFIG) | {
    "historyCacheSize": 0,
    "refreshOnHistoryMiss": True,
    "responseHandling": [
        {"code": "204", "swap": False},
        {"code": "[23]..", "swap": True},
        {"code": "[45]..", "swap": True, "error": True},
    ],
}
templates.env.globals["LINK_HTMX_CONFIG"] = json.dumps(_htmx_config)

MAX_LINKS_PER_SESSION = 5  # connections one browser can have open at once (the cookie stays small)
NO_STORE = {"Cache-Control": "no-store"}


def strong(text: str) -> Markup:
    return Markup("<strong>{}</strong>").format(text)


def nowrap(text: str) -> Markup:
    return Markup('<span class="nowrap">{}</span>').format(text)


def message_html(translate: i18n.Translator, key: str, **params: Any) -> Markup:
    """A message with markup parameters (bold labels, links); the message itself is escaped."""
    template = translate(key)
    return escape(template).format(**params)  # escape() gives Markup; format escapes str params


templates.env.globals.update(strong=strong, nowrap=nowrap)


@dataclass(frozen=True)
class LinkSession:
    """A connection this browser opened with a valid OTP."""

    connection_id: str
    company_id: str
    tenant: Tenant


def language(request: Request) -> str:
    return i18n.pick_language(None, request.session.get("lang"), request.headers)


def remember_language(request: Request) -> Response | None:
    """`?lang=fr` on a page: remember it for the session and reload the page without the query."""
    chosen = request.query_params.get("lang")
    if chosen is None:
        return None
    if chosen in i18n.LANGUAGES:
        request.session["lang"] = chosen
    return RedirectResponse(request.url.path, status_code=303, headers=NO_STORE)


def start_link(request: Request, connection_id: str, company_id: str, tenant_id: str) -> None:
    links: dict[str, Any] = dict(request.session.get("links") or {})
    links.pop(connection_id, None)
    links[connection_id] = {"company": company_id, "tenant": tenant_id}
    while len(links) > MAX_LINKS_PER_SESSION:  # dicts keep insertion order: drop the oldest
        links.pop(next(iter(links)))
    request.session["links"] = links
    if "lang" not in request.session:
        request.session["lang"] = language(request)
    security.csrf_token(request.session)


async def open_link(request: Request) -> LinkSession | None:
    """The Link session for the connection in the path, if this browser opened it and it still exists."""
    connection_id = request.path_params["connection_id"]
    entry = (request.session.get("links") or {}).get(connection_id)
    if not isinstance(entry, dict):
        return None
    app = state(request)
    row = await app.store.connections.get(connection_id)
    if row is None or row["tenant_id"] != entry.get("tenant") or row["company_id"] != entry.get("company"):
        return None
    return LinkSession(connection_id, row["company_id"], await app.tenants.get(row["tenant_id"]))


def csrf_ok(request: Request, form_value: str | None = None) -> bool:
    submitted = request.headers.get(security.CSRF_HEADER) or form_value
    return security.csrf_valid(request.session, submitted)


def page(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    tenant: Tenant | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Renders a page or partial in the session's language, with what every template needs."""
    lang = language(request)
    translate = catalogues.translator(lang)
    settings = tenant.settings if tenant is not None else None
    base = {
        "t": translate,
        "t_html": lambda key, **params: message_html(translate, key, **params),
        "lang": lang,
        "languages": i18n.LANGUAGES,
        "csrf": security.csrf_token(request.session) if tenant is not None else None,
        "csrf_header": json.dumps({"X-CSRF-Token": request.session.get("csrf", "")}),
        "organization": settings.organization_name if settings else None,
        "logo_url": settings.logo_url if settings else None,
        "is_htmx": is_htmx(request),
    }
    return render(
        templates,
        request,
        name,
        base | context,
        status_code=status_code,
        headers=NO_STORE | (headers or {}),
    )


def error_page(
    request: Request,
    kind: str,
    status_code: int,
    *,
    headers: dict[str, str] | None = None,
    **params: Any,
) -> HTMLResponse:
    """A full error page, or the same message as a partial when htmx asked."""
    name = "link/_error.html" if is_htmx(request) else "link/error.html"
    return page(
        request,
        name,
        {"kind": kind, "params": params},
        status_code=status_code,
        headers=headers,
    )


async def open_screen(request: Request) -> LinkSession | Response:
    """What every Link UI screen does first: apply a ?lang= choice, then find the Link session.

    Returns the session, or the response to send instead (the language redirect, or the 401 page).
    """
    redirect = remember_language(request)
    if redirect is not None:
        return redirect
    link = await open_link(request)
    if link is None:
        return error_page(request, "invalid", 401)
    return link
