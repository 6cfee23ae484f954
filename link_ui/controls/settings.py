"""GET and PATCH /_sandbox/settings: what the Link UI and QBO's institution list show (also the
Platform API's /profile). Their rules are link_ui/settings_rules.py's; this schema documents them."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from link_ui import settings_rules
from link_ui.context import state, tenant_of
from link_ui.controls.shared import read_json
from link_ui.errors import ApiError, bad_request
from link_ui.tenants import TenantSettings
from sandbox.control_docs import Body, Operation, Reply, documented

_URL = {"type": "string", "maxLength": settings_rules.URL_MAX, "pattern": "^https?://"}
_CALLOUT_TEXT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {part: {"type": "string", "maxLength": limit} for part, limit in settings_rules.CALLOUT_MAX.items()},
}
SETTINGS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "organizationName": {"type": "string", "minLength": 1, "maxLength": settings_rules.NAME_MAX},
        "logoUrl": {"type": ["string", "null"], "maxLength": settings_rules.URL_MAX, "pattern": "^(https?://|/)"},
        "callout": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {"en": _CALLOUT_TEXT, "fr": _CALLOUT_TEXT},
        },
        "iconUrl": {"type": ["string", "null"], "maxLength": settings_rules.URL_MAX, "pattern": "^(https?://|/)"},
        "redirectUrl": {"anyOf": [_URL, {"const": ""}]},
        "whiteListUrls": {"type": ["array", "null"], "maxItems": settings_rules.URLS_MAX, "items": _URL},
    },
}


@documented(
    Operation(
        "The Link UI's organisation name, logo and callout, and the rest of the Platform API's profile",
        "Tenant",
        {200: Reply("The settings.", SETTINGS)},
    )
)
async def get_settings(request: Request) -> Response:
    tenant = await tenant_of(request)
    return JSONResponse(tenant.settings.to_json())


@documented(
    Operation(
        "Change some of the Link UI's settings",
        "Tenant",
        {200: Reply("The settings after the change.", SETTINGS)},
        description="Changes only the settings the body names; invalid values change nothing.",
        body=Body(SETTINGS),
        errors=(400,),
    )
)
async def patch_settings(request: Request) -> Response:
    tenant = await tenant_of(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise bad_request("The settings must be a JSON object.")
    errors = settings_rules.checked(body, settings_rules.SETTINGS_CHECKS)
    if errors:
        raise ApiError(400, "The settings are not valid.", errors=errors)
    settings = await state(request).tenants.change_settings(
        tenant, lambda now: TenantSettings.from_json({**now.to_json(), **body})
    )
    return JSONResponse(settings.to_json())
