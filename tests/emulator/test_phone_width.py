"""At 390 px (a phone) no QBO page and not the dashboard scrolls sideways, in English or French; the side
menu folds behind a Menu button."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from emulator.controls import demo_data
from scenarios.api import SandboxApi, SourceAccount
from scenarios.pages.qbo import ENGLISH, FRENCH, SignInPage
from scenarios.sandbox import RunningSandbox

PHONE = {"width": 390, "height": 844}
LOCALES = {"en": "en-US", "fr": "fr-CA"}


def assert_no_sideways_scroll(page: Page, where: str) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{where} is {widths[0]} px wide in a {widths[1]} px window"


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_page_is_wider_than_a_phone(
    browser: Browser, qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi, sandbox_api_key: str, lang: str
) -> None:
    words = FRENCH if lang == "fr" else ENGLISH
    demo = sandbox_api.seed_demo(seed=4, locale=lang)
    context = browser.new_context(viewport=PHONE, locale=LOCALES[lang])
    try:
        page = context.new_page()
        sign_in = SignInPage(page, words).open(qbo_sandbox.qbo_url, lang=lang)
        assert_no_sideways_scroll(page, "sign-in")
        bank = sign_in.sign_in(demo.realm.email, demo.realm.password).expect_loaded()
        assert_no_sideways_scroll(page, "bank transactions")

        menu = page.get_by_role("button", name=words_menu(lang))
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(page.get_by_role("link", name=words.banking, exact=True)).to_be_hidden()
        menu.click()
        expect(page.get_by_role("link", name=words.banking, exact=True)).to_be_visible()
        assert_no_sideways_scroll(page, "the open menu")

        bank.update()
        assert_no_sideways_scroll(page, "after Update")
        for tab in ("categorized", "excluded"):
            page.goto(f"{qbo_sandbox.qbo_url}/banking?tab={tab}")
            assert_no_sideways_scroll(page, f"the {tab} tab")
        for path in ("/bookkeeping", "/signup"):
            page.goto(qbo_sandbox.qbo_url + path)
            assert_no_sideways_scroll(page, path)
        page.goto(f"{qbo_sandbox.qbo_url}/banking")
        connect = bank.expect_loaded().link_account().expect_loaded()
        assert_no_sideways_scroll(page, "Link account")
        terms = connect.choose_institution(demo_data.institution_name(4))
        assert_no_sideways_scroll(page, "the terms")
        credentials = terms.agree_to_terms()
        assert_no_sideways_scroll(page, "the credentials form")
        fresh = sandbox_api.setup_connection("Phone Co", [SourceAccount("ph-1", "Phone Checking")])
        username, password = sandbox_api.generate_credentials(fresh.company_id, fresh.connection_id)
        security = credentials.enter_credentials(username, password)
        assert_no_sideways_scroll(page, "the security check")
        security.securely_connect()
        expect(page.get_by_role("checkbox", name="Phone Checking")).to_be_visible()
        page.get_by_role("checkbox", name="Phone Checking").check()
        assert_no_sideways_scroll(page, "choosing accounts")

        page.goto(f"{qbo_sandbox.provider_url}/_sandbox/dashboard/?lang={lang}")
        page.get_by_label("API key" if lang == "en" else "Clé d'API").fill(sandbox_api_key)
        page.get_by_role("button", name="Open dashboard" if lang == "en" else "Ouvrir le tableau de bord").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_sideways_scroll(page, "the dashboard")
    finally:
        context.close()


def words_menu(lang: str) -> str:
    from scenarios.pages.qbo import qbo_messages

    return qbo_messages(lang)("nav.menu")
