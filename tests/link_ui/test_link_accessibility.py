"""axe-core finds no serious or critical violation on any Link UI page, in English or French."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from link_ui.links import MAX_FAILURES
from scenarios.pages.link_ui import ConnectPage, LinkErrorPage, SetupPage
from tests.link_ui._data import Connection, LinkData

pytestmark = pytest.mark.browser

AXE = Axe()
BLOCKING = {"serious", "critical"}


@pytest.fixture(params=["en", "fr"])
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def lang_page(browser: Browser, lang: str) -> Iterator[Page]:
    context = browser.new_context(locale={"en": "en-US", "fr": "fr-FR"}[lang])
    try:
        yield context.new_page()
    finally:
        context.close()


def assert_accessible(page: Page, where: str) -> None:
    results = AXE.run(page)
    assert "violations" in results.response and results.response["testEngine"]["name"] == "axe-core"
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}" for v in blocking
    )
    assert not blocking, f"{where}: {details}"


def test_every_page_passes_axe(lang_page: Page, link_data: LinkData, connection: Connection, lang: str) -> None:
    page = lang_page
    link_data.set_settings(
        connection.api_key,
        {"callout": {lang: {"title": "Title " + lang, "body": "Body " + lang}}},
    )
    page.goto(link_data.link_url(connection))
    connect = ConnectPage(page, lang)
    connect.expect_loaded()
    assert_accessible(page, "connect")

    setup = connect.next()
    assert_accessible(page, "setup")

    setup.get_credentials()
    assert_accessible(page, "setup with credentials")

    setup.start_revoke()
    assert_accessible(page, "revoke confirmation")
    setup.confirm_revoke_button.click()
    expect(setup.revoked_message).to_be_visible()
    assert_accessible(page, "revoked")

    link_data.link_accounts(connection, ["acc-checking", "acc-savings"], link_data.now(connection.api_key).date())
    setup.expect_linked("Everyday Checking", "Business Savings")
    assert_accessible(page, "linked status")

    page.goto(link_data.wrong_otp_url(connection))
    LinkErrorPage(page, lang).expect_invalid_link()
    assert_accessible(page, "invalid link")

    for _ in range(MAX_FAILURES):
        page.goto(link_data.wrong_otp_url(connection))
    LinkErrorPage(page, lang).expect_throttled()
    assert_accessible(page, "throttled link")


def test_revoke_page_without_js_passes_axe(browser: Browser, link_data: LinkData, connection: Connection) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(link_data.link_url(connection))
        setup: SetupPage = ConnectPage(page).next()
        setup.get_credentials()
        setup.revoke_button.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(setup.t("revoke.heading"))
        # axe needs script: evaluate it on the same HTML in a JS-enabled page
        html = page.content()
    finally:
        context.close()
    check = browser.new_context()
    try:
        page = check.new_page()
        page.route("**/revoke-check", lambda route: route.fulfill(body=html, content_type="text/html"))
        page.goto(f"{link_data.provider_url}/revoke-check")
        assert_accessible(page, "revoke page (no JS)")
    finally:
        check.close()
