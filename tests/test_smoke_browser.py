"""The plugin's live sandbox answers, and its browser opens a page served by it."""

import re

from playwright.sync_api import Page, expect


def test_both_apps_answer_health(qbo_sandbox, provider_api):
    assert provider_api.get("/_sandbox/health").status_code == 200
    assert provider_api.get(qbo_sandbox.qbo_url + "/_sandbox/health").status_code == 200


def test_browser_reaches_the_provider(qbo_sandbox, page: Page):
    page.goto(qbo_sandbox.provider_url + "/_sandbox/health")
    expect(page.locator("body")).to_contain_text(re.compile("ok"))
