"""axe-core finds no serious or critical violation on any emulator page, in English and in French.

Set QBO_SHOTS=/some/dir to also save a full-page screenshot of every page visited.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from emulator.chart import account_name
from sandbox.tenancy import basic_header
from scenarios.pages.qbo import ENGLISH, FRENCH, ChooseAccountsPage, ConnectAccountPage, SignInPage
from tests.emulator.conftest import FakeSandbox, new_company

pytestmark = pytest.mark.browser
AXE = Axe()


def check(page: Page, name: str, lang: str) -> None:
    results = AXE.run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert bad == [], f"{name} [{lang}]"
    shots = os.environ.get("QBO_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/{name}-{lang}.png", full_page=True)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_passes_axe(page: Page, fake_sandbox: FakeSandbox, lang: str) -> None:
    words = FRENCH if lang == "fr" else ENGLISH
    company = new_company(fake_sandbox.qbo_url, locale=lang, companyName="Maple Bakery Ltd")
    provider = fake_sandbox.provider
    operating = provider.add_account(company.tenant_id, "Operating", "12345678")
    provider.add_account(company.tenant_id, "Reserve", "87654321")
    username, password = provider.issue_credentials(company.tenant_id)

    page.goto(fake_sandbox.qbo_url + f"/signup?lang={lang}")
    check(page, "create-company", lang)
    sign_in = SignInPage(page, words).open(fake_sandbox.qbo_url, lang=lang)
    check(page, "sign-in", lang)
    sign_in.sign_in(company.email, "wrong")
    expect(sign_in.error()).to_be_visible()
    check(page, "sign-in-error", lang)
    banking = sign_in.sign_in(company.email, company.password).expect_loaded()
    check(page, "banking-empty", lang)

    connect: ConnectAccountPage = banking.link_account().expect_loaded()
    check(page, "connect-an-account", lang)
    connect.search("zzzz")
    expect(page.get_by_role("status")).to_be_visible()
    check(page, "connect-no-match", lang)
    terms = connect.choose_institution("Fake Feeds Bank")
    expect(terms.continue_button).to_be_disabled()
    check(page, "terms", lang)
    credentials = terms.agree_to_terms()
    check(page, "credentials", lang)
    credentials.enter_credentials(username, "wrong")
    expect(page.get_by_role("button", name=words.go_back)).to_be_visible()
    check(page, "error-103", lang)
    credentials.go_back()
    security = credentials.enter_credentials(username, password)
    check(page, "security-check", lang)
    accounts: ChooseAccountsPage = security.securely_connect()
    accounts.tick("Operating")
    accounts.account_select("Operating").select_option(label=words.add_new)
    expect(page.get_by_label(words.account_type, exact=True)).to_be_focused()
    check(page, "choose-accounts-new", lang)
    page.get_by_label(words.name, exact=True).fill("Bakery Operating")
    page.get_by_role("button", name=words.save_and_close).click()
    # Save and close swaps the form in: wait for it before ticking the next account.
    expect(accounts.account_select("Operating").locator("option:checked")).to_contain_text("Bakery Operating")
    savings = account_name("Savings", lang)  # the company's chart is in its user's language
    accounts.map_account("Reserve", savings)
    today = provider.tenant(company.tenant_id).today
    accounts.set_start_date(today - dt.timedelta(days=30))
    expect(accounts.start_notice()).not_to_be_empty()
    check(page, "choose-accounts", lang)
    banking = accounts.connect().expect_loaded()
    provider.push(company.tenant_id, operating, "Flour Mill Supply", "-320.00", days_ago=1)
    provider.push(company.tenant_id, operating, "Farmers market sales", "845.50")
    banking.open_tile("Bakery Operating")
    banking.update()
    expect(banking.rows()).to_have_count(2)
    check(page, "banking", lang)
    page.get_by_role("button", name=words.actions_for.format(name="Bakery Operating")).click()
    check(page, "banking-menu", lang)
    page.get_by_role("button", name=words.switch_to_business).click()
    page.get_by_role("link", name=words.bookkeeping, exact=True).click()
    check(page, "bookkeeping", lang)
    page.get_by_role("link", name=words.bank_transactions, exact=True).click()
    banking.expect_loaded()
    check(page, "banking-business", lang)
    provider.revoke(company.tenant_id)
    banking.update()
    expect(banking.tile("Bakery Operating").get_by_role("button", name=words.edit_sign_in)).to_be_visible()
    banking.disconnect(savings)
    expect(banking.tile(savings).get_by_role("button", name=words.actions_for.format(name=savings))).to_be_visible()
    check(page, "banking-errors", lang)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_fault_pages_pass_axe(page: Page, fake_sandbox: FakeSandbox, lang: str) -> None:
    """The pages QuickBooks' armed errors show: the security code (185), and Connect's error 105."""
    words = FRENCH if lang == "fr" else ENGLISH
    company = new_company(fake_sandbox.qbo_url, locale=lang, companyName="Maple Bakery Ltd")
    provider = fake_sandbox.provider
    provider.add_account(company.tenant_id, "Operating", "12345678")
    username, password = provider.issue_credentials(company.tenant_id)
    controls = {"Authorization": basic_header(company.api_key)}
    for fault in ({"error": "185", "code": "2468"}, {"error": "105", "screen": "connect"}):
        httpx.post(fake_sandbox.qbo_url + "/_sandbox/faults", json=fault, headers=controls).raise_for_status()

    banking = SignInPage(page, words).open(fake_sandbox.qbo_url, lang=lang).sign_in(company.email, company.password)
    terms = banking.expect_loaded().link_account().expect_loaded().choose_institution("Fake Feeds Bank")
    security = terms.agree_to_terms().enter_credentials(username, password)
    security.enter_code("1111")
    expect(page.get_by_role("alert")).to_be_visible()
    check(page, "security-code-wrong", lang)
    accounts = security.enter_code("2468")
    accounts.map_account("Operating", account_name("Checking", lang))
    accounts.connect()
    expect(page.get_by_role("button", name=words.go_back)).to_be_visible()
    check(page, "error-105", lang)
