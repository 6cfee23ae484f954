"""The Link UI's message catalogues: complete in French, covering every key the UI uses, and naming
QuickBooks' screens as the emulated QuickBooks shows them."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from link_ui.pages._web import catalogues
from sandbox.i18n import LANGUAGES, Catalogues, forms

LINK_UI = Path(__file__).resolve().parents[2] / "link_ui"
QBO_CATALOGUES = Catalogues(LINK_UI.parent / "emulator" / "messages")
SOURCES = [
    *sorted((LINK_UI / "templates" / "link").glob("*.html")),
    *sorted((LINK_UI / "pages").glob("*.py")),
]
# t("key"), t_html("key", …), t('key')
KEY_USE = re.compile(r"""\bt(?:_html)?\(\s*["']([a-z0-9_.]+)["']""")
# Keys built from a language code in base.html: "lang." ~ code
DYNAMIC = {f"lang.{code}" for code in LANGUAGES}


def used_keys() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for source in SOURCES:
        for key in KEY_USE.findall(source.read_text(encoding="utf-8")):
            if not key.endswith("."):  # a prefix completed at run time: see DYNAMIC
                used.setdefault(key, []).append(source.name)
    return used


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_is_missing(lang: str) -> None:
    assert catalogues.missing(lang) == set()
    assert set(catalogues.messages[lang]) == set(catalogues.messages["en"])


def test_translations_keep_the_placeholders() -> None:
    for key, english in catalogues.messages["en"].items():
        for text in forms(catalogues.messages["fr"][key]):
            assert placeholders(text) == placeholders(forms(english)[0]), key


def test_every_key_the_ui_uses_is_in_the_catalogues() -> None:
    used = used_keys()
    assert len(used) > 40  # the scan finds the UI's keys (guards against a broken pattern)
    absent = {key: files for key, files in used.items() if key not in catalogues.messages["en"]}
    absent.update({key: ["base.html"] for key in DYNAMIC if key not in catalogues.messages["en"]})
    assert absent == {}


def test_every_catalogue_key_is_used() -> None:
    unused = set(catalogues.messages["en"]) - set(used_keys()) - DYNAMIC
    assert unused == set()


def test_the_key_check_would_catch_a_missing_french_string() -> None:
    catalogues.messages["fr"].pop("connect.next")
    try:
        assert catalogues.missing("fr") == {"connect.next"}
    finally:
        catalogues.messages["fr"]["connect.next"] = "Suivant"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_setup_steps_name_what_quickbooks_shows(lang: str) -> None:
    """The setup page's steps (setup.step.*) name QBO's menu items, button and path in the words QBO uses."""
    link_ui = catalogues.translator(lang)
    qbo = QBO_CATALOGUES.translator(lang)
    assert link_ui("qbo.banking") == qbo("nav.banking")  # the Accounting view's menu item
    assert link_ui("qbo.bookkeeping") == f"{qbo('nav.bookkeeping')} › {qbo('nav.bank_transactions')}"  # Business
    assert link_ui("qbo.link_account") == qbo("banking.link_account")
    assert link_ui("qbo.connect") == qbo("link.accounts.connect")
