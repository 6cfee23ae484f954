"""A long Update shows a progress state until its pull is done, then the result: with JavaScript
(a partial that polls) and without (a page that refreshes itself).

The fake provider holds its transaction pages until the test lets them go, so the pull is long
for exactly as long as the test needs to see its progress state.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from scenarios.pages.qbo import BankTransactionsPage, SignInPage
from tests.emulator.conftest import Company, FakeSandbox
from tests.emulator.test_accessibility import check

pytestmark = pytest.mark.browser


def linked(page: Page, sandbox: FakeSandbox, company: Company) -> tuple[BankTransactionsPage, str]:
    """Operating linked to Checking through Link account; returns the page and the source account id."""
    provider = sandbox.provider
    operating = provider.add_account(company.tenant_id, "Operating", "12345678")
    username, password = provider.issue_credentials(company.tenant_id)
    bank = SignInPage(page).open(sandbox.qbo_url).sign_in(company.email, company.password).expect_loaded()
    choose = (
        bank.link_account()
        .choose_institution("Fake Feeds Bank")
        .agree_to_terms()
        .enter_credentials(username, password)
        .securely_connect()
    )
    choose.map_account("Operating", "Checking")
    bank = choose.connect().expect_loaded()
    expect(bank.tile("Checking")).to_be_visible()
    return bank, operating


def push_five(sandbox: FakeSandbox, company: Company, account: str) -> None:
    for n in range(5):
        sandbox.provider.push(company.tenant_id, account, f"Held item {n}", "-3.00")


def test_a_long_update_shows_progress_then_the_result(page: Page, fake_sandbox: FakeSandbox, company: Company) -> None:
    bank, operating = linked(page, fake_sandbox, company)
    push_five(fake_sandbox, company, operating)
    held = fake_sandbox.provider.hold_pulls(company.tenant_id)
    try:
        # When Update's pull takes longer than a moment
        bank.update()

        # Then the page shows that transactions are downloading, and keeps polling
        expect(bank.progress()).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("0 new so far")
        expect(page.get_by_role("status")).to_have_attribute("hx-trigger", "load delay:500ms")
        check(page, "updating", "en")
    finally:
        held.set()

    # And when the pull ends, the result replaces it
    expect(page.get_by_role("status")).to_have_text("Update complete: 5 new transactions.")
    expect(bank.rows()).to_have_count(5)
    expect(bank.page_range()).to_have_text("1–5 of 5")


def test_a_long_update_completes_without_javascript(
    page: Page, browser: Browser, fake_sandbox: FakeSandbox, company: Company
) -> None:
    _bank, operating = linked(page, fake_sandbox, company)
    push_five(fake_sandbox, company, operating)
    # The same signed-in user, in a browser with JavaScript off
    context = browser.new_context(java_script_enabled=False, storage_state=page.context.storage_state())
    held = fake_sandbox.provider.hold_pulls(company.tenant_id)
    try:
        plain = context.new_page()
        plain.goto(fake_sandbox.qbo_url + "/banking")
        bank = BankTransactionsPage(plain).expect_loaded()
        bank.update()
        expect(bank.progress()).to_be_visible()
        held.set()
        # The page refreshes itself until the pull is done, then shows the result
        expect(plain.get_by_role("status")).to_have_text("Update complete: 5 new transactions.")
        expect(bank.rows()).to_have_count(5)
    finally:
        held.set()
        context.close()
