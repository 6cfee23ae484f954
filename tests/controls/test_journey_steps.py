"""The provider's journey steps: recorded as they happen, bounded per tenant, shown by the timeline page
even when QBO can't be asked (a provider started alone has no peer)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from link_ui.schema import MIGRATIONS
from link_ui.store import journey
from link_ui.store.journey import KEPT_PER_TENANT, JourneyStore, NewStep, StepKind
from sandbox import feed_protocol as fp
from sandbox.db import Database
from sandbox.tenancy import tenant_id_for
from scenarios.api import SandboxApi, todays_transactions
from tests.api.support import Provider, running_provider
from tests.controls.conftest import link_as_qbo
from tests.fresh_loop import run_in_fresh_loop


def test_each_tenant_keeps_its_newest_steps_and_no_tenant_trims_another(tmp_path: Path) -> None:
    async def scenario() -> tuple[int, int, str]:
        db = await Database.open(tmp_path, "provider.sqlite3", MIGRATIONS)
        async with db.transaction() as tx:
            for tenant in ("t-a", "t-b"):
                await tx.execute("INSERT INTO tenants (id, created) VALUES (?, '2026-01-01T00:00:00Z')", (tenant,))
                await tx.execute(
                    "INSERT INTO companies (id, tenant_id, name, created, modified) VALUES (?, ?, 'Co', '', '')",
                    (f"co-{tenant}", tenant),
                )
                await tx.execute(
                    "INSERT INTO connections (id, tenant_id, company_id, status, created, modified)"
                    " VALUES (?, ?, ?, 'PendingAuth', '', '')",
                    (f"k-{tenant}", tenant, f"co-{tenant}"),
                )
        await JourneyStore(db).record(NewStep("k-t-b", StepKind.CONNECTION_CREATED, "2026-01-01T00:00:00Z"))
        async with db.transaction() as tx:
            for n in range(KEPT_PER_TENANT + 5):
                await journey.add(tx, NewStep("k-t-a", StepKind.LINK_OPENED, f"2026-01-01T00:00:{n % 60:02d}Z"))
        a = await JourneyStore(db).of_connection("t-a", "k-t-a")
        b = await JourneyStore(db).of_connection("t-b", "k-t-b")
        await db.close()
        return len(a), len(b), b[0]["kind"]

    kept_a, kept_b, kind_b = run_in_fresh_loop(scenario())
    assert (kept_a, kept_b, kind_b) == (KEPT_PER_TENANT, 1, "connection.created")


@pytest.fixture
def provider_alone(tmp_path: Path) -> Iterator[Provider]:
    with running_provider(tmp_path) as provider:
        yield provider


@contextmanager
def signed_in_dashboard(url: str, api_key: str) -> Iterator[httpx.Client]:
    """A browser-like client signed in to the dashboard with the key (the session cookie holds the tenant)."""
    with httpx.Client(base_url=url, timeout=30.0) as client:
        form = client.get("/_sandbox/dashboard/").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert csrf is not None
        answer = client.post("/_sandbox/dashboard/session", data={"csrf_token": csrf.group(1), "api_key": api_key})
        assert answer.status_code == 303
        yield client


def step_titles(html: str) -> list[str]:
    return re.findall(r'<p class="step-title">.*?<strong>(.*?)</strong>', html, flags=re.S)


def test_a_provider_alone_shows_its_own_steps_in_order_and_says_qbos_are_unavailable(
    provider_alone: Provider,
) -> None:
    key = "test-alone"
    with provider_alone.client(key) as http, SandboxApi.over(http) as api:
        connection, _ = link_as_qbo(http, api, key)
        wrong = fp.SignIn(
            tenant_id_for(key), api.generate_credentials(connection.company_id, connection.connection_id)[0], "x"
        )
        assert http.post(fp.SESSIONS_PATH, json=wrong.to_json()).status_code == 401
        failing = todays_transactions(api.clock().date(), 1)
        failing[0]["description"] = "Refund [sandbox:fail]"
        written = api.write_transactions(connection.company_id, connection.connection_id, "acc-1", failing)
        assert api.wait_for_push(connection.company_id, written["pushOperationKey"])["status"] == "Failed"
        api.revoke_credentials(connection.company_id, connection.connection_id)

        with signed_in_dashboard(provider_alone.url, key) as dashboard:
            page = dashboard.get(f"/_sandbox/dashboard/connections/{connection.connection_id}/timeline?lang=en")
        with signed_in_dashboard(provider_alone.url, "test-someone-else") as other:
            refused = other.get(f"/_sandbox/dashboard/connections/{connection.connection_id}/timeline")

    assert page.status_code == 200
    assert step_titles(page.text) == [
        "Connection created",
        "Credentials issued",
        "QuickBooks signed in",
        "Accounts connected: the connection is Linked",
        "Credentials issued",
        "QuickBooks&#39; sign-in refused",
        "Transactions written",
        "Write failed",
        "Credentials revoked",
    ]
    assert page.text.count('class="badge-failed"') == 2  # the refusal and the failed write, in words too
    assert "QuickBooks&#39; steps are unavailable" in page.text
    assert "wrong password" in page.text
    assert refused.status_code == 404 and "Events Checking" not in refused.text
