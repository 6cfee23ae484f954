"""Page objects for the QBO emulator's screens (English names by default; pass `words` for French)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect


@dataclass(frozen=True)
class QboWords:
    """The accessible names the page objects look for, per language."""

    email: str = "Email"
    password: str = "Password"  # noqa: S105 - a field label
    sign_in: str = "Sign in"
    sign_out: str = "Sign out"
    create_company: str = "Create a sandbox company"
    banking: str = "Banking"
    bookkeeping: str = "Bookkeeping"
    bank_transactions: str = "Bank transactions"
    link_account: str = "Link account"
    update: str = "Update"
    for_review: str = "For review"
    categorized: str = "Categorized"
    excluded: str = "Excluded"
    add: str = "Add"
    exclude: str = "Exclude"
    accept: str = "Accept"
    undo: str = "Undo"
    batch: str = "Batch actions"
    actions_for: str = "Actions for"
    disconnect: str = "Disconnect"
    edit_sign_in: str = "Edit sign-in info"
    connect_an_account: str = "Connect an account"
    search: str = "Search by name or sign-in URL"
    terms: str = "terms and conditions"
    continue_: str = "Continue"
    user_id: str = "User ID"
    go_back: str = "Go back"
    securely_connect: str = "Securely connect"
    enter_account_type: str = "Enter account type"
    add_new: str = "+ Add new"
    account_type: str = "Account type"
    detail_type: str = "Detail type"
    name: str = "Name"
    save_and_close: str = "Save and close"
    start_date: str = "Start date"
    connect: str = "Connect"
    switch_to_business: str = "Switch to Business view"
    switch_to_accounting: str = "Switch to Accounting view"


ENGLISH = QboWords()
FRENCH = QboWords(
    email="Courriel",
    password="Mot de passe",  # noqa: S106 - a field label
    sign_in="Ouvrir une session",
    sign_out="Se déconnecter",
    create_company="Créer une entreprise de bac à sable",
    banking="Services bancaires",
    bookkeeping="Tenue de livres",
    bank_transactions="Opérations bancaires",
    link_account="Lier un compte",
    update="Mettre à jour",
    for_review="À examiner",
    categorized="Catégorisées",
    excluded="Exclues",
    add="Ajouter",
    exclude="Exclure",
    accept="Accepter",
    undo="Annuler",
    batch="Actions groupées",
    actions_for="Actions pour",
    disconnect="Déconnecter",
    edit_sign_in="Modifier les infos de connexion",
    connect_an_account="Connecter un compte",
    search="Rechercher par nom ou URL de connexion",
    terms="conditions générales",
    continue_="Continuer",
    user_id="Identifiant",
    go_back="Revenir",
    securely_connect="Se connecter en toute sécurité",
    enter_account_type="Entrez le type de compte",
    add_new="+ Ajouter",
    account_type="Type de compte",
    detail_type="Type de détail",
    name="Nom",
    save_and_close="Enregistrer et fermer",
    start_date="Date de début",
    connect="Connecter",
    switch_to_business="Passer à la vue Entreprise",
    switch_to_accounting="Passer à la vue Comptabilité",
)


class _Screen:
    def __init__(self, page: Page, words: QboWords = ENGLISH) -> None:
        self.page = page
        self.w = words

    def heading(self, name: str) -> Locator:
        return self.page.get_by_role("heading", name=name, level=1)


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
        self.tile(account_name).get_by_role("link", name=account_name, exact=True).click()

    def link_account(self) -> ConnectAccountPage:
        self.page.get_by_role("button", name=self.w.link_account, exact=True).click()
        return ConnectAccountPage(self.page, self.w)

    def update(self) -> BankTransactionsPage:
        self.page.get_by_role("button", name=self.w.update, exact=True).click()
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

    def add(self, description: str) -> None:
        self.row(description).get_by_role("button", name=self.w.add, exact=True).click()

    def exclude(self, description: str) -> None:
        self.row(description).get_by_role("button", name=self.w.exclude, exact=True).click()

    def undo(self, description: str) -> None:
        self.row(description).get_by_role("button", name=self.w.undo, exact=True).click()

    def tick(self, description: str) -> None:
        self.row(description).get_by_role("checkbox").check()

    def batch(self, action: str) -> None:
        self.page.get_by_role("toolbar", name=self.w.batch).get_by_role("button", name=action, exact=True).click()

    def disconnect(self, account_name: str) -> None:
        tile = self.tile(account_name)
        tile.get_by_role("button", name=f"{self.w.actions_for} {account_name}").click()
        tile.get_by_role("button", name=self.w.disconnect, exact=True).click()

    def edit_sign_in_info(self, account_name: str) -> LinkCredentialsPage:
        self.tile(account_name).get_by_role("button", name=self.w.edit_sign_in).click()
        return LinkCredentialsPage(self.page, self.w)


class ConnectAccountPage(_Screen):
    def expect_loaded(self) -> ConnectAccountPage:
        expect(self.heading(self.w.connect_an_account)).to_be_visible()
        return self

    def search(self, text: str) -> None:
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
        self.page.get_by_role("checkbox", name=re.compile(self.w.terms)).check()
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
