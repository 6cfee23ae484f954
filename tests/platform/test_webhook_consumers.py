"""Webhook consumers through the Platform SDK: registered with POST /webhooks, they receive the events
they subscribe to, signed as Svix signs (verified here with the `svix` package), limited by company;
a disabled consumer receives nothing. The settings control's URLs are the same consumers."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from codat_platform.models import errors

from scenarios.polling import eventually
from tests.api.support import accounts_path, connect_accounts, sandbox_now, transactions, v2_account, wait_for_push
from tests.platform.conftest import make_platform

A_EVENTS = [
    "connection.created",
    "connection.connected",
    "bankFeeds.sourceAccount.connected",
    "bankTransactions.write.successful",
]
ALL_EVENTS = [*A_EVENTS, "connection.disconnected", "connection.deleted", "bankFeeds.sourceAccount.disconnected",
              "bankTransactions.write.unsuccessful"]  # fmt: skip


def deliveries(provider_api):
    return provider_api.get("/_sandbox/webhooks/deliveries", params={"limit": 1000}).json()["deliveries"]


def link_and_write(platform, provider_api, company_id):
    """A connection of the company, linked in QBO (through the feed protocol), then one write."""
    connection = platform.connections.create(
        request={"company_id": company_id, "request_body": {"platform_key": "hcws"}}
    )
    path = accounts_path(company_id, connection.id)
    provider_api.post(path, json=v2_account("acc-1"))
    creds = provider_api.post(path + "/credentials", content=b"").json()
    now = sandbox_now(provider_api).replace(tzinfo=None)
    connect_accounts(provider_api, ["acc-1"], now.date() - dt.timedelta(days=1), creds["username"], creds["password"])
    push = f"/companies/{company_id}/connections/{connection.id}/push/bankAccounts/acc-1/bankTransactions"
    op = provider_api.post(
        push, json={"accountId": "acc-1", "transactions": transactions(now - dt.timedelta(hours=1), 1)}
    )
    wait_for_push(provider_api, company_id, op.json()["pushOperationKey"])


def test_consumers_receive_their_companys_events_signed_and_a_disabled_one_nothing(platform, provider_api, receivers):
    company_a = platform.companies.create(request={"name": "Company A"})
    company_b = platform.companies.create(request={"name": "Company B", "tags": {"customer": "b"}})
    only_a, tagged_b, disabled, everything = receivers(), receivers(), receivers(), receivers()
    made = provider_api.post("/webhooks", json={"url": only_a.url, "eventTypes": A_EVENTS, "companyId": company_a.id})
    assert made.status_code == 201 and "companyId" not in made.json()  # not a field of Codat's WebhookConsumer
    listed = provider_api.get("/_sandbox/webhooks").json()["consumers"]
    assert [c.get("companyId") for c in listed] == [company_a.id]  # the settings control shows it
    tagged = platform.webhooks.create_consumer(
        request={"url": tagged_b.url, "event_types": ["connection.created"], "company_tags": ["customer:b"]}
    )
    off = platform.webhooks.create_consumer(request={"url": disabled.url, "event_types": ALL_EVENTS, "disabled": True})
    platform.webhooks.create_consumer(request={"url": everything.url, "event_types": ALL_EVENTS})
    secret = provider_api.get("/_sandbox/webhooks").json()["secret"]  # the tenant's whsec_ secret signs them all
    for receiver in (only_a, tagged_b, disabled, everything):
        receiver.secret = secret

    link_and_write(platform, provider_api, company_a.id)
    platform.connections.create(request={"company_id": company_b.id, "request_body": {"platform_key": "hcws"}})
    last = provider_api.post("/_sandbox/webhooks/trigger", json={"eventType": "connection.deleted"}).json()["eventId"]

    # each verified with svix (it raises on a bad signature); events are routed in order, so once
    # the last one has arrived every earlier one has been routed
    everything_got = everything.verified_events(len(A_EVENTS) + 2)
    assert sorted(everything_got) == sorted([*A_EVENTS, "connection.created", "connection.deleted"])
    assert last in {json.loads(d.body)["id"] for d in everything.deliveries}
    assert sorted(only_a.verified_events(len(A_EVENTS))) == sorted(A_EVENTS)
    assert {company_of(d) for d in only_a.deliveries} == {company_a.id}
    assert tagged_b.verified_events(1) == ["connection.created"] and company_of(tagged_b.deliveries[0]) == company_b.id
    logged = deliveries(provider_api)  # every delivery routed so far, received or not
    assert sorted(d["eventType"] for d in logged if d["consumerId"] == made.json()["id"]) == sorted(A_EVENTS)
    assert [d["eventType"] for d in logged if d["consumerId"] == tagged.id] == ["connection.created"]
    assert disabled.deliveries == [] and not [d for d in logged if d["consumerId"] == off.id]


def company_of(delivery):
    return json.loads(delivery.body)["payload"]["referenceCompany"]["id"]


def test_create_list_and_delete_consumers(platform, provider_api):
    created = platform.webhooks.create_consumer(
        request={"url": "https://app.example/codat", "event_types": ["connection.connected", "connection.connected"]}
    )
    assert (created.url, created.event_types, created.disabled) == (
        "https://app.example/codat",
        ["connection.connected"],
        False,
    )
    assert [c.id for c in platform.webhooks.list_consumers().results] == [created.id]
    assert provider_api.get("/webhooks").json() == {
        "results": [{"id": created.id, "url": created.url, "eventTypes": ["connection.connected"], "disabled": False}]
    }  # no companyId or companyTags when the consumer has none: strict clients refuse null
    assert platform.webhooks.delete_consumer(request={"webhook_id": created.id}) is None
    assert platform.webhooks.list_consumers().results == []
    with pytest.raises(errors.ErrorMessage) as raised:
        platform.webhooks.delete_consumer(request={"webhook_id": created.id})
    assert raised.value.status_code == 404


def test_the_settings_control_lists_and_sets_the_same_consumers(platform, provider_api):
    provider_api.put("/_sandbox/webhooks", json={"urls": ["https://one.example/hook"]})
    (one,) = platform.webhooks.list_consumers().results
    assert one.url == "https://one.example/hook" and sorted(one.event_types) == sorted(ALL_EVENTS)
    company = platform.companies.create(request={"name": "Scoped"})
    two = provider_api.post(
        "/webhooks",
        json={"url": "https://two.example/hook", "eventTypes": ["connection.created"], "companyId": company.id},
    ).json()
    config = provider_api.get("/_sandbox/webhooks").json()
    assert config["urls"] == ["https://one.example/hook", "https://two.example/hook"]
    assert [c["id"] for c in config["consumers"]] == [one.id, two["id"]]

    kept = provider_api.put("/_sandbox/webhooks", json={"urls": ["https://two.example/hook"]}).json()

    assert kept["consumers"] == [two | {"companyId": company.id}]  # a listed URL keeps its consumer as it is
    assert provider_api.put("/_sandbox/webhooks", json={"urls": []}).json()["consumers"] == []
    assert platform.webhooks.list_consumers().results == []


def test_a_deleted_consumer_gets_no_more_deliveries(platform, provider_api, receivers):
    receiver = receivers()
    receiver.secret = provider_api.get("/_sandbox/webhooks").json()["secret"]
    consumer = platform.webhooks.create_consumer(request={"url": receiver.url, "event_types": ["connection.created"]})
    provider_api.post("/_sandbox/webhooks/trigger", json={"eventType": "connection.created"})
    first = eventually(lambda: deliveries(provider_api), lambda d: d and d[0]["status"] == "delivered")[0]
    assert first["consumerId"] == consumer.id and receiver.verified_events(1) == ["connection.created"]

    platform.webhooks.delete_consumer(request={"webhook_id": consumer.id})
    provider_api.post(f"/_sandbox/webhooks/deliveries/{first['id']}/replay")

    replayed = eventually(
        lambda: deliveries(provider_api), lambda d: d[0]["id"] != first["id"] and d[0]["status"] != "pending"
    )[0]
    assert replayed["status"] == "failed" and "deleted" in replayed["lastError"] and len(receiver.deliveries) == 1


def test_consumers_are_kept_by_snapshots_and_emptied_by_reset(platform, provider_api):
    platform.webhooks.create_consumer(
        request={"url": "https://app.example/hook", "event_types": ["connection.created"]}
    )
    saved = provider_api.get("/_sandbox/snapshot").json()
    provider_api.post("/_sandbox/reset")
    assert platform.webhooks.list_consumers().results == []
    assert provider_api.put("/_sandbox/snapshot", json=saved).status_code == 204
    assert [c.url for c in platform.webhooks.list_consumers().results] == ["https://app.example/hook"]


@pytest.mark.parametrize(
    ("body", "item"),
    [
        ({"eventTypes": ["connection.created"]}, "url"),
        ({"url": "ftp://app.example", "eventTypes": ["connection.created"]}, "url"),
        ({"url": "https://app.example"}, "eventTypes"),
        ({"url": "https://app.example", "eventTypes": []}, "eventTypes"),
        ({"url": "https://app.example", "eventTypes": ["DataSyncCompleted"]}, "eventTypes"),
        ({"url": "https://app.example", "eventTypes": ["connection.created"], "disabled": "yes"}, "disabled"),
        ({"url": "https://app.example", "eventTypes": ["connection.created"], "companyId": "nope"}, "companyId"),
        (
            {"url": "https://app.example", "eventTypes": ["connection.created"], "companyTags": ["untagged"]},
            "companyTags",
        ),
        ({"url": "https://app.example", "eventTypes": ["connection.created"], "eventType": "x"}, "eventType"),
    ],
)
def test_bad_consumers_are_400_with_validation_and_nothing_is_made(platform, provider_api, body, item):
    response = provider_api.post("/webhooks", json=body)
    assert response.status_code == 400
    assert [e["itemId"] for e in response.json()["validation"]["errors"]] == [item]
    assert platform.webhooks.list_consumers().results == []


def test_another_tenants_company_cannot_be_named(provider_api, provider):
    other = make_platform(provider.url, "other-" + uuid.uuid4().hex)
    theirs = other.companies.create(request={"name": "Not yours"})
    body = {"url": "https://app.example/hook", "eventTypes": ["connection.created"], "companyId": theirs.id}

    response = provider_api.post("/webhooks", json=body)

    assert response.status_code == 400 and response.json()["validation"]["errors"][0]["itemId"] == "companyId"
    assert other.webhooks.list_consumers().results == []


def test_at_most_50_consumers(platform, provider_api):
    for _ in range(50):  # one URL may have several consumers
        platform.webhooks.create_consumer(request={"url": "https://app.example/hook", "event_types": A_EVENTS[:1]})
    with pytest.raises(errors.ErrorMessage) as raised:
        platform.webhooks.create_consumer(request={"url": "https://app.example/51", "event_types": A_EVENTS[:1]})
    assert raised.value.status_code == 400 and "50" in raised.value.data.error
    refused = provider_api.put("/_sandbox/webhooks", json={"urls": ["https://app.example/hook", "https://new.example"]})
    assert refused.status_code == 400 and len(platform.webhooks.list_consumers().results) == 50
