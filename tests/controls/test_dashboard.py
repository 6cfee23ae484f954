"""The sandbox dashboard, in a real browser: sign in with an API key, see the tenant, act."""

from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from scenarios.api import SandboxApi, SourceAccount, todays_transactions
from scenarios.polling import eventually
from scenarios.receiver import DownReceiver, serving_endpoint
from scenarios.sandbox import RunningSandbox


def open_dashboard(page: Page, sandbox: RunningSandbox, api_key: str, lang: str = "en") -> None:
    page.goto(f"{sandbox.provider_url}/_sandbox/dashboard/?lang={lang}")
    page.get_by_label("API key" if lang == "en" else "Clé d'API").fill(api_key)
    page.get_by_role("button", name="Open dashboard" if lang == "en" else "Ouvrir le tableau de bord").click()


@pytest.mark.browser
def test_the_dashboard_shows_the_tenants_companies_connections_and_requests(
    page: Page, qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi, sandbox_api_key: str
) -> None:
    sandbox_api.update_settings(organizationName="Dashboard Feeds")
    connection = sandbox_api.setup_connection("Dash Co", [SourceAccount("d-1", "Dash Checking")])

    open_dashboard(page, qbo_sandbox, sandbox_api_key)

    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard Feeds: sandbox dashboard")
    companies = page.get_by_role("region", name="Companies and connections")
    expect(companies.get_by_role("heading", name=re.compile("Dash Co"))).to_be_visible()
    expect(companies.get_by_text("PendingAuth")).to_be_visible()
    expect(companies.get_by_role("cell", name="Dash Checking")).to_be_visible()
    link = companies.get_by_role("link", name="Open the Link UI")
    expect(link).to_have_attribute("href", re.compile(f"/connections/{connection.connection_id}/start\\?otp=\\d{{6}}"))
    requests = page.get_by_role("region", name="Recent API requests")
    expect(requests.get_by_role("cell", name="/companies", exact=True)).to_be_visible()
    milliseconds = requests.get_by_role("row").nth(1).get_by_role("cell").last
    expect(milliseconds).to_have_text(re.compile(r"^\d+\.\d\d$"))  # two decimals, always
    assert not [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.browser
def test_clock_buttons_move_the_tenants_clock(
    page: Page, qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi, sandbox_api_key: str
) -> None:
    sandbox_api.freeze_clock(dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC))
    open_dashboard(page, qbo_sandbox, sandbox_api_key)
    clock = page.get_by_role("region", name="Sandbox clock")
    expect(clock.get_by_text("Jan 10, 2026, 9:00:00 a.m. UTC")).to_be_visible()

    clock.get_by_role("button", name="+10 days").click()

    expect(clock.get_by_text("Jan 20, 2026, 9:00:00 a.m. UTC")).to_be_visible()
    assert sandbox_api.clock().date().isoformat() == "2026-01-20"

    # Back to real time, as the API's realTime: the frozen clock runs on from where it stood, then
    # (pressed again, on a running clock) it goes back to the machine's date
    clock.get_by_role("button", name="Back to real time").click()
    expect(clock.get_by_text("Jan 20, 2026, 9:00:00 a.m. UTC")).to_have_count(0)
    assert sandbox_api.clock().date().isoformat() == "2026-01-20"
    clock.get_by_role("button", name="Back to real time").click()
    expect(clock.get_by_text(re.compile(r"Jan 20, 2026"))).to_have_count(0)
    assert abs(sandbox_api.clock() - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)  # the machine's time


@pytest.mark.browser
def test_the_clock_buttons_show_what_ran(
    page: Page, qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi, sandbox_api_key: str
) -> None:
    receiver = DownReceiver()
    with serving_endpoint(receiver.endpoint) as url:
        sandbox_api.freeze_clock(dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC))
        sandbox_api.send_webhooks_to(url)
        sandbox_api.trigger_webhook("connection.created")
        eventually(lambda: receiver.refused, lambda refused: refused == 1)
        open_dashboard(page, qbo_sandbox, sandbox_api_key)
        ran = page.get_by_role("list", name="Ran on the sandbox clock")
        expect(page.get_by_text("Nothing has run on the schedule yet.")).to_be_visible()

        page.get_by_role("region", name="Sandbox clock").get_by_role("button", name="+1 hour").click()

        expect(ran.get_by_role("listitem")).to_have_count(3)  # the retries 5 s, 5 min and 30 min after
        expect(ran.get_by_role("listitem").first).to_contain_text("Jan 10, 2026, 9:35:05 a.m. UTC Webhook retry")


@pytest.mark.browser
def test_the_french_dashboard_names_states_and_writes_the_time_in_french(
    page: Page, qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi, sandbox_api_key: str
) -> None:
    sandbox_api.freeze_clock(dt.datetime(2026, 1, 10, 16, 5, tzinfo=dt.UTC))
    sandbox_api.setup_connection("Dash Fr", [SourceAccount("f-1", "Compte Fr")])
    open_dashboard(page, qbo_sandbox, sandbox_api_key, lang="fr")

    clock = page.get_by_role("region", name="Horloge du bac à sable")
    expect(clock.get_by_text("10 janv. 2026, 16 h 05 min 00 s UTC")).to_be_visible()
    companies = page.get_by_role("region", name="Entreprises et connexions")
    expect(companies.get_by_text("En attente d'autorisation")).to_be_visible()
    expect(companies.get_by_text("PendingAuth")).to_have_count(0)
    expect(companies.get_by_text("en attente", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Ouvrir la page de connexion de QuickBooks")).to_be_visible()

    # Milliseconds as French writes decimals, to two places, in the list and on the request's page
    first = page.get_by_role("region", name="Requêtes d'API récentes").get_by_role("row").nth(1)
    expect(first.get_by_role("cell").last).to_have_text(re.compile(r"^\d+,\d\d$"))
    first.get_by_role("link").click()
    expect(page.locator("dt:text-is('Durée') + dd")).to_have_text(re.compile(r"^\d+,\d\d\u00a0ms$"))


@pytest.mark.browser
def test_a_blank_key_is_refused_in_the_pages_language(page: Page, qbo_sandbox: RunningSandbox) -> None:
    page.goto(f"{qbo_sandbox.provider_url}/_sandbox/dashboard/?lang=fr")
    page.get_by_label("Clé d'API").fill("   ")  # blank: the only key an open sandbox refuses
    page.get_by_role("button", name="Ouvrir le tableau de bord").click()

    expect(page.get_by_role("alert")).to_have_text("Ce bac à sable n'accepte pas cette clé d'API.")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_actions_without_the_csrf_token_are_refused(qbo_sandbox: RunningSandbox) -> None:
    with httpx.Client(base_url=qbo_sandbox.provider_url) as client:
        response = client.post("/_sandbox/dashboard/act", data={"action": "ten_days"})
        cookie = client.get("/_sandbox/dashboard/").headers["set-cookie"]

    assert response.status_code == 403
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_every_dashboard_string_has_a_french_version_and_every_key_used_exists() -> None:
    from pathlib import Path

    from link_ui.dashboard.routes import HERE, catalogues

    used = set()
    for template in (HERE / "templates").glob("*.html"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_.]*[a-z_])["']\s*[,)]""", template.read_text(encoding="utf-8")))
    used |= {"lang.en", "lang.fr", "error.key", "error.csrf"}

    assert catalogues.missing("fr") == set()
    assert used - set(catalogues.messages["en"]) == set()
    assert Path(HERE / "messages" / "fr.json").exists()


def test_every_kind_either_schedule_runs_is_named_in_both_languages() -> None:
    import importlib
    from pathlib import Path

    from link_ui.dashboard.routes import catalogues

    kinds = set()
    root = Path(__file__).resolve().parents[2]
    for path in [*root.glob("link_ui/**/*.py"), *root.glob("emulator/**/*.py")]:
        for name in re.findall(r"scheduler\.register\(([\w.]+)", path.read_text(encoding="utf-8")):
            found: object = importlib.import_module(".".join(path.relative_to(root).with_suffix("").parts))
            for part in name.split("."):  # KIND, or Scheduled.KIND
                found = getattr(found, part)
            kinds.add(found)
    assert len(kinds) >= 5  # webhook retries, push timeouts, the 10-day disconnect, Unlinked, the nightly pull
    for lang in ("en", "fr"):
        assert {f"ran.kind.{kind}" for kind in kinds} - set(catalogues.messages[lang]) == set()


@pytest.mark.browser
def test_the_dashboards_clock_runs_qbos_nightly_pull_too(
    page: Page, qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi, sandbox_api_key: str
) -> None:
    evening = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)
    sandbox_api.freeze_clock(evening)  # frozen: nothing pulls but the schedule
    demo = sandbox_api.seed_demo(seed=5)
    account = demo.accounts[0]
    written = sandbox_api.write_transactions(
        demo.company_id, demo.connection_id, account.id, todays_transactions(evening.date(), 2)
    )
    assert sandbox_api.wait_for_push(demo.company_id, written["pushOperationKey"])["status"] == "Success"
    before = for_review(sandbox_api)[account.id]
    open_dashboard(page, qbo_sandbox, sandbox_api_key)
    companies = page.get_by_role("region", name="Companies and connections")
    expect(companies.get_by_role("cell", name=re.compile(r"^November \d{1,2}, 2026$")).first).to_be_visible()

    page.get_by_role("region", name="Sandbox clock").get_by_role("button", name="+1 day").click()

    ran = page.get_by_role("list", name="Ran on the sandbox clock")
    nightly = ran.get_by_role("listitem").filter(has_text="QuickBooks' nightly pull")
    expect(nightly).to_have_count(1)
    expect(nightly).to_contain_text("Nov 24, 2026, 2:00:00 a.m. UTC")
    assert for_review(sandbox_api)[account.id] == before + 2  # the dashboard has no key: QBO trusted its peer

    page.get_by_role("link", name="Français").click()  # the same run, in the page's language

    ran = page.get_by_role("list", name="Exécuté sur l'horloge du bac à sable")
    expect(ran.get_by_role("listitem").filter(has_text="Téléchargement nocturne de QuickBooks")).to_contain_text(
        "24 nov. 2026, 02 h 00 min 00 s UTC"
    )


def for_review(api: SandboxApi) -> dict[str, int]:
    (realm,) = api.realms()
    return {f["sourceAccountId"]: f["transactions"]["forReview"] for f in realm["feeds"]}
