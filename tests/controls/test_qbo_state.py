"""The QBO emulator's half of a tenant's state: list its realms, reset it, snapshot and restore it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from sandbox.tenancy import basic_header
from scenarios.api import Realm, SandboxApi, SandboxApiError
from scenarios.sandbox import RunningSandbox

FORMAT = "qbo-sandbox/qbo-snapshot"


@pytest.fixture
def qbo(qbo_sandbox: RunningSandbox, sandbox_api_key: str) -> Iterator[httpx.Client]:
    """The emulator's controls, as this test's tenant."""
    with httpx.Client(base_url=qbo_sandbox.qbo_url, headers={"Authorization": basic_header(sandbox_api_key)}) as c:
        yield c


def signed_in(qbo_url: str, realm: Realm) -> httpx.Client | None:
    """A browser-like client signed in to QBO as the realm's user, or None when sign-in fails."""
    client = httpx.Client(base_url=qbo_url)
    answer = client.post("/signin", data={"email": realm.email, "password": realm.password, "csrf_token": csrf(client)})
    if answer.status_code != 303:
        client.close()
        return None
    return client


def csrf(client: httpx.Client) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text)
    assert found
    return found.group(1)


def shows_company(client: httpx.Client, company: str) -> bool:
    page = client.get("/banking")
    return page.status_code == 200 and company in page.text


def realm_ids(api: SandboxApi) -> list[str]:
    return [r["realmId"] for r in api.realms()]


def test_realms_lists_the_tenants_companies_with_their_sign_in(sandbox_api: SandboxApi) -> None:
    first = sandbox_api.create_realm("Alpha Ltd")
    second = sandbox_api.create_realm("Bêta Ltée", view="business", locale="fr")

    realms = sandbox_api.realms()

    assert [(r["realmId"], r["companyName"], r["email"], r["view"], r["locale"], r["feeds"]) for r in realms] == [
        (first.realm_id, "Alpha Ltd", first.email, "accounting", "en", []),
        (second.realm_id, "Bêta Ltée", second.email, "business", "fr", []),
    ]
    assert all(r["createdAt"].startswith("20") for r in realms)


def test_reset_removes_the_realms_and_their_sign_in(sandbox_api: SandboxApi, qbo: httpx.Client) -> None:
    realm = sandbox_api.create_realm("Gone Ltd")
    session = signed_in(sandbox_api.qbo_url, realm)
    assert session is not None and shows_company(session, "Gone Ltd")

    answer = qbo.post("/_sandbox/reset")

    assert answer.status_code == 204
    assert sandbox_api.realms() == []
    assert signed_in(sandbox_api.qbo_url, realm) is None
    after = session.get("/banking")
    assert after.status_code == 303 and after.headers["location"].endswith("/signin")
    session.close()


def test_a_session_from_before_a_reset_never_opens_another_tenants_company(
    qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi
) -> None:
    session = signed_in(qbo_sandbox.qbo_url, sandbox_api.create_realm("Reset Ltd"))
    assert session is not None
    sandbox_api.reset()
    with SandboxApi(qbo_sandbox.provider_url, qbo_sandbox.qbo_url, "other-" + sandbox_api.api_key) as other:
        other.create_realm("Someone Else Ltd")  # its user may get the id the reset freed

        stale = session.get("/banking")

    assert stale.status_code == 303 and stale.headers["location"].endswith("/signin")
    assert "Someone Else Ltd" not in stale.text
    session.close()


def test_a_snapshot_brings_back_what_a_reset_removed(sandbox_api: SandboxApi, qbo: httpx.Client) -> None:
    realm = sandbox_api.create_realm("Kept Ltd", view="business", locale="fr")
    listed = sandbox_api.realms()
    snapshot = qbo.get("/_sandbox/snapshot").json()

    qbo.post("/_sandbox/reset")
    restored = qbo.put("/_sandbox/snapshot", json=snapshot)

    assert snapshot["format"] == FORMAT
    assert restored.status_code == 204
    assert sandbox_api.realms() == listed
    session = signed_in(sandbox_api.qbo_url, realm)
    assert session is not None and shows_company(session, "Kept Ltd")
    session.close()


def test_a_snapshot_saved_by_an_older_sandbox_still_restores(sandbox_api: SandboxApi, qbo: httpx.Client) -> None:
    sandbox_api.create_realm("Old Ltd")
    listed = sandbox_api.realms()
    snapshot = qbo.get("/_sandbox/snapshot").json()
    old_columns = ("description", "active", "parent_id")  # schema 1 had none of these
    accounts = [{k: v for k, v in row.items() if k not in old_columns} for row in snapshot["tables"]["accounts"]]
    first = {**snapshot, "schemaVersion": 1, "tables": {**snapshot["tables"], "accounts": accounts}}

    qbo.post("/_sandbox/reset")
    assert qbo.put("/_sandbox/snapshot", json=first).status_code == 204
    assert sandbox_api.realms() == listed


def test_a_snapshot_holds_no_link_flows_and_no_api_tokens(sandbox_api: SandboxApi, qbo: httpx.Client) -> None:
    realm = sandbox_api.create_realm("Token Ltd")
    token = qbo.post(f"/_sandbox/realms/{realm.realm_id}/token").json()["accessToken"]
    snapshot = qbo.get("/_sandbox/snapshot").json()

    qbo.post("/_sandbox/reset")
    qbo.put("/_sandbox/snapshot", json=snapshot)
    query = httpx.get(
        f"{sandbox_api.qbo_url}/v3/company/{realm.realm_id}/account/1", headers={"Authorization": f"Bearer {token}"}
    )

    assert set(snapshot["tables"]) == {"realms", "users", "accounts", "feeds", "bank_transactions"}
    assert token not in str(snapshot)
    assert query.status_code == 401  # the old Accounting API token did not come back


def _bad_snapshots(good: dict[str, Any]) -> list[Any]:
    tables = good["tables"]
    (realm,) = tables["realms"]
    (user,) = tables["users"]
    new_realm = {**realm, "id": "9341000000000001"}
    return [
        {**good, "format": "qbo-sandbox/provider-snapshot"},
        {**good, "schemaVersion": 999},
        {**good, "tables": []},
        {**good, "tables": {**tables, "link_flows": []}},
        {**good, "tables": {**tables, "users": [1]}},
        {**good, "tables": {**tables, "users": [{"realm_id; DROP TABLE users": realm["id"]}]}},
        {**good, "tables": {**tables, "realms": [{**realm, "company_name": {"en": "x"}}]}},
        {**good, "tables": {**tables, "realms": [{**realm, "company_name": "\ud800"}]}},
        {**good, "tables": {**tables, "accounts": [{**tables["accounts"][0], "id": 2**80}]}},
        {**good, "tables": {**tables, "realms": [{**realm, "no_such_column": 1}]}},
        {**good, "tables": {**tables, "realms": [realm, realm]}},
        # Passes every check, then fails inside the transaction (two users with one email): the
        # realm inserted before it must not stay.
        {
            **good,
            "tables": {
                **tables,
                "realms": [new_realm],
                "users": [{**user, "id": n, "realm_id": new_realm["id"], "email": "x@sandbox.example"} for n in (1, 2)],
                "accounts": [],
            },
        },
    ]


def test_a_bad_snapshot_is_refused_and_changes_nothing(sandbox_api: SandboxApi, qbo: httpx.Client) -> None:
    realm = sandbox_api.create_realm("Stays Ltd")
    good = qbo.get("/_sandbox/snapshot").json()
    before = sandbox_api.realms()

    # As JSON text, escaped: a lone surrogate can only travel that way.
    answers = [qbo.put("/_sandbox/snapshot", content=json.dumps(bad)) for bad in _bad_snapshots(good)]
    answers += [qbo.put("/_sandbox/snapshot", content=body) for body in (b"", b"{nope", b"\xff", b"[]", b"null")]

    assert [a.status_code for a in answers] == [400] * len(answers), [a.text for a in answers]
    assert all(a.json()["statusCode"] == 400 and a.json()["error"] for a in answers)
    assert sandbox_api.realms() == before
    session = signed_in(sandbox_api.qbo_url, realm)
    assert session is not None
    session.close()


def test_a_snapshot_cannot_reach_into_another_tenants_rows(
    qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi
) -> None:
    victim = sandbox_api.create_realm("Victim Ltd")
    victims = sandbox_api.snapshot()["qbo"]
    victim_account = victims["tables"]["accounts"][0]
    with SandboxApi(qbo_sandbox.provider_url, qbo_sandbox.qbo_url, "mallory-" + sandbox_api.api_key) as mallory:
        mallory.create_realm("Mallory Ltd")
        own = mallory.snapshot()["qbo"]
        tables = own["tables"]
        (realm,) = tables["realms"]
        feed = {
            "id": 1,
            "realm_id": realm["id"],
            "account_id": victim_account["id"],
            "source_account_id": "s",
            "source_name": "s",
            "masked_number": "x",
            "institution_name": "i",
            "connection_id": "c",
            "token": "t",
            "start_date": "2026-01-01",
            "status": "active",
            "created_at": "2026-01-01T00:00:00+00:00",
        }
        transaction = {
            "id": 1,
            "feed_id": 1,
            "provider_id": "p",
            "date": "2026-01-01",
            "description": "INJECTED",
            "amount": "1",
            "received_at": "2026-01-01T00:00:00+00:00",
        }
        forged = [
            {**tables, "users": [*tables["users"], {**tables["users"][0], "id": 999, "realm_id": victim.realm_id}]},
            {**tables, "accounts": [{**victim_account, "name": "Mine now"}]},
            {**tables, "feeds": [feed]},
            {**tables, "bank_transactions": [transaction]},
        ]
        answers = [mallory.qbo.put("/_sandbox/snapshot", json={**own, "tables": t}) for t in forged]
        whole = mallory.qbo.put("/_sandbox/snapshot", json=victims)  # the victim's own snapshot, copied
        # An id that belongs to someone else is only a number to renumber: the account is mallory's own.
        taken = {**tables, "accounts": [*tables["accounts"], {**victim_account, "realm_id": realm["id"], "name": "Z"}]}
        renumbered = mallory.qbo.put("/_sandbox/snapshot", json={**own, "tables": taken})
        mallory_accounts = mallory.snapshot()["qbo"]["tables"]["accounts"]

        assert [r["companyName"] for r in mallory.realms()] == ["Mallory Ltd"]

    assert [a.status_code for a in answers] == [400] * 4
    assert all("not in the snapshot itself" in a.json()["error"] for a in answers), [a.text for a in answers]
    assert renumbered.status_code == 204
    assert "Z" in [a["name"] for a in mallory_accounts]
    assert victim_account["id"] not in [a["id"] for a in mallory_accounts]
    assert whole.status_code == 400
    assert f"QuickBooks company {victim.realm_id} belongs to another tenant" in whole.json()["error"]
    assert sandbox_api.snapshot()["qbo"] == victims
    session = signed_in(sandbox_api.qbo_url, victim)
    assert session is not None and shows_company(session, "Victim Ltd")
    session.close()


def test_tenants_see_and_reset_only_their_own_realms(qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi) -> None:
    mine = sandbox_api.create_realm("Tenant A Ltd")
    with SandboxApi(qbo_sandbox.provider_url, qbo_sandbox.qbo_url, "b-" + sandbox_api.api_key) as tenant_b:
        seen_by_b = tenant_b.realms()
        b_snapshot = tenant_b.snapshot()["qbo"]
        tenant_b.reset()
        forbidden = tenant_b.qbo.post(f"/_sandbox/realms/{mine.realm_id}/token")

    assert seen_by_b == []
    assert all(rows == [] for rows in b_snapshot["tables"].values())
    assert forbidden.status_code == 404
    assert realm_ids(sandbox_api) == [mine.realm_id]


CONTROLS = [("GET", "/_sandbox/realms"), ("POST", "/_sandbox/reset"), ("GET", "/_sandbox/snapshot")]


@pytest.mark.parametrize(("method", "path"), [*CONTROLS, ("PUT", "/_sandbox/snapshot")])
@pytest.mark.parametrize("header", [None, "Bearer abc", "Basic !!!", basic_header(" ")])
def test_state_controls_need_an_api_key(
    qbo_sandbox: RunningSandbox, method: str, path: str, header: str | None
) -> None:
    headers = {"Authorization": header} if header is not None else {}

    answer = httpx.request(method, qbo_sandbox.qbo_url + path, headers=headers, json={})

    assert answer.status_code == 401
    assert answer.json()["statusCode"] == 401 and answer.json()["error"]


def test_a_combined_restore_that_qbo_refuses_leaves_the_provider_as_it_was(
    qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi
) -> None:
    sandbox_api.create_realm("Other Tenant's Books")
    theirs = sandbox_api.snapshot()  # the provider accepts its (empty) part; QBO refuses a realm A still has
    with SandboxApi(qbo_sandbox.provider_url, qbo_sandbox.qbo_url, "b-" + sandbox_api.api_key) as tenant_b:
        tenant_b.create_company("B's Co")

        with pytest.raises(SandboxApiError, match="belongs to another tenant"):
            tenant_b.restore(theirs)

        companies = tenant_b.http.get("/companies").json()["results"]
        assert [c["name"] for c in companies] == ["B's Co"]
        assert tenant_b.realms() == []


def test_the_provider_refuses_values_it_cannot_store_with_a_400(provider_api: httpx.Client) -> None:
    good = provider_api.get("/_sandbox/snapshot").json()
    company = {"id": "c-1", "name": "x", "created": "x", "modified": "x"}
    bad_values: list[Any] = [{"en": "x"}, [1], 2**80, "\ud800"]

    answers = [
        provider_api.put(
            "/_sandbox/snapshot",
            content=json.dumps({**good, "tables": {**good["tables"], "companies": [{**company, "name": v}]}}),
        )
        for v in bad_values
    ]

    assert [a.status_code for a in answers] == [400] * len(bad_values)
    assert provider_api.get("/companies").json()["totalResults"] == 0
