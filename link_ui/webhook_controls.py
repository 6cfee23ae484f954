"""Webhook controls under /_sandbox/webhooks: endpoints, secret, delivery log, replay, trigger.

The endpoints are the tenant's webhook consumers (the Platform API's /webhooks): GET lists them and
their URLs; PUT {"urls"} keeps the consumers of the URLs it lists, adds a consumer of every event
type for each new URL, and deletes the rest.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from link_ui.consumers import MAX_CONSUMERS, is_webhook_url
from link_ui.context import state, tenant_of
from link_ui.controls import read_json
from link_ui.errors import ApiError, bad_request, not_found, validation_item
from link_ui.events import sample_payload
from link_ui.webhooks import EVENT_TYPES

MAX_URLS = 10


async def get_config(request: Request) -> Response:
    tenant = await tenant_of(request)
    return JSONResponse(await state(request).webhooks.config(tenant.id))


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


async def rotate_secret(request: Request) -> Response:
    tenant = await tenant_of(request)
    return JSONResponse(await state(request).webhooks.rotate_secret(tenant.id))


async def deliveries(request: Request) -> Response:
    tenant = await tenant_of(request)
    limit = request.query_params.get("limit", "100")
    if not (limit.isascii() and limit.isdigit() and len(limit) <= 4) or not 1 <= int(limit) <= 1000:
        raise bad_request("'limit' must be between 1 and 1000.")
    return JSONResponse({"deliveries": await state(request).webhooks.deliveries(tenant.id, int(limit))})


async def replay(request: Request) -> Response:
    tenant = await tenant_of(request)
    new_id = await state(request).webhooks.replay(tenant.id, request.path_params["delivery_id"])
    if new_id is None:
        raise not_found("Webhook delivery")
    return JSONResponse({"id": new_id})


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
