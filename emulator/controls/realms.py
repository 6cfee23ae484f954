"""Controls for sandbox QBO companies (realms) and their Accounting API tokens, the health check, and
the clock (which the provider owns)."""

from __future__ import annotations

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from emulator.context import state
from emulator.controls.shared import ControlError, control, json_object
from sandbox.clock import CHANGE_SCHEMA as CLOCK_CHANGE
from sandbox.clock import JSON_SCHEMA as CLOCK
from sandbox.control_docs import Body, Operation, Reply, documented
from sandbox.version import VERSION

HEALTH = {
    "type": "object",
    "properties": {"status": {"const": "ok"}, "app": {"type": "string"}, "version": {"type": "string"}},
}
NEW_REALM = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "companyName": {"type": "string", "minLength": 1, "maxLength": 100, "default": "Sandbox Company"},
        "view": {"enum": ["accounting", "business"], "default": "accounting"},
        "locale": {"enum": ["en", "fr"], "default": "en"},
    },
}
REALM_SIGN_IN = {
    "type": "object",
    "required": ["realmId", "email", "password", "signInUrl"],
    "properties": {
        "realmId": {"type": "string"},
        "email": {"type": "string"},
        "password": {"type": "string", "description": "Shown once: only its hash is kept."},
        "signInUrl": {"type": "string"},
    },
}
REFUSED = {"type": "object", "description": "The provider's error, passed on as it is."}


@documented(Operation("Is the app ready?", "Health", {200: Reply("Ready.", HEALTH)}, auth=None))
async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok", "app": "qbo", "version": VERSION})


@documented(
    Operation(
        "Create a sandbox QuickBooks company",
        "Companies",
        {200: Reply("Its sign-in: email and password.", REALM_SIGN_IN)},
        description="It starts with a chart of accounts and lists this tenant's provider organisation "
        "among the institutions of Link account.",
        body=Body(NEW_REALM, required=False),
        errors=(400,),
    )
)
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


@documented(
    Operation(
        "An Accounting API access token for one of this tenant's companies",
        "Companies",
        {
            200: Reply(
                "A bearer token for /v3/company/{realm_id}/….",
                {
                    "type": "object",
                    "required": ["accessToken", "tokenType", "realmId"],
                    "properties": {
                        "accessToken": {"type": "string"},
                        "tokenType": {"const": "bearer"},
                        "realmId": {"type": "string"},
                    },
                },
            )
        },
        path={"realm_id": "The company's `realmId`."},
        errors=(404,),
    )
)
@control
async def create_token(request: Request, tenant_id: str) -> Response:
    realm = await state(request).store.realm(request.path_params["realm_id"])
    if realm is None or realm["tenant_id"] != tenant_id:
        raise ControlError(404, "No such realm for this API key.")
    access_token = await state(request).store.issue_api_token(realm["id"])
    return JSONResponse({"accessToken": access_token, "tokenType": "bearer", "realmId": realm["id"]})


_FORWARDED = {200: Reply("The clock, as the provider has it.", CLOCK), 400: Reply("The provider's refusal.", REFUSED)}


@documented(
    GET=Operation("The tenant's sandbox clock", "Clock", _FORWARDED, errors=(502,)),
    POST=Operation(
        "Advance, freeze or thaw the tenant's clock",
        "Clock",
        _FORWARDED,
        description="Forwarded to the provider's POST /_sandbox/clock, which owns the clock.",
        body=Body(CLOCK_CHANGE),
        errors=(502,),
    ),
)
@control
async def clock(request: Request, tenant_id: str) -> Response:
    """The provider owns each tenant's clock: this forwards to it, with the caller's own key."""
    app_state = state(request)
    headers = {"Authorization": request.headers["authorization"], "Content-Type": "application/json"}
    url = app_state.settings.provider_url + "/_sandbox/clock"
    try:
        if request.method == "GET":
            answer = await app_state.feeds.http.get(url, headers=headers)
        else:
            answer = await app_state.feeds.http.post(url, headers=headers, content=await request.body())
    except httpx.HTTPError:
        raise ControlError(502, "The provider's sandbox clock did not answer.") from None
    return Response(answer.content, status_code=answer.status_code, media_type="application/json")
