"""For review a page at a time, as QBO shows it: newest first, "1–50 of 1,273", First / Previous /
Next / Last, rows per page, batch actions on the ticked rows of one page; in English, in French
and without JavaScript. Against the real provider: the rows arrive through writes and a real pull."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from scenarios.api import SandboxApi, SeededDemo
from scenarios.pages.qbo import ENGLISH, FRENCH, BankTransactionsPage, QboWords, SignInPage
from tests.emulator.test_accessibility import check

pytestmark = pytest.mark.browser
NNBSP = "\u202f"  # French groups thousands with a narrow no-break space
CHECKING = "Checking"  # the QBO account the seed maps its chequing account to


def item(n: int) -> str:
    return f"Paging item {n:04d}"


def seed_with(api: SandboxApi, count: int, *, locale: str = "en") -> tuple[SeededDemo, int]:
    """A seeded company whose chequing account gets `count` more transactions today (written in
    batches of 1,000, earliest first); returns the demo and the account's total For review."""
    demo = api.seed_demo(seed=7, locale=locale)
    chequing = demo.accounts[0]
    today = api.clock().date()
    balance = chequing.balance
    rows: list[dict[str, Any]] = []
    for n in range(1, count + 1):
        balance = round(balance - 1.25, 2)
        rows.append(
            {
                "id": f"paging-{n:05d}",
                "date": f"{today.isoformat()}T{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}",
                "description": item(n),
                "amount": -1.25,
                "balance": balance,
                "transactionType": "Debit",
            }
        )
    for start in range(0, count, 1000):
        key = api.write_transactions(demo.company_id, demo.connection_id, chequing.id, rows[start : start + 1000])
        assert api.wait_for_push(demo.company_id, key["pushOperationKey"])["status"] == "Success"
    return demo, demo.written[chequing.id] + count


def last_page_range(total: int, per_page: int) -> str:
    first = (total - 1) // per_page * per_page + 1
    return f"{first:,}–{total:,} of {total:,}"


def signed_in(page: Page, api: SandboxApi, demo: SeededDemo, words: QboWords = ENGLISH) -> BankTransactionsPage:
    lang = "fr" if words is FRENCH else None
    bank = SignInPage(page, words).open(api.qbo_url, lang).sign_in(demo.realm.email, demo.realm.password)
    bank.expect_loaded()
    bank.update()
    return bank


def test_for_review_pages_newest_first(page: Page, sandbox_api: SandboxApi) -> None:
    # Given 1,230 transactions written today on top of the seeded week
    demo, total = seed_with(sandbox_api, 1230)

    # When the SMB user opens Bank transactions
    bank = signed_in(page, sandbox_api, demo)

    # Then For review shows the first 50, newest first, and says which of how many
    expect(bank.page_range()).to_have_text(f"1–50 of {total:,}")
    expect(bank.rows()).to_have_count(50)
    expect(bank.rows().first).to_contain_text(item(1230))
    expect(bank.tile(CHECKING)).to_contain_text(f"{total:,}")
    expect(bank.current_page()).to_have_text("1")
    expect(bank.page_link(ENGLISH.first_page)).to_have_count(0)  # text, not a link, on the first page
    expect(bank.page_link(ENGLISH.previous_page)).to_have_count(0)

    bank.next_page()
    expect(bank.page_range()).to_have_text(f"51–100 of {total:,}")
    expect(bank.rows().first).to_contain_text(item(1180))
    expect(bank.current_page()).to_have_text("2")
    check(page, "banking-paged", "en")

    bank.last_page()
    first_of_last = (total - 1) // 50 * 50 + 1
    expect(bank.page_range()).to_have_text(last_page_range(total, 50))
    expect(bank.rows()).to_have_count(total - first_of_last + 1)
    expect(bank.page_link(ENGLISH.next_page)).to_have_count(0)
    expect(bank.page_link(ENGLISH.last_page)).to_have_count(0)

    bank.previous_page()
    expect(bank.page_range()).to_have_text(f"{first_of_last - 50:,}–{first_of_last - 1:,} of {total:,}")

    # Rows per page starts again from the newest
    bank.rows_per_page(100)
    expect(bank.page_range()).to_have_text(f"1–100 of {total:,}")
    expect(bank.rows()).to_have_count(100)
    bank.go_to_page("3")
    expect(bank.page_range()).to_have_text(f"201–300 of {total:,}")
    expect(bank.rows().first).to_contain_text(item(1030))
    bank.first_page()
    expect(bank.rows().first).to_contain_text(item(1230))


def test_for_review_pages_in_french(page: Page, sandbox_api: SandboxApi) -> None:
    demo, total = seed_with(sandbox_api, 1230, locale="fr")
    bank = signed_in(page, sandbox_api, demo, FRENCH)
    grouped = f"{total:,}".replace(",", NNBSP)

    expect(bank.page_range()).to_have_text(f"1–50 sur {grouped}")
    expect(bank.rows().first).to_contain_text(item(1230))
    expect(bank.page_link("Suivante")).to_be_visible()
    bank.next_page()
    expect(bank.page_range()).to_have_text(f"51–100 sur {grouped}")
    check(page, "banking-paged", "fr")
    bank.last_page()
    first_of_last = (total - 1) // 50 * 50 + 1
    expect(bank.page_range()).to_have_text(f"{first_of_last:,}–{grouped} sur {grouped}".replace(",", NNBSP))
    expect(bank.page_link("Dernière")).to_have_count(0)
    bank.rows_per_page(300)
    expect(bank.page_range()).to_have_text(f"1–300 sur {grouped}")
    expect(bank.pager().get_by_role("list", name="Lignes par page")).to_be_visible()


def test_select_all_on_a_page_accepts_only_that_page(page: Page, sandbox_api: SandboxApi) -> None:
    # Given 120 new transactions: page 1 is items 120–71, page 2 items 70–21
    demo, total = seed_with(sandbox_api, 120)
    bank = signed_in(page, sandbox_api, demo)
    expect(bank.page_range()).to_have_text(f"1–50 of {total:,}")
    expect(bank.batch_button(ENGLISH.accept)).to_be_disabled()  # nothing ticked yet
    bank.next_page()
    expect(bank.page_range()).to_have_text(f"51–100 of {total:,}")

    # When the user selects all on page 2 and accepts
    bank.select_all_on_page()
    expect(bank.row(item(70)).get_by_role("checkbox")).to_be_checked()
    expect(bank.batch_button(ENGLISH.accept)).to_be_enabled()
    bank.batch(ENGLISH.accept)

    # Then exactly those 50 leave For review, which stays on page 2
    expect(page.get_by_role("status")).to_have_text("50 transactions accepted.")
    left = total - 50
    expect(bank.page_range()).to_have_text(f"51–{min(left, 100):,} of {left:,}")
    expect(bank.tile(CHECKING)).to_contain_text(f"{left:,}")
    expect(bank.row(item(70))).to_have_count(0)
    bank.first_page()
    expect(bank.rows().first).to_contain_text(item(120))
    expect(bank.rows().nth(49)).to_contain_text(item(71))
    bank.open_tab(ENGLISH.categorized)
    expect(bank.page_range()).to_have_text("1–50 of 50")
    expect(bank.rows().first).to_contain_text(item(70))
    expect(bank.rows().last).to_contain_text(item(21))


@pytest.fixture
def no_js_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_paging_and_batch_actions_without_javascript(no_js_page: Page, sandbox_api: SandboxApi) -> None:
    demo, total = seed_with(sandbox_api, 180)
    bank = signed_in(no_js_page, sandbox_api, demo)
    expect(bank.page_range()).to_have_text(f"1–50 of {total:,}")

    bank.next_page()
    expect(bank.page_range()).to_have_text(f"51–100 of {total:,}")
    expect(bank.rows().first).to_contain_text(item(130))
    bank.rows_per_page(100)
    expect(bank.page_range()).to_have_text(f"1–100 of {total:,}")
    bank.last_page()
    expect(bank.page_range()).to_have_text(last_page_range(total, 100))

    # Without JavaScript the batch buttons stay enabled: the server says that nothing was ticked
    bank.batch(ENGLISH.accept)
    expect(no_js_page.get_by_role("alert")).to_have_text("Tick at least one transaction first.")
    expect(bank.page_range()).to_have_text(last_page_range(total, 100))

    # "Select all on this page" alone (nothing else ticks the rows) acts on the page's rows
    bank.first_page()
    bank.select_all_on_page()
    bank.batch(ENGLISH.exclude)
    expect(no_js_page.get_by_role("status")).to_have_text("100 transactions excluded.")
    left = total - 100
    expect(bank.page_range()).to_have_text(f"1–{min(left, 100):,} of {left:,}")
    expect(bank.rows().first).to_contain_text(item(80))
