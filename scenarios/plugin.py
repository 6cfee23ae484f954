"""The pytest plugin (entry point `pytest11`): a live sandbox and a fresh tenant for every test.

Fixtures:
  qbo_sandbox      both apps on free ports, started once per session (per xdist worker)
  sandbox_api_key  a new API key, so a new empty tenant, for each test
  provider_api     an httpx.Client for the Bank Feeds API, bound to that tenant
  sandbox_api      a SandboxApi (scenarios/api.py) for that tenant: companies, credentials, realms, clock
  link_ui_page     the Link UI's first screen (ConnectPage) for pytest-playwright's `page`
  qbo_sign_in_page QuickBooks' sign-in screen (SignInPage), already opened
  run_scenario     runs a catalogue scenario by name in `page`, for this test's tenant
It also points pytest-playwright's `page` at a Chromium that exists on this machine.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator

import httpx
import pytest
from playwright.sync_api import Page

from sandbox.tenancy import basic_header
from scenarios.api import SandboxApi
from scenarios.catalogue import Journey, catalogue
from scenarios.pages.link_ui import ConnectPage
from scenarios.pages.qbo import SignInPage
from scenarios.sandbox import RunningSandbox


@pytest.fixture(scope="session")
def qbo_sandbox(qbo_sandbox_launcher: Callable[[], RunningSandbox]) -> Iterator[RunningSandbox]:
    sandbox = qbo_sandbox_launcher()
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def sandbox_api_key() -> str:
    return "test-" + secrets.token_urlsafe(16)


@pytest.fixture
def provider_api(qbo_sandbox: RunningSandbox, sandbox_api_key: str) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=qbo_sandbox.provider_url,
        headers={"Authorization": basic_header(sandbox_api_key)},
        timeout=30.0,
    ) as client:
        yield client


@pytest.fixture
def sandbox_api(qbo_sandbox: RunningSandbox, sandbox_api_key: str) -> Iterator[SandboxApi]:
    with SandboxApi(qbo_sandbox.provider_url, qbo_sandbox.qbo_url, sandbox_api_key) as api:
        yield api


@pytest.fixture
def link_ui_page(page: Page) -> ConnectPage:
    return ConnectPage(page)


@pytest.fixture
def qbo_sign_in_page(page: Page, qbo_sandbox: RunningSandbox) -> SignInPage:
    return SignInPage(page).open(qbo_sandbox.qbo_url)


@pytest.fixture
def run_scenario(page: Page, sandbox_api: SandboxApi) -> Callable[..., Journey]:
    def run(name: str, *, lang: str | None = None) -> Journey:
        chosen = catalogue()[name]
        journey = Journey(page=page, api=sandbox_api, lang=lang or chosen.lang, steps=chosen.steps)
        chosen.run(journey)
        return journey

    return run


def pytest_configure(config: pytest.Config) -> None:
    # Registered now, after pytest-playwright, so that our `browser_type_launch_args` is the one used.
    if not config.pluginmanager.has_plugin("qbo_sandbox_browser"):
        from scenarios import browser_fixtures

        config.pluginmanager.register(browser_fixtures, "qbo_sandbox_browser")
