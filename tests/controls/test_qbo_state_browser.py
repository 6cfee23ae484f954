"""A linked QuickBooks company, snapshot, reset and restore: the SMB user finds it as it was, and pulls go on."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from scenarios.api import SandboxApi, SandboxApiError, todays_transactions
from scenarios.catalogue import Journey
from scenarios.journeys import CHECKING, HAPPY_STEPS, QBO_ACCOUNTS, Linked, link_happy, see_in_for_review
from scenarios.pages.qbo import SignInPage

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def patient_expect() -> None:
    expect.set_options(timeout=10_000)  # two Chromiums and two sandboxes share two cores


def write(api: SandboxApi, linked: Linked, transactions: list[dict[str, Any]]) -> None:
    connection = linked.connection
    operation = api.write_transactions(connection.company_id, connection.connection_id, CHECKING.id, transactions)
    assert api.wait_for_push(connection.company_id, operation["pushOperationKey"])["status"] == "Success"


def without_pull_times(realms: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The realms with each feed's lastPullAt taken out, and those times: the background puller keeps
    pulling (and stamping lastPullAt) between any two reads, so only their order can be asserted."""
    times = [feed.pop("lastPullAt") for realm in realms for feed in realm["feeds"]]
    return realms, times


def test_a_restored_tenant_signs_in_sees_the_same_transactions_and_keeps_pulling(
    page: Page, sandbox_api: SandboxApi
) -> None:
    # Given a company linked in the browser, with three transactions For review
    linked = link_happy(Journey(page=page, api=sandbox_api, steps=HAPPY_STEPS), [CHECKING])
    written = todays_transactions(sandbox_api.clock().date(), 4, opening_balance=CHECKING.balance)
    first_three, fourth = written[:3], written[3]
    write(sandbox_api, linked, first_three)
    see_in_for_review(linked.bank, QBO_ACCOUNTS[0], first_three)
    realms = sandbox_api.realms()
    assert [(f["accountName"], f["sourceAccountName"], f["status"], f["transactions"]) for f in realms[0]["feeds"]] == [
        (QBO_ACCOUNTS[0], CHECKING.name, "active", {"forReview": 3, "categorized": 0, "excluded": 0})
    ]
    snapshot = sandbox_api.snapshot()

    # When the tenant is reset
    sandbox_api.reset()

    # Then QuickBooks and the provider have forgotten it, and the signed-in browser is sent to sign in
    assert sandbox_api.realms() == []
    with pytest.raises(SandboxApiError, match="404"):
        sandbox_api.get_connection(linked.connection.company_id, linked.connection.connection_id)
    page.goto(sandbox_api.qbo_url + "/banking")
    expect(page).to_have_url(re.compile(r"/signin$"))
    sign_in = SignInPage(page)
    sign_in.sign_in(linked.realm.email, linked.realm.password)
    expect(sign_in.error()).to_be_visible()

    # When the snapshot is restored, the same user signs in to the same For review list
    sandbox_api.restore(snapshot)
    restored, restored_pulls = without_pull_times(sandbox_api.realms())
    before, pulls_before = without_pull_times(realms)
    assert restored == before
    assert all(after >= then for after, then in zip(restored_pulls, pulls_before, strict=True))
    bank = SignInPage(page).open(sandbox_api.qbo_url).sign_in(linked.realm.email, linked.realm.password)
    bank.expect_loaded().open_tile(QBO_ACCOUNTS[0])
    for transaction in first_three:
        expect(bank.row(transaction["description"])).to_have_count(1)

    # And pulls carry on from the restored cursor: the transaction written next arrives exactly once
    write(sandbox_api, linked, [fourth])
    see_in_for_review(bank, QBO_ACCOUNTS[0], [fourth])
    for transaction in written:
        expect(bank.row(transaction["description"])).to_have_count(1)
    assert [feed["transactions"] for feed in sandbox_api.realms()[0]["feeds"]] == [
        {"forReview": 4, "categorized": 0, "excluded": 0}
    ]
