"""At 390 px (a phone) no QBO page and not the dashboard scrolls sideways, in English or French (the Link
account flow's account mapping too, with accounts mapped); the side menu folds behind its Menu summary, with
or without JavaScript; For review stacks each transaction so that its amount and actions are on screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from emulator.controls import demo_data
from scenarios.api import SandboxApi, SourceAccount
from scenarios.journeys import (
    CHECKING,
    SAVINGS,
    choose_accounts,
    find_institution_and_agree,
    qbo_accounts,
    set_up_connection,
    sign_in,
)
from scenarios.pages.qbo import ENGLISH, FRENCH, SignInPage, qbo_messages
from scenarios.sandbox import RunningSandbox
from scenarios.scenario import Journey

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
        expect(page.get_by_role("button", name=qbo_messages(lang)("nav.sign_out"))).to_be_visible()
        starts = line_starts(page.locator(".topbar-tools"))
        assert max(starts) - min(starts) <= 1, f"the header's lines start at {starts}"

        menu = side_menu(page, lang)
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


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_mapping_accounts_fits_a_phone(
    browser: Browser, qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi, lang: str
) -> None:
    context = browser.new_context(viewport={**PHONE, "width": 1280}, locale=LOCALES[lang])
    try:
        journey = Journey(page=context.new_page(), api=sandbox_api, lang=lang)
        connection = set_up_connection(journey, [CHECKING, SAVINGS])  # "Accounts at Northwind Bank Feeds"
        username, password = sandbox_api.generate_credentials(connection.company_id, connection.connection_id)
        _, bank = sign_in(journey)  # through the side menu, open at this width
        find_institution_and_agree(journey, bank)
        choose = choose_accounts(journey, username, password)
        journey.page.set_viewport_size(PHONE)
        expect(choose.account_checkbox(CHECKING.name)).to_be_visible()
        assert_no_sideways_scroll(journey.page, "choosing accounts")
        # Each select lists the company's accounts, "Carte de crédit Visa (Carte de crédit)" the longest
        for source, target in zip((CHECKING, SAVINGS), qbo_accounts(journey), strict=False):
            choose.map_account(source.name, target)
        assert_no_sideways_scroll(journey.page, "the accounts mapped")
        for source in (CHECKING, SAVINGS):
            assert on_screen_sideways(journey.page, choose.account_select(source.name)), source.name
    finally:
        context.close()


def line_starts(box: Locator) -> list[float]:
    """Where the words of each line of `box`'s links and buttons start, from the left of the window."""
    return list(
        box.evaluate(
            """box => { const starts = {};
                for (const tool of box.querySelectorAll('a, button')) {
                  const words = document.createRange(); words.selectNodeContents(tool);
                  const at = words.getBoundingClientRect(), line = Math.round(at.top);
                  starts[line] = Math.min(starts[line] ?? Infinity, at.left);
                }
                return Object.values(starts); }"""
        )
    )


def side_menu(page: Page, lang: str) -> Locator:
    """The side menu's summary (its Menu toggle)."""
    return page.get_by_role("navigation").locator("summary", has_text=qbo_messages(lang)("nav.menu"))


def on_screen_sideways(page: Page, target: Locator) -> bool:
    """Whether all of `target` is within the window's width, with no sideways scrolling."""
    box = target.bounding_box()
    width = page.evaluate("window.innerWidth")
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_without_javascript_a_phone_folds_the_menu_and_stacks_for_review(
    browser: Browser, qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi, lang: str
) -> None:
    words = FRENCH if lang == "fr" else ENGLISH
    demo = sandbox_api.seed_demo(seed=7, locale=lang)
    for width, folded in ((390, True), (1280, False)):
        viewport = {**PHONE, "width": width}
        context = browser.new_context(viewport=viewport, locale=LOCALES[lang], java_script_enabled=False)
        try:
            page = context.new_page()
            sign_in = SignInPage(page, words).open(qbo_sandbox.qbo_url, lang=lang)
            bank = sign_in.sign_in(demo.realm.email, demo.realm.password).expect_loaded()
            banking = page.get_by_role("link", name=words.banking, exact=True)
            if not folded:  # 1280 px: the menu as it always was, open, with no Menu toggle
                expect(banking).to_be_visible()
                expect(side_menu(page, lang)).to_be_hidden()
                continue

            # The menu is folded; the keyboard opens it from its summary
            expect(banking).to_be_hidden()
            side_menu(page, lang).focus()
            page.keyboard.press("Enter")
            expect(banking).to_be_visible()
            page.keyboard.press("Enter")
            expect(banking).to_be_hidden()

            # Every row of For review is a row of cells still, its amount and buttons on screen
            first = bank.rows().first
            expect(first.get_by_role("cell")).to_have_count(7)
            amount = first.get_by_role("cell").filter(has_text=re.compile(r"\d[.,]\d\d"))
            for target in (amount, first.get_by_role("button", name=words.add, exact=True)):
                target.scroll_into_view_if_needed()
                expect(target).to_be_visible()
                assert on_screen_sideways(page, target), f"{target} is off screen at {width} px"
            assert_no_sideways_scroll(page, "For review")
            register = page.locator(".table-scroll")
            assert register.evaluate("box => box.scrollWidth <= box.clientWidth"), "For review scrolls in its box"
        finally:
            context.close()
