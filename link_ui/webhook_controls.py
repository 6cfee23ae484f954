"""Webhook controls under /_sandbox/webhooks: endpoints, secret, delivery log, replay, trigger."""

from __future__ import annotations

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from link_ui.context import state, tenant_of
from link_ui.controls import read_json
from link_ui.errors import ApiError, bad_request, not_found, validation_item
from link_ui.events import sample_payload
from link_ui.webhooks import EVENT_TYPES
from sandbox.control_docs import Body, Operation, Param, Reply, documented

MAX_URLS = 10
CONFIG = {
    "type": "object",
    "required": ["urls", "secret", "eventTypes"],
    "properties": {
        "urls": {"type": "array", "items": {"type": "string"}},
        "secret": {"type": "string", "description": "`whsec_…`: the key deliveries are signed with."},
        "eventTypes": {"type": "array", "items": {"enum": list(EVENT_TYPES)}},
    },
}
DELIVERY = {
    "type": "object",
    "required": ["id", "eventId", "eventType", "url", "status", "attempts"],
    "properties": {
        "id": {"type": "string"},
        "eventId": {"type": "string"},
        "eventType": {"enum": list(EVENT_TYPES)},
        "url": {"type": "string"},
        "status": {"type": "string"},
        "attempts": {"type": "integer"},
        "lastStatusCode": {"type": ["integer", "null"]},
        "lastError": {"type": ["string", "null"]},
        "lastResponse": {"type": ["string", "null"]},
        "created": {"type": "string"},
        "updated": {"type": ["string", "null"]},
        "event": {"type": "object"},
    },
}


@documented(Operation("The webhook endpoints and signing secret", "Webhooks", {200: Reply("The set-up.", CONFIG)}))
async def get_config(request: Request) -> Response:
    tenant = await tenant_of(request)
    return JSONResponse(await state(request).webhooks.config(tenant.id))


@documented(
    Operation(
        "Replace the webhook endpoints",
        "Webhooks",
        {200: Reply("The set-up after the change.", CONFIG)},
        body=Body(
            {
                "type": "object",
                "required": ["urls"],
                "properties": {
                    "urls": {
                        "type": "array",
                        "maxItems": MAX_URLS,
                        "items": {"type": "string", "format": "uri", "pattern": "^https?://"},
                    }
                },
            }
        ),
        errors=(400,),
    )
)
async def put_config(request: Request) -> Response:
    tenant = await tenant_of(request)
    body = await read_json(request)
    urls = body.get("urls") if isinstance(body, dict) else None
    if not isinstance(urls, list) or len(urls) > MAX_URLS:
        raise bad_request(f'Send {{"urls": [...]}} with at most {MAX_URLS} http(s) URLs.')
    errors = [validation_item("Not an http(s) URL.", str(url)) for url in urls if not _is_http_url(url)]
    if errors:
        raise ApiError(400, "Some webhook URLs are not valid.", errors=errors)
    return JSONResponse(await state(request).webhooks.set_urls(tenant.id, list(dict.fromkeys(urls))))


def _is_http_url(url: object) -> bool:
    if not isinstance(url, str) or len(url) > 2000:
        return False
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError):
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.host)


@documented(Operation("A new signing secret", "Webhooks", {200: Reply("The set-up, with its new secret.", CONFIG)}))
async def rotate_secret(request: Request) -> Response:
    tenant = await tenant_of(request)
    return JSONResponse(await state(request).webhooks.rotate_secret(tenant.id))


@documented(
    Operation(
        "The webhook delivery log, newest first",
        "Webhooks",
        {
            200: Reply(
                "Every delivery with its attempts.",
                {
                    "type": "object",
                    "required": ["deliveries"],
                    "properties": {"deliveries": {"type": "array", "items": DELIVERY}},
                },
            )
        },
        query=(
            Param(
                "limit",
                "At most this many (1 to 1000, default 100).",
                {"type": "integer", "minimum": 1, "maximum": 1000},
            ),
        ),
        errors=(400,),
    )
)
async def deliveries(request: Request) -> Response:
    tenant = await tenant_of(request)
    limit = request.query_params.get("limit", "100")
    if not (limit.isascii() and limit.isdigit() and len(limit) <= 4) or not 1 <= int(limit) <= 1000:
        raise bad_request("'limit' must be between 1 and 1000.")
    return JSONResponse({"deliveries": await state(request).webhooks.deliveries(tenant.id, int(limit))})


@documented(
    Operation(
        "Send a delivery again",
        "Webhooks",
        {
            200: Reply(
                "The new delivery.", {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
            )
        },
        path={"delivery_id": "The delivery's `id`."},
        errors=(404,),
    )
)
async def replay(request: Request) -> Response:
    tenant = await tenant_of(request)
    new_id = await state(request).webhooks.replay(tenant.id, request.path_params["delivery_id"])
    if new_id is None:
        raise not_found("Webhook delivery")
    return JSONResponse({"id": new_id})


@documented(
    Operation(
        "Send a sample event to the registered endpoints",
        "Webhooks",
        {
            200: Reply(
                "The event sent.",
                {"type": "object", "required": ["eventId"], "properties": {"eventId": {"type": "string"}}},
            )
        },
        body=Body(
            {
                "type": "object",
                "required": ["eventType"],
                "properties": {"eventType": {"enum": list(EVENT_TYPES)}},
            }
        ),
        errors=(400,),
    )
)
async def trigger(request: Request) -> Response:
    """Sends a sample event of any type to the registered URLs, like `stripe trigger`."""
    tenant = await tenant_of(request)
    body = await read_json(request)
    event_type = body.get("eventType") if isinstance(body, dict) else None
    if event_type not in EVENT_TYPES:
        raise bad_request("'eventType' must be one of: " + ", ".join(EVENT_TYPES) + ".")
    app = state(request)
    payload = sample_payload(str(event_type), app.settings.public_url)
    event_id = app.webhooks.emit(tenant.id, str(event_type), payload, tenant.now())
    return JSONResponse({"eventId": event_id})


routes = [
    Route("/webhooks", get_config, methods=["GET"]),
    Route("/webhooks", put_config, methods=["PUT"]),
    Route("/webhooks/secret", rotate_secret, methods=["POST"]),
    Route("/webhooks/deliveries", deliveries, methods=["GET"]),
    Route("/webhooks/deliveries/{delivery_id}/replay", replay, methods=["POST"]),
    Route("/webhooks/trigger", trigger, methods=["POST"]),
]
