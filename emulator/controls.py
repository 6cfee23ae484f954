"""Sandbox controls under /_sandbox/: health, realms (sandbox QBO companies), API tokens, the clock,
seed data (emulator/seed.py), and a tenant's whole state (list, reset, snapshot: emulator/state_controls.py)."""

from __future__ import annotations

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from emulator import state_controls
from emulator.context import state
from emulator.control_http import ControlError, control, json_object
from emulator.control_http import error as _error
from emulator.control_http import tenant as _tenant
from emulator.seed import seed_control
from sandbox.tenancy import AuthError


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok", "app": "qbo"})


@control
async def create_realm(request: Request, tenant_id: str) -> Response:
    body = await json_object(request)
    unknown = set(body) - {"companyName", "view", "locale"}
    if unknown:
        raise ControlError(400, f"Unknown field(s): {', '.join(sorted(unknown))}.")
    company = body.get("companyName", "Sandbox Company")
    if not isinstance(company, str) or not company.strip() or len(company) > 100:
        raise ControlError(400, "'companyName' must be 1 to 100 characters.")
    view = body.get("view", "accounting")
    if view not in ("accounting", "business"):
        raise ControlError(400, "'view' must be 'accounting' or 'business'.")
    locale = body.get("locale", "en")
    if locale not in ("en", "fr"):
        raise ControlError(400, "'locale' must be 'en' or 'fr'.")
    realm = await state(request).store.create_realm(tenant_id, company.strip(), view, locale)
    return JSONResponse(
        {
            "realmId": realm.realm_id,
            "email": realm.email,
            "password": realm.password,
            "signInUrl": str(request.url_for("sign_in")),
        }
    )


async def create_token(request: Request) -> Response:
    try:
        tenant_id = _tenant(request)
    except AuthError as exc:
        return _error(401, str(exc))
    realm = await state(request).store.realm(request.path_params["realm_id"])
    if realm is None or realm["tenant_id"] != tenant_id:
        return _error(404, "No such realm for this API key.")
    access_token = await state(request).store.issue_api_token(realm["id"])
    return JSONResponse({"accessToken": access_token, "tokenType": "bearer", "realmId": realm["id"]})


async def clock(request: Request) -> Response:
    """The provider owns each tenant's clock: this forwards to it, with the caller's own key."""
    try:
        _tenant(request)
    except AuthError as exc:
        return _error(401, str(exc))
    app_state = state(request)
    headers = {"Authorization": request.headers["authorization"], "Content-Type": "application/json"}
    url = app_state.settings.provider_url + "/_sandbox/clock"
    try:
        if request.method == "GET":
            answer = await app_state.feeds.http.get(url, headers=headers)
        else:
            answer = await app_state.feeds.http.post(url, headers=headers, content=await request.body())
    except httpx.HTTPError:
        return _error(502, "The provider's sandbox clock did not answer.")
    return Response(answer.content, status_code=answer.status_code, media_type="application/json")


routes = [
    Route("/health", health, methods=["GET"], name="health"),
    Route("/realms", create_realm, methods=["POST"]),
    Route("/realms/{realm_id}/token", create_token, methods=["POST"]),
    Route("/clock", clock, methods=["GET", "POST"]),
    Route("/seed", seed_control, methods=["POST"]),
    Route("/realms", state_controls.list_realms, methods=["GET"]),
    Route("/reset", state_controls.reset, methods=["POST"]),
    Route("/snapshot", state_controls.get_snapshot, methods=["GET"]),
    Route("/snapshot", state_controls.put_snapshot, methods=["PUT"]),
]
