"""A webhook consumer as an integrator writes one: a loopback endpoint whose deliveries are checked
with the `svix` library's `Webhook(secret).verify`, the verifier Codat points its customers to.

The Platform journeys register it through their SDK (`platform.webhooks.create_consumer`,
`platform.webhooks.createConsumer`) and read the tenant's signing secret with `signing_secret`;
`subscribe` does both through the sandbox's own control (`PUT /_sandbox/webhooks`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import Response
from svix.webhooks import Webhook

from scenarios.receiver import serving_endpoint


@dataclass
class Delivery:
    headers: dict[str, str]
    body: bytes


@dataclass
class Consumer:
    url: str = ""
    secret: str = ""
    deliveries: list[Delivery] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    async def endpoint(self, request: Request) -> Response:
        delivery = Delivery(dict(request.headers), await request.body())
        with self.arrived:
            self.deliveries.append(delivery)
            self.arrived.notify_all()
        return Response(status_code=204)

    def verified_events(self, count: int, timeout: float = 10.0) -> list[str]:
        """The event types of the first `count` deliveries, each verified (svix raises if not)."""
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.deliveries) >= count, timeout), (
                f"{len(self.deliveries)} of {count} webhook deliveries arrived"
            )
            deliveries = self.deliveries[:count]
        for delivery in deliveries:
            Webhook(self.secret).verify(delivery.body, delivery.headers)
        return [json.loads(d.body)["eventType"] for d in deliveries]


def signing_secret(api: httpx.Client) -> str:
    """The tenant's whsec_ secret, which signs every consumer's deliveries (Codat's Portal shows it)."""
    response = api.get("/_sandbox/webhooks")
    assert response.status_code == 200, response.text
    return str(response.json()["secret"])


def subscribe(api: httpx.Client, consumer: Consumer) -> None:
    """Registers the consumer for every event of this tenant (the sandbox's own control, for now)."""
    response = api.put("/_sandbox/webhooks", json={"urls": [consumer.url]})
    assert response.status_code == 200, response.text
    consumer.secret = response.json()["secret"]


@pytest.fixture
def webhook_consumer() -> Iterator[Consumer]:
    consumer = Consumer()
    with serving_endpoint(consumer.endpoint) as url:
        consumer.url = url
        yield consumer
