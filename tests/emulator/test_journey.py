"""The whole journey against the real provider: Codat API, feed protocol, QBO emulator in Chromium."""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from scenarios.pages.qbo import FRENCH, BankTransactionsPage, Navigation, SignInPage
from scenarios.sandbox import RunningSandbox

pytestmark = pytest.mark.browser


@dataclass
class Setup:
    company_id: str
    connection_id: str
    checking_id: str
    savings_id: str
    username: str
    password: str
    email: str
    qbo_password: str

    @property
    def base(self) -> str:
        return f"/companies/{self.company_id}/connections/{self.connection_id}"


def _ok(response: httpx.Response) -> Any:
    assert response.status_code in (200, 204), response.text
    return response.json() if response.content else None


def _today(api: httpx.Client) -> dt.date:
    return dt.datetime.fromisoformat(_ok(api.get("/_sandbox/clock"))["now"].replace("Z", "+00:00")).date()


def _account(name: str, number: str) -> dict[str, Any]:
    return {
        "id": "acc-" + number,
        "accountName": name,
        "accountType": "checking",
        "accountNumber": number,
        "currency": "CAD",
        "balance": 2500.0,
    }


def _setup(api: httpx.Client, qbo_sandbox: RunningSandbox) -> Setup:
    company = _ok(api.post("/companies", json={"name": "Maple Bakery"}))
    connection = _ok(api.post(f"/companies/{company['id']}/connections", json={"platformKey": "hcws"}))
    accounts = f"/companies/{company['id']}/connections/{connection['id']}/connectionInfo/bankFeedAccounts"
    checking = _ok(api.post(accounts, json=_account("Business Checking", "12345678")))
    savings = _ok(api.post(accounts, json=_account("Business Savings", "87654321")))
    credentials = _ok(api.post(accounts + "/credentials", content=b""))
    realm = _ok(api.post(qbo_sandbox.qbo_url + "/_sandbox/realms", json={"companyName": "Maple Bakery Ltd"}))
    return Setup(
        company["id"],
        connection["id"],
        checking["id"],
        savings["id"],
        credentials["username"],
        credentials["password"],
        realm["email"],
        realm["password"],
    )


def _link(page: Page, qbo_sandbox: RunningSandbox, setup: Setup, today: dt.date) -> BankTransactionsPage:
    banking = SignInPage(page).open(qbo_sandbox.qbo_url).sign_in(setup.email, setup.qbo_password)
    banking.expect_loaded()
    accounts = (
        banking.link_account()
        .choose_institution("Sandbox Bank Feeds")
        .agree_to_terms()
        .enter_credentials(setup.username, setup.password)
        .securely_connect()
    )
    accounts.map_account("Business Checking", "Checking")
    accounts.add_new_account("Business Savings", "Bank", "Savings", "Bakery Savings")
    accounts.set_start_date(today - dt.timedelta(days=30))
    expect(accounts.start_notice()).to_contain_text("Only the last 7 days")
    banking = accounts.connect()
    banking.expect_loaded()
    expect(banking.tile("Checking")).to_be_visible()
    expect(banking.tile("Bakery Savings")).to_be_visible()
    return banking


def _push(api: httpx.Client, setup: Setup, account_id: str, items: list[tuple[str, float]], now: dt.datetime) -> None:
    balance = 2500.0
    transactions = []
    for n, (description, amount) in enumerate(items):
        balance += amount
        when = now - dt.timedelta(hours=2) + dt.timedelta(minutes=n)
        transactions.append(
            {
                "id": f"txn-{account_id}-{n}-{description[:4]}",
                "date": when.strftime("%Y-%m-%dT%H:%M:%S"),
                "description": description,
                "amount": amount,
                "balance": round(balance, 2),
                "transactionType": "Credit" if amount >= 0 else "Debit",
            }
        )
    path = f"{setup.base}/push/bankAccounts/{account_id}/bankTransactions"
    operation = _ok(api.post(path, json={"accountId": account_id, "transactions": transactions}))
    key = operation["pushOperationKey"]
    pause, waited = threading.Event(), 0.0
    while waited < 10:
        status = _ok(api.get(f"/companies/{setup.company_id}/push/{key}"))["status"]
        if status != "Pending":
            assert status == "Success", status
            return
        pause.wait(0.02)
        waited += 0.02
    raise AssertionError("the push operation stayed Pending")


def _now(api: httpx.Client) -> dt.datetime:
    return dt.datetime.fromisoformat(_ok(api.get("/_sandbox/clock"))["now"].replace("Z", "+00:00"))


def test_link_two_accounts_then_pushed_transactions_arrive(
    page: Page, qbo_sandbox: RunningSandbox, provider_api: httpx.Client
) -> None:
    setup = _setup(provider_api, qbo_sandbox)
    today = _today(provider_api)
    banking = _link(page, qbo_sandbox, setup, today)

    connection = _ok(provider_api.get(f"/companies/{setup.company_id}/connections/{setup.connection_id}"))
    assert connection["status"] == "Linked"
    listed = _ok(provider_api.get(setup.base + "/connectionInfo/bankFeedAccounts"))
    by_id = {a["id"]: a for a in listed}
    for account_id in (setup.checking_id, setup.savings_id):
        assert by_id[account_id]["status"] == "connected"
        assert by_id[account_id]["feedStartDate"][:10] == (today - dt.timedelta(days=7)).isoformat()

    _push(
        provider_api,
        setup,
        setup.checking_id,
        [("Flour Mill Supply", -320.0), ("Farmers market sales", 845.5)],
        _now(provider_api),
    )
    banking.open_tile("Checking")
    banking.update()
    expect(banking.rows()).to_have_count(2)
    expect(banking.row("Farmers market sales")).to_contain_text("$845.50")
    expect(banking.row("Flour Mill Supply")).to_contain_text("$320.00")
    banking.update()
    expect(banking.rows()).to_have_count(2)


def test_revoke_then_edit_sign_in_info_resumes_without_duplicates(
    page: Page, qbo_sandbox: RunningSandbox, provider_api: httpx.Client
) -> None:
    setup = _setup(provider_api, qbo_sandbox)
    banking = _link(page, qbo_sandbox, setup, _today(provider_api))
    _push(provider_api, setup, setup.checking_id, [("Before revoke", -10.0)], _now(provider_api))
    banking.open_tile("Checking")
    banking.update()
    expect(banking.rows()).to_have_count(1)

    _ok(provider_api.delete(setup.base + "/connectionInfo/bankFeedAccounts/credentials"))
    banking.update()
    expect(banking.tile("Checking")).to_contain_text("[Error 103]")
    expect(
        page.get_by_role("alert").filter(has_text="The update couldn't download anything: each of the 2")
    ).to_be_visible()
    expect(page.get_by_text("Update complete")).to_have_count(0)
    fresh = _ok(provider_api.post(setup.base + "/connectionInfo/bankFeedAccounts/credentials", content=b""))
    banking.edit_sign_in_info("Checking").enter_credentials(fresh["username"], fresh["password"])
    banking.expect_loaded()
    expect(banking.tile("Checking")).not_to_contain_text("[Error 103]")
    _push(provider_api, setup, setup.checking_id, [("After reconnect", -20.0)], _now(provider_api))
    banking.open_tile("Checking")
    banking.update()
    expect(banking.rows()).to_have_count(2)
    expect(banking.row("After reconnect")).to_be_visible()
    expect(banking.row("Before revoke")).to_have_count(1)


def test_disconnect_tells_the_provider(page: Page, qbo_sandbox: RunningSandbox, provider_api: httpx.Client) -> None:
    setup = _setup(provider_api, qbo_sandbox)
    banking = _link(page, qbo_sandbox, setup, _today(provider_api))
    banking.disconnect("Checking")
    expect(page.get_by_role("status")).to_have_text("The Checking account is disconnected.")
    expect(banking.tile("Checking")).to_contain_text("Disconnected")
    _ok(provider_api.post("/_sandbox/clock", json={"advanceSeconds": 11 * 86400}))
    listed = _ok(provider_api.get(setup.base + "/connectionInfo/bankFeedAccounts"))
    assert {a["id"]: a["status"] for a in listed}[setup.checking_id] == "disconnected"


def test_wrong_credentials_give_103(page: Page, qbo_sandbox: RunningSandbox, provider_api: httpx.Client) -> None:
    setup = _setup(provider_api, qbo_sandbox)
    banking = SignInPage(page).open(qbo_sandbox.qbo_url).sign_in(setup.email, setup.qbo_password)
    menu = page.get_by_role("navigation", name="Main")  # the side menu says what the sandbox emulates
    expect(menu).to_contain_text(
        "Greyed items are not emulated by this sandbox. It emulates Banking and its Bank transactions page."
    )
    connect = banking.link_account()
    expect(page.get_by_text("sandboxbankfeeds.example")).to_be_visible()  # a domain, as the other banks show
    expect(page.get_by_text(qbo_sandbox.provider_url)).to_have_count(0)
    credentials = connect.choose_institution("Sandbox Bank Feeds").agree_to_terms()
    credentials.enter_credentials(setup.username, "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("The sign-in info you entered doesn't match")
    credentials.go_back()
    credentials.enter_credentials(setup.username, setup.password).securely_connect()
    expect(page.get_by_role("checkbox", name="Business Checking")).to_be_visible()


def test_automatic_pulls_bring_new_transactions_without_update(
    page: Page, qbo_sandbox: RunningSandbox, provider_api: httpx.Client
) -> None:
    setup = _setup(provider_api, qbo_sandbox)
    banking = _link(page, qbo_sandbox, setup, _today(provider_api))
    banking.open_tile("Checking")
    expect(page.get_by_text("Nothing to review")).to_be_visible()
    _push(provider_api, setup, setup.checking_id, [("Pulled by itself", 42.0)], _now(provider_api))
    # The sandbox pulls every second: reload until it has (a bounded readiness poll).
    pause, waited = threading.Event(), 0.0
    while waited < 15 and banking.row("Pulled by itself").count() == 0:
        pause.wait(0.25)
        waited += 0.25
        page.reload()
    expect(banking.row("Pulled by itself")).to_be_visible()
    expect(banking.tile("Checking")).to_contain_text("1")


def test_business_view_in_french_links_an_account(
    page: Page, qbo_sandbox: RunningSandbox, provider_api: httpx.Client
) -> None:
    setup = _setup(provider_api, qbo_sandbox)
    realm = _ok(
        provider_api.post(
            qbo_sandbox.qbo_url + "/_sandbox/realms",
            json={"companyName": "Boulangerie Érable", "view": "business", "locale": "fr"},
        )
    )
    banking = SignInPage(page, FRENCH).open(qbo_sandbox.qbo_url, lang="fr").sign_in(realm["email"], realm["password"])
    banking.expect_loaded()
    Navigation(page, FRENCH).go_to_bank_transactions(view="business")
    expect(page).to_have_url(re.compile(r"/banking$"))
    expect(page.get_by_role("navigation", name="Principal")).to_contain_text(
        "Les éléments grisés ne sont pas émulés par ce bac à sable. Il émule Tenue de livres › Opérations bancaires."
    )
    accounts = (
        banking.link_account()
        .choose_institution("Sandbox Bank Feeds")
        .agree_to_terms()
        .enter_credentials(setup.username, setup.password)
        .securely_connect()
    )
    accounts.map_account("Business Checking", "Chèques")  # a French company's chart is French
    banking = accounts.connect().expect_loaded()
    expect(banking.tile("Chèques")).to_contain_text("à examiner")
    connection = _ok(provider_api.get(f"/companies/{setup.company_id}/connections/{setup.connection_id}"))
    assert connection["status"] == "Linked"


def test_the_emulators_clock_control_moves_the_providers_clock(
    qbo_sandbox: RunningSandbox, provider_api: httpx.Client
) -> None:
    before = _now(provider_api)
    answer = provider_api.post(qbo_sandbox.qbo_url + "/_sandbox/clock", json={"advanceSeconds": 3 * 86400})
    assert answer.status_code == 200
    assert (_now(provider_api) - before) >= dt.timedelta(days=3)
    assert provider_api.post(qbo_sandbox.qbo_url + "/_sandbox/clock", json={"nonsense": 1}).status_code == 400
    unauthenticated = httpx.post(qbo_sandbox.qbo_url + "/_sandbox/clock", json={"advanceSeconds": 1})
    assert unauthenticated.status_code == 401
