"""The Link UI in a real Chromium: the whole sequence, credentials, revoke and the status, in en and fr."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from scenarios.pages.link_ui import ConnectPage, SetupPage, messages
from scenarios.pages.qbo import qbo_messages
from tests.link_ui._data import Connection, LinkData

pytestmark = pytest.mark.browser

CALLOUT = {
    "en": {"title": "Need a hand?", "body": "Call our business team on 0800 123 456."},
    "fr": {"title": "Besoin d'aide ?", "body": "Appelez notre équipe entreprises au 0800 123 456."},
}
LOCALES = {"en": "en-US", "fr": "fr-CA"}


@pytest.fixture(params=["en", "fr"])
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def localized_page(browser: Browser, lang: str) -> Iterator[Page]:
    """A page whose browser asks for `lang` first (Accept-Language), with clipboard access."""
    context: BrowserContext = browser.new_context(locale=LOCALES[lang])
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        yield context.new_page()
    finally:
        context.close()


def open_link(page: Page, link_data: LinkData, connection: Connection, lang: str) -> ConnectPage:
    response = page.goto(link_data.link_url(connection))
    assert response is not None and response.ok
    connect = ConnectPage(page, lang)
    connect.expect_loaded()
    return connect


def test_whole_sequence_in_the_browsers_language(
    localized_page: Page, link_data: LinkData, connection: Connection, lang: str
) -> None:
    page = localized_page
    t = messages(lang)
    link_data.set_settings(connection.api_key, {"organizationName": "Dave's Bank", "callout": CALLOUT})

    # Given the SMB user opens the linkUrl
    connect = open_link(page, link_data, connection, lang)
    # Then the OTP has left the address bar, and the page says who asks for what
    assert "otp=" not in page.url
    expect(connect.organization("Dave's Bank")).to_be_visible()
    expect(connect.permissions("Dave's Bank")).to_have_count(3)

    # When they click Next
    setup = connect.next()
    # Then the instructions name the QBO screens in both views as QBO names them, and the organisation
    qbo = qbo_messages(lang)
    expect(setup.steps).to_have_count(9)
    expect(setup.steps.nth(1)).to_contain_text(qbo("nav.banking"))
    expect(setup.steps.nth(1)).to_contain_text(f"{qbo('nav.bookkeeping')} › {qbo('nav.bank_transactions')}")
    expect(setup.steps.nth(2)).to_contain_text(qbo("banking.link_account"))
    expect(setup.steps.nth(3)).to_contain_text("Dave's Bank")
    expect(setup.callout).to_contain_text(CALLOUT[lang]["title"])
    expect(setup.callout).to_contain_text(CALLOUT[lang]["body"])
    expect(setup.revoke_button).to_have_count(0)

    # When they get credentials
    username, password = setup.get_credentials()
    # Then both are shown, with a warning, and they sign in through the feed protocol's check
    expect(setup.credentials.get_by_text(t("credentials.issued"))).to_be_focused()
    expect(setup.password_warning).to_be_visible()
    assert link_data.verify(connection, username, password)
    # And the copy buttons copy, and say so
    setup.copy_username()
    assert page.evaluate("navigator.clipboard.readText()") == username
    setup.copy_password()
    assert page.evaluate("navigator.clipboard.readText()") == password

    # When they get credentials again, another set comes, and both sets stay valid
    username2, password2 = setup.get_credentials()
    assert (username2, password2) != (username, password)
    assert link_data.verify(connection, username2, password2)
    assert link_data.verify(connection, username, password)


def test_revoke_invalidates_every_set(page: Page, link_data: LinkData, connection: Connection) -> None:
    setup = open_link(page, link_data, connection, "en").next()
    first = setup.get_credentials()
    second = setup.get_credentials()

    # Cancelling the confirmation keeps everything, and gives focus back to the Revoke button
    setup.start_revoke()
    expect(setup.page.get_by_role("heading", name=setup.t("revoke.heading"))).to_be_focused()
    setup.cancel_revoke()
    expect(setup.revoke_button).to_be_focused()
    assert link_data.verify(connection, *first)

    setup.revoke_credentials()
    assert not link_data.verify(connection, *first)
    assert not link_data.verify(connection, *second)
    expect(setup.revoke_button).to_have_count(0)

    # And new credentials can be had again, and work
    third = setup.get_credentials()
    assert link_data.verify(connection, *third)


def test_status_updates_by_itself_once_accounts_are_linked(
    page: Page, link_data: LinkData, connection: Connection
) -> None:
    setup = open_link(page, link_data, connection, "en").next()
    setup.expect_waiting()

    # When the SMB user connects one account in QBO (while the page stays open)
    today = link_data.now(connection.api_key).date()
    link_data.link_accounts(connection, ["acc-checking"], today)

    # Then the page shows it without a reload
    setup.expect_linked("Everyday Checking")
    expect(setup.status).to_contain_text(setup.t("status.account_number", digits="5678"))
    expect(setup.status).to_contain_text(f"transactions from {today:%B} {today.day}, {today.year}")
    expect(setup.status).not_to_contain_text("Business Savings")


def test_the_page_says_what_linking_and_revoking_did(
    localized_page: Page, link_data: LinkData, connection: Connection, lang: str
) -> None:
    setup = open_link(localized_page, link_data, connection, lang).next()
    intro = localized_page.locator("#setup-intro")
    expect(intro).to_have_text(setup.t("setup.intro"))
    setup.get_credentials()

    # Linked while the page is open: the lead stops asking for the steps it has just seen done
    link_data.link_accounts(connection, ["acc-checking"], link_data.now(connection.api_key).date())
    setup.expect_linked("Everyday Checking")
    expect(intro).to_have_text(setup.t("setup.intro_linked"))

    # Revoked: the status no longer claims QBO is connected, right above the revoke's outcome; the
    # revoke's own answer says so (with the status poll held back, nothing else could)
    localized_page.route(re.compile(r"/link/[^/]+/status"), lambda route: route.abort())
    setup.revoke_credentials()
    expect(setup.revoked_message).to_be_visible()
    expect(setup.status).to_contain_text(setup.t("status.revoked"))
    expect(setup.status).not_to_contain_text(setup.t("status.linked"))
    expect(intro).to_have_text(setup.t("setup.intro"))


def test_language_switch_is_remembered_for_the_session(page: Page, link_data: LinkData, connection: Connection) -> None:
    connect = open_link(page, link_data, connection, "en")
    connect.switch_language("fr")
    setup = connect.next()  # French sticks across pages
    expect(setup.get_credentials_button).to_be_visible()
    page.reload()
    setup.expect_loaded()
    setup.switch_language("en")
    expect(setup.get_credentials_button).to_have_text("Get credentials")


def test_works_without_javascript(browser: Browser, link_data: LinkData, connection: Connection) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        setup = open_link(page, link_data, connection, "en").next()
        username, password = setup.get_credentials()
        assert link_data.verify(connection, username, password)
        expect(setup.copy_username_button).to_be_hidden()  # copying needs JS: not offered without it

        # The confirmation is a page of its own; its Cancel goes back to the setup page
        setup.revoke_button.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(setup.t("revoke.heading"))
        page.get_by_role("link", name=setup.t("revoke.cancel")).click()
        setup.expect_loaded()
        setup.revoke_credentials()
        expect(setup.revoked_message).to_be_focused()  # the full-page answer focuses its outcome too
        assert not link_data.verify(connection, username, password)
    finally:
        context.close()


def test_an_application_can_open_the_link_in_a_language(
    page: Page, link_data: LinkData, connection: Connection
) -> None:
    page.goto(link_data.link_url(connection) + "&lang=fr")
    ConnectPage(page, "fr").expect_loaded()


def test_keyboard_alone_with_visible_focus(page: Page, link_data: LinkData, connection: Connection) -> None:
    connect = open_link(page, link_data, connection, "en")
    page.evaluate("window.__sameDocument = true")  # gone if a click reloads the whole page

    def outline_of_focused() -> str:
        return str(page.evaluate("getComputedStyle(document.activeElement).outlineStyle"))

    # Tab from the top: skip link first, then on to Next
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    connect.next_button.focus()
    page.keyboard.press("Enter")
    setup = SetupPage(page, "en")
    setup.expect_loaded()
    expect(setup.heading).to_be_focused()  # hx-boost swapped the page in: focus goes to its heading

    setup.get_credentials_button.focus()
    page.keyboard.press("Enter")
    expect(setup.username).to_have_value(re.compile(r"\S"))
    expect(setup.credentials.get_by_text(setup.t("credentials.issued"))).to_be_focused()
    assert page.evaluate("window.__sameDocument") is True  # no full reload

    page.keyboard.press("Tab")  # into the username field, then its copy button
    expect(setup.username).to_be_focused()
    page.keyboard.press("Tab")
    expect(setup.copy_username_button).to_be_focused()
    assert outline_of_focused() == "solid"
    page.keyboard.press("Enter")
    expect(setup.credentials.get_by_role("status").first).to_have_text("Copied")

    setup.revoke_button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=setup.t("revoke.heading"))).to_be_focused()
    page.keyboard.press("Tab")
    expect(setup.confirm_revoke_button).to_be_focused()
    assert outline_of_focused() == "solid"
    page.keyboard.press("Enter")
    expect(setup.revoked_message).to_be_focused()
