"""QBO-side faults and magic values, one test per entry of the README's table.

Faults are armed through the emulator's /_sandbox/faults; magic values are typed into a source
account's name through the provider's API. Their effect is checked in a real browser.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from emulator.faults import QboError, Screen, marked_error
from sandbox.tenancy import basic_header
from scenarios.api import Connection, SandboxApi, SourceAccount, todays_transactions
from scenarios.pages.qbo import (
    ENGLISH,
    BankTransactionsPage,
    ChooseAccountsPage,
    LinkCredentialsPage,
    Navigation,
    SecurityCheckPage,
    SignInPage,
)
from scenarios.polling import eventually
from scenarios.sandbox import RunningSandbox

ORGANIZATION = "Faultline Bank"
CHECKING = "Checking"  # the QBO account every test maps its first source account to


@dataclass
class Flow:
    api: SandboxApi
    page: Page
    connection: Connection
    username: str
    password: str
    bank: BankTransactionsPage

    def to_sign_in(self) -> LinkCredentialsPage:
        self.bank.link_account().expect_loaded().choose_institution(ORGANIZATION).agree_to_terms()
        return LinkCredentialsPage(self.page)

    def sign_in(self) -> SecurityCheckPage:
        return self.to_sign_in().enter_credentials(self.username, self.password)

    def link(self, source_name: str) -> BankTransactionsPage:
        choose = self.sign_in().securely_connect()
        choose.map_account(source_name, CHECKING)
        return choose.connect().expect_loaded()

    def status(self) -> str:
        return str(self.api.get_connection(self.connection.company_id, self.connection.connection_id)["status"])


def start(page: Page, api: SandboxApi, qbo_sandbox: RunningSandbox, *names: str) -> Flow:
    """Source accounts with these names, credentials through the API, and a signed-in QBO user."""
    api.update_settings(organizationName=ORGANIZATION)
    accounts = [SourceAccount(f"acc-{n}", name) for n, name in enumerate(names or ("Everyday Chequing",))]
    connection = api.setup_connection("Faulty Co", accounts)
    username, password = api.generate_credentials(connection.company_id, connection.connection_id)
    realm = api.create_realm("Faulty Books")
    SignInPage(page).open(qbo_sandbox.qbo_url).sign_in(realm.email, realm.password)
    bank = Navigation(page).go_to_bank_transactions().expect_loaded()
    return Flow(api, page, connection, username, password, bank)


def error_page(page: Page, title: str, code: str) -> None:
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(f"[Error {code}]")


def go_back(page: Page) -> None:
    page.get_by_role("button", name=ENGLISH.go_back, exact=True).click()


def alert(page: Page) -> Locator:
    return page.get_by_role("alert")


UNAVAILABLE = "QuickBooks can't reach your bank"
SIGN_IN_FAILED = "We couldn't sign in to your bank"
NOT_FOUND = "We can't find this account at your bank"


# -- the fault controls -------------------------------------------------------------------------
def test_faults_are_listed_validated_cleared_and_kept_per_tenant(qbo_sandbox: RunningSandbox) -> None:
    mine = httpx.Client(base_url=qbo_sandbox.qbo_url, headers={"Authorization": basic_header("faults-mine")})
    theirs = httpx.Client(base_url=qbo_sandbox.qbo_url, headers={"Authorization": basic_header("faults-theirs")})
    with mine, theirs:
        mine.delete("/_sandbox/faults")
        extra = mine.post("/_sandbox/faults", json={"error": "185"}).json()
        down = mine.post("/_sandbox/faults", json={"error": "102", "screen": "update", "times": None}).json()
        listed = mine.get("/_sandbox/faults").json()
        their_list = theirs.get("/_sandbox/faults").json()
        refused = [
            mine.post("/_sandbox/faults", json=body)
            for body in (
                {"error": "999"},
                {"error": "185", "screen": "update"},
                {"error": "105", "screen": "sign-in"},
                {"error": "103", "code": "1234"},
                {"error": "185", "code": "12"},
                {"error": "102", "times": 0},
                {"error": "102", "colour": "red"},
            )
        ]
        not_json = mine.post("/_sandbox/faults", content=b"{", headers={"Content-Type": "application/json"})
        anonymous = httpx.get(qbo_sandbox.qbo_url + "/_sandbox/faults")
        cleared_one = mine.delete(f"/_sandbox/faults/{down['id']}")
        cleared_again = mine.delete(f"/_sandbox/faults/{down['id']}")
        left = mine.get("/_sandbox/faults").json()["faults"]
        cleared_all = mine.delete("/_sandbox/faults")
        none_left = mine.get("/_sandbox/faults").json()["faults"]

    assert extra["error"] == "185" and extra["screen"] == "*" and extra["remaining"] == 1
    assert extra["code"].isdigit() and len(extra["code"]) == 6  # a code is made up when none is given
    assert down == {"id": down["id"], "error": "102", "screen": "update", "remaining": None, "code": None}
    assert [f["id"] for f in listed["faults"]] == [extra["id"], down["id"]]
    assert listed["screens"]["185"] == ["sign-in"] and listed["magicCode"] == "123456"
    assert their_list["faults"] == []
    assert [r.status_code for r in refused] == [400] * 7
    assert all(r.json()["statusCode"] == 400 and r.json()["error"] for r in refused)
    assert "'colour' is not a fault setting." in refused[-1].json()["error"]
    assert not_json.status_code == 400
    assert anonymous.status_code == 401
    assert (cleared_one.status_code, cleared_again.status_code) == (204, 404)
    assert [f["id"] for f in left] == [extra["id"]]
    assert cleared_all.status_code == 204 and none_left == []


def test_reset_clears_the_tenants_armed_errors(sandbox_api: SandboxApi) -> None:
    sandbox_api.arm_qbo_fault("103", times=None)

    sandbox_api.reset()

    assert sandbox_api.qbo.get("/_sandbox/faults").json()["faults"] == []


# -- faults armed through the controls, seen in the browser ------------------------------------
def test_102_when_choosing_the_institution(page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox) -> None:
    flow = start(page, sandbox_api, qbo_sandbox)
    sandbox_api.arm_qbo_fault("102", screen="institution")

    flow.bank.link_account().expect_loaded().choose_institution(ORGANIZATION)

    expect(page.get_by_role("heading", name=UNAVAILABLE, level=1)).to_be_visible()
    expect(alert(page)).to_contain_text("Please try again later. [Error 102]")
    go_back(page)
    flow.bank.expect_loaded()
    flow.to_sign_in()  # the fault fired once: the next try reaches the sign-in step
    expect(page.get_by_label(ENGLISH.user_id, exact=True)).to_be_visible()


def test_102_at_sign_in(page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox) -> None:
    flow = start(page, sandbox_api, qbo_sandbox)
    sandbox_api.arm_qbo_fault("102", screen="sign-in")

    flow.sign_in()

    expect(alert(page)).to_contain_text("[Error 102]")
    assert flow.status() == "PendingAuth"


def test_103_refuses_the_right_credentials_then_go_back_signs_in(
    page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox
) -> None:
    flow = start(page, sandbox_api, qbo_sandbox)
    sandbox_api.arm_qbo_fault("103", screen="sign-in")

    flow.sign_in()
    error_page(page, SIGN_IN_FAILED, "103")
    go_back(page)
    choose = LinkCredentialsPage(page).enter_credentials(flow.username, flow.password).securely_connect()

    expect(choose.account_checkbox("Everyday Chequing")).to_be_visible()


def test_185_asks_for_the_armed_code(page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox) -> None:
    flow = start(page, sandbox_api, qbo_sandbox)
    sandbox_api.arm_qbo_fault("185", code="4321")

    check = flow.sign_in()
    expect(page.get_by_role("main")).to_contain_text("[Error 185]")
    check.enter_code("0000")
    expect(alert(page)).to_contain_text("That code doesn't match")
    choose = check.enter_code("4321")
    choose.map_account("Everyday Chequing", CHECKING)
    bank = choose.connect().expect_loaded()

    expect(bank.tile(CHECKING)).to_be_visible()
    assert flow.status() == "Linked"


def test_185_five_wrong_codes_send_the_user_back_to_sign_in(
    page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox
) -> None:
    flow = start(page, sandbox_api, qbo_sandbox)
    sandbox_api.arm_qbo_fault("185", code="4321")

    check = flow.sign_in()
    code = page.get_by_label(ENGLISH.security_code, exact=True)
    for attempt in range(5):
        check.enter_code("1111")
        if attempt < 4:
            # The answer is a fresh form with an empty code box: wait for it, or the next code could be
            # typed into the form it replaces (the alert of the attempt before is there all along).
            expect(code).to_have_value("")
            expect(alert(page)).to_contain_text("That code doesn't match")

    error_page(page, SIGN_IN_FAILED, "103")
    go_back(page)
    expect(page.get_by_label(ENGLISH.user_id, exact=True)).to_be_visible()


def test_105_at_connect_goes_back_to_the_accounts(
    page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox
) -> None:
    flow = start(page, sandbox_api, qbo_sandbox)
    sandbox_api.arm_qbo_fault("105", screen="connect")
    choose = flow.sign_in().securely_connect()
    choose.map_account("Everyday Chequing", CHECKING)

    choose.connect()
    error_page(page, NOT_FOUND, "105")
    assert flow.status() == "PendingAuth"  # nothing was linked at the provider
    page.reload()  # the error is shown once; a reload goes on to where Go back leads
    again = ChooseAccountsPage(page)
    again.map_account("Everyday Chequing", CHECKING)
    bank = again.connect().expect_loaded()

    expect(bank.tile(CHECKING)).to_be_visible()
    assert flow.status() == "Linked"


def test_102_at_connect_links_nothing(page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox) -> None:
    flow = start(page, sandbox_api, qbo_sandbox)
    sandbox_api.arm_qbo_fault("102", screen="connect")
    choose = flow.sign_in().securely_connect()
    choose.map_account("Everyday Chequing", CHECKING)

    choose.connect()

    expect(alert(page)).to_contain_text("[Error 102]")
    assert flow.status() == "PendingAuth"
    go_back(page)
    flow.bank.expect_loaded()


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        ("103", "Your bank needs your new sign-in info. [Error 103]"),
        ("105", "We can't find this account at your bank any more."),
    ],
)
def test_update_marks_the_tile_until_edit_sign_in_info(
    page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox, error: str, shown: str
) -> None:
    flow = start(page, sandbox_api, qbo_sandbox)
    bank = flow.link("Everyday Chequing")
    sandbox_api.arm_qbo_fault(error, screen="update")

    bank.update()
    expect(bank.tile(CHECKING)).to_contain_text(shown)
    bank.edit_sign_in_info(CHECKING).enter_credentials(flow.username, flow.password)

    expect(page.get_by_role("status")).to_contain_text("Your sign-in info is updated")
    expect(bank.tile(CHECKING)).not_to_contain_text(f"[Error {error}]")


def test_102_on_update_holds_until_cleared(page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox) -> None:
    flow = start(page, sandbox_api, qbo_sandbox)
    bank = flow.link("Everyday Chequing")
    fault = sandbox_api.arm_qbo_fault("102", screen="update", times=None)

    bank.update()
    expect(bank.tile(CHECKING)).to_contain_text("[Error 102]")
    sandbox_api.qbo.delete(f"/_sandbox/faults/{fault['id']}")
    bank.update()

    expect(bank.tile(CHECKING)).not_to_contain_text("[Error 102]")


def test_185_on_edit_sign_in_info(page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox) -> None:
    flow = start(page, sandbox_api, qbo_sandbox)
    bank = flow.link("Everyday Chequing")
    sandbox_api.arm_qbo_fault("103", screen="update")
    bank.update()
    sandbox_api.arm_qbo_fault("185", code="2468")

    check = bank.edit_sign_in_info(CHECKING).enter_credentials(flow.username, flow.password)
    check.enter_code("2468")

    expect(page.get_by_role("status")).to_contain_text("Your sign-in info is updated")
    expect(bank.tile(CHECKING)).not_to_contain_text("[Error 103]")


# -- magic values: markers in a source account's name --------------------------------------------
@pytest.mark.parametrize(("marker", "title"), [("102", UNAVAILABLE), ("103", SIGN_IN_FAILED)])
def test_magic_marker_fails_sign_in(
    page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox, marker: str, title: str
) -> None:
    flow = start(page, sandbox_api, qbo_sandbox, f"Chequing [sandbox:{marker}]")

    flow.sign_in()

    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(alert(page)).to_contain_text(f"[Error {marker}]" if marker == "102" else "doesn't match")


def test_magic_185_asks_for_the_documented_code(
    page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox
) -> None:
    flow = start(page, sandbox_api, qbo_sandbox, "Chequing [sandbox:185]")

    check = flow.sign_in()
    check.enter_code("999999")
    expect(alert(page)).to_contain_text("That code doesn't match")
    choose = check.enter_code("123456")

    expect(choose.account_checkbox("Chequing [sandbox:185]")).to_be_visible()


def test_magic_105_fails_connect_for_the_marked_account_only(
    page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox
) -> None:
    flow = start(page, sandbox_api, qbo_sandbox, "Everyday Chequing", "Old Savings [sandbox:105]")
    choose = flow.sign_in().securely_connect()
    choose.map_account("Everyday Chequing", CHECKING)
    choose.map_account("Old Savings [sandbox:105]", "Savings")

    choose.connect()
    error_page(page, NOT_FOUND, "105")
    go_back(page)
    again = ChooseAccountsPage(page)
    again.map_account("Everyday Chequing", CHECKING)
    bank = again.connect().expect_loaded()

    expect(bank.tile(CHECKING)).to_be_visible()
    expect(bank.tile("Savings")).to_have_count(0)


def test_a_185_waits_for_a_correct_sign_in(page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox) -> None:
    flow = start(page, sandbox_api, qbo_sandbox)
    sandbox_api.arm_qbo_fault("185", code="4321")

    flow.to_sign_in().enter_credentials(flow.username, "not-the-password")
    error_page(page, SIGN_IN_FAILED, "103")
    go_back(page)
    check = LinkCredentialsPage(page).enter_credentials(flow.username, flow.password)

    expect(page.get_by_label(ENGLISH.security_code, exact=True)).to_be_visible()
    expect(check.enter_code("4321").account_checkbox("Everyday Chequing")).to_be_visible()


def test_automatic_pulls_leave_a_fault_armed_for_any_screen(
    page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox
) -> None:
    flow = start(page, sandbox_api, qbo_sandbox)
    flow.link("Everyday Chequing")
    fault = sandbox_api.arm_qbo_fault("103")  # screen "*": waits for the user, not a background pull
    today = sandbox_api.clock().date()
    written = sandbox_api.write_transactions(
        flow.connection.company_id, flow.connection.connection_id, "acc-0", todays_transactions(today, 1)
    )
    sandbox_api.wait_for_push(flow.connection.company_id, written["pushOperationKey"])

    def for_review() -> int:
        return sum(f["transactions"]["forReview"] for r in sandbox_api.realms() for f in r["feeds"])

    eventually(for_review, lambda count: count >= 1, timeout=15)  # an automatic pull has run since

    armed = sandbox_api.qbo.get("/_sandbox/faults").json()["faults"]
    assert [f["id"] for f in armed] == [fault["id"]]


def test_a_refusing_marker_wins_over_a_security_code_marker() -> None:
    names = ["Chequing [sandbox:185]", "Savings [sandbox:102]", "Card [sandbox:105]"]

    assert marked_error(names, Screen.SIGN_IN) is QboError.UNAVAILABLE
    assert marked_error(names[:1], Screen.SIGN_IN) is QboError.EXTRA_AUTH
    assert marked_error(names, Screen.CONNECT) is QboError.NOT_FOUND
    assert marked_error(["Plain"], Screen.SIGN_IN) is None
