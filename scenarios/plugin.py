"""The pytest plugin (loaded through qbo_sandbox/pytest_plugin.py): a sandbox and a fresh tenant per test.

Fixtures:
  qbo_sandbox      the sandbox, once per session (per xdist worker): both apps started in this process
                   on free ports, or the running one named by --qbo-sandbox-url / QBO_SANDBOX_URL
  sandbox_api_key  a new API key, so a new empty tenant, for each test
  provider_api     an httpx.Client for the Bank Feeds API, bound to that tenant
  sandbox_api      a SandboxApi (scenarios/api.py) for that tenant: companies, credentials, realms, clock
  link_ui_page     the Link UI's first screen (ConnectPage) for pytest-playwright's `page`
  qbo_sign_in_page QuickBooks' sign-in screen (SignInPage), already opened
  run_scenario     runs a catalogue scenario by name in `page`, for this test's tenant

Importing it loads neither app nor Playwright: they load when a fixture first needs them. To
pytest-playwright's launch arguments it adds only a Chromium path, and only for Chromium when
Playwright's own is missing (scenarios/browser.py); --browser, --browser-channel and the rest stay.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import httpx
    from playwright.sync_api import Page

    from scenarios.api import SandboxApi
    from scenarios.catalogue import Journey
    from scenarios.pages.link_ui import ConnectPage
    from scenarios.pages.qbo import SignInPage
    from scenarios.sandbox import RunningSandbox

URL_OPTION, URL_VARIABLE = "--qbo-sandbox-url", "QBO_SANDBOX_URL"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("qbo-sandbox", "QBO Bank Feeds Sandbox")
    group.addoption(
        URL_OPTION,
        metavar="URL",
        help=f"use the running sandbox whose provider is at URL instead of starting one (still a fresh tenant "
        f"per test); default ${URL_VARIABLE}",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Registered now, after pytest-playwright, so that our `browser_type_launch_args` extends its own.
    if not config.pluginmanager.has_plugin("qbo_sandbox_browser"):
        from scenarios import browser_fixtures

        config.pluginmanager.register(browser_fixtures, "qbo_sandbox_browser")


@pytest.fixture(scope="session")
def qbo_sandbox(pytestconfig: pytest.Config, request: pytest.FixtureRequest) -> Iterator[RunningSandbox]:
    url = pytestconfig.getoption(URL_OPTION) or os.environ.get(URL_VARIABLE)
    if url:
        from scenarios.sandbox import connect

        yield connect(url)  # someone else's sandbox: left running
        return
    launcher: Callable[[], RunningSandbox] = request.getfixturevalue("qbo_sandbox_launcher")
    sandbox = launcher()
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def sandbox_api_key() -> str:
    return "test-" + secrets.token_urlsafe(16)


@pytest.fixture
def provider_api(qbo_sandbox: RunningSandbox, sandbox_api_key: str) -> Iterator[httpx.Client]:
    import httpx

    from sandbox.tenancy import basic_header

    with httpx.Client(
        base_url=qbo_sandbox.provider_url,
        headers={"Authorization": basic_header(sandbox_api_key)},
        timeout=30.0,
    ) as client:
        yield client


@pytest.fixture
def sandbox_api(qbo_sandbox: RunningSandbox, sandbox_api_key: str) -> Iterator[SandboxApi]:
    from scenarios.api import SandboxApi

    with SandboxApi(qbo_sandbox.provider_url, qbo_sandbox.qbo_url, sandbox_api_key) as api:
        yield api


@pytest.fixture
def link_ui_page(page: Page) -> ConnectPage:
    from scenarios.pages.link_ui import ConnectPage

    return ConnectPage(page)


@pytest.fixture
def qbo_sign_in_page(page: Page, qbo_sandbox: RunningSandbox) -> SignInPage:
    from scenarios.pages.qbo import SignInPage

    return SignInPage(page).open(qbo_sandbox.qbo_url)


@pytest.fixture
def run_scenario(page: Page, sandbox_api: SandboxApi) -> Callable[..., Journey]:
    from scenarios.catalogue import Journey, catalogue

    def run(name: str, *, lang: str | None = None) -> Journey:
        chosen = catalogue()[name]
        journey = Journey(page=page, api=sandbox_api, lang=lang or chosen.lang, steps=chosen.steps)
        chosen.run(journey)
        return journey

    return run
