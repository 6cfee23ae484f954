"""Opening a linkUrl: expired, wrong and guessed OTPs; CSRF, cookies and caching of the Link UI."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from link_ui.links import FAILURE_WINDOW, MAX_FAILURES
from scenarios.pages.link_ui import ConnectPage, LinkErrorPage, SetupPage
from tests.link_ui._data import Connection, LinkData

pytestmark = pytest.mark.browser


@pytest.fixture(params=["en", "fr"])
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def goto(page: Page, url: str) -> int:
    response = page.goto(url)
    assert response is not None
    return response.status


def test_expired_link_is_401_in_the_users_language(
    browser: Browser, link_data: LinkData, connection: Connection, lang: str
) -> None:
    context = browser.new_context(locale={"en": "en-GB", "fr": "fr-FR"}[lang])
    try:
        page = context.new_page()
        url = link_data.link_url(connection)
        # When an hour and a second of sandbox time pass
        link_data.advance_clock(connection.api_key, 3601)
        # Then the link answers 401 with a page that says to go back for a new one
        assert goto(page, url) == 401
        LinkErrorPage(page, lang).expect_invalid_link()
        expect(page.locator("html")).to_have_attribute("lang", lang)
        # And a fresh link works
        assert goto(page, link_data.link_url(connection)) == 200
        ConnectPage(page, lang).expect_loaded()
    finally:
        context.close()


def test_link_is_valid_for_almost_an_hour(page: Page, link_data: LinkData, connection: Connection) -> None:
    url = link_data.link_url(connection)
    link_data.advance_clock(connection.api_key, 3600 - 60)
    assert goto(page, url) == 200
    ConnectPage(page).expect_loaded()


def test_wrong_or_missing_otp_is_401(page: Page, link_data: LinkData, connection: Connection) -> None:
    error = LinkErrorPage(page)
    assert goto(page, link_data.wrong_otp_url(connection)) == 401
    error.expect_invalid_link()
    assert goto(page, link_data.link_url(connection).split("?")[0]) == 401
    error.expect_invalid_link()
    # The error page switches language too
    error.switch_language("fr")
    error.expect_invalid_link()


def test_another_connections_otp_is_401(page: Page, link_data: LinkData, connection: Connection) -> None:
    other = link_data.create_connection(connection.api_key, company_name="Other")
    url = link_data.link_url(other).replace(other.connection_id, connection.connection_id)
    url = url.replace(other.company_id, connection.company_id)
    assert goto(page, url) == 401
    LinkErrorPage(page).expect_invalid_link()


def test_repeated_wrong_otps_throttle_the_link(page: Page, link_data: LinkData, connection: Connection) -> None:
    for _ in range(MAX_FAILURES):
        assert goto(page, link_data.wrong_otp_url(connection)) == 401
    # Now even the right code is refused, until the window passes
    assert goto(page, link_data.link_url(connection)) == 429
    LinkErrorPage(page).expect_throttled()
    link_data.advance_clock(connection.api_key, FAILURE_WINDOW.total_seconds() + 1)
    assert goto(page, link_data.link_url(connection)) == 200
    ConnectPage(page).expect_loaded()


def test_pages_need_the_link_session(page: Page, link_data: LinkData, connection: Connection) -> None:
    """A setup URL without having opened the link (another browser, say) is not a way in."""
    assert goto(page, f"{link_data.provider_url}/link/{connection.connection_id}/setup") == 401
    LinkErrorPage(page).expect_invalid_link()


def test_posts_need_the_csrf_token(page: Page, link_data: LinkData, connection: Connection) -> None:
    open_setup = ConnectPage(page)
    assert goto(page, link_data.link_url(connection)) == 200
    open_setup.next()
    base = f"{link_data.provider_url}/link/{connection.connection_id}"
    # The session cookie alone (what a cross-site form would carry) is not enough
    for path in ("/credentials", "/revoke"):
        response = page.request.post(base + path, form={"csrf_token": "forged"})
        assert response.status == 403
        assert "This page has expired" in response.text()


def test_session_cookie_and_credentials_response(page: Page, link_data: LinkData, connection: Connection) -> None:
    assert goto(page, link_data.link_url(connection)) == 200
    setup = ConnectPage(page).next()
    cookie = next(c for c in page.context.cookies() if c["name"] == "qbo_link_session")
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"

    with page.expect_response(lambda r: r.url.endswith("/credentials")) as info:
        username, _ = SetupPage.get_credentials(setup)
    response = info.value
    assert response.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # The credentials are in that response only: not in the cookie, not in a reloaded page
    assert username not in cookie["value"]
    page.reload()
    setup.expect_loaded()
    expect(page.get_by_text(username)).to_have_count(0)
    expect(setup.username).to_have_count(0)
