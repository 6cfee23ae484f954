"""Opening a linkUrl: check its OTP, start a Link session, and leave the OTP out of the address bar."""

from __future__ import annotations

import math

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from link_ui import otp_guard
from link_ui.context import state
from link_ui.links import otp_is_valid
from link_ui.pages._web import NO_STORE, error_page, remember_language, start_link
from link_ui.store.journey import NewStep, StepKind
from sandbox.clock import iso, parse_iso
from sandbox.i18n import LANGUAGES


async def start(request: Request) -> Response:
    company_id = request.path_params["company_id"]
    connection_id = request.path_params["connection_id"]
    otp = request.query_params.get("otp", "").strip()
    if "lang" in request.query_params and not otp:
        # The language switch on the error pages: remember it, show the same answer again.
        redirect = remember_language(request)
        if redirect is not None:
            return redirect
    if request.query_params.get("lang") in LANGUAGES:  # an application may open the link in a language,
        request.session["lang"] = request.query_params["lang"]  # and a refusal is in it too
    app = state(request)
    row = await app.store.connections.in_company(company_id, connection_id)
    if row is None:  # an unknown connection looks exactly like a wrong code
        return error_page(request, "invalid", 401)
    tenant = await app.tenants.get(row["tenant_id"])
    now = tenant.now()
    wait = await otp_guard.throttled_for(app.store.db, connection_id, now)
    if wait is not None:
        minutes = max(1, math.ceil(wait.total_seconds() / 60))
        return error_page(
            request,
            "throttled",
            429,
            headers={"Retry-After": str(math.ceil(wait.total_seconds()))},
            minutes=minutes,
        )
    if not otp:
        return error_page(request, "invalid", 401)
    if not otp_is_valid(app.secret, connection_id, otp, now, parse_iso(row["created"])):
        await otp_guard.record_failure(app.store.db, connection_id, now)
        await app.store.journey.record(NewStep(connection_id, StepKind.LINK_OPENED, iso(now), failed=True))
        return error_page(request, "invalid", 401)
    await otp_guard.clear(app.store.db, connection_id)
    await app.store.journey.record(NewStep(connection_id, StepKind.LINK_OPENED, iso(now)))
    start_link(request, connection_id, company_id, row["tenant_id"])
    return RedirectResponse(
        request.url_for("link_connect", connection_id=connection_id).path, status_code=303, headers=NO_STORE
    )


routes = [
    Route("/companies/{company_id}/connections/{connection_id}/start", start, methods=["GET"], name="link_start"),
]
