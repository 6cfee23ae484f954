"""Get credentials and Revoke credentials, from the Set up QuickBooks page.

With htmx each answer is the credentials panel alone; without JS it is the whole page. A new
password appears only in the response that created it (sent with `Cache-Control: no-store`).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from link_ui import credentials
from link_ui.context import state
from link_ui.credentials import IssuedCredentials
from link_ui.pages._web import (
    NO_STORE,
    LinkSession,
    csrf_ok,
    error_page,
    open_link,
    open_screen,
    page,
    remember_language,
)
from link_ui.pages.screens import setup_context
from link_ui.store import ParentGone
from sandbox.clock import iso
from sandbox.form_input import form_problem
from sandbox.security import CSRF_FIELD
from sandbox.web import is_htmx


async def _checked_post(request: Request) -> LinkSession | Response:
    """The Link session of a POST with a valid CSRF token, or the error page to answer with."""
    link = await open_link(request)
    if link is None:
        return error_page(request, "invalid", 401)
    form = await request.form()
    submitted = form.get(CSRF_FIELD)
    if not csrf_ok(request, submitted if isinstance(submitted, str) else None):
        return error_page(request, "csrf", 403)
    if form_problem(form):
        return error_page(request, "bad_input", 400)
    return link


async def _panel(
    request: Request, link: LinkSession, *, issued: IssuedCredentials | None = None, revoked: bool = False
) -> Response:
    context = await setup_context(request, link, issued=issued, revoked=revoked)
    name = "link/_credentials_answer.html" if is_htmx(request) else "link/setup.html"
    return page(request, name, context, tenant=link.tenant)


async def get_credentials(request: Request) -> Response:
    checked = await _checked_post(request)
    if isinstance(checked, Response):
        return checked
    try:
        issued = await credentials.generate(state(request).store.db, checked.connection_id, checked.tenant.now())
    except ParentGone:  # the connection was deleted meanwhile: the link has ended
        return error_page(request, "invalid", 401)
    return await _panel(request, checked, issued=issued)


async def credentials_page(request: Request) -> Response:
    """A GET here (a reload, or the language switch after a no-JS post) goes back to the page."""
    remember_language(request)
    setup_url = request.url_for("link_setup", connection_id=request.path_params["connection_id"]).path
    return RedirectResponse(setup_url, status_code=303, headers=NO_STORE)


async def confirm_revoke(request: Request) -> Response:
    """The confirmation step: inline under the credentials with htmx, a page of its own without."""
    link = await open_screen(request)
    if isinstance(link, Response):
        return link
    setup_url = request.url_for("link_setup", connection_id=link.connection_id).path
    if "cancel" in request.query_params:
        if is_htmx(request):
            return page(
                request,
                "link/_revoke_button.html",
                {"connection_id": link.connection_id, "refocus": True},
                tenant=link.tenant,
            )
        return RedirectResponse(setup_url, status_code=303, headers=NO_STORE)
    name = "link/_revoke_confirm.html" if is_htmx(request) else "link/revoke.html"
    return page(request, name, {"connection_id": link.connection_id}, tenant=link.tenant)


async def revoke(request: Request) -> Response:
    checked = await _checked_post(request)
    if isinstance(checked, Response):
        return checked
    await state(request).store.credentials.revoke_all(checked.connection_id, iso(checked.tenant.now()))
    return await _panel(request, checked, revoked=True)


routes = [
    Route("/link/{connection_id}/credentials", credentials_page, methods=["GET"]),
    Route("/link/{connection_id}/credentials", get_credentials, methods=["POST"], name="link_credentials"),
    Route("/link/{connection_id}/revoke", confirm_revoke, methods=["GET"], name="link_revoke_confirm"),
    Route("/link/{connection_id}/revoke", revoke, methods=["POST"], name="link_revoke"),
]
