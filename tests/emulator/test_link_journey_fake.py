"""The Link account journey in a real Chromium, against the emulator and a fake feed provider."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from scenarios.pages.qbo import FRENCH, BankTransactionsPage, ChooseAccountsPage, ConnectAccountPage, SignInPage
from tests.emulator.conftest import Company, FakeSandbox, new_company

pytestmark = pytest.mark.browser


def _signed_in(page: Page, sandbox: FakeSandbox, company: Company) -> BankTransactionsPage:
    banking = SignInPage(page).open(sandbox.qbo_url).sign_in(company.email, company.password)
    return banking.expect_loaded()


def _link_two(page: Page, sandbox: FakeSandbox, company: Company) -> tuple[str, str]:
    provider = sandbox.provider
    operating = provider.add_account(company.tenant_id, "Operating", "12345678")
    reserve = provider.add_account(company.tenant_id, "Reserve", "87654321")
    username, password = provider.issue_credentials(company.tenant_id)
    banking = _signed_in(page, sandbox, company)
    connect = banking.link_account().expect_loaded()
    terms = connect.choose_institution("Fake Feeds Bank")
    expect(terms.continue_button).to_be_disabled()
    check = terms.agree_to_terms().enter_credentials(username, password)
    expect(page.get_by_text("Fake Feeds Bank wants to make sure")).to_be_visible()
    accounts = check.securely_connect()
    accounts.map_account("Operating", "Checking")
    accounts.add_new_account("Reserve", "Bank", "Savings", "Reserve Savings")
    expect(accounts.account_select("Reserve")).to_be_focused()
    today = provider.tenant(company.tenant_id).today
    accounts.set_start_date(today - dt.timedelta(days=30))
    expect(accounts.start_notice()).to_contain_text("Only the last 7 days")
    week = today - dt.timedelta(days=7)
    expect(accounts.start_notice()).to_contain_text(f"{week.day}, {week.year}")
    banking = accounts.connect()
    banking.expect_loaded()
    expect(banking.tile("Checking")).to_be_visible()
    expect(banking.tile("Reserve Savings")).to_be_visible()
    return operating, reserve


def test_full_journey_with_update(page: Page, fake_sandbox: FakeSandbox, company: Company) -> None:
    operating, _reserve = _link_two(page, fake_sandbox, company)
    provider = fake_sandbox.provider
    link = provider.link_requests[-1]
    assert {c.qbo_account_name for c in link.accounts} == {"Checking", "Reserve Savings"}
    assert provider.tenant(company.tenant_id).links[operating].start_date == (
        provider.tenant(company.tenant_id).today - dt.timedelta(days=30)
    )

    provider.push(company.tenant_id, operating, "Coffee Roasters", "-12.50", days_ago=1)
    provider.push(company.tenant_id, operating, "Client payment INV-104", "1500.00")
    provider.push(company.tenant_id, operating, "Office rent", "-900.00")
    banking = BankTransactionsPage(page)
    banking.open_tile("Checking")
    banking.update()
    expect(banking.rows()).to_have_count(3)
    expect(banking.row("Client payment INV-104")).to_contain_text("$1,500.00")
    expect(banking.tile("Checking")).to_contain_text("3")

    banking.update()  # a repeated pull never duplicates
    expect(banking.rows()).to_have_count(3)

    banking.add("Office rent")
    expect(banking.rows()).to_have_count(2)
    banking.tick("Coffee Roasters")
    banking.batch("Exclude")
    expect(banking.rows()).to_have_count(1)
    banking.tab("For review").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(banking.tab("Excluded")).to_be_focused()
    page.keyboard.press("Enter")
    expect(banking.tab("Excluded")).to_have_attribute("aria-selected", "true")
    expect(banking.row("Coffee Roasters")).to_be_visible()
    banking.undo("Coffee Roasters")
    banking.open_tab("For review")
    expect(banking.rows()).to_have_count(2)
    banking.tick("Coffee Roasters")
    banking.tick("Client payment")
    banking.batch("Accept")
    expect(banking.page.get_by_text("Nothing to review")).to_be_visible()
    banking.open_tab("Categorized")
    expect(banking.rows()).to_have_count(3)


def _to_choose_accounts(
    page: Page, sandbox: FakeSandbox, company: Company, username: str, password: str
) -> ChooseAccountsPage:
    banking = _signed_in(page, sandbox, company)
    return (
        banking.link_account()
        .choose_institution("Fake Feeds Bank")
        .agree_to_terms()
        .enter_credentials(username, password)
        .securely_connect()
    )


def test_choosing_accounts_is_validated(page: Page, fake_sandbox: FakeSandbox, company: Company) -> None:
    provider = fake_sandbox.provider
    provider.add_account(company.tenant_id, "Operating", "12345678")
    provider.add_account(company.tenant_id, "Reserve", "87654321")
    username, password = provider.issue_credentials(company.tenant_id)
    accounts = _to_choose_accounts(page, fake_sandbox, company, username, password)
    accounts.tick("Operating")
    accounts.connect()
    expect(accounts.errors()).to_contain_text("Choose an account type for Operating")
    accounts.account_select("Operating").select_option(label="+ Add new")
    page.get_by_label("Account type", exact=True).select_option(label="Credit Card")
    expect(page.get_by_label("Detail type", exact=True)).to_have_value("CreditCard")
    page.get_by_role("button", name="Save and close").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a name")
    page.get_by_label("Name", exact=True).fill("Checking")
    page.get_by_role("button", name="Save and close").click()
    expect(page.get_by_role("alert")).to_contain_text("already exists")
    accounts.map_account("Operating", "Checking")
    accounts.map_account("Reserve", "Checking")
    accounts.connect()
    expect(accounts.errors()).to_contain_text("Two accounts are set to Checking")


def test_add_new_for_a_card_opens_on_credit_card(page: Page, fake_sandbox: FakeSandbox, company: Company) -> None:
    provider = fake_sandbox.provider
    provider.add_account(company.tenant_id, "Operating", "12345678")
    provider.add_account(company.tenant_id, "Travel Visa", "45321111", "-120.00", kind="creditCard")
    username, password = provider.issue_credentials(company.tenant_id)
    accounts = _to_choose_accounts(page, fake_sandbox, company, username, password)
    accounts.tick("Travel Visa")
    accounts.account_select("Travel Visa").select_option(label="+ Add new")
    expect(page.get_by_label("Account type", exact=True)).to_have_value("Credit Card")
    expect(page.get_by_label("Detail type", exact=True)).to_have_value("CreditCard")
    page.get_by_role("button", name="Cancel new account").click()
    accounts.tick("Operating")
    accounts.account_select("Operating").select_option(label="+ Add new")
    expect(page.get_by_label("Account type", exact=True)).to_have_value("Bank")


def test_wrong_credentials_show_103_and_go_back(page: Page, fake_sandbox: FakeSandbox, company: Company) -> None:
    fake_sandbox.provider.add_account(company.tenant_id, "Operating", "12345678")
    banking = _signed_in(page, fake_sandbox, company)
    credentials = banking.link_account().choose_institution("Fake Feeds Bank").agree_to_terms()
    credentials.enter_credentials("NOPE", "wrong")
    expect(page.get_by_role("alert")).to_contain_text("doesn't match what your bank has on file")
    expect(page.get_by_text("[Error 103]")).to_be_visible()
    credentials.go_back()
    expect(page.get_by_label("User ID")).to_be_visible()


def test_decoys_and_no_match(page: Page, fake_sandbox: FakeSandbox, company: Company) -> None:
    banking = _signed_in(page, fake_sandbox, company)
    connect: ConnectAccountPage = banking.link_account().expect_loaded()
    connect.search("zzzz-no-such-bank")
    expect(page.get_by_text("Sorry! We can't find your bank.")).to_be_visible()
    connect.search("Maple")
    connect.institution("Maple Leaf Credit Union").click()
    expect(page.get_by_role("alert")).to_contain_text("not available in the sandbox")


def test_revoked_credentials_then_edit_sign_in_info(page: Page, fake_sandbox: FakeSandbox, company: Company) -> None:
    operating, _ = _link_two(page, fake_sandbox, company)
    provider = fake_sandbox.provider
    provider.push(company.tenant_id, operating, "Before revoke", "-5.00")
    banking = BankTransactionsPage(page)
    banking.open_tile("Checking")
    banking.update()
    expect(banking.rows()).to_have_count(1)

    provider.revoke(company.tenant_id)
    provider.push(company.tenant_id, operating, "After revoke", "-7.00")
    banking.update()
    expect(banking.tile("Checking")).to_contain_text("[Error 103]")
    username, password = provider.issue_credentials(company.tenant_id)
    banking.edit_sign_in_info("Checking").enter_credentials(username, password)
    banking.expect_loaded()
    banking.open_tile("Checking")
    expect(banking.rows()).to_have_count(2)
    expect(banking.row("After revoke")).to_be_visible()
    expect(banking.tile("Checking")).not_to_contain_text("[Error 103]")


def test_disconnect_from_tile_menu(page: Page, fake_sandbox: FakeSandbox, company: Company) -> None:
    operating, _ = _link_two(page, fake_sandbox, company)
    banking = BankTransactionsPage(page)
    banking.disconnect("Checking")
    expect(banking.tile("Checking")).to_contain_text("Disconnected")
    assert operating in fake_sandbox.provider.tenant(company.tenant_id).disconnected


def test_provider_down_shows_102(page: Page, fake_sandbox: FakeSandbox, company: Company) -> None:
    fake_sandbox.provider.add_account(company.tenant_id, "Operating", "12345678")
    username, password = fake_sandbox.provider.issue_credentials(company.tenant_id)
    banking = _signed_in(page, fake_sandbox, company)
    credentials = banking.link_account().choose_institution("Fake Feeds Bank").agree_to_terms()
    fake_sandbox.provider.down = True
    try:
        credentials.enter_credentials(username, password)
        expect(page.get_by_role("alert")).to_contain_text("[Error 102]")
    finally:
        fake_sandbox.provider.down = False


def test_business_view_and_french(page: Page, fake_sandbox: FakeSandbox) -> None:
    company = new_company(fake_sandbox.qbo_url, view="business", locale="fr")
    banking = SignInPage(page, FRENCH).open(fake_sandbox.qbo_url, lang="fr").sign_in(company.email, company.password)
    banking.expect_loaded()
    expect(page.locator("html")).to_have_attribute("lang", "fr-CA")
    page.get_by_role("link", name="Tenue de livres", exact=True).click()
    page.get_by_role("link", name="Opérations bancaires", exact=True).click()
    banking.expect_loaded()
    connect = banking.link_account()
    expect(page.get_by_role("heading", name="Connecter un compte")).to_be_visible()
    connect.search("zzzz")
    expect(page.get_by_text("Désolé! Nous ne trouvons pas votre banque.")).to_be_visible()
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Connect an account")).to_be_visible()


def test_sign_in_errors_and_sign_out(page: Page, fake_sandbox: FakeSandbox, company: Company) -> None:
    sign_in = SignInPage(page).open(fake_sandbox.qbo_url)
    sign_in.sign_in(company.email, "wrong-password")
    expect(sign_in.error()).to_contain_text("incorrect")
    banking = sign_in.sign_in(company.email, company.password).expect_loaded()
    expect(page.get_by_role("link", name="Banking", exact=True)).to_be_visible()
    page.get_by_role("button", name="Switch to Business view").click()
    expect(page.get_by_role("link", name="Bookkeeping", exact=True)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto(fake_sandbox.qbo_url + "/banking")
    expect(page).to_have_url(re.compile(r"/signin$"))
    assert banking is not None


def test_keyboard_only_with_visible_focus(page: Page, fake_sandbox: FakeSandbox, company: Company) -> None:
    fake_sandbox.provider.add_account(company.tenant_id, "Operating", "12345678")
    page.goto(fake_sandbox.qbo_url + "/signin")
    page.get_by_label("Email", exact=True).focus()
    page.keyboard.type(company.email)
    page.keyboard.press("Tab")
    page.keyboard.type(company.password)
    page.keyboard.press("Enter")
    banking = BankTransactionsPage(page).expect_loaded()
    link = page.get_by_role("button", name="Link account")
    link.focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    connect = ConnectAccountPage(page).expect_loaded()
    connect.institution("Fake Feeds Bank").focus()
    page.keyboard.press("Enter")
    agree = page.get_by_role("checkbox", name=re.compile("terms and conditions"))
    agree.focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Continue")).to_be_enabled()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Continue")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("User ID")).to_be_visible()
    assert banking is not None


def test_the_link_flow_works_without_javascript(browser: Browser, fake_sandbox: FakeSandbox, company: Company) -> None:
    provider = fake_sandbox.provider
    operating = provider.add_account(company.tenant_id, "Operating", "12345678")
    username, password = provider.issue_credentials(company.tenant_id)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        banking = SignInPage(page).open(fake_sandbox.qbo_url).sign_in(company.email, company.password)
        connect = banking.expect_loaded().link_account().expect_loaded()
        page.get_by_role("searchbox").fill("Fake")
        page.get_by_role("button", name="Search", exact=True).click()
        terms = connect.choose_institution("Fake Feeds Bank")
        accounts = terms.agree_to_terms().enter_credentials(username, password).securely_connect()
        accounts.tick("Operating")
        accounts.account_select("Operating").select_option(label="+ Add new")
        page.get_by_label("Name", exact=True).fill("No Script Checking")
        page.get_by_role("button", name="Save and close").click()
        expect(accounts.account_select("Operating").locator("option:checked")).to_have_text(
            re.compile("No Script Checking")
        )
        accounts.connect()
        expect(page.get_by_text("This process can take several minutes.")).to_be_visible()
        page.get_by_role("button", name="Continue").click()
        banking.expect_loaded()
        provider.push(company.tenant_id, operating, "Plain HTML deposit", "10.00")
        banking.update()
        expect(banking.row("Plain HTML deposit")).to_be_visible()
    finally:
        context.close()


def test_create_a_sandbox_company_by_hand_then_sign_in(page: Page, fake_sandbox: FakeSandbox) -> None:
    page.goto(fake_sandbox.qbo_url + "/signin")
    page.get_by_role("link", name="Create a sandbox company").click()
    page.get_by_label("Company name").fill("Demo Bakery")
    page.get_by_label("View").select_option(label="Business view")
    page.get_by_role("button", name="Create company").click()
    expect(page.get_by_role("heading", name="Your sandbox company is ready")).to_be_visible()
    password = page.locator("dd code").nth(1).inner_text()
    page.get_by_role("link", name="Continue to sign in").click()
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    BankTransactionsPage(page).expect_loaded()
    expect(page.get_by_text("Demo Bakery")).to_be_visible()
    expect(page.get_by_role("link", name="Bookkeeping", exact=True)).to_be_visible()
