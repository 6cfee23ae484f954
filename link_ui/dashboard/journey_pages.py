"""The dashboard's journey timeline of a connection (live: its partial polls), and the request journal
entry a step links to. Both show the signed-in tenant's data only, and send others to sign in."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from link_ui.context import state
from link_ui.dashboard import journey_view, session
from link_ui.dashboard.routes import page
from link_ui.journal import Journal
from sandbox.control_docs import HTML, Operation, Param, Reply, documented
from sandbox.i18n import LANGUAGES
from sandbox.web import is_htmx

POLL = "every 2s"  # how often an open timeline asks for what is new
_LANG = Param("lang", "The page's language.", {"enum": list(LANGUAGES)})
_SIGN_IN = Reply("Not signed in: to the dashboard's sign-in.", media=None, headers={"Location": "The dashboard."})
_MISSING = Reply("No such connection (or entry) for the signed-in tenant.", media=HTML)


def _to_sign_in(request: Request) -> Response:
    return RedirectResponse(request.url_for("dashboard_home").path, status_code=303)


@documented(
    Operation(
        "A connection's journey across both apps, live",
        "Dashboard",
        {
            200: Reply("The timeline page; with HX-Request, its partial alone.", media=HTML),
            204: Reply("A poll (HX-Request, `seen`) when nothing changed since.", media=None),
            303: _SIGN_IN,
            404: _MISSING,
        },
        path={"connection_id": "The connection's id."},
        query=(_LANG, Param("seen", "The digest the polling partial last showed.")),
        auth=None,
    )
)
async def timeline_page(request: Request) -> Response:
    sess = session.read(request)
    if sess.tenant_id is None:
        return _to_sign_in(request)
    app = state(request)
    tenant = await app.tenants.get(sess.tenant_id)
    view = await journey_view.journey_of(app, tenant, request.path_params["connection_id"])
    if view is None:
        return page(request, sess, "missing.html", 404, what="timeline.missing")
    partial = is_htmx(request)
    if partial and request.query_params.get("seen") == view["digest"]:
        return Response(status_code=204, headers={"Cache-Control": "no-store"})
    return page(request, sess, "_timeline.html" if partial else "timeline.html", poll=POLL, **view)


@documented(
    Operation(
        "One request journal entry: what the application sent and what it got",
        "Dashboard",
        {200: Reply("The entry's page.", media=HTML), 303: _SIGN_IN, 404: _MISSING},
        path={"entry_id": "The entry's id, as GET /_sandbox/requests lists it."},
        query=(_LANG,),
        auth=None,
    )
)
async def request_page(request: Request) -> Response:
    sess = session.read(request)
    if sess.tenant_id is None:
        return _to_sign_in(request)
    wanted = request.path_params["entry_id"]  # any text: what is not an entry's id answers the page below
    entries = state(request).journal.entries(sess.tenant_id)
    found: list[dict[str, Any]] = [Journal.shown(e) for e in entries if str(e["id"]) == wanted]
    if not found:
        return page(request, sess, "missing.html", 404, what="entry.missing")
    return page(request, sess, "request.html", entry=found[0])


routes = [
    Route("/connections/{connection_id}/timeline", timeline_page, methods=["GET"], name="dashboard_timeline"),
    Route("/requests/{entry_id}", request_page, methods=["GET"], name="dashboard_request"),
]
