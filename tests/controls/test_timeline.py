"""The dashboard's journey timeline, in a real browser against both apps: every step of a connection
across the provider and QuickBooks, in order, live, in English and French, for its own tenant only."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, expect

from sandbox import feed_protocol as fp
from sandbox.tenancy import tenant_id_for
from scenarios.api import Connection, SandboxApi, SandboxApiError, todays_transactions
from scenarios.catalogue import Journey
from scenarios.sandbox import RunningSandbox
from tests.controls.conftest import link_as_qbo
from tests.controls.test_dashboard import open_dashboard

pytestmark = pytest.mark.browser
MORNING = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

HAPPY_PATH_EN = [
    "Connection created",
    "Link UI opened",
    "Credentials issued",
    "Institution chosen in QuickBooks",
    "QuickBooks signed in",
    "Accounts connected: the connection is Linked",
    "Transactions written",
    "Write succeeded",
    "QuickBooks pulled transactions",
]
HAPPY_PATH_FR = [
    "Connexion créée",
    "Interface de liaison ouverte",
    "Identifiants émis",
    "Institution choisie dans QuickBooks",
    "Ouverture de session de QuickBooks acceptée",
    "Comptes connectés : la connexion est liée",
    "Opérations envoyées",
    "Envoi réussi",
    "QuickBooks a téléchargé des opérations",
]


def steps(page: Page, lang: str = "en") -> Locator:
    name = "Journey timeline" if lang == "en" else "Étapes du parcours"
    return page.get_by_role("list", name=name).get_by_role("listitem").filter(has=page.locator(".step-title"))


def step(page: Page, title: str) -> Locator:
    return steps(page).filter(has=page.get_by_text(title, exact=True))


def open_timeline(page: Page, sandbox: RunningSandbox, api_key: str, lang: str = "en") -> None:
    open_dashboard(page, sandbox, api_key, lang)
    page.get_by_role("link", name="Journey timeline" if lang == "en" else "Parcours").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Journey of" if lang == "en" else "Parcours de")


def fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def serious_violations(page: Page) -> list[str]:
    return [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]


def test_the_happy_path_reads_in_order_in_english_and_french_for_its_tenant_only(
    page: Page,
    browser: Browser,
    qbo_sandbox: RunningSandbox,
    sandbox_api: SandboxApi,
    sandbox_api_key: str,
    run_scenario: Callable[..., Journey],
) -> None:
    sandbox_api.freeze_clock(MORNING)  # every step at one instant: the order is the journey's, not luck's
    run_scenario("happy_path")

    open_timeline(page, qbo_sandbox, sandbox_api_key)

    expect(steps(page).locator(".step-title strong")).to_have_text(HAPPY_PATH_EN)
    expect(step(page, "QuickBooks signed in")).to_contain_text("Provider and QuickBooks")  # one step, both apps
    expect(step(page, "Accounts connected: the connection is Linked")).to_contain_text("Northwind Checking → Checking")
    expect(step(page, "QuickBooks pulled transactions")).to_contain_text("Trigger: Update · 3 new transactions")
    expect(steps(page).first.locator("time")).to_have_text(re.compile(r"9:00:00 a\.m\. UTC\s+March 2, 2026"))
    assert not serious_violations(page)

    page.get_by_role("link", name="Français").click()

    expect(steps(page, "fr").locator(".step-title strong")).to_have_text(HAPPY_PATH_FR)
    expect(steps(page, "fr").first.locator("time")).to_have_text(re.compile(r"09 h 00 min 00 s UTC\s+2 mars 2026"))
    assert not serious_violations(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert fits_the_screen(page)

    other = browser.new_page()
    try:
        open_dashboard(other, qbo_sandbox, "test-" + secrets.token_urlsafe(12))
        expect(other.get_by_text("No companies yet. Create one through the API.")).to_be_visible()
        # Another tenant's connection and one that exists nowhere get the same page: nothing says which
        not_found = "No connection with this id was found for this tenant."
        for url in (page.url.partition("?")[0], page.url.partition("/connections/")[0] + "/connections/nope/timeline"):
            response = other.goto(url)
            assert response is not None and response.status == 404
            expect(other.get_by_role("alert")).to_have_text(not_found)
        expect(other.get_by_text("Northwind")).to_have_count(0)
    finally:
        other.close()


@pytest.fixture
def linked(provider_api: httpx.Client, sandbox_api: SandboxApi, sandbox_api_key: str) -> Connection:
    """A connection with one account ("Events Checking", acc-1), linked as QBO links it."""
    connection, _ = link_as_qbo(provider_api, sandbox_api, sandbox_api_key)
    return connection


def test_a_refused_sign_in_and_a_failed_write_stand_out_in_words(
    page: Page, qbo_sandbox: RunningSandbox, provider_api: httpx.Client, sandbox_api: SandboxApi, linked: Connection
) -> None:
    connection = linked
    username, _ = sandbox_api.generate_credentials(connection.company_id, connection.connection_id)
    wrong = fp.SignIn(tenant_id_for(sandbox_api.api_key), username, "not-the-password")
    assert provider_api.post(fp.SESSIONS_PATH, json=wrong.to_json()).status_code == 401
    failing = todays_transactions(sandbox_api.clock().date(), 1)
    failing[0]["description"] = "Chargeback [sandbox:fail]"
    written = sandbox_api.write_transactions(connection.company_id, connection.connection_id, "acc-1", failing)
    assert sandbox_api.wait_for_push(connection.company_id, written["pushOperationKey"])["status"] == "Failed"

    open_timeline(page, qbo_sandbox, sandbox_api.api_key)

    refused = step(page, "QuickBooks' sign-in refused")
    expect(refused).to_contain_text("Failed")
    expect(refused).to_contain_text(f"Credential set {username} · wrong password")
    expect(refused).to_have_class(re.compile(r"\bfailed\b"))
    failed = step(page, "Write failed")
    expect(failed).to_contain_text("Failed")
    expect(failed).to_contain_text("magic value [sandbox:fail]")
    expect(steps(page).filter(has_text="Failed").locator(".badge-failed")).to_have_count(2)
    expect(step(page, "QuickBooks signed in")).not_to_have_class(re.compile(r"\bfailed\b"))

    page.goto(page.url.partition("?")[0] + "?lang=fr")  # French writes the longest times: "23 h 12 min 13 s UTC"
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 844})
        for failed_step in steps(page, "fr").filter(has=page.locator(".badge-failed")).all():
            gap = gap_after_the_stripe(failed_step.locator(".step-time"))
            assert gap >= 8, f"the time is {gap} px from the stripe at {width} px"


def gap_after_the_stripe(text: Locator) -> float:
    """Pixels between a failed step's red stripe (the step's first 4 px) and the start of `text`'s words."""
    return float(
        text.evaluate(
            """el => { const words = document.createRange(); words.selectNodeContents(el);
                       const step = el.closest('.step').getBoundingClientRect();
                       return words.getBoundingClientRect().left - step.left - 4; }"""
        )
    )


def test_a_write_the_api_refuses_is_a_failed_step_beside_its_request(
    page: Page, qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi, linked: Connection
) -> None:
    connection = linked
    sandbox_api.revoke_credentials(connection.company_id, connection.connection_id)
    with pytest.raises(SandboxApiError, match="400"):
        transactions = todays_transactions(sandbox_api.clock().date(), 3)
        sandbox_api.write_transactions(connection.company_id, connection.connection_id, "acc-1", transactions)

    open_timeline(page, qbo_sandbox, sandbox_api.api_key)
    timeline_url = page.url

    refused = step(page, "Write refused")
    expect(refused).to_have_class(re.compile(r"\bfailed\b"))
    expect(refused).to_contain_text("3 transactions to Events Checking")
    expect(refused).to_contain_text("revoked")
    refused.get_by_role("link", name=re.compile(r"API request \d+")).click()
    expect(page.get_by_text("400", exact=True).first).to_be_visible()

    page.goto(timeline_url + "?lang=fr")  # the API's reason, in the reader's language
    in_french = steps(page, "fr").filter(has=page.get_by_text("Envoi refusé", exact=True))
    expect(in_french).to_contain_text("ont été révoqués ; la PME doit se connecter de nouveau")
    expect(in_french).not_to_contain_text("revoked")


def test_the_timeline_updates_by_itself_while_a_push_completes_and_links_to_its_request(
    page: Page, qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi, linked: Connection
) -> None:
    connection = linked
    open_timeline(page, qbo_sandbox, sandbox_api.api_key)
    expect(step(page, "Accounts connected: the connection is Linked")).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")

    transactions = todays_transactions(sandbox_api.clock().date(), 2)
    sandbox_api.write_transactions(connection.company_id, connection.connection_id, "acc-1", transactions)

    expect(step(page, "Write succeeded")).to_contain_text("2 transactions to Events Checking")
    assert page.evaluate("window.stillTheSamePage") is True  # the partial polled; nothing reloaded the page
    step(page, "Transactions written").get_by_role("link", name=re.compile(r"API request \d+")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Request \d+"))
    expect(
        page.get_by_text(f"/connections/{connection.connection_id}/push/bankAccounts/acc-1/bankTransactions")
    ).to_be_visible()
    expect(page.get_by_text(transactions[0]["description"]).first).to_be_visible()


def test_the_disconnect_the_ten_days_and_unlinked_are_steps_that_ran_on_the_clock(
    page: Page,
    qbo_sandbox: RunningSandbox,
    sandbox_api: SandboxApi,
    sandbox_api_key: str,
    run_scenario: Callable[..., Journey],
) -> None:
    run_scenario("disconnect")

    open_timeline(page, qbo_sandbox, sandbox_api_key)

    titles = steps(page).locator(".step-title strong")
    expect(titles.nth(-4)).to_have_text("Feed disconnected in QuickBooks")
    expect(titles.nth(-3)).to_have_text("Write refused")  # the scenario's write after the disconnect
    expect(titles.nth(-2)).to_have_text("Account reads disconnected")
    expect(titles.nth(-1)).to_have_text("Connection reads Unlinked")
    expect(step(page, "Feed disconnected in QuickBooks")).to_contain_text("Provider and QuickBooks")
    expect(step(page, "Account reads disconnected")).to_contain_text("On the sandbox clock")
    expect(step(page, "Connection reads Unlinked")).to_contain_text("Every source account reads disconnected")


def test_a_restored_connection_whose_steps_were_forgotten_says_so_not_that_nothing_happened(
    page: Page, qbo_sandbox: RunningSandbox, provider_api: httpx.Client, sandbox_api: SandboxApi, linked: Connection
) -> None:
    snapshot = provider_api.get("/_sandbox/snapshot").json()
    assert provider_api.post("/_sandbox/reset").status_code == 204
    assert provider_api.put("/_sandbox/snapshot", json=snapshot).status_code == 204

    open_timeline(page, qbo_sandbox, sandbox_api.api_key)

    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("No steps are recorded for this connection: it reads Linked now")
    expect(timeline).not_to_contain_text("Open its Link UI")
