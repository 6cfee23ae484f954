"""`POST /_sandbox/seed` and `qbo-sandbox seed demo`: a whole demo, the same for the same seed."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from emulator.app import create_app
from emulator.controls import demo_data
from emulator.settings import QboSettings
from sandbox.servers import ThreadedServers, free_port, make_server
from sandbox.tenancy import basic_header
from scenarios.api import SandboxApi, SandboxApiError, SeededDemo
from scenarios.journeys import QBO_ACCOUNTS
from scenarios.pages.qbo import FRENCH, Navigation, SignInPage
from scenarios.sandbox import RunningSandbox
from tests.controls.test_qbo_steps import steps

NOON = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def written(api: SandboxApi) -> list[tuple[Any, ...]]:
    """Every transaction the seed wrote, as the tenant's request journal recorded it, dated in days
    before the tenant's today: (account, id, days before today, time, description, amount, balance)."""
    today = api.clock().date()
    entries = api.http.get("/_sandbox/requests", params={"method": "POST", "path": "*/bankTransactions"}).json()
    rows = []
    for entry in entries["requests"]:
        body = entry["requestBody"]
        for t in body["transactions"]:
            when = dt.datetime.fromisoformat(t["date"])
            days = (today - when.date()).days
            rows.append((body["accountId"], t["id"], days, when.time(), t["description"], t["amount"], t["balance"]))
    return sorted(rows)


def seeded_at(sandbox: RunningSandbox, api_key: str, at: dt.datetime, seed: int) -> tuple[SeededDemo, list[Any]]:
    """Seeds a new tenant whose clock is frozen at `at`; returns the demo and what it wrote."""
    with SandboxApi(sandbox.provider_url, sandbox.qbo_url, api_key) as api:
        api.freeze_clock(at)
        return api.seed_demo(seed=seed), written(api)


def what_a_seed_decides(demo: SeededDemo) -> tuple[Any, ...]:
    """The demo without what the servers mint anew each time (ids, link, realm, password)."""
    return demo.seed, demo.company_name, demo.accounts, demo.written


def test_the_same_seed_builds_the_same_demo_relative_to_each_tenants_today(
    qbo_sandbox: RunningSandbox, sandbox_api_key: str
) -> None:
    first, first_rows = seeded_at(qbo_sandbox, sandbox_api_key, NOON, seed=7)
    again, again_rows = seeded_at(qbo_sandbox, sandbox_api_key + "-b", NOON + dt.timedelta(days=3, hours=5), seed=7)
    other, other_rows = seeded_at(qbo_sandbox, sandbox_api_key + "-c", NOON, seed=8)

    assert what_a_seed_decides(again) == what_a_seed_decides(first)
    assert again_rows == first_rows
    assert again.company_id != first.company_id and again.realm.realm_id != first.realm.realm_id
    assert again.realm.password != first.realm.password
    assert what_a_seed_decides(other)[1:] != what_a_seed_decides(first)[1:]
    assert [r[1:] for r in other_rows] != [r[1:] for r in first_rows]


def test_the_transactions_are_a_plausible_week_with_consistent_balances(
    qbo_sandbox: RunningSandbox, sandbox_api_key: str
) -> None:
    demo, rows = seeded_at(qbo_sandbox, sandbox_api_key, NOON, seed=3)

    assert [a.account_type for a in demo.accounts] == ["checking", "savings", "creditCard"]
    assert any(r[5] > 0 for r in rows) and any(r[5] < 0 for r in rows)  # money in and money out
    grouped = _by_account(rows)
    assert set(grouped) == {a.id for a in demo.accounts}
    for account in demo.accounts:
        mine = grouped[account.id]
        assert account.currency == "CAD" and re.fullmatch(r"\*{4}\d{4}", account.number)
        assert len(mine) == demo.written[account.id] >= 5
        assert {r[2] for r in mine} <= set(range(1, 8))  # within the 7 days, never today or later
        assert len({r[2] for r in mine}) >= 4  # spread over the week
        opening = mine[0][6] - mine[0][5]
        running = [round(opening + sum(r[5] for r in mine[: n + 1]), 2) for n in range(len(mine))]
        assert running == [r[6] for r in mine]
        assert account.balance == mine[-1][6]


def test_the_provider_shows_a_linked_connection_and_successful_writes(sandbox_api: SandboxApi) -> None:
    demo = sandbox_api.seed_demo(seed=11)

    connection = sandbox_api.get_connection(demo.company_id, demo.connection_id)
    assert connection["status"] == "Linked"
    assert re.search(rf"/connections/{demo.connection_id}/start\?otp=\d{{6}}$", demo.link_url)
    accounts = sandbox_api.source_accounts(demo.company_id, demo.connection_id)
    assert [a["id"] for a in accounts] == [a.id for a in demo.accounts]
    assert {a["status"] for a in accounts} == {"connected"}
    assert [a["balance"] for a in accounts] == [a.balance for a in demo.accounts]
    pushes = sandbox_api.http.get(f"/companies/{demo.company_id}/push").json()["results"]
    assert [p["status"] for p in pushes] == ["Success"] * 3
    assert sum(len(p["changes"]) for p in pushes) == sum(demo.written.values())


def test_a_seeds_link_and_first_pull_are_quickbooks_steps_on_its_timeline(sandbox_api: SandboxApi) -> None:
    demo = sandbox_api.seed_demo(seed=11)

    found = steps(sandbox_api, demo.connection_id)

    assert [s["kind"] for s in found] == ["qbo.institution", "qbo.sign_in", "qbo.connect", "qbo.pull"]
    institution, sign_in, connect, pull = (s["detail"] for s in found)
    assert institution["institution"] == sandbox_api.http.get("/_sandbox/settings").json()["organizationName"]
    assert sign_in["username"]
    assert [a["sourceAccountId"] for a in connect["accounts"]] == [a.id for a in demo.accounts]
    assert all(a["feedStartDate"] for a in connect["accounts"])
    assert pull["trigger"] == "automatic" and pull["rows"] == sum(demo.written.values())


@pytest.mark.browser
def test_qbo_shows_three_linked_accounts_with_the_week_for_review(
    page: Page, qbo_sign_in_page: SignInPage, sandbox_api: SandboxApi
) -> None:
    demo = sandbox_api.seed_demo(seed=5)
    newest = {account: rows[-1][4] for account, rows in _by_account(written(sandbox_api)).items()}

    bank = qbo_sign_in_page.sign_in(demo.realm.email, demo.realm.password).expect_loaded()

    expect(page.get_by_role("list", name="Connected accounts").get_by_role("listitem")).to_have_count(3)
    for account, qbo_name in zip(demo.accounts, QBO_ACCOUNTS, strict=True):
        count = demo.written[account.id]
        expect(bank.tile(qbo_name)).to_contain_text(f"{account.name} ••••{account.number[-4:]}")
        sign = "-" if account.balance < 0 else ""
        bank_balance = bank.tile(qbo_name).get_by_role("definition").first  # "Bank balance", beside "In QuickBooks"
        expect(bank_balance).to_have_text(f"{sign}${abs(account.balance):,.2f}")
        expect(bank.tile(qbo_name)).to_contain_text(f"{count} to review")
        bank.open_tile(qbo_name)
        expect(bank.rows()).to_have_count(count)
        expect(bank.rows().first).to_contain_text(newest[account.id])


def _by_account(rows: list[tuple[Any, ...]]) -> dict[str, list[tuple[Any, ...]]]:
    grouped: dict[str, list[tuple[Any, ...]]] = {}
    for row in sorted(rows, key=lambda r: (-r[2], r[3])):
        grouped.setdefault(row[0], []).append(row)
    return grouped


@pytest.mark.browser
def test_the_seed_follows_the_locale_and_view_it_is_given(
    page: Page, qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi
) -> None:
    demo = sandbox_api.seed_demo(seed=2, locale="fr", view="business")

    SignInPage(page, FRENCH).open(qbo_sandbox.qbo_url, lang="fr").sign_in(demo.realm.email, demo.realm.password)
    bank = Navigation(page, FRENCH).go_to_bank_transactions("business").expect_loaded()

    for qbo_name in ("Chèques", "Épargne", "Carte de crédit Visa"):  # the French company's own chart
        expect(bank.tile(qbo_name)).to_be_visible()
    expect(bank.tile("Checking")).to_have_count(0)


def test_a_seed_names_its_own_institution_unless_settings_name_one(
    qbo_sandbox: RunningSandbox, sandbox_api_key: str
) -> None:
    with SandboxApi(qbo_sandbox.provider_url, qbo_sandbox.qbo_url, sandbox_api_key + "-inst") as api:
        api.seed_demo(seed=3)
        chosen = api.http.get("/_sandbox/settings").json()["organizationName"]
    with SandboxApi(qbo_sandbox.provider_url, qbo_sandbox.qbo_url, sandbox_api_key + "-named") as api:
        api.update_settings(organizationName="Bank of Dave")
        api.seed_demo(seed=3)
        kept = api.http.get("/_sandbox/settings").json()["organizationName"]

    assert chosen == demo_data.institution_name(3) != "Sandbox Bank Feeds"
    assert kept == "Bank of Dave"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "qbo_sandbox", "seed", "demo", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_the_command_seeds_a_running_sandbox_and_prints_what_to_open(
    qbo_sandbox: RunningSandbox, sandbox_api_key: str
) -> None:
    urls = ("--provider-url", qbo_sandbox.provider_url, "--qbo-url", qbo_sandbox.qbo_url)

    as_json = run_cli("--seed", "4", "--api-key", sandbox_api_key, "--json", *urls)
    readable = run_cli("--seed", "4", "--api-key", sandbox_api_key + "-b", *urls)

    assert as_json.returncode == 0, as_json.stderr
    answer = json.loads(as_json.stdout)
    assert answer["connectionStatus"] == "Linked"
    assert readable.returncode == 0, readable.stderr
    out = readable.stdout
    assert f"Seeded demo 4 for API key '{sandbox_api_key}-b'" in out
    assert answer["companyName"] in out
    assert f"Sign in      {qbo_sandbox.qbo_url}/signin" in out
    assert re.search(r"Email        owner\.\d+@sandbox\.example", out)
    assert re.search(r"Connection   \S+ \(Linked\)", out)
    assert re.search(rf"Link URL     {re.escape(qbo_sandbox.provider_url)}/companies/\S+\?otp=\d{{6}}", out)
    for account in answer["sourceAccounts"]:
        assert re.search(rf"{account['accountName']} +{re.escape(account['accountNumber'])} .* → ", out)
    link = re.search(r"Link URL +(\S+)", out)
    assert link is not None
    assert httpx.get(link[1], follow_redirects=True).status_code == 200  # the printed link opens the Link UI


def test_the_command_says_so_in_one_line_when_no_sandbox_is_running() -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"

    result = run_cli("--provider-url", nowhere, "--qbo-url", nowhere)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert f"no sandbox answers at {nowhere}" in result.stderr


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"seed": "one"}, "'seed' must be a whole number"),
        ({"seed": True}, "'seed' must be a whole number"),
        ({"seed": -1}, "'seed' must be a whole number"),
        ({"seed": 1.5}, "'seed' must be a whole number"),
        ({"locale": "de"}, "'locale' must be 'en' or 'fr'"),
        ({"view": "other"}, "'view' must be 'accounting' or 'business'"),
        ({"colour": "red"}, "Unknown field(s): colour"),
        ([1], "The body must be a JSON object"),
    ],
)
def test_bad_input_is_a_400_and_builds_nothing(sandbox_api: SandboxApi, body: Any, message: str) -> None:
    answer = sandbox_api.qbo.post("/_sandbox/seed", json=body)

    assert answer.status_code == 400
    assert answer.json()["statusCode"] == 400
    assert message in answer.json()["error"]
    assert sandbox_api.http.get("/companies").json()["results"] == []


def test_no_api_key_is_a_401(qbo_sandbox: RunningSandbox) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}):
        answer = httpx.post(qbo_sandbox.qbo_url + "/_sandbox/seed", json={}, headers=headers)
        assert answer.status_code == 401
        assert "Authorization" in answer.json()["error"]


def test_a_write_the_provider_fails_leaves_nothing_half_made(sandbox_api: SandboxApi) -> None:
    armed = sandbox_api.http.post("/_sandbox/faults", json={"operation": "push-outcome", "outcome": "Failed"})
    assert armed.status_code in (200, 201)

    answer = sandbox_api.qbo.post("/_sandbox/seed", json={"seed": 1})

    assert answer.status_code == 502
    assert "did not take the seeded transactions" in answer.json()["error"]
    assert sandbox_api.http.get("/companies").json()["results"] == []
    demo = sandbox_api.seed_demo(seed=1)  # the fault fired once: the next seed builds it all
    assert [c["id"] for c in sandbox_api.http.get("/companies").json()["results"]] == [demo.company_id]


@pytest.fixture
def emulator_with_provider() -> Iterator[tuple[str, ThreadedServers]]:
    """An emulator alone, whose provider address is a port where nothing listens."""
    qbo_port = free_port()
    settings = QboSettings(
        public_url=f"http://127.0.0.1:{qbo_port}",
        provider_url=f"http://127.0.0.1:{free_port()}",
        data_dir=None,
        pull_interval_seconds=0,
    )
    servers = ThreadedServers([make_server(create_app(settings), "127.0.0.1", qbo_port)])
    servers.start()
    try:
        yield settings.public_url, servers
    finally:
        servers.stop()


def test_an_unreachable_provider_is_a_clear_502(emulator_with_provider: tuple[str, ThreadedServers]) -> None:
    qbo_url, _ = emulator_with_provider

    answer = httpx.post(qbo_url + "/_sandbox/seed", json={}, headers={"Authorization": basic_header("k")})

    assert answer.status_code == 502
    assert "did not answer" in answer.json()["error"]


def test_seed_demo_raises_with_the_reason(sandbox_api: SandboxApi) -> None:
    with pytest.raises(SandboxApiError, match="'locale' must be"):
        sandbox_api.seed_demo(locale="de")
