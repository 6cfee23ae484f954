"""The request journal: what the application sent, per tenant, filterable, bounded."""

from __future__ import annotations

import httpx

from link_ui.journal import BODY_LIMIT, Journal
from sandbox.tenancy import basic_header
from scenarios.sandbox import RunningSandbox


def test_the_journal_records_api_calls_with_bodies_status_and_correlation_id(provider_api: httpx.Client) -> None:
    created = provider_api.post("/companies", json={"name": "Journal Co"})
    missing = provider_api.get("/companies/00000000-0000-0000-0000-000000000000")

    entries = provider_api.get("/_sandbox/requests").json()["requests"]

    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("POST", "/companies", 200),
        ("GET", "/companies/00000000-0000-0000-0000-000000000000", 404),
    ]
    assert entries[0]["requestBody"] == {"name": "Journal Co"}
    assert entries[0]["responseBody"]["id"] == created.json()["id"]
    assert entries[1]["correlationId"] == missing.json()["correlationId"] == missing.headers["x-correlation-id"]
    assert all(e["durationMs"] >= 0 for e in entries)


def test_filters_select_by_method_path_glob_and_status_class(provider_api: httpx.Client) -> None:
    company = provider_api.post("/companies", json={"name": "Filter Co"}).json()
    provider_api.get(f"/companies/{company['id']}")
    provider_api.get("/companies?page=0")

    def select(**params: str) -> list[tuple[str, str, int]]:
        entries = provider_api.get("/_sandbox/requests", params=params).json()["requests"]
        return [(e["method"], e["path"], e["status"]) for e in entries]

    assert select(method="post") == [("POST", "/companies", 200)]
    assert select(path="/companies/*") == [("GET", f"/companies/{company['id']}", 200)]
    assert select(status="4xx") == [("GET", "/companies", 400)]
    assert provider_api.get("/_sandbox/requests", params={"status": "teapot"}).status_code == 400


def test_tenants_see_only_their_own_requests_and_can_clear_them(
    qbo_sandbox: RunningSandbox, provider_api: httpx.Client
) -> None:
    provider_api.post("/companies", json={"name": "Mine"})
    with httpx.Client(base_url=qbo_sandbox.provider_url, headers={"Authorization": basic_header("other")}) as other:
        other.post("/companies", json={"name": "Theirs"})
        theirs = other.get("/_sandbox/requests").json()["requests"]

    cleared = provider_api.delete("/_sandbox/requests")

    assert [e["requestBody"] for e in theirs] == [{"name": "Theirs"}]
    assert cleared.status_code == 204
    assert provider_api.get("/_sandbox/requests").json() == {"requests": [], "total": 0}


def test_clearing_the_journal_leaves_armed_faults_alone(provider_api: httpx.Client) -> None:
    armed = provider_api.post("/_sandbox/faults", json={"operation": "list-companies", "status": 503}).json()

    provider_api.delete("/_sandbox/requests")

    assert [f["id"] for f in provider_api.get("/_sandbox/faults").json()["faults"]] == [armed["id"]]
    assert provider_api.get("/companies").status_code == 503


def test_the_journal_keeps_the_newest_entries_only() -> None:
    journal = Journal(size=3)
    for n in range(5):
        journal.record("t", {"n": n})

    assert [e["n"] for e in journal.entries("t")] == [2, 3, 4]


def test_large_bodies_are_cut_and_marked(provider_api: httpx.Client) -> None:
    provider_api.post("/companies", json={"name": "Big Co", "description": "x" * (BODY_LIMIT * 2)})

    (entry,) = provider_api.get("/_sandbox/requests").json()["requests"]

    assert isinstance(entry["requestBody"], str)
    assert len(entry["requestBody"]) == BODY_LIMIT + 1 and entry["requestBody"].endswith("…")


def test_generated_passwords_never_reach_the_journal(provider_api: httpx.Client) -> None:
    company = provider_api.post("/companies", json={"name": "Secret Co"}).json()["id"]
    connection = provider_api.post(f"/companies/{company}/connections", json={"platformKey": "hcws"}).json()["id"]
    path = f"/companies/{company}/connections/{connection}/connectionInfo/bankFeedAccounts/credentials"
    issued = provider_api.post(path, json={}).json()

    entries = provider_api.get("/_sandbox/requests", params={"path": "*/credentials"}).json()["requests"]

    assert entries[0]["responseBody"] == {"username": issued["username"], "password": "[redacted]"}
    assert issued["password"] not in provider_api.get("/_sandbox/requests").text


def test_each_entry_counts_the_sql_statements_its_request_ran(provider_api: httpx.Client) -> None:
    company = provider_api.post("/companies", json={"name": "Counted Co"}).json()
    connection = provider_api.post(f"/companies/{company['id']}/connections", json={"platformKey": "hcws"}).json()
    provider_api.delete("/_sandbox/requests")

    provider_api.get(f"/companies/{company['id']}/connections/{connection['id']}")
    provider_api.get("/companies")
    provider_api.get("/companies/not-a-company-id")

    entries = provider_api.get("/_sandbox/requests").json()["requests"]
    assert [(e["path"], e["statements"]) for e in entries] == [
        (f"/companies/{company['id']}/connections/{connection['id']}", 1),  # one read: row, status and all
        ("/companies", 2),  # the page (its length tells the total), and the page's connections
        ("/companies/not-a-company-id", 0),  # refused before any read
    ]
