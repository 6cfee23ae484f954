"""The pytest plugin as another project's suite meets it: throwaway projects run by pytester in
their own process, with and without --qbo-sandbox-url / QBO_SANDBOX_URL, other browsers and channels,
and under xdist."""

from __future__ import annotations

import pytest

from scenarios.sandbox import RunningSandbox

APPS = ("link_ui.app", "emulator.app", "qbo_sandbox.launcher", "starlette")

COMPANIES = """
import sys

def test_a_fresh_tenant(sandbox_api, qbo_sandbox):
    assert sandbox_api.http.get("/companies").json()["results"] == []
    sandbox_api.create_company("Mine")
    assert [c["name"] for c in sandbox_api.http.get("/companies").json()["results"]] == ["Mine"]
    print("SANDBOX", qbo_sandbox.provider_url, qbo_sandbox.qbo_url, "APPS LOADED", "link_ui.app" in sys.modules)

def test_another_fresh_tenant(sandbox_api):
    assert sandbox_api.http.get("/companies").json()["results"] == []
    sandbox_api.create_company("Also mine")
"""

LAUNCH_ARGS = """
def test_launch_args(browser_type_launch_args, browser_name):
    print("BROWSER", browser_name, "ARGS", sorted(browser_type_launch_args.items()))
"""


@pytest.fixture(autouse=True)
def _outer_run_stays_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    """The inner runs see none of this run's xdist or sandbox settings."""
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_XDIST_TESTRUNUID", "QBO_SANDBOX_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("QBO_SANDBOX_CHROMIUM", raising=False)


def _line(result: pytest.RunResult, prefix: str) -> str:
    """What an inner test printed from `prefix` on (with -s it follows the test's name on its line)."""
    return next(line[line.index(prefix) :] for line in result.outlines if prefix in line)


def test_loading_the_plugin_loads_neither_app(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        import sys

        def test_nothing_loaded(request):
            assert request.config.pluginmanager.has_plugin("qbo_sandbox")
            assert [m for m in {APPS!r} if m in sys.modules] == []
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", timeout=120)
    result.assert_outcomes(passed=1)


def test_without_a_url_the_fixtures_start_a_sandbox_in_this_process(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(COMPANIES)
    result = pytester.runpytest_subprocess("-s", timeout=120)

    result.assert_outcomes(passed=2)
    _, provider, qbo, *_, loaded = _line(result, "SANDBOX").split()
    assert provider.startswith("http://127.0.0.1:") and qbo.startswith("http://127.0.0.1:")
    assert loaded == "True"


@pytest.mark.parametrize("how", ["option", "variable"])
def test_a_url_uses_the_running_sandbox_and_still_a_fresh_tenant_per_test(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, qbo_sandbox: RunningSandbox, how: str
) -> None:
    pytester.makepyfile(COMPANIES)
    args = ["-s"]
    if how == "option":
        args += ["--qbo-sandbox-url", qbo_sandbox.provider_url + "/"]
    else:
        monkeypatch.setenv("QBO_SANDBOX_URL", qbo_sandbox.provider_url)
    result = pytester.runpytest_subprocess(*args, timeout=120)

    result.assert_outcomes(passed=2)
    # the provider's health told the plugin where its QBO emulator is; neither app was loaded
    assert _line(result, "SANDBOX").split() == [
        "SANDBOX", qbo_sandbox.provider_url, qbo_sandbox.qbo_url, "APPS", "LOADED", "False",
    ]  # fmt: skip


def test_a_url_where_no_sandbox_answers_is_one_clear_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(COMPANIES)
    result = pytester.runpytest_subprocess("--qbo-sandbox-url", "http://127.0.0.1:9", timeout=120)

    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*no sandbox's provider answers at http://127.0.0.1:9/_sandbox/health*"])


def test_under_xdist_every_worker_uses_the_sandbox_with_its_own_tenants(
    pytester: pytest.Pytester, qbo_sandbox: RunningSandbox
) -> None:
    pytester.makepyfile(
        test_api=COMPANIES,
        test_browser="""
        from playwright.sync_api import expect

        from scenarios.api import SourceAccount

        def test_the_link_ui_opens_in_the_page(page, sandbox_api, link_ui_page):
            connection = sandbox_api.setup_connection("Bank of Dave", [SourceAccount("acc-1", "Everyday Checking")])
            page.goto(connection.link_url)
            link_ui_page.expect_loaded()
            expect(page.get_by_role("button", name="Next")).to_be_visible()
        """,
    )
    result = pytester.runpytest_subprocess("-n", "2", "--qbo-sandbox-url", qbo_sandbox.provider_url, timeout=180)

    result.assert_outcomes(passed=3)


def test_another_browser_gets_no_chromium_path(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        LAUNCH_ARGS
        + """
def test_a_page(page):
    pass
"""
    )
    result = pytester.runpytest_subprocess("-s", "--browser", "firefox", timeout=120)

    assert _line(result, "BROWSER").startswith("BROWSER firefox ARGS [")
    assert "executable_path" not in _line(result, "BROWSER")
    result.assert_outcomes(passed=1, errors=1)  # this machine has no Firefox: Playwright says so itself
    assert "firefox" in "\n".join(result.outlines).lower()


def test_a_channel_and_other_options_stay_as_the_user_gave_them(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(LAUNCH_ARGS)
    result = pytester.runpytest_subprocess("-s", "--browser-channel", "chrome", "--slowmo", "7", timeout=120)

    result.assert_outcomes(passed=1)
    assert _line(result, "BROWSER") == "BROWSER chromium ARGS [('channel', 'chrome'), ('slow_mo', 7)]"


def test_chromium_gets_this_machines_chromium_and_keeps_the_rest(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QBO_SANDBOX_CHROMIUM", "/opt/some/chromium")
    pytester.makepyfile(LAUNCH_ARGS)
    result = pytester.runpytest_subprocess("-s", "--slowmo", "7", "--headed", timeout=120)

    result.assert_outcomes(passed=1)
    shown = _line(result, "BROWSER")
    assert "('executable_path', '/opt/some/chromium')" in shown
    assert "('slow_mo', 7)" in shown and "('headless', False)" in shown
