"""The sandbox's webhook deliveries verify with `svix`, the library integrators use for Codat's."""

from __future__ import annotations

import httpx
import pytest
from svix.webhooks import Webhook, WebhookVerificationError

from tests.conformance.webhooks import Consumer, subscribe


def test_a_delivery_verifies_with_its_secret_and_with_no_other(provider_api: httpx.Client, webhook_consumer: Consumer):
    subscribe(provider_api, webhook_consumer)
    triggered = provider_api.post("/_sandbox/webhooks/trigger", json={"eventType": "connection.created"})
    assert triggered.status_code == 200, triggered.text

    assert webhook_consumer.verified_events(1) == ["connection.created"]

    delivery = webhook_consumer.deliveries[0]
    with pytest.raises(WebhookVerificationError):
        Webhook(webhook_consumer.secret).verify(delivery.body.replace(b"created", b"deleted"), delivery.headers)
    other = provider_api.post("/_sandbox/webhooks/secret")
    assert other.status_code == 200, other.text
    with pytest.raises(WebhookVerificationError):
        Webhook(other.json()["secret"]).verify(delivery.body, delivery.headers)
