"""Controls for sandbox QBO companies (realms) and their Accounting API tokens, the health check, and
the clock (which the provider owns)."""

from __future__ import annotations

import json
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from emulator.context import state
from emulator.controls.shared import error as _error
from emulator.controls.shared import tenant as _tenant
from sandbox.tenancy import AuthError
from sandbox.version import VERSION


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok", "app": "qbo", "version": VERSION})


async def create_realm(request: Request) -> Response:
    try:
        tenant_id = _tenant(request)
    except AuthError as exc:
        return _error(401, str(exc))
    raw = await request.body()
    try:
        body: Any = json.loads(raw) if raw.strip() else {}
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _error(400, "The request body is not valid JSON.")
    if not isinstance(body, dict):
        return _error(400, "The body must be a JSON object.")
    unknown = set(body) - {"companyName", "view", "locale"}
    if unknown:
        return _error(400, f"Unknown field(s): {', '.join(sorted(unknown))}.")
    company = body.get("companyName", "Sandbox Company")
    if not isinstance(company, str) or not company.strip() or len(company) > 100:
        return _error(400, "'companyName' must be 1 to 100 characters.")
    view = body.get("view", "accounting")
    if view not in ("accounting", "business"):
        return _error(400, "'view' must be 'accounting' or 'business'.")
    locale = body.get("locale", "en")
    if locale not in ("en", "fr"):
        return _error(400, "'locale' must be 'en' or 'fr'.")
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
