"""Page objects for the Link UI screens (the pages at a linkUrl), in English or French.

Accessible names come from the Link UI's own message catalogues, so one page object serves both
languages: `ConnectPage(page, lang="fr")`.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from sandbox.i18n import Catalogues, Translator

_CATALOGUES = Catalogues(Path(__file__).resolve().parent.parent.parent / "link_ui" / "messages")
USERNAME_PATTERN = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")
PASSWORD_PATTERN = re.compile(r"^[A-Za-z0-9]{16}$")


def messages(lang: str) -> Translator:
    """The Link UI's messages in `lang`, to name what the pages show."""
    return _CATALOGUES.translator(lang)


class LinkScreen:
    """What every Link UI screen has: one h1, and the English / Français switch."""

    heading_key = ""

    def __init__(self, page: Page, lang: str = "en") -> None:
        self.page = page
        self.lang = lang
        self.t = messages(lang)

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    @property
    def language_switch(self) -> Locator:
        return self.page.get_by_role("navigation", name=self.t("page.language"))

    def expect_loaded(self) -> None:
        expect(self.heading).to_have_text(self.t(self.heading_key))
        expect(self.page.locator("html")).to_have_attribute("lang", self.lang)

    def switch_language(self, lang: str) -> None:
        """Clicks English or Français; the same screen comes back in that language."""
        self.language_switch.get_by_role("link", name=messages(lang)(f"lang.{lang}")).click()
        self.lang, self.t = lang, messages(lang)
        self.expect_loaded()


class ConnectPage(LinkScreen):
    """Connect to QuickBooks Online Bank Feeds: who asks, what for, and Next."""

    heading_key = "connect.heading"

    def permissions(self, organization: str) -> Locator:
        """The permissions asked for: the items of the list under "<organization> is asking…"."""
        heading = self.t("connect.permissions_heading", organization=organization)
        return self.page.get_by_role("region", name=heading).get_by_role("listitem")

    @property
    def next_button(self) -> Locator:
        return self.page.get_by_role("button", name=self.t("connect.next"), exact=True)

    def organization(self, name: str) -> Locator:
        return self.page.get_by_role("main").get_by_text(name).first

    def next(self) -> SetupPage:
        self.next_button.click()
        setup = SetupPage(self.page, self.lang)
        setup.expect_loaded()
        return setup


class SetupPage(LinkScreen):
    """Set up QuickBooks: the steps in QBO, the callout, credentials and the connection's status."""

    heading_key = "setup.heading"

    @property
    def steps(self) -> Locator:
        return self.page.get_by_role("region", name=self.t("setup.steps_heading")).get_by_role("listitem")

    @property
    def callout(self) -> Locator:
        return self.page.get_by_role("complementary")

    @property
    def status(self) -> Locator:
        return self.page.get_by_role("region", name=self.t("status.heading"))

    @property
    def credentials(self) -> Locator:
        return self.page.get_by_role("region", name=self.t("credentials.heading"))

    @property
    def get_credentials_button(self) -> Locator:
        return self.page.get_by_role("button", name=self.t("credentials.get"), exact=True)

    @property
    def revoke_button(self) -> Locator:
        return self.page.get_by_role("button", name=self.t("credentials.revoke"), exact=True)

    @property
    def confirm_revoke_button(self) -> Locator:
        return self.page.get_by_role("button", name=self.t("revoke.confirm"), exact=True)

    @property
    def cancel_revoke_button(self) -> Locator:
        return self.page.get_by_role("button", name=self.t("revoke.cancel"), exact=True)

    @property
    def username(self) -> Locator:
        return self.page.get_by_label(self.t("credentials.username"), exact=True)

    @property
    def password(self) -> Locator:
        return self.page.get_by_label(self.t("credentials.password"), exact=True)

    @property
    def copy_username_button(self) -> Locator:
        return self.page.get_by_role("button", name=self.t("credentials.copy_username"), exact=True)

    @property
    def copy_password_button(self) -> Locator:
        return self.page.get_by_role("button", name=self.t("credentials.copy_password"), exact=True)

    @property
    def password_warning(self) -> Locator:
        return self.page.get_by_text(self.t("credentials.warning"))

    @property
    def revoked_message(self) -> Locator:
        return self.page.get_by_text(self.t("revoke.done"))

    def get_credentials(self) -> tuple[str, str]:
        """Clicks Get credentials and reads the new username and password off the page."""
        previous = self.username.input_value() if self.username.count() else None
        self.get_credentials_button.click()
        expect(self.username).to_have_value(USERNAME_PATTERN)
        if previous is not None:
            expect(self.username).not_to_have_value(previous)
        expect(self.password).to_have_value(PASSWORD_PATTERN)
        expect(self.revoke_button).to_be_visible()
        return self.username.input_value(), self.password.input_value()

    def copy_username(self) -> None:
        self.copy_username_button.click()
        expect(self.credentials.get_by_role("status").filter(has_text=self.t("credentials.copied"))).to_be_visible()

    def copy_password(self) -> None:
        self.copy_password_button.click()
        expect(self.credentials.get_by_role("status").filter(has_text=self.t("credentials.copied"))).to_be_visible()

    def start_revoke(self) -> None:
        """Clicks Revoke credentials: the confirmation appears (inline with JS, as a page without)."""
        self.revoke_button.click()
        expect(self.confirm_revoke_button).to_be_visible()

    def cancel_revoke(self) -> None:
        self.cancel_revoke_button.click()
        expect(self.revoke_button).to_be_visible()

    def revoke_credentials(self) -> None:
        """Revoke credentials, confirmed: every set of the connection stops working."""
        self.start_revoke()
        self.confirm_revoke_button.click()
        expect(self.revoked_message).to_be_visible()
        expect(self.get_credentials_button).to_be_visible()

    def expect_linked(self, *account_names: str) -> None:
        """Waits (htmx polls) until the status shows the connection linked with these accounts."""
        expect(self.status).to_contain_text(self.t("status.linked"))
        for name in account_names:
            expect(self.status.get_by_role("listitem").filter(has_text=name)).to_be_visible()

    def expect_waiting(self) -> None:
        expect(self.status).to_contain_text(self.t("status.waiting"))


class LinkErrorPage(LinkScreen):
    """The answer to an expired, wrong or throttled link."""

    def expect_loaded(self) -> None:
        expect(self.page.locator("html")).to_have_attribute("lang", self.lang)
        expect(self.heading).to_have_count(1)

    def expect_invalid_link(self) -> None:
        expect(self.heading).to_have_text(self.t("error.invalid.title"))
        expect(self.page.get_by_text(self.t("error.invalid.action"))).to_be_visible()

    def expect_throttled(self) -> None:
        expect(self.heading).to_have_text(self.t("error.throttled.title"))
