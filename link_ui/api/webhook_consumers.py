"""The Platform API's webhook consumers: list (GET /webhooks), create (POST, 201), delete (DELETE, 204).

A consumer receives the events it names, signed with the tenant's secret (GET /_sandbox/webhooks
shows it), through the same delivery, retries, log and replay as every webhook of the sandbox.
`companyId` (one company's events) and `companyTags` (`key:value`: companies tagged so) limit it.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from link_ui.api.http import JSON, is_uuid, read_json
from link_ui.consumers import (
    MAX_COMPANY_TAGS,
    MAX_CONSUMERS,
    MAX_TAG_LENGTH,
    consumer_json,
    is_webhook_url,
)
from link_ui.context import state, tenant_of
from link_ui.errors import bad_request, not_found, validation_item
from link_ui.webhooks import EVENT_TYPES

FIELDS = frozenset({"url", "eventTypes", "disabled", "companyId", "companyTags"})
EVENT_TYPES_RULE = "'eventTypes' must list one or more of the events this sandbox sends: " + ", ".join(EVENT_TYPES)
TAGS_RULE = f"'companyTags' must be at most {MAX_COMPANY_TAGS} key:value tags of {MAX_TAG_LENGTH} characters or fewer."


async def list_consumers(request: Request) -> Response:
    tenant = await tenant_of(request)
    consumers = await state(request).webhooks.consumers(tenant.id)
    return JSON({"results": [consumer_json(c) for c in consumers]})


async def create_consumer(request: Request) -> Response:
    tenant = await tenant_of(request)
    app = state(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise bad_request('Send a webhook consumer: {"url", "eventTypes", "disabled"?, "companyId"?, "companyTags"?}.')
    errors = _errors(body)
    company_id = body.get("companyId")
    if isinstance(company_id, str) and not (
        is_uuid(company_id) and await app.store.companies.exists(tenant.id, company_id)
    ):
        errors.append(validation_item(f"Company {company_id} not found.", "companyId"))
    if errors:
        raise bad_request("The webhook consumer is not valid. See validation.errors.", errors)
    tags = body.get("companyTags")
    consumer = app.webhooks.new_consumer(
        body["url"],
        list(dict.fromkeys(body["eventTypes"])),
        disabled=bool(body.get("disabled")),
        company_id=company_id,
        company_tags=tuple(dict.fromkeys(tags)) if tags is not None else None,
    )
    if not await app.webhooks.add_consumer(tenant.id, consumer, MAX_CONSUMERS):
        raise bad_request(f"There are {MAX_CONSUMERS} webhook consumers already, the most allowed: delete one first.")
    return JSON(consumer_json(consumer), status_code=201)


def _errors(body: dict[str, Any]) -> list[dict[str, Any]]:
    unknown = sorted(set(body) - FIELDS)
    errors = [validation_item(f"'{key}' is not a field of a webhook consumer.", key) for key in unknown]
    if not is_webhook_url(body.get("url")):
        errors.append(validation_item("'url' must be an http(s) URL.", "url"))
    types = body.get("eventTypes")
    if not isinstance(types, list) or not types or any(t not in EVENT_TYPES for t in types):
        errors.append(validation_item(EVENT_TYPES_RULE, "eventTypes"))
    if body.get("disabled") is not None and not isinstance(body["disabled"], bool):
        errors.append(validation_item("'disabled' must be true or false.", "disabled"))
    if body.get("companyId") is not None and not isinstance(body["companyId"], str):
        errors.append(validation_item("'companyId' must be a company's id.", "companyId"))
    tags = body.get("companyTags")
    if tags is not None and not (
        isinstance(tags, list) and len(tags) <= MAX_COMPANY_TAGS and all(_is_tag(tag) for tag in tags)
    ):
        errors.append(validation_item(TAGS_RULE, "companyTags"))
    return errors


def _is_tag(tag: object) -> bool:
    return isinstance(tag, str) and len(tag) <= MAX_TAG_LENGTH and tag.partition(":")[0] != "" and ":" in tag


async def delete_consumer(request: Request) -> Response:
    tenant = await tenant_of(request)
    webhook_id = request.path_params["webhookId"]
    if not await state(request).webhooks.delete_consumer(tenant.id, webhook_id):
        raise not_found(f"Webhook consumer {webhook_id}")
    return Response(status_code=204)


routes = [
    Route("/webhooks", list_consumers, methods=["GET"], name="list-webhook-consumers"),
    Route("/webhooks", create_consumer, methods=["POST"], name="create-webhook-consumer"),
    Route("/webhooks/{webhookId}", delete_consumer, methods=["DELETE"], name="delete-webhook-consumer"),
]
