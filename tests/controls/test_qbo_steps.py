"""QBO's steps (GET /_sandbox/steps on the emulator): what QBO did in a tenant's journey, at sandbox time.

A real Link account journey in the browser, then Update, a fault, the nightly pull and a disconnect,
each read back through the control; pulls the interval puller makes with nothing new record nothing;
another tenant sees none of it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from sandbox.clock import iso
from sandbox.tenancy import basic_header
from scenarios.api import SandboxApi, SeededDemo, todays_transactions
from scenarios.catalogue import Journey, catalogue
from scenarios.journeys import CHECKING, ORGANIZATION, QBO_ACCOUNTS
from scenarios.pages.qbo import BankTransactionsPage, qbo_messages
from scenarios.polling import eventually
from scenarios.sandbox import RunningSandbox


def steps(api: SandboxApi, connection_id: str | None = None) -> list[dict[str, Any]]:
    params = {"connectionId": connection_id} if connection_id is not None else None
    answer = api.qbo.get("/_sandbox/steps", params=params)
    assert answer.status_code == 200, answer.text
    return list(answer.json()["steps"])


def kinds(found: list[dict[str, Any]]) -> list[str]:
    return [step["kind"] for step in found]


def write(api: SandboxApi, company_id: str, connection_id: str, account_id: str, transactions: list[Any]) -> None:
    operation = api.write_transactions(company_id, connection_id, account_id, transactions)
    assert api.wait_for_push(company_id, operation["pushOperationKey"])["status"] == "Success"


def last_pulls(api: SandboxApi) -> tuple[Any, ...]:
    return tuple(feed["lastPullAt"] for realm in api.realms() for feed in realm["feeds"])


def one(rows: int) -> list[dict[str, Any]]:
    """A pull step's `accounts`: the checking account, and the rows it brought."""
    return [{"sourceAccountId": CHECKING.id, "rows": rows}]


def other_tenant(qbo_sandbox: RunningSandbox) -> httpx.Client:
    key = "test-" + secrets.token_urlsafe(16)
    return httpx.Client(base_url=qbo_sandbox.qbo_url, headers={"Authorization": basic_header(key)}, timeout=30)


@pytest.mark.browser
def test_a_journey_in_qbo_is_recorded_step_by_step_at_sandbox_time(
    page: Page, sandbox_api: SandboxApi, qbo_sandbox: RunningSandbox
) -> None:
    # Given a frozen sandbox clock two days back at 18:00, so that only the user and the schedule pull
    evening = dt.datetime.combine(sandbox_api.clock().date() - dt.timedelta(days=2), dt.time(18), tzinfo=dt.UTC)
    sandbox_api.freeze_clock(evening)

    # When the SMB user links an account in QBO, mistyping the password once
    chosen = catalogue()["wrong_credentials"]
    chosen.run(Journey(page=page, api=sandbox_api, lang="en", steps=chosen.steps))

    # Then QBO recorded the institution, the refused and the accepted sign-in, and Connect, all at 18:00
    (feed,) = sandbox_api.realms()[0]["feeds"]
    connection_id, realm_id = feed["connectionId"], sandbox_api.realms()[0]["realmId"]
    found = steps(sandbox_api)
    assert kinds(found) == ["qbo.institution", "qbo.sign_in", "qbo.sign_in", "qbo.connect"]
    assert {(s["at"], s["realmId"], s.get("connectionId")) for s in found} == {(iso(evening), realm_id, connection_id)}
    institution, refused, signed_in, connect = found
    assert institution["detail"] == {"institution": ORGANIZATION} and not institution["failed"]
    assert refused["failed"] is True and "[Error 103]" in refused["detail"]["reason"]
    assert refused["detail"]["error"] == "103"  # a number the dashboard names in the reader's language
    assert signed_in["failed"] is False and signed_in["detail"]["username"] == refused["detail"]["username"]
    week_back = (evening.date() - dt.timedelta(days=7)).isoformat()
    assert connect["detail"] == {
        "accounts": [
            {
                "sourceAccountId": CHECKING.id,
                "sourceName": CHECKING.name,
                "qboAccount": QBO_ACCOUNTS[0],
                "startDate": week_back,
                "feedStartDate": week_back,
            }
        ]
    }
    assert [int(s["id"]) for s in found] == sorted(int(s["id"]) for s in found)

    # When two transactions are written and the user presses Update, then Update again with nothing new
    company_id = feed_company(sandbox_api, connection_id)
    evenings = todays_transactions(evening.date(), 3)
    write(sandbox_api, company_id, connection_id, CHECKING.id, evenings[:2])
    bank = BankTransactionsPage(page).expect_loaded()
    bank.update()
    expect(bank.row(evenings[1]["description"])).to_be_visible()
    bank.update()

    # Then each Update is one pull step, with the rows it brought
    pulls = steps(sandbox_api)[4:]
    assert [(s["kind"], s["failed"], s["detail"]) for s in pulls] == [
        ("qbo.pull", False, {"trigger": "update", "rows": 2, "accounts": one(2)}),
        ("qbo.pull", False, {"trigger": "update", "rows": 0, "accounts": one(0)}),
    ]

    # When a QBO-side error 102 is armed for Update and the user presses it
    sandbox_api.arm_qbo_fault("102", screen="update")
    bank.update()

    # Then the pull step failed, with the error the tile shows
    failed = steps(sandbox_api)[-1]
    assert failed["kind"] == "qbo.pull" and failed["failed"] is True
    assert failed["detail"] == {
        "trigger": "update",
        "rows": 0,
        "accounts": one(0),
        "error": "102",
    }

    # When a transaction comes in the evening and the clock runs through the night to 03:00
    write(sandbox_api, company_id, connection_id, CHECKING.id, evenings[2:])
    sandbox_api.advance_clock(9 * 3600)

    # Then QBO's nightly pull is a step at 02:00 with its one row
    nightly = steps(sandbox_api)[-1]
    assert (nightly["kind"], nightly["at"], nightly["failed"]) == (
        "qbo.pull",
        iso(evening + dt.timedelta(hours=8)),
        False,
    )
    assert nightly["detail"]["trigger"] == "nightly" and nightly["detail"]["rows"] == 1

    # And a night with nothing new is a step too (the clock's `ran` lists it), unlike a quiet interval pull
    sandbox_api.advance_clock(86400)
    quiet = steps(sandbox_api)[-1]
    assert (quiet["at"], quiet["detail"]["trigger"], quiet["detail"]["rows"]) == (
        iso(evening + dt.timedelta(hours=8 + 24)),
        "nightly",
        0,
    )

    # When the user disconnects the feed
    page.reload()
    bank.disconnect(QBO_ACCOUNTS[0])
    expect(bank.tile(QBO_ACCOUNTS[0])).to_contain_text(qbo_messages("en")("banking.tile.disconnected"))

    # Then that is the last step, at 03:00 the day after; the connection's own steps are all of them, in order
    everything = steps(sandbox_api)
    at = iso(evening + dt.timedelta(hours=9 + 24))
    assert (everything[-1]["kind"], everything[-1]["at"]) == ("qbo.disconnect", at)
    assert everything[-1]["detail"] == {"sourceAccountId": CHECKING.id}
    assert [s["at"] for s in everything] == sorted(s["at"] for s in everything)
    assert steps(sandbox_api, connection_id) == everything
    assert steps(sandbox_api, "no-such-connection") == []

    # And another tenant sees none of it, even asking for this connection
    with other_tenant(qbo_sandbox) as other:
        assert other.get("/_sandbox/steps").json() == {"steps": []}
        assert other.get("/_sandbox/steps", params={"connectionId": connection_id}).json() == {"steps": []}

    # And a reset forgets them
    assert sandbox_api.qbo.post("/_sandbox/reset").status_code == 204
    assert steps(sandbox_api) == []


def feed_company(api: SandboxApi, connection_id: str) -> str:
    """The provider's company of a connection, found through the Bank Feeds API."""
    for company in api.http.get("/companies").json()["results"]:
        for connection in api.http.get(f"/companies/{company['id']}/connections").json()["results"]:
            if connection["id"] == connection_id:
                return str(company["id"])
    raise AssertionError(f"no company has connection {connection_id}")


def seeded(api: SandboxApi, seed: int) -> SeededDemo:
    """A seeded demo (its transactions pulled by the seed, unrecorded), then a running clock: the
    interval puller pulls every second. (Frozen while seeding, so that no interval pull comes first.)"""
    api.freeze_clock(api.clock())
    demo = api.seed_demo(seed=seed)
    api.http.post("/_sandbox/clock", json={"realTime": True}).raise_for_status()
    return demo


def test_interval_pulls_record_only_what_brings_rows(sandbox_api: SandboxApi) -> None:
    # Given a seeded demo on a running clock
    demo = seeded(sandbox_api, 5)
    seeded_steps = steps(sandbox_api)  # the seed's own link and first pull
    assert [s["kind"] for s in seeded_steps][-1] == "qbo.pull"
    before = last_pulls(sandbox_api)

    def since_the_seed() -> list[dict[str, Any]]:
        return steps(sandbox_api)[len(seeded_steps) :]

    # When the puller has pulled again with nothing new
    eventually(lambda: last_pulls(sandbox_api), lambda seen: seen != before, timeout=30)

    # Then nothing is recorded
    assert since_the_seed() == []

    # When two transactions are written, the next interval pull is a step with them
    account = demo.accounts[0]
    today = sandbox_api.clock().date()
    write(sandbox_api, demo.company_id, demo.connection_id, account.id, todays_transactions(today, 2))
    (pull,) = eventually(since_the_seed, lambda found: len(found) > 0, timeout=30)
    assert pull["kind"] == "qbo.pull" and pull["connectionId"] == demo.connection_id
    brought = [{"sourceAccountId": a.id, "rows": 2 if a is account else 0} for a in demo.accounts]
    assert pull["detail"] == {"trigger": "automatic", "rows": 2, "accounts": brought}

    # And the pulls after it, with nothing new, add nothing
    seen = last_pulls(sandbox_api)
    eventually(lambda: last_pulls(sandbox_api), lambda now: now != seen, timeout=30)
    assert since_the_seed() == [pull]


def test_an_automatic_pull_that_fails_is_a_failed_step(sandbox_api: SandboxApi) -> None:
    sandbox_api.arm_qbo_fault("102", screen="update")
    demo = seeded(sandbox_api, 6)
    seeded_steps = len(steps(sandbox_api))  # the seed's own link and first pull (the fault is the update screen's)

    (pull,) = eventually(lambda: steps(sandbox_api)[seeded_steps:], lambda found: len(found) > 0, timeout=30)

    assert (pull["kind"], pull["failed"], pull["connectionId"]) == ("qbo.pull", True, demo.connection_id)
    assert pull["detail"]["trigger"] == "automatic" and pull["detail"]["error"] == "102"


def test_steps_refuse_a_connection_id_no_connection_has(sandbox_api: SandboxApi) -> None:
    answer = sandbox_api.qbo.get("/_sandbox/steps", params={"connectionId": "x" * 201})
    assert answer.status_code == 400 and "connectionId" in answer.json()["error"]
    assert sandbox_api.qbo.get("/_sandbox/steps", headers={"Authorization": "Basic"}).status_code == 401
