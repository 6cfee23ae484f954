"""Snapshot, reset and restore of a tenant's provider state."""

from __future__ import annotations

import httpx

from sandbox.tenancy import basic_header
from scenarios.sandbox import RunningSandbox

ACCOUNT = {
    "id": "snap-1",
    "accountName": "Snapshot Checking",
    "accountType": "checking",
    "accountNumber": "11112222",
    "currency": "USD",
    "balance": 10,
}


def build_state(api: httpx.Client) -> tuple[str, str]:
    company = api.post("/companies", json={"name": "Snapshot Co"}).json()["id"]
    connection = api.post(f"/companies/{company}/connections", json={"platformKey": "hcws"}).json()["id"]
    api.post(f"/companies/{company}/connections/{connection}/connectionInfo/bankFeedAccounts", json=ACCOUNT)
    api.patch("/_sandbox/settings", json={"organizationName": "Snapshot Feeds"})
    api.post("/_sandbox/clock", json={"frozenAt": "2026-05-01T08:00:00Z"})
    return company, connection


def test_a_snapshot_restores_what_a_reset_removed(provider_api: httpx.Client) -> None:
    company, connection = build_state(provider_api)
    snapshot = provider_api.get("/_sandbox/snapshot").json()

    reset = provider_api.post("/_sandbox/reset")
    emptied = provider_api.get("/companies").json()["totalResults"]
    restored = provider_api.put("/_sandbox/snapshot", json=snapshot)

    assert reset.status_code == 204 and emptied == 0
    assert restored.status_code == 204
    accounts = provider_api.get(f"/companies/{company}/connections/{connection}/connectionInfo/bankFeedAccounts")
    assert [a["accountName"] for a in accounts.json()] == ["Snapshot Checking"]
    assert provider_api.get("/_sandbox/settings").json()["organizationName"] == "Snapshot Feeds"
    assert provider_api.get("/_sandbox/clock").json() == {"now": "2026-05-01T08:00:00.000Z", "frozen": True}


def test_a_reset_empties_the_tenant_and_its_clock(provider_api: httpx.Client) -> None:
    build_state(provider_api)

    provider_api.post("/_sandbox/reset")

    assert provider_api.get("/companies").json()["totalResults"] == 0
    assert provider_api.get("/_sandbox/clock").json()["frozen"] is False
    assert provider_api.get("/_sandbox/settings").json()["organizationName"] != "Snapshot Feeds"


def test_a_bad_snapshot_is_refused_and_changes_nothing(provider_api: httpx.Client) -> None:
    company, _ = build_state(provider_api)
    snapshot = provider_api.get("/_sandbox/snapshot").json()
    broken = {**snapshot, "tables": {**snapshot["tables"], "companies": [{"no_such_column": 1}]}}

    answers = [
        provider_api.put("/_sandbox/snapshot", json={"format": "something else"}),
        provider_api.put("/_sandbox/snapshot", json={**snapshot, "schemaVersion": 999}),
        provider_api.put("/_sandbox/snapshot", json=broken),
    ]

    assert [a.status_code for a in answers] == [400, 400, 400]
    assert all(a.json()["error"] for a in answers)
    assert provider_api.get(f"/companies/{company}").status_code == 200


def test_a_snapshot_cannot_reach_into_another_tenants_rows(
    provider_api: httpx.Client, qbo_sandbox: RunningSandbox
) -> None:
    company, connection = build_state(provider_api)  # the victim's data
    (victim_pk,) = [row["pk"] for row in provider_api.get("/_sandbox/snapshot").json()["tables"]["source_accounts"]]
    with httpx.Client(base_url=qbo_sandbox.provider_url, headers={"Authorization": basic_header("mallory")}) as mallory:
        own = mallory.get("/_sandbox/snapshot").json()
        forged_transaction = {
            **own,
            "tables": {
                **own["tables"],
                "transactions": [
                    {
                        "account_pk": victim_pk,
                        "seq": 1,
                        "id": "evil",
                        "date": "2026-05-01T08:00:00",
                        "description": "INJECTED",
                        "amount": "1",
                        "balance": "1",
                        "transaction_type": "Credit",
                        "push_key": "k",
                        "written": "2026-05-01T08:00:00Z",
                    }
                ],
            },
        }
        forged_token = {
            **own,
            "tables": {
                **own["tables"],
                "credentials": [
                    {
                        "id": "c-evil",
                        "connection_id": connection,
                        "username": "EVIL-EVIL-EVIL",
                        "password_hash": "x",
                        "created": "2026-05-01T08:00:00Z",
                        "revoked": None,
                    }
                ],
            },
        }

        # What the clock runs must be the snapshot's own: entries naming the victim's account,
        # connection, push or delivery are left out (restored, they would run on the victim's rows)
        planted = [
            {**own, "tables": {**own["tables"], "schedule": [{"id": 1, "due": "2020-01-01T00:00:00.000Z", **entry}]}}
            for entry in (
                {"kind": "account.disconnected", "object": f"{connection}/{ACCOUNT['id']}"},
                {"kind": "connection.unlinked", "object": connection},
                {"kind": "push.timeout", "object": "someone-elses-push"},
                {"kind": "webhook.retry", "object": "someone-elses-delivery"},
            )
        ]
        unknown = {
            **planted[0],
            "tables": {
                **planted[0]["tables"],
                "schedule": [{**planted[0]["tables"]["schedule"][0], "kind": "no.such.kind"}],
            },
        }

        answers = [
            mallory.put("/_sandbox/snapshot", json=forged_transaction),
            mallory.put("/_sandbox/snapshot", json=forged_token),
        ]
        kept = []
        for forged in planted:
            assert mallory.put("/_sandbox/snapshot", json=forged).status_code == 204
            kept.append(mallory.get("/_sandbox/snapshot").json()["tables"]["schedule"])
        refused_kind = mallory.put("/_sandbox/snapshot", json=unknown)

    assert [a.status_code for a in answers] == [400, 400]
    assert all("not in the snapshot itself" in a.json()["error"] for a in answers)
    assert kept == [[], [], [], []]
    assert refused_kind.status_code == 400 and "never schedules" in refused_kind.json()["error"]
    assert provider_api.get(f"/companies/{company}").status_code == 200
    # The victim's own snapshot may schedule its own connection, and restores.
    mine = provider_api.get("/_sandbox/snapshot").json()
    entry = {"id": 1, "due": "2099-01-01T00:00:00.000Z", "kind": "connection.unlinked", "object": connection}
    restored = provider_api.put("/_sandbox/snapshot", json={**mine, "tables": {**mine["tables"], "schedule": [entry]}})
    assert restored.status_code == 204
    assert [e["object"] for e in provider_api.get("/_sandbox/snapshot").json()["tables"]["schedule"]] == [connection]


def test_a_snapshot_with_an_impossible_clock_is_refused(provider_api: httpx.Client) -> None:
    snapshot = provider_api.get("/_sandbox/snapshot").json()

    answer = provider_api.put("/_sandbox/snapshot", json={**snapshot, "clock": {"offsetSeconds": 1e300}})

    assert answer.status_code == 400
    assert provider_api.get("/_sandbox/clock").status_code == 200
