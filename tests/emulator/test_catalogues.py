"""Every user-visible string lives in both catalogues, and templates name only keys that exist."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from sandbox.i18n import Catalogues, forms

EMULATOR = Path(__file__).resolve().parents[2] / "emulator"
CATALOGUES = Catalogues(EMULATOR / "messages")
KEY_IN_TEMPLATE = re.compile(r"""\bt\(\s*["']([A-Za-z0-9_.]+)["']""")
KEY_IN_CODE = re.compile(r"""["']((?:banking|link|error|create|signin)\.[a-z0-9_.]+)["']""")
DYNAMIC_PREFIX = re.compile(r"""\bt\(\s*["']([A-Za-z0-9_.]+\.)["']\s*~""")


def _used_keys() -> tuple[set[str], set[str]]:
    keys: set[str] = set()
    prefixes: set[str] = set()
    for template in (EMULATOR / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        keys |= {k for k in KEY_IN_TEMPLATE.findall(text) if not k.endswith(".")}
        prefixes |= set(DYNAMIC_PREFIX.findall(text))
    for module in EMULATOR.glob("*.py"):
        found = KEY_IN_CODE.findall(module.read_text(encoding="utf-8"))
        keys |= {k for k in found if not k.endswith((".", ".html"))}
    return keys, prefixes


def test_french_has_every_english_key() -> None:
    assert CATALOGUES.missing("fr") == set()


def test_both_catalogues_have_the_same_keys() -> None:
    assert set(CATALOGUES.messages["en"]) == set(CATALOGUES.messages["fr"])


def test_templates_and_code_use_only_known_keys() -> None:
    keys, prefixes = _used_keys()
    english = CATALOGUES.messages["en"]
    assert keys, "no keys found: the scan is broken"
    assert sorted(keys - set(english)) == []
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in english), prefix


def test_placeholders_agree_between_languages() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, english in CATALOGUES.messages["en"].items():
        known = set().union(*(fields(text) for text in forms(english)))
        for text in forms(english) + forms(CATALOGUES.messages["fr"][key]):
            assert fields(text) - {"count"} == known - {"count"}, key  # "one" may write the count out


@pytest.mark.parametrize(
    ("lang", "count", "text"),
    [
        ("en", 1, "1 account connected. Its transactions will appear in For review."),
        ("en", 3, "3 accounts connected. Transactions will appear in For review."),
        ("fr", 0, "0 compte connecté. Ses opérations apparaîtront dans À examiner."),
        ("fr", 1200, "1\u202f200 comptes connectés. Les opérations apparaîtront dans À examiner."),
    ],
)
def test_counts_take_the_plural_form_of_the_language(lang: str, count: int, text: str) -> None:
    assert CATALOGUES.translator(lang)("banking.flash.connected", count=count) == text


def test_the_exact_accessible_names_of_the_issue() -> None:
    en = CATALOGUES.messages["en"]
    for key, name in {
        "signin.email": "Email",
        "signin.password": "Password",
        "signin.submit": "Sign in",
        "signin.create_company": "Create a sandbox company",
        "nav.sign_out": "Sign out",
        "nav.banking": "Banking",
        "nav.bookkeeping": "Bookkeeping",
        "nav.bank_transactions": "Bank transactions",
        "banking.title": "Bank transactions",
        "banking.link_account": "Link account",
        "banking.update": "Update",
        "banking.tab.review": "For review",
        "banking.tab.categorized": "Categorized",
        "banking.tab.excluded": "Excluded",
        "banking.row.add": "Add",
        "banking.row.exclude": "Exclude",
        "banking.batch.accept": "Accept",
        "banking.row.undo": "Undo",
        "link.search.title": "Connect an account",
        "link.search.label": "Search by name or sign-in URL",
        "link.continue": "Continue",
        "link.credentials.user_id": "User ID",
        "link.go_back": "Go back",
        "link.verify.submit": "Securely connect",
        "link.accounts.placeholder": "Enter account type",
        "link.accounts.add_new": "+ Add new",
        "link.new.save": "Save and close",
        "link.accounts.start_date": "Start date",
        "link.accounts.connect": "Connect",
        "banking.tile.edit_sign_in": "Edit sign-in info",
    }.items():
        assert en[key] == name, key
    assert "terms and conditions" in en["link.terms.agree"]
    assert en["link.connecting.text"] == "This process can take several minutes."
