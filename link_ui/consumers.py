"""Webhook consumers: which of a tenant's events each endpoint receives, and their Codat JSON.

A consumer (Codat's Platform API `/webhooks`, Svix endpoints at Codat) subscribes to event types,
and may be limited to one company (`companyId`) or to companies carrying one of its tags
(`companyTags`, each `key:value`). A disabled consumer receives nothing. The settings control's
URLs (PUT /_sandbox/webhooks) are consumers too, of every event type: one list, one delivery path.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import httpx

from link_ui.shapes import WEBHOOK_CONSUMER
from link_ui.store.webhooks import Consumer

MAX_CONSUMERS = 50  # Codat's limit per client
MAX_COMPANY_TAGS = 10
MAX_TAG_LENGTH = 128
MAX_URL_LENGTH = 2000


def is_webhook_url(url: object) -> bool:
    """An http(s) URL with a host: where a consumer's deliveries can be POSTed."""
    if not isinstance(url, str) or len(url) > MAX_URL_LENGTH:
        return False
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError):
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.host)


def consumer_json(consumer: Consumer) -> dict[str, Any]:
    """Codat's WebhookConsumer. companyTags appears only when the consumer has tags; `companyId` is
    taken on create but is not a field of the spec's consumer, so only the settings control shows it."""
    body = {
        "id": consumer.id,
        "url": consumer.url,
        "eventTypes": list(consumer.event_types),
        "disabled": consumer.disabled,
        "companyTags": list(consumer.company_tags) if consumer.company_tags is not None else None,
    }
    return WEBHOOK_CONSUMER.compact(body)


def control_json(consumer: Consumer) -> dict[str, Any]:
    """A consumer as GET /_sandbox/webhooks lists it: Codat's fields, and its companyId if it has one."""
    company = {"companyId": consumer.company_id} if consumer.company_id is not None else {}
    return consumer_json(consumer) | company


def tag_strings(tags: Mapping[str, str]) -> set[str]:
    """A company's tags as consumers name them: `key:value`."""
    return {f"{key}:{value}" for key, value in tags.items()}


def receives(consumer: Consumer, event_type: str, company_id: str | None, company_tags: Collection[str]) -> bool:
    """Whether an event of `event_type` about `company_id` (tagged `company_tags`) goes to `consumer`."""
    if consumer.disabled or event_type not in consumer.event_types:
        return False
    if consumer.company_id is not None and consumer.company_id != company_id:
        return False
    return not consumer.company_tags or any(tag in company_tags for tag in consumer.company_tags)


def event_company(event: Mapping[str, Any]) -> str | None:
    """The company an event is about (every event type this sandbox sends names one)."""
    reference = (event.get("payload") or {}).get("referenceCompany") or {}
    company_id = reference.get("id")
    return company_id if isinstance(company_id, str) else None
