"""Page objects for the QBO emulator's screens (English names by default; pass `words` for French)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

import emulator
from sandbox.i18n import Catalogues, Translator


@dataclass(frozen=True)
class QboWords:
    """The accessible names the page objects look for, per language."""

    email: str
    password: str
    sign_in: str
    sign_out: str
    create_company: str
    banking: str
    bookkeeping: str
    bank_transactions: str
    link_account: str
    update: str
    for_review: str
    categorized: str
    excluded: str
    add: str
    exclude: str
    accept: str
    undo: str
    batch: str
    actions_for: str
    disconnect: str
    edit_sign_in: str
    connect_an_account: str
    search: str
    terms: str
    continue_: str
    user_id: str
    go_back: str
    securely_connect: str
    security_code: str
    enter_account_type: str
    add_new: str
    account_type: str
    detail_type: str
    name: str
    save_and_close: str
    start_date: str
    connect: str
    switch_to_business: str
    switch_to_accounting: str
    pages: str
    first_page: str
    previous_page: str
    next_page: str
    last_page: str
    page_number: str
    rows_per_page: str
    select_all_on_page: str
    undo_batch: str
    updating: str


# Where each word lives in the emulator's catalogues: the page objects name nothing themselves.
CATALOGUE_KEYS = {
    "email": "signin.email",
    "password": "signin.password",
    "sign_in": "signin.title",
    "sign_out": "nav.sign_out",
    "create_company": "signin.create_company",
    "banking": "nav.banking",
    "bookkeeping": "nav.bookkeeping",
    "bank_transactions": "nav.bank_transactions",
    "link_account": "banking.link_account",
    "update": "banking.update",
    "for_review": "banking.tab.review",
    "categorized": "banking.tab.categorized",
    "excluded": "banking.tab.excluded",
    "add": "banking.row.add",
    "exclude": "banking.batch.exclude",
    "accept": "banking.batch.accept",
    "undo": "banking.row.undo",
    "batch": "banking.batch",
    "actions_for": "banking.tile.menu",
    "disconnect": "banking.tile.disconnect",
    "edit_sign_in": "banking.tile.edit_sign_in",
    "connect_an_account": "link.search.title",
    "search": "link.search.label",
    "terms": "link.terms.agree",
    "continue_": "link.continue",
    "user_id": "link.credentials.user_id",
    "go_back": "link.go_back",
    "securely_connect": "link.verify.submit",
    "security_code": "link.verify.code",
    "enter_account_type": "link.accounts.placeholder",
    "add_new": "link.accounts.add_new",
    "account_type": "link.new.type",
    "detail_type": "link.new.detail",
    "name": "link.new.name",
    "save_and_close": "link.new.save",
    "start_date": "link.accounts.start_date",
    "connect": "link.accounts.connect",
    "switch_to_business": "nav.switch_to_business",
    "switch_to_accounting": "nav.switch_to_accounting",
    "pages": "banking.pager.label",
    "first_page": "banking.pager.first",
    "previous_page": "banking.pager.previous",
    "next_page": "banking.pager.next",
    "last_page": "banking.pager.last",
    "page_number": "banking.pager.page",
    "rows_per_page": "banking.pager.rows",
    "select_all_on_page": "banking.col.select_all",
    "undo_batch": "banking.batch.undo",
    "updating": "banking.updating.title",
}
_CATALOGUES = Catalogues(Path(emulator.__file__).resolve().parent / "messages")


def words_for(lang: str) -> QboWords:
    """The accessible names in `lang` ("en" or "fr"), read from the emulator's own catalogues."""
    t = _CATALOGUES.translator(lang)
    return QboWords(**{field: t(key) for field, key in CATALOGUE_KEYS.items()})


def qbo_messages(lang: str) -> Translator:
    """The emulator's own catalogue in `lang`, for names QboWords doesn't carry (account and detail types)."""
    return _CATALOGUES.translator(lang)


ENGLISH = words_for("en")
FRENCH = words_for("fr")


# Readiness polls: htmx has bound an element's attributes; htmx has nothing under way (both true
# on a page that runs no htmx).
HTMX_PROCESSED = "selector => !window.htmx || !!(document.querySelector(selector) || {})['htmx-internal-data']"
HTMX_IDLE = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


class _Screen:
    def __init__(self, page: Page, words: QboWords = ENGLISH) -> None:
        self.page = page
        self.w = words

    def heading(self, name: str) -> Locator:
        return self.page.get_by_role("heading", name=name, level=1)

    def _when_settled(self) -> None:
        """Waits until no htmx request, swap or settle is under way: a click on a form that a swap is
        replacing sends nothing."""
        self.page.wait_for_function(HTMX_IDLE)

    def _and_wait_for_the_next_page(self, act: Callable[[], None]) -> None:
        """Does `act` (a click that loads another page, through htmx or not) and waits until that page
        has replaced this one, so the next action can't land on the page being left."""
        self.page.locator("main").evaluate("main => main.setAttribute('data-leaving', '')")
        act()
        expect(self.page.locator("main:not([data-leaving])")).to_be_attached()


class SignInPage(_Screen):
    def open(self, base_url: str, lang: str | None = None) -> SignInPage:
        self.page.goto(base_url + "/signin" + (f"?lang={lang}" if lang else ""))
        return self

    def sign_in(self, email: str, password: str) -> BankTransactionsPage:
        self.page.get_by_label(self.w.email, exact=True).fill(email)
        self.page.get_by_label(self.w.password, exact=True).fill(password)
        self.page.get_by_role("button", name=self.w.sign_in, exact=True).click()
        return BankTransactionsPage(self.page, self.w)

    def error(self) -> Locator:
        return self.page.get_by_role("alert")


class Navigation(_Screen):
    """The left navigation, in either view."""

    def go_to_bank_transactions(self, view: str = "accounting") -> BankTransactionsPage:
        if view == "business":
            self.page.get_by_role("link", name=self.w.bookkeeping, exact=True).click()
            # Bookkeeping's page must have arrived: a click meanwhile would be undone by its swap.
            expect(self.page).to_have_url(re.compile(r"/bookkeeping$"))
            self.page.get_by_role("link", name=self.w.bank_transactions, exact=True).click()
        else:
            self.page.get_by_role("link", name=self.w.banking, exact=True).click()
        return BankTransactionsPage(self.page, self.w)

    def switch_view(self, to: str) -> None:
        name = self.w.switch_to_business if to == "business" else self.w.switch_to_accounting
        self.page.get_by_role("button", name=name).click()

    def sign_out(self) -> SignInPage:
        self.page.get_by_role("button", name=self.w.sign_out).click()
        return SignInPage(self.page, self.w)


class BankTransactionsPage(_Screen):
    @property
    def title(self) -> Locator:
        return self.heading(self.w.bank_transactions)

    def expect_loaded(self) -> BankTransactionsPage:
        expect(self.title).to_be_visible()
        return self

    def tile(self, account_name: str) -> Locator:
        return self.page.get_by_role("listitem").filter(
            has=self.page.get_by_role("heading", name=account_name, exact=True)
        )

    def open_tile(self, account_name: str) -> None:
        self._and_wait_for_the_next_page(
            self.tile(account_name).get_by_role("link", name=account_name, exact=True).click
        )

    def link_account(self) -> ConnectAccountPage:
        self._when_settled()
        self.page.get_by_role("button", name=self.w.link_account, exact=True).click()
        return ConnectAccountPage(self.page, self.w)

    def update(self) -> BankTransactionsPage:
        """Update; returns once the result, or the progress state of a long pull, is shown."""
        self._and_wait_for_the_next_page(self.page.get_by_role("button", name=self.w.update, exact=True).click)
        return self

    def tab(self, name: str) -> Locator:
        return self.page.get_by_role("tab", name=name, exact=True)

    def open_tab(self, name: str) -> None:
        self.tab(name).click()
        expect(self.tab(name)).to_have_attribute("aria-selected", "true")

    def rows(self) -> Locator:
        return self.page.get_by_role("tabpanel").locator("tbody").get_by_role("row")

    def row(self, description: str) -> Locator:
        return self.rows().filter(has_text=description)

    # A row's action, a batch action and a tab each load the next page (boosted by htmx): they return
    # once it is in, so the next action can't land on this page, nor this page's answer arrive after it.
    def add(self, description: str) -> None:
        self._row_action(description, self.w.add)

    def exclude(self, description: str) -> None:
        self._row_action(description, self.w.exclude)

    def undo(self, description: str) -> None:
        self._row_action(description, self.w.undo)

    def _row_action(self, description: str, action: str) -> None:
        self._and_wait_for_the_next_page(self.row(description).get_by_role("button", name=action, exact=True).click)

    def tick(self, description: str) -> None:
        self.row(description).get_by_role("checkbox").check()

    def batch(self, action: str) -> None:
        self._and_wait_for_the_next_page(self.batch_button(action).click)

    # -- paging: one page of a tab at a time -------------------------------------------------
    def pager(self) -> Locator:
        return self.page.get_by_role("navigation", name=self.w.pages)

    def page_range(self) -> Locator:
        """The "1–50 of 1,230" text: which rows of how many this page shows."""
        return self.pager().get_by_role("paragraph")

    def page_link(self, name: str) -> Locator:
        """A pager link by its name (First, Previous, Next, Last): absent when it would lead nowhere."""
        return self.pager().get_by_role("link", name=name, exact=True)

    def current_page(self) -> Locator:
        return self.pager().locator("[aria-current=page]")

    def _turn_to(self, link: Locator) -> None:
        """Follows a pager link and waits until the page it leads to is the current one."""
        target = link.get_attribute("href")
        link.click()
        expect(self.current_page()).to_have_attribute("href", target or "")

    def first_page(self) -> None:
        self._turn_to(self.page_link(self.w.first_page))

    def previous_page(self) -> None:
        self._turn_to(self.page_link(self.w.previous_page))

    def next_page(self) -> None:
        self._turn_to(self.page_link(self.w.next_page))

    def last_page(self) -> None:
        self._turn_to(self.page_link(self.w.last_page))

    def go_to_page(self, number: str) -> None:
        self._turn_to(self.pager().get_by_role("link", name=self.w.page_number.format(number=number), exact=True))

    def rows_per_page(self, count: int) -> None:
        choices = self.pager().get_by_role("list", name=self.w.rows_per_page)
        choices.get_by_role("link", name=str(count), exact=True).click()
        expect(choices.get_by_role("link", name=str(count), exact=True)).to_have_attribute("aria-current", "true")

    def select_all_on_page(self) -> None:
        self.page.get_by_role("checkbox", name=self.w.select_all_on_page).check()

    def batch_button(self, action: str) -> Locator:
        return self.page.get_by_role("toolbar", name=self.w.batch).get_by_role("button", name=action, exact=True)

    def progress(self) -> Locator:
        """Update's progress state, shown while a long pull goes on."""
        return self.page.get_by_role("heading", name=self.w.updating)

    def disconnect(self, account_name: str) -> None:
        tile = self.tile(account_name)
        tile.get_by_role("button", name=self.w.actions_for.format(name=account_name)).click()
        tile.get_by_role("button", name=self.w.disconnect, exact=True).click()

    def edit_sign_in_info(self, account_name: str) -> LinkCredentialsPage:
        self.tile(account_name).get_by_role("button", name=self.w.edit_sign_in).click()
        return LinkCredentialsPage(self.page, self.w)


class ConnectAccountPage(_Screen):
    def expect_loaded(self) -> ConnectAccountPage:
        expect(self.heading(self.w.connect_an_account)).to_be_visible()
        return self

    def search(self, text: str) -> None:
        # The box searches as it is typed in once htmx has processed it; after a boosted swap that is
        # a moment later than the box appears, and a value filled in before then would search nothing.
        self.page.wait_for_function(HTMX_PROCESSED, arg="#q")
        self.page.get_by_role("searchbox", name=self.w.search).fill(text)

    def institution(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=re.compile(re.escape(name)))

    def choose_institution(self, name: str) -> TermsPage:
        self.search(name)
        self.institution(name).click()
        return TermsPage(self.page, self.w)


class TermsPage(_Screen):
    @property
    def continue_button(self) -> Locator:
        return self.page.get_by_role("button", name=self.w.continue_, exact=True)

    def agree_to_terms(self) -> LinkCredentialsPage:
        self.page.get_by_role("checkbox", name=self.w.terms, exact=True).check()
        self.continue_button.click()
        return LinkCredentialsPage(self.page, self.w)


class LinkCredentialsPage(_Screen):
    def enter_credentials(self, username: str, password: str) -> SecurityCheckPage:
        self.page.get_by_label(self.w.user_id, exact=True).fill(username)
        self.page.get_by_label(self.w.password, exact=True).fill(password)
        self.page.get_by_role("button", name=self.w.continue_, exact=True).click()
        return SecurityCheckPage(self.page, self.w)

    def go_back(self) -> LinkCredentialsPage:
        self.page.get_by_role("button", name=self.w.go_back, exact=True).click()
        return self


class SecurityCheckPage(_Screen):
    def enter_code(self, code: str) -> ChooseAccountsPage:
        """Error 185: the bank asked for extra authentication, a code to enter."""
        self.page.get_by_label(self.w.security_code, exact=True).fill(code)
        return self.securely_connect()

    def securely_connect(self) -> ChooseAccountsPage:
        self.page.get_by_role("button", name=self.w.securely_connect).click()
        return ChooseAccountsPage(self.page, self.w)


class ChooseAccountsPage(_Screen):
    def account_checkbox(self, source_name: str) -> Locator:
        return self.page.get_by_role("checkbox", name=re.compile("^" + re.escape(source_name)))

    def account_select(self, source_name: str) -> Locator:
        return self.page.get_by_role(
            "combobox", name=re.compile(re.escape(self.w.enter_account_type) + r".*" + re.escape(source_name))
        )

    def tick(self, source_name: str) -> None:
        self.account_checkbox(source_name).check()

    def map_account(self, source_name: str, target_name: str) -> None:
        self.tick(source_name)
        select = self.account_select(source_name)
        label = select.locator("option").filter(has_text=re.compile("^" + re.escape(target_name) + r"( \(|$)"))
        select.select_option(label=label.first.inner_text())

    def add_new_account(self, source_name: str, account_type: str, detail: str, name: str) -> None:
        self.tick(source_name)
        self.account_select(source_name).select_option(label=self.w.add_new)
        self.page.get_by_label(self.w.account_type, exact=True).select_option(label=account_type)
        self.page.get_by_label(self.w.detail_type, exact=True).select_option(label=detail)
        self.page.get_by_label(self.w.name, exact=True).fill(name)
        self.page.get_by_role("button", name=self.w.save_and_close).click()
        expect(self.account_select(source_name).locator("option:checked")).to_contain_text(name)

    def set_start_date(self, day: dt.date) -> None:
        field = self.page.get_by_label(self.w.start_date, exact=True)
        field.fill(day.isoformat())
        field.dispatch_event("change")

    def start_notice(self) -> Locator:
        return self.page.locator("#start-notice")

    def connect(self) -> BankTransactionsPage:
        self.page.get_by_role("button", name=self.w.connect, exact=True).click()
        return BankTransactionsPage(self.page, self.w)

    def errors(self) -> Locator:
        return self.page.get_by_role("alert")
