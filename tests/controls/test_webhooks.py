"""Webhooks: signed deliveries to a live receiver on loopback, retries, the log, replay."""

from __future__ import annotations

from typing import Any

import httpx

from scenarios.polling import eventually
from tests.controls.conftest import Receiver, register_receiver


def deliveries(api: httpx.Client) -> list[dict[str, Any]]:
    return list(api.get("/_sandbox/webhooks/deliveries").json()["deliveries"])


def test_a_triggered_event_arrives_signed_in_codats_shape(provider_api: httpx.Client, receiver: Receiver) -> None:
    register_receiver(provider_api, receiver)

    event_id = provider_api.post("/_sandbox/webhooks/trigger", json={"eventType": "connection.created"}).json()[
        "eventId"
    ]

    eventually(lambda: receiver.received, lambda got: len(got) == 1)
    (delivery,) = receiver.received
    assert delivery["valid"]
    assert delivery["json"]["id"] == event_id
    assert delivery["json"]["eventType"] == "connection.created"
    assert set(delivery["json"]["payload"]) == {"referenceCompany", "connection"}
    log = eventually(lambda: deliveries(provider_api), lambda d: d and d[0]["status"] == "delivered")
    assert log[0]["attempts"] == 1 and log[0]["lastStatusCode"] == 200


def test_a_failing_endpoint_is_retried_with_backoff(provider_api: httpx.Client, receiver: Receiver) -> None:
    receiver.fail_first = 1
    register_receiver(provider_api, receiver)

    provider_api.post("/_sandbox/webhooks/trigger", json={"eventType": "bankTransactions.write.successful"})

    log = eventually(lambda: deliveries(provider_api), lambda d: d and d[0]["status"] == "delivered", timeout=20)
    assert log[0]["attempts"] == 2
    assert receiver.refused == 1 and len(receiver.received) == 1 and receiver.received[0]["valid"]


def test_replay_sends_the_same_event_again(provider_api: httpx.Client, receiver: Receiver) -> None:
    register_receiver(provider_api, receiver)
    provider_api.post("/_sandbox/webhooks/trigger", json={"eventType": "bankFeeds.sourceAccount.connected"})
    first = eventually(lambda: deliveries(provider_api), lambda d: d and d[0]["status"] == "delivered")[0]

    replayed = provider_api.post(f"/_sandbox/webhooks/deliveries/{first['id']}/replay")

    assert replayed.status_code == 200
    eventually(lambda: receiver.received, lambda got: len(got) == 2)
    assert receiver.received[0]["json"] == receiver.received[1]["json"]
    assert all(r["valid"] for r in receiver.received)


def test_a_rotated_secret_signs_the_next_deliveries(provider_api: httpx.Client, receiver: Receiver) -> None:
    register_receiver(provider_api, receiver)
    old = receiver.secret
    receiver.secret = provider_api.post("/_sandbox/webhooks/secret").json()["secret"]

    provider_api.post("/_sandbox/webhooks/trigger", json={"eventType": "connection.deleted"})

    eventually(lambda: receiver.received, lambda got: len(got) == 1)
    assert receiver.secret != old and receiver.received[0]["valid"]


def test_bad_webhook_settings_are_refused_in_codats_error_shape(provider_api: httpx.Client) -> None:
    bad_url = provider_api.put("/_sandbox/webhooks", json={"urls": ["ftp://nope"]})
    bad_type = provider_api.post("/_sandbox/webhooks/trigger", json={"eventType": "nope"})
    missing = provider_api.post("/_sandbox/webhooks/deliveries/nope/replay")

    assert (bad_url.status_code, bad_url.json()["validation"]["errors"][0]["itemId"]) == (400, "ftp://nope")
    assert bad_type.status_code == 400 and "connection.created" in bad_type.json()["error"]
    assert missing.status_code == 404
