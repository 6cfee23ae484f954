"""Sandbox controls under /_sandbox/: health, realms (sandbox QBO companies), API tokens, the clock, seed."""

from __future__ import annotations

import json
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from emulator.context import state
from emulator.seed import seed_control
from sandbox.tenancy import AuthError, authenticate


class ControlError(Exception):
    """A refused control request: answered as {"statusCode", "error"} with that status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def error_response(status: int, message: str) -> Response:
    return JSONResponse({"statusCode": status, "error": message}, status_code=status)


def tenant_of(request: Request) -> str:
    """The caller's tenant, from the same API key the provider's API takes."""
    try:
        return authenticate(request.headers.get("authorization"), state(request).settings.api_keys)
    except AuthError as exc:
        raise ControlError(401, str(exc)) from None


async def json_object(request: Request) -> dict[str, Any]:
    """The request's JSON object body ({} when empty)."""
    raw = await request.body()
    try:
        body: Any = json.loads(raw) if raw.strip() else {}
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ControlError(400, "The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ControlError(400, "The body must be a JSON object.")
    return body


async def control_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ControlError)
    return error_response(exc.status, exc.message)


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok", "app": "qbo"})


async def create_realm(request: Request) -> Response:
    tenant_id = tenant_of(request)
    body = await json_object(request)
    unknown = set(body) - {"companyName", "view", "locale"}
    if unknown:
        return error_response(400, f"Unknown field(s): {', '.join(sorted(unknown))}.")
    company = body.get("companyName", "Sandbox Company")
    if not isinstance(company, str) or not company.strip() or len(company) > 100:
        return error_response(400, "'companyName' must be 1 to 100 characters.")
    view = body.get("view", "accounting")
    if view not in ("accounting", "business"):
        return error_response(400, "'view' must be 'accounting' or 'business'.")
    locale = body.get("locale", "en")
    if locale not in ("en", "fr"):
        return error_response(400, "'locale' must be 'en' or 'fr'.")
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
    tenant_id = tenant_of(request)
    realm = await state(request).store.realm(request.path_params["realm_id"])
    if realm is None or realm["tenant_id"] != tenant_id:
        return error_response(404, "No such realm for this API key.")
    access_token = await state(request).store.issue_api_token(realm["id"])
    return JSONResponse({"accessToken": access_token, "tokenType": "bearer", "realmId": realm["id"]})


async def clock(request: Request) -> Response:
    """The provider owns each tenant's clock: this forwards to it, with the caller's own key."""
    tenant_of(request)
    app_state = state(request)
    headers = {"Authorization": request.headers["authorization"], "Content-Type": "application/json"}
    url = app_state.settings.provider_url + "/_sandbox/clock"
    try:
        if request.method == "GET":
            answer = await app_state.feeds.http.get(url, headers=headers)
        else:
            answer = await app_state.feeds.http.post(url, headers=headers, content=await request.body())
    except httpx.HTTPError:
        return error_response(502, "The provider's sandbox clock did not answer.")
    return Response(answer.content, status_code=answer.status_code, media_type="application/json")


routes = [
    Route("/health", health, methods=["GET"], name="health"),
    Route("/realms", create_realm, methods=["POST"]),
    Route("/realms/{realm_id}/token", create_token, methods=["POST"]),
    Route("/clock", clock, methods=["GET", "POST"]),
    Route("/seed", seed_control, methods=["POST"]),
]
