"""A tenant's clock and settings under changes sent at once: each change lands, none is lost."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx

from sandbox.tenancy import basic_header
from scenarios.sandbox import RunningSandbox
from tests.fresh_loop import run_in_fresh_loop


def at_once(sandbox: RunningSandbox, api_key: str, calls: list[tuple[str, str, dict[str, object]]]) -> list[int]:
    """Sends every call concurrently, each on its own connection; their statuses in order."""

    async def send() -> list[int]:
        headers = {"Authorization": basic_header(api_key)}
        limits = httpx.Limits(max_connections=len(calls))
        async with httpx.AsyncClient(base_url=sandbox.provider_url, headers=headers, limits=limits) as client:
            answers = await asyncio.gather(*(client.request(m, path, json=body) for m, path, body in calls))
        return [answer.status_code for answer in answers]

    return run_in_fresh_loop(send())


def test_twenty_advances_at_once_move_a_frozen_clock_twenty_hours(
    qbo_sandbox: RunningSandbox, provider_api: httpx.Client, sandbox_api_key: str
) -> None:
    assert provider_api.post("/_sandbox/clock", json={"frozenAt": "2026-06-01T00:00:00Z"}).status_code == 200

    statuses = at_once(qbo_sandbox, sandbox_api_key, [("POST", "/_sandbox/clock", {"advanceSeconds": 3600})] * 20)

    assert statuses == [200] * 20
    assert provider_api.get("/_sandbox/clock").json()["now"] == "2026-06-01T20:00:00.000Z"


def test_settings_changed_at_once_by_the_controls_and_the_profile_keep_every_change(
    qbo_sandbox: RunningSandbox, provider_api: httpx.Client, sandbox_api_key: str
) -> None:
    logo, icon = "https://example.com/logo.png", "https://example.com/icon.png"
    calls: list[tuple[str, str, dict[str, object]]] = [
        ("PATCH", "/_sandbox/settings", {"logoUrl": logo}),
        ("PATCH", "/_sandbox/settings", {"callout": {"en": {"title": "Hello", "body": "Welcome"}}}),
        ("PATCH", "/_sandbox/settings", {"organizationName": "Northwind Feeds"}),
        # A PUT replaces the whole profile: it names the same logo, icon and name, and a redirect of its own.
        (
            "PUT",
            "/profile",
            {"name": "Northwind Feeds", "redirectUrl": "https://example.com/done", "logoUrl": logo, "iconUrl": icon},
        ),
        ("PATCH", "/_sandbox/settings", {"iconUrl": icon}),
    ]
    for _ in range(5):  # interleavings vary from one round to the next
        assert provider_api.post("/_sandbox/reset").status_code == 204

        assert at_once(qbo_sandbox, sandbox_api_key, calls) == [200] * len(calls)

        settings = provider_api.get("/_sandbox/settings").json()
        assert settings["logoUrl"] == logo
        assert settings["callout"] == {"en": {"title": "Hello", "body": "Welcome"}}
        assert settings["organizationName"] == "Northwind Feeds"
        assert settings["redirectUrl"] == "https://example.com/done"
        assert settings["iconUrl"] == icon


def test_a_new_tenants_first_requests_at_once_share_one_clock(
    qbo_sandbox: RunningSandbox, provider_api: httpx.Client, sandbox_api_key: str
) -> None:
    # Nothing has asked for this tenant yet: all ten arrive while it is being created
    statuses = at_once(qbo_sandbox, sandbox_api_key, [("POST", "/_sandbox/clock", {"advanceSeconds": 3600})] * 10)

    assert statuses == [200] * 10
    now = dt.datetime.fromisoformat(provider_api.get("/_sandbox/clock").json()["now"].replace("Z", "+00:00"))
    ahead = now - dt.datetime.now(dt.UTC)
    assert dt.timedelta(hours=9, minutes=55) < ahead < dt.timedelta(hours=10, minutes=5)  # ten hours, not one
