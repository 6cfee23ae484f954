"""Codat's Platform API integrations: the one this sandbox offers (QBO Bank Feeds), and its branding.

Every other platform key is a 404 in Codat's shape. The logos and buttons are the sandbox's own
drawings, served from its static files (`link_ui/static/integrations/`).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from link_ui.api.http import JSON
from link_ui.api.listing import page_json, selection
from link_ui.codat import (
    BRANDING_IMAGES,
    BRANDING_PATH,
    INTEGRATION_ID,
    ONLY_INTEGRATION,
    PLATFORM_KEY,
    PLATFORM_NAME,
    SOURCE_ID,
    DataType,
    FeatureState,
    FeatureType,
    SourceType,
)
from link_ui.context import state, tenant_of
from link_ui.errors import ApiError
from link_ui.store.constants import fields_of

FIELDS = (
    "key", "logoUrl", "name", "enabled", "sourceId", "sourceType", "integrationId",
    "isOfflineConnector", "isBeta", "datatypeFeatures",
)  # fmt: skip
WRITE = {"featureType": FeatureType.POST.value, "featureState": FeatureState.RELEASE.value}  # writes bank transactions


def image(public_url: str, kind: str, variant: str) -> dict[str, str]:
    file, alt = BRANDING_IMAGES[(kind, variant)]
    return {"src": f"{public_url}{BRANDING_PATH}/{file}", "alt": alt}


def integration_json(public_url: str) -> dict[str, Any]:
    return {
        "key": PLATFORM_KEY,
        "logoUrl": image(public_url, "logo", "square")["src"],
        "name": PLATFORM_NAME,
        "enabled": True,
        "sourceId": SOURCE_ID,
        "sourceType": SourceType.BANK_FEED.value,
        "integrationId": INTEGRATION_ID,
        "isOfflineConnector": False,
        "isBeta": False,
        "datatypeFeatures": [{"dataType": DataType.BANK_TRANSACTIONS.value, "supportedFeatures": [WRITE]}],
    }


def branding_json(public_url: str) -> dict[str, Any]:
    return {
        "logo": {variant: {"image": image(public_url, "logo", variant)} for variant in ("full", "square")},
        "button": {variant: {"image": image(public_url, "button", variant)} for variant in ("default", "hover")},
        "sourceId": SOURCE_ID,
    }


async def offered_key(request: Request) -> str:
    """The path's platformKey once the caller is authenticated; 404 unless it is this sandbox's."""
    await tenant_of(request)
    key = str(request.path_params["platformKey"])
    if key != PLATFORM_KEY:
        raise ApiError(404, f"Integration {key} not found. " + ONLY_INTEGRATION.format(key=PLATFORM_KEY))
    return key


async def list_integrations(request: Request) -> Response:
    await tenant_of(request)
    app = state(request)
    items = [integration_json(app.settings.public_url)]
    chosen = selection(request, fields_of(items[0], FIELDS), "name")
    results, total = await app.store.constants.listed(items, FIELDS, chosen)
    return JSON(page_json(request, chosen, [dict(item) for item in results], total))


async def get_integration(request: Request) -> Response:
    await offered_key(request)
    return JSON(integration_json(state(request).settings.public_url))


async def get_branding(request: Request) -> Response:
    await offered_key(request)
    return JSON(branding_json(state(request).settings.public_url))


routes = [
    Route("/integrations", list_integrations, methods=["GET"], name="list-integrations"),
    Route("/integrations/{platformKey}", get_integration, methods=["GET"], name="get-integration"),
    Route("/integrations/{platformKey}/branding", get_branding, methods=["GET"], name="get-integrations-branding"),
]
