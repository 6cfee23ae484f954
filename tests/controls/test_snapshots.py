"""Snapshot, reset and restore of a tenant's provider state."""

from __future__ import annotations

import httpx

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
