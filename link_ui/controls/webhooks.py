"""Webhook controls under /_sandbox/webhooks: endpoints, secret, delivery log, replay, trigger.

The endpoints are the tenant's webhook consumers (the Platform API's /webhooks): GET lists them and
their URLs; PUT {"urls"} keeps the consumers of the URLs it lists, adds a consumer of every event
type for each new URL, and deletes the rest.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from link_ui.consumers import MAX_CONSUMERS, is_webhook_url
from link_ui.context import state, tenant_of
from link_ui.controls.shared import LIMIT, limit_of, read_json
from link_ui.errors import ApiError, bad_request, not_found, validation_item
from link_ui.events import sample_payload
from link_ui.webhooks import EVENT_TYPES
from sandbox.control_docs import Body, Operation, Reply, documented

MAX_URLS = 10
CONSUMER = {
    "type": "object",
    "description": "A webhook consumer as the Platform API's GET /webhooks lists it, and its companyId if any.",
    "required": ["id", "url", "eventTypes", "disabled"],
    "properties": {
        "id": {"type": "string"},
        "url": {"type": "string"},
        "eventTypes": {"type": "array", "items": {"enum": list(EVENT_TYPES)}},
        "disabled": {"type": "boolean"},
        "companyId": {"type": "string", "description": "Only this company's events."},
        "companyTags": {"type": "array", "items": {"type": "string"}, "description": "Only companies tagged so."},
    },
}
CONFIG = {
    "type": "object",
    "required": ["urls", "secret", "eventTypes", "consumers"],
    "properties": {
        "urls": {"type": "array", "items": {"type": "string"}, "description": "The consumers' URLs."},
        "secret": {"type": "string", "description": "`whsec_…`: the key every consumer's deliveries are signed with."},
        "eventTypes": {"type": "array", "items": {"enum": list(EVENT_TYPES)}},
        "consumers": {"type": "array", "items": CONSUMER},
    },
}
DELIVERY = {
    "type": "object",
    "required": ["id", "eventId", "eventType", "url", "status", "attempts"],
    "properties": {
        "id": {"type": "string"},
        "eventId": {"type": "string"},
        "eventType": {"enum": list(EVENT_TYPES)},
        "consumerId": {"type": ["string", "null"], "description": "Its consumer (null: sent before consumers)."},
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


@documented(Operation("The webhook consumers and the signing secret", "Webhooks", {200: Reply("The set-up.", CONFIG)}))
async def get_config(request: Request) -> Response:
    tenant = await tenant_of(request)
    return JSONResponse(await state(request).webhooks.config(tenant.id))


@documented(
    Operation(
        "Set the webhook consumers by URL",
        "Webhooks",
        {200: Reply("The set-up after the change.", CONFIG)},
        description=(
            "A URL listed keeps its consumers as they are, a new URL gets a consumer of every event type, "
            "and the consumers of URLs not listed are deleted (at most 50 consumers in all)."
        ),
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
    errors = [validation_item("Not an http(s) URL.", str(url)) for url in urls if not is_webhook_url(url)]
    if errors:
        raise ApiError(400, "Some webhook URLs are not valid.", errors=errors)
    config = await state(request).webhooks.set_urls(tenant.id, list(dict.fromkeys(urls)), MAX_CONSUMERS)
    if config is None:
        raise bad_request(f"That would make more than {MAX_CONSUMERS} webhook consumers: delete some first.")
    return JSONResponse(config)


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
        query=(LIMIT,),
        errors=(400,),
    )
)
async def deliveries(request: Request) -> Response:
    tenant = await tenant_of(request)
    return JSONResponse({"deliveries": await state(request).webhooks.deliveries(tenant.id, limit_of(request))})


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
