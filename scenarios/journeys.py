"""The scenario catalogue: thirteen journeys through both apps, built from page objects and the API.

Each scenario checks what a user would see at every step (web-first `expect`), so the same
function is a test, a CLI run and a demo. Data is created through the API, as an application
built on Codat would create it; everything the SMB user does happens in the browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import expect

from emulator.chart import account_name
from emulator.faults import MAGIC_CODE
from link_ui.codat import DISCONNECTED_AFTER_DAYS, UNLINKED_AFTER_DAYS, ConnectionStatus, SourceAccountStatus
from sandbox.clock import parse_iso
from sandbox.formatting import long_date
from scenarios.api import Connection, Realm, SourceAccount, todays_transactions
from scenarios.pages.link_ui import ConnectPage, LinkErrorPage, SetupPage
from scenarios.pages.qbo import (
    ENGLISH,
    FRENCH,
    BankTransactionsPage,
    ChooseAccountsPage,
    LinkCredentialsPage,
    Navigation,
    QboWords,
    SignInPage,
    qbo_messages,
)
from scenarios.polling import eventually
from scenarios.receiver import DownReceiver, serving_endpoint
from scenarios.scenario import CATALOGUE, Journey, scenario

ORGANIZATION = "Northwind Bank Feeds"
CHECKING = SourceAccount("nw-checking", "Northwind Checking", "checking", "40001234", "USD", 5200.00)
SAVINGS = SourceAccount("nw-savings", "Northwind Savings", "savings", "40005678", "USD", 18000.00)
CARD = SourceAccount("nw-card", "Northwind Business Card", "creditCard", "4111000011114242", "USD", -640.25)
# Accounts every sandbox QuickBooks company starts with, in the order scenarios map to them (English names).
QBO_ACCOUNTS = ("Checking", "Savings", "Visa Credit Card")
DAY = 86400  # seconds


def qbo_accounts(journey: Journey) -> tuple[str, ...]:
    """QBO_ACCOUNTS as the journey's company names them: a French company's chart is French ("Chèques")."""
    return tuple(account_name(name, journey.lang) for name in QBO_ACCOUNTS)


@dataclass
class Linked:
    connection: Connection
    realm: Realm
    bank: BankTransactionsPage
    username: str
    password: str


def words(journey: Journey) -> QboWords:
    return FRENCH if journey.lang == "fr" else ENGLISH


# -- building blocks: each is one or two declared steps of a scenario -----------------------------
def set_up_connection(journey: Journey, accounts: Sequence[SourceAccount]) -> Connection:
    journey.api.update_settings(organizationName=ORGANIZATION)
    return journey.api.setup_connection("Bank of Dave", accounts)


def shown_language(journey: Journey) -> str:
    """The language the Link UI chose for this page: the browser's (Accept-Language) until one is picked."""
    shown = journey.page.locator("html").get_attribute("lang") or "en"
    return "fr" if shown.startswith("fr") else "en"


def open_link(journey: Journey, connection: Connection) -> ConnectPage:
    journey.page.goto(connection.link_url)
    connect = ConnectPage(journey.page, shown_language(journey))
    if connect.lang != journey.lang:
        connect.expect_loaded()
        connect.switch_language(journey.lang)
    connect.expect_loaded()
    expect(connect.organization(ORGANIZATION)).to_be_visible()
    return connect


def get_credentials(journey: Journey, connect: ConnectPage) -> tuple[str, str, SetupPage]:
    setup = connect.next()
    username, password = setup.get_credentials()
    return username, password, setup


def sign_in(journey: Journey, view: str = "accounting") -> tuple[Realm, BankTransactionsPage]:
    realm = journey.api.create_realm("Dave's Bikes", view=view, locale=journey.lang)
    sign_in_page = SignInPage(journey.page, words(journey)).open(journey.qbo_url, lang=journey.lang)
    sign_in_page.sign_in(realm.email, realm.password)
    bank = Navigation(journey.page, words(journey)).go_to_bank_transactions(view)
    return realm, bank.expect_loaded()


def find_institution_and_agree(journey: Journey, bank: BankTransactionsPage) -> None:
    connect = bank.link_account().expect_loaded()
    connect.choose_institution(ORGANIZATION).agree_to_terms()


def choose_accounts(journey: Journey, username: str, password: str) -> ChooseAccountsPage:
    return LinkCredentialsPage(journey.page, words(journey)).enter_credentials(username, password).securely_connect()


def write_and_check(
    journey: Journey, connection: Connection, account: SourceAccount, count: int = 3
) -> list[dict[str, Any]]:
    today = journey.api.clock().date()
    transactions = todays_transactions(today, count, opening_balance=account.balance)
    operation = journey.api.write_transactions(
        connection.company_id, connection.connection_id, account.id, transactions
    )
    done = journey.api.wait_for_push(connection.company_id, operation["pushOperationKey"])
    if done["status"] != "Success":
        raise AssertionError(f"the write ended {done['status']}: {done.get('validation')}")
    return transactions


def see_in_for_review(bank: BankTransactionsPage, tile: str, transactions: Sequence[dict[str, Any]]) -> None:
    """Update, open the account's tile, and find every transaction under For review."""
    bank.update()
    bank.open_tile(tile)
    for transaction in transactions:
        expect(bank.row(transaction["description"])).to_be_visible()


def to_the_sign_in_step(journey: Journey, account: SourceAccount, create_step: str) -> tuple[str, str]:
    """Three opening steps: a connection with one account, credentials from the Link UI, and
    QuickBooks at Link account's sign-in step. Returns the credentials."""
    with journey.step(create_step):
        connection = set_up_connection(journey, [account])
    with journey.step("Get credentials"):
        username, password, _ = get_credentials(journey, open_link(journey, connection))
    with journey.step("Sign in and find the institution"):
        _, bank = sign_in(journey)
        find_institution_and_agree(journey, bank)
    return username, password


def map_and_connect(journey: Journey, choose: ChooseAccountsPage, account: SourceAccount) -> None:
    with journey.step("Map the account and connect"):
        choose.map_account(account.name, qbo_accounts(journey)[0])
        expect(choose.connect().expect_loaded().tile(qbo_accounts(journey)[0])).to_be_visible()


def link_happy(journey: Journey, accounts: Sequence[SourceAccount], *, view: str = "accounting") -> Linked:
    """Steps 1 to 8 of the happy path, shared by the scenarios that start from a linked feed."""
    with journey.step("Create a company, a connection and source accounts"):
        connection = set_up_connection(journey, accounts)
    with journey.step("Open the link and review the permissions"):
        connect = open_link(journey, connection)
    with journey.step("Get credentials"):
        username, password, _ = get_credentials(journey, connect)
    with journey.step("Sign in to QuickBooks"):
        realm, bank = sign_in(journey, view)
    with journey.step("Find the institution and agree to the terms"):
        find_institution_and_agree(journey, bank)
    with journey.step("Enter the credentials and pass the security check"):
        choose = choose_accounts(journey, username, password)
    targets = qbo_accounts(journey)[: len(accounts)]
    with journey.step("Choose and map the accounts"):
        for account, target in zip(accounts, targets, strict=True):
            choose.map_account(account.name, target)
    with journey.step("Connect"):
        bank = choose.connect().expect_loaded()
        for target in targets:
            expect(bank.tile(target)).to_be_visible()
        status = journey.api.get_connection(connection.company_id, connection.connection_id)["status"]
        if status != "Linked":
            raise AssertionError(f"the connection is {status}, not Linked")
    return Linked(connection, realm, bank, username, password)


HAPPY_STEPS = (
    "Create a company, a connection and source accounts",
    "Open the link and review the permissions",
    "Get credentials",
    "Sign in to QuickBooks",
    "Find the institution and agree to the terms",
    "Enter the credentials and pass the security check",
    "Choose and map the accounts",
    "Connect",
)


# -- the catalogue ----------------------------------------------------------------------------
@scenario(
    "happy_path",
    "Link one account and receive transactions",
    [*HAPPY_STEPS, "Write transactions", "See them in For review"],
)
def happy_path(journey: Journey) -> None:
    """The whole journey with one checking account: credentials from the Link UI, Link account in
    QuickBooks, then three transactions written through the API arrive under For review."""
    linked = link_happy(journey, [CHECKING])
    with journey.step("Write transactions"):
        transactions = write_and_check(journey, linked.connection, CHECKING)
    with journey.step("See them in For review"):
        see_in_for_review(linked.bank, qbo_accounts(journey)[0], transactions)


@scenario(
    "several_accounts",
    "Several accounts, a credit card and + Add new",
    [
        "Create a company, a connection and three source accounts",
        "Get credentials",
        "Sign in and start Link account",
        "Map checking and savings, and add a new credit card account",
        "Connect",
        "Check every account is connected",
    ],
)
def several_accounts(journey: Journey) -> None:
    """Checking, savings and a credit card at once: two map to existing Bank accounts, the card
    gets a new Credit Card account through **+ Add new**; all three become connected."""
    with journey.step("Create a company, a connection and three source accounts"):
        connection = set_up_connection(journey, [CHECKING, SAVINGS, CARD])
    with journey.step("Get credentials"):
        username, password, _ = get_credentials(journey, open_link(journey, connection))
    with journey.step("Sign in and start Link account"):
        _, bank = sign_in(journey)
        find_institution_and_agree(journey, bank)
        choose = choose_accounts(journey, username, password)
    with journey.step("Map checking and savings, and add a new credit card account"):
        choose.map_account(CHECKING.name, qbo_accounts(journey)[0])
        choose.map_account(SAVINGS.name, qbo_accounts(journey)[1])
        t = qbo_messages(journey.lang)
        choose.add_new_account(CARD.name, t("account_type.Credit Card"), t("detail_type.CreditCard"), "Northwind Card")
    with journey.step("Connect"):
        bank = choose.connect().expect_loaded()
        for tile in (*qbo_accounts(journey)[:2], "Northwind Card"):
            expect(bank.tile(tile)).to_be_visible()
    with journey.step("Check every account is connected"):
        statuses = {
            a["id"]: a["status"] for a in journey.api.source_accounts(connection.company_id, connection.connection_id)
        }
        if statuses != {CHECKING.id: "connected", SAVINGS.id: "connected", CARD.id: "connected"}:
            raise AssertionError(f"source accounts are {statuses}")


@scenario(
    "old_start_date",
    "A start date older than 7 days is clamped",
    [
        "Create a company, a connection and a source account",
        "Get credentials",
        "Sign in and choose the account",
        "Pick a start date 30 days back",
        "Connect",
        "Check the feed starts 7 days back",
    ],
)
def old_start_date(journey: Journey) -> None:
    """The SMB asks for 30 days of history; QuickBooks says only the last 7 days will be
    downloaded, names the date it will use, and the provider records that date."""
    with journey.step("Create a company, a connection and a source account"):
        connection = set_up_connection(journey, [CHECKING])
    with journey.step("Get credentials"):
        username, password, _ = get_credentials(journey, open_link(journey, connection))
    with journey.step("Sign in and choose the account"):
        _, bank = sign_in(journey)
        find_institution_and_agree(journey, bank)
        choose = choose_accounts(journey, username, password)
        choose.map_account(CHECKING.name, qbo_accounts(journey)[0])
    today = journey.api.clock().date()
    used = today - dt.timedelta(days=7)
    with journey.step("Pick a start date 30 days back"):
        choose.set_start_date(today - dt.timedelta(days=30))
        expect(choose.start_notice()).to_be_visible()
        expect(choose.start_notice()).to_contain_text(long_date(used, journey.lang))
    with journey.step("Connect"):
        choose.connect().expect_loaded()
    with journey.step("Check the feed starts 7 days back"):
        (account,) = journey.api.source_accounts(connection.company_id, connection.connection_id)
        if (account["status"], str(account.get("feedStartDate"))[:10]) != ("connected", used.isoformat()):
            raise AssertionError(f"the account is {account['status']} from {account.get('feedStartDate')}")


@scenario(
    "expired_link",
    "An expired link, then a fresh one",
    [
        "Create a company and a connection",
        "Let an hour of sandbox time pass",
        "Open the old link: it has expired",
        "Open a fresh link from the API: it works",
    ],
)
def expired_link(journey: Journey) -> None:
    """A linkUrl is valid for one hour of sandbox time. After advancing the clock the old link
    answers with an expiry page; GET connection gives a fresh link that opens normally."""
    with journey.step("Create a company and a connection"):
        connection = set_up_connection(journey, [CHECKING])
    with journey.step("Let an hour of sandbox time pass"):
        journey.api.advance_clock(3601)
    with journey.step("Open the old link: it has expired"):
        response = journey.page.goto(connection.link_url)
        if response is None or response.status != 401:
            raise AssertionError(f"the expired link answered {response.status if response else 'nothing'}, not 401")
        LinkErrorPage(journey.page, shown_language(journey)).expect_invalid_link()
    with journey.step("Open a fresh link from the API: it works"):
        fresh = journey.api.get_connection(connection.company_id, connection.connection_id)["linkUrl"]
        open_link(journey, Connection(connection.company_id, connection.connection_id, fresh))


@scenario(
    "wrong_credentials",
    "Wrong credentials (error 103), Go back, then success",
    [
        "Create a company, a connection and a source account",
        "Get credentials",
        "Sign in and find the institution",
        "Enter a wrong password: error 103",
        "Go back and enter the right credentials",
        "Map the account and connect",
    ],
)
def wrong_credentials(journey: Journey) -> None:
    """A mistyped password gets QuickBooks' error 103; **Go back** returns to the sign-in form,
    and the right credentials then link the account."""
    username, password = to_the_sign_in_step(journey, CHECKING, "Create a company, a connection and a source account")
    form = LinkCredentialsPage(journey.page, words(journey))
    with journey.step("Enter a wrong password: error 103"):
        form.enter_credentials(username, password[::-1])
        expect(journey.page.get_by_text("103")).to_be_visible()
    with journey.step("Go back and enter the right credentials"):
        choose = form.go_back().enter_credentials(username, password).securely_connect()
    map_and_connect(journey, choose, CHECKING)


@scenario(
    "security_code",
    "The bank asks for a security code (error 185)",
    [
        "Create a company, a connection and a source account marked [sandbox:185]",
        "Get credentials",
        "Sign in and find the institution",
        "Enter the credentials: the bank asks for a code",
        "Enter a wrong code, then the right one",
        "Map the account and connect",
    ],
)
def security_code(journey: Journey) -> None:
    """A source account named with the magic value `[sandbox:185]` makes the bank ask for extra
    authentication: the security check wants a code. A wrong one is refused; `123456` connects."""
    marked = SourceAccount("nw-mfa", "Northwind Chequing [sandbox:185]", "checking", "40009999", "USD", 2400.00)
    username, password = to_the_sign_in_step(
        journey, marked, "Create a company, a connection and a source account marked [sandbox:185]"
    )
    with journey.step("Enter the credentials: the bank asks for a code"):
        check = LinkCredentialsPage(journey.page, words(journey)).enter_credentials(username, password)
        expect(journey.page.get_by_label(words(journey).security_code, exact=True)).to_be_visible()
    with journey.step("Enter a wrong code, then the right one"):
        check.enter_code("000000")
        expect(journey.page.get_by_role("alert")).to_be_visible()
        choose = check.enter_code(MAGIC_CODE)
    map_and_connect(journey, choose, marked)


@scenario(
    "revoke_and_resume",
    "Revoke, a write fails, Edit sign-in info, writes resume",
    [
        *HAPPY_STEPS,
        "Revoke the credentials in the Link UI",
        "A write is refused",
        "Update shows error 103 on the tile",
        "Get new credentials",
        "Edit sign-in info with them",
        "Writes resume and arrive once",
    ],
)
def revoke_and_resume(journey: Journey) -> None:
    """After a revoke the provider refuses writes and QuickBooks' next pull fails with 103.
    New credentials entered through **Edit sign-in info** resume the same feed, without duplicates."""
    linked = link_happy(journey, [CHECKING])
    bank = linked.bank
    connection = linked.connection
    with journey.step("Revoke the credentials in the Link UI"):
        journey.page.goto(journey.api.get_connection(connection.company_id, connection.connection_id)["linkUrl"])
        ConnectPage(journey.page, shown_language(journey)).next().revoke_credentials()
    with journey.step("A write is refused"):
        today = journey.api.clock().date()
        try:
            journey.api.write_transactions(
                connection.company_id, connection.connection_id, CHECKING.id, todays_transactions(today, 1)
            )
        except Exception as refused:  # the API answers 400 naming the revoke
            if "revoked" not in str(refused):
                raise
        else:
            raise AssertionError("a write after the revoke was accepted")
    with journey.step("Update shows error 103 on the tile"):
        journey.page.goto(journey.qbo_url + "/banking")
        bank = BankTransactionsPage(journey.page, words(journey)).expect_loaded()
        bank.update()
        expect(bank.tile(qbo_accounts(journey)[0])).to_contain_text("103")
    with journey.step("Get new credentials"):
        journey.page.goto(journey.api.get_connection(connection.company_id, connection.connection_id)["linkUrl"])
        username, password = ConnectPage(journey.page, shown_language(journey)).next().get_credentials()
    with journey.step("Edit sign-in info with them"):
        journey.page.goto(journey.qbo_url + "/banking")
        bank = BankTransactionsPage(journey.page, words(journey)).expect_loaded()
        bank.edit_sign_in_info(qbo_accounts(journey)[0]).enter_credentials(username, password)
        bank = BankTransactionsPage(journey.page, words(journey)).expect_loaded()
        expect(bank.tile(qbo_accounts(journey)[0])).not_to_contain_text("103")
    with journey.step("Writes resume and arrive once"):
        transactions = write_and_check(journey, connection, CHECKING, count=2)
        see_in_for_review(bank, qbo_accounts(journey)[0], transactions)
        bank.update()
        for transaction in transactions:
            expect(bank.row(transaction["description"])).to_have_count(1)


@scenario("business_view", "The Business view", [*HAPPY_STEPS])
def business_view(journey: Journey) -> None:
    """The same link, from a QuickBooks company in the Business view: **Bookkeeping**, then
    **Bank transactions**."""
    link_happy(journey, [CHECKING], view="business")


@scenario("french", "French throughout", CATALOGUE["happy_path"].steps, lang="fr")
def french(journey: Journey) -> None:
    """The happy path in French: the Link UI switched to Français, and a QuickBooks company
    whose user works in French (Canada)."""
    happy_path(journey)  # the same steps: the journey's language does the rest


@scenario(
    "review_actions",
    "Accept and Exclude in For review",
    [*HAPPY_STEPS, "Write transactions", "Accept one, exclude one", "Undo the exclusion"],
)
def review_actions(journey: Journey) -> None:
    """Written transactions arrive For review; one is accepted with the batch **Accept**, one
    excluded, then **Undo** brings the excluded one back."""
    linked = link_happy(journey, [CHECKING])
    bank = linked.bank
    w = words(journey)
    with journey.step("Write transactions"):
        first, second, third = write_and_check(journey, linked.connection, CHECKING, count=3)
        see_in_for_review(bank, qbo_accounts(journey)[0], [first, second, third])
    with journey.step("Accept one, exclude one"):
        bank.tick(first["description"])
        bank.batch(w.accept)
        expect(bank.row(first["description"])).to_have_count(0)
        bank.exclude(second["description"])
        expect(bank.row(second["description"])).to_have_count(0)
        bank.open_tab(w.categorized)
        expect(bank.row(first["description"])).to_be_visible()
        bank.open_tab(w.excluded)
        expect(bank.row(second["description"])).to_be_visible()
    with journey.step("Undo the exclusion"):
        bank.undo(second["description"])
        expect(bank.row(second["description"])).to_have_count(0)  # the undo's answer has arrived
        bank.open_tab(w.for_review)
        expect(bank.row(second["description"])).to_be_visible()
        expect(bank.row(third["description"])).to_be_visible()


@scenario(
    "disconnect",
    "Disconnect, disconnected after 10 days, Unlinked a day later",
    [
        *HAPPY_STEPS,
        "Disconnect the feed in QuickBooks",
        "Writes are refused",
        "Ten sandbox days later",
        "A day after that",
    ],
)
def disconnect(journey: Journey) -> None:
    """The SMB disconnects the feed from the tile's menu. Writes fail at once; Codat shows the
    account `disconnected` after 10 days, and the connection `Unlinked` a day after that."""
    linked = link_happy(journey, [CHECKING])
    connection = linked.connection

    def statuses() -> tuple[str, str]:
        (account,) = journey.api.source_accounts(connection.company_id, connection.connection_id)
        return account["status"], journey.api.get_connection(connection.company_id, connection.connection_id)["status"]

    with journey.step("Disconnect the feed in QuickBooks"):
        linked.bank.disconnect(qbo_accounts(journey)[0])
        disconnected = qbo_messages(journey.lang)("banking.tile.disconnected")
        expect(linked.bank.tile(qbo_accounts(journey)[0])).to_contain_text(disconnected)
    with journey.step("Writes are refused"):
        today = journey.api.clock().date()
        try:
            journey.api.write_transactions(
                connection.company_id, connection.connection_id, CHECKING.id, todays_transactions(today, 1)
            )
        except Exception as refused:
            if "400" not in str(refused):
                raise
        else:
            raise AssertionError("a write to a disconnected feed was accepted")
    with journey.step("Ten sandbox days later"):
        journey.api.advance_clock(DISCONNECTED_AFTER_DAYS * DAY)
        if statuses() != (SourceAccountStatus.DISCONNECTED, ConnectionStatus.LINKED):
            raise AssertionError("after 10 days the account is {} and the connection {}".format(*statuses()))
    with journey.step("A day after that"):
        journey.api.advance_clock(UNLINKED_AFTER_DAYS * DAY)
        if statuses() != (SourceAccountStatus.DISCONNECTED, ConnectionStatus.UNLINKED):
            raise AssertionError("after 11 days the account is {} and the connection {}".format(*statuses()))


@scenario(
    "overnight",
    "Pushed in the evening, For review the next morning",
    [*HAPPY_STEPS, "Write transactions in the evening", "Nothing new before the night", "The next morning"],
)
def overnight(journey: Journey) -> None:
    """Transactions written at 19:00 are not in QuickBooks that evening; the sandbox clock moves on
    to 07:00, QBO's nightly pull runs at 02:00 on the way, and they are For review without Update."""
    linked = link_happy(journey, [CHECKING])
    bank = linked.bank
    with journey.step("Write transactions in the evening"):
        evening = dt.datetime.combine(journey.api.clock().date(), dt.time(19), tzinfo=dt.UTC)
        journey.api.freeze_clock(evening)  # a frozen clock: QBO pulls only on its schedule
        transactions = write_and_check(journey, linked.connection, CHECKING)
    with journey.step("Nothing new before the night"):
        bank.page.reload()
        bank.open_tile(qbo_accounts(journey)[0])
        expect(bank.row(transactions[0]["description"])).to_have_count(0)
    with journey.step("The next morning"):
        ran = journey.api.advance_clock_to(evening + dt.timedelta(hours=12))
        night = (evening + dt.timedelta(hours=7)).isoformat().replace("+00:00", ".000Z")
        if ("qbo", "nightly.pull", night) not in [(r["app"], r["kind"], r["at"]) for r in ran]:
            raise AssertionError(f"QBO's nightly pull did not run at {night}: {ran}")
        bank.page.reload()
        bank.open_tile(qbo_accounts(journey)[0])
        for transaction in transactions:
            expect(bank.row(transaction["description"])).to_be_visible()


RETRIES_IN_TWO_HOURS = (5, 5 + 300, 5 + 300 + 1800)  # Codat's first retries, seconds after the first attempt
RETRY_AFTER_TWO_HOURS = 5 + 300 + 1800 + 7200


@scenario(
    "receiver_down",
    "A webhook receiver down for two hours",
    ["Send an event to a receiver that is down", "Two sandbox hours of retries", "The receiver is back"],
)
def receiver_down(journey: Journey) -> None:
    """A receiver refuses every delivery for two sandbox hours: Codat's retries come 5 s, 5 min and
    30 min apart; the next, 2 h after that, finds it back up and delivers the event."""
    receiver = DownReceiver()
    with serving_endpoint(receiver.endpoint) as url:
        with journey.step("Send an event to a receiver that is down"):
            start = journey.api.clock()
            journey.api.freeze_clock(start)
            journey.api.send_webhooks_to(url)
            event_id = journey.api.trigger_webhook("connection.created")
            eventually(lambda: receiver.refused, lambda refused: refused == 1)
        with journey.step("Two sandbox hours of retries"):
            ran = journey.api.advance_clock(2 * 3600)
            retries = [parse_iso(r["at"]) - start for r in ran if r["kind"] == "webhook.retry"]
            if retries != [dt.timedelta(seconds=s) for s in RETRIES_IN_TWO_HOURS] or receiver.refused != 4:
                raise AssertionError(f"retries after {retries}, {receiver.refused} refused")
        with journey.step("The receiver is back"):
            receiver.down = False
            (retry,) = [r for r in journey.api.advance_clock(3600) if r["kind"] == "webhook.retry"]
            if parse_iso(retry["at"]) - start != dt.timedelta(seconds=RETRY_AFTER_TWO_HOURS):
                raise AssertionError(f"the fourth retry came at {retry['at']}")
            if [e["id"] for e in receiver.received] != [event_id]:
                raise AssertionError(f"the receiver got {receiver.received}")
            (delivery,) = journey.api.webhook_deliveries()
            if (delivery["status"], delivery["attempts"]) != ("delivered", 5):
                raise AssertionError(f"the delivery is {delivery['status']} after {delivery['attempts']} attempts")
