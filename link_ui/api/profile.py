"""The Platform API's client profile (GET and PUT /profile): the tenant's settings in Codat's shape.

`name` and `logoUrl` are the organisation name and logo that the Link UI and QBO's institution list
show, the same values PATCH /_sandbox/settings changes. PUT replaces the profile (a field left out
is cleared; the Link UI's callout, not part of a profile, stays). Codat lists no 400 for PUT /profile,
so bad input is its 403, in Codat's error shape.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from link_ui import settings_rules as rules
from link_ui.api.http import JSON, read_json
from link_ui.context import state, tenant_of
from link_ui.errors import ApiError, validation_item
from link_ui.shapes import PROFILE
from link_ui.tenants import TenantSettings

INVALID = 403
CHECKS = {
    "name": rules.name_errors,
    "logoUrl": rules.image_errors,
    "iconUrl": rules.image_errors,
    "redirectUrl": rules.redirect_errors,
    "whiteListUrls": rules.url_list_errors,
}
DEPRECATED = frozenset({"apiKey", "confirmCompanyName"})  # accepted and ignored, never returned


def profile_json(settings: TenantSettings) -> dict[str, Any]:
    body = {
        "name": settings.organization_name,
        "logoUrl": settings.logo_url or None,
        "iconUrl": settings.icon_url or None,
        "redirectUrl": settings.redirect_url,
        "whiteListUrls": settings.white_list_urls or None,
    }
    return PROFILE.compact(body)


async def get_profile(request: Request) -> Response:
    tenant = await tenant_of(request)
    return JSON(profile_json(tenant.settings))


async def update_profile(request: Request) -> Response:
    tenant = await tenant_of(request)
    body = await read_json(request, invalid_status=INVALID)
    if not isinstance(body, dict):
        raise ApiError(INVALID, "The profile must be a JSON object.")
    missing = [validation_item(f"'{key}' is required.", key) for key in ("name", "redirectUrl") if key not in body]
    errors = missing + rules.checked(body, CHECKS, ignored=DEPRECATED, noun="a profile field")
    if errors:
        raise ApiError(INVALID, "The profile is not valid. See validation.errors.", errors=errors)
    replaced = {
        "organizationName": body["name"],
        "logoUrl": body.get("logoUrl"),
        "iconUrl": body.get("iconUrl"),
        "redirectUrl": body["redirectUrl"],
        "whiteListUrls": body.get("whiteListUrls") or [],
    }
    settings = await state(request).tenants.change_settings(
        tenant, lambda now: TenantSettings.from_json({**now.to_json(), **replaced})
    )
    return JSON(profile_json(settings))


routes = [
    Route("/profile", get_profile, methods=["GET"], name="get-profile"),
    Route("/profile", update_profile, methods=["PUT"], name="update-profile"),
]
