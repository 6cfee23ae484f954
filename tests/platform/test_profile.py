"""The client profile through the Platform SDK: the same name and logo as the Link UI's settings."""

from __future__ import annotations

import httpx
import pytest
from codat_platform.models import errors

from sandbox import feed_protocol as fp
from sandbox.tenancy import tenant_id_for


def institution(provider_api, api_key):
    """What QBO's institution list shows for this tenant (the feed protocol QBO reads it through)."""
    return provider_api.get(fp.INSTITUTION_PATH.format(tenant_id=tenant_id_for(api_key))).json()


def link_ui_page(provider_api) -> str:
    """The Link UI's first screen, as the SMB user's browser gets it from a fresh linkUrl."""
    company = provider_api.post("/companies", json={"name": "Profile Co"}).json()
    connection = provider_api.post(f"/companies/{company['id']}/connections", json={"platformKey": "hcws"}).json()
    with httpx.Client(timeout=30.0, follow_redirects=True) as browser:
        page = browser.get(connection["linkUrl"])
    assert page.status_code == 200
    return page.text


def test_a_new_tenant_has_the_default_profile(platform, provider_api):
    profile = platform.settings.get_profile()
    assert profile.name == "Sandbox Bank Feeds" and profile.redirect_url == "" and profile.logo_url is None
    assert provider_api.get("/profile").json() == {"name": "Sandbox Bank Feeds", "redirectUrl": ""}


def test_put_profile_brands_the_link_ui_and_qbos_institution_list(platform, provider_api, sandbox_api_key):
    updated = platform.settings.update_profile(
        request={
            "name": "Bank of Dave",
            "logo_url": "https://bank.example/logo.svg",
            "redirect_url": "https://app.example/linked",
            "white_list_urls": ["https://app.example"],
        }
    )
    assert (updated.name, updated.logo_url, updated.white_list_urls) == (
        "Bank of Dave",
        "https://bank.example/logo.svg",
        ["https://app.example"],
    )
    assert platform.settings.get_profile() == updated
    settings = provider_api.get("/_sandbox/settings").json()
    assert (settings["organizationName"], settings["logoUrl"]) == ("Bank of Dave", "https://bank.example/logo.svg")
    shown = institution(provider_api, sandbox_api_key)
    assert (shown["name"], shown["logoUrl"]) == ("Bank of Dave", "https://bank.example/logo.svg")
    page = link_ui_page(provider_api)
    assert "Bank of Dave" in page and 'src="https://bank.example/logo.svg"' in page


def test_the_settings_control_and_the_profile_are_one_record(platform, provider_api):
    callout = {"en": {"title": "Need help?", "body": "Call us."}}
    provider_api.patch("/_sandbox/settings", json={"organizationName": "Patched Feeds", "callout": callout})
    assert platform.settings.get_profile().name == "Patched Feeds"

    platform.settings.update_profile(request={"name": "Put Feeds", "redirect_url": ""})

    settings = provider_api.get("/_sandbox/settings").json()
    assert settings["organizationName"] == "Put Feeds" and settings["callout"] == callout  # not part of a profile


def test_put_replaces_the_profile(platform):
    platform.settings.update_profile(
        request={"name": "A", "logo_url": "https://a.example/l.png", "icon_url": "/static/i.svg", "redirect_url": ""}
    )
    replaced = platform.settings.update_profile(request={"name": "B", "redirect_url": "https://b.example"})
    assert (replaced.name, replaced.logo_url, replaced.icon_url) == ("B", None, None)


@pytest.mark.parametrize(
    ("body", "item"),
    [
        ({"name": "", "redirectUrl": ""}, "name"),
        ({"name": "x" * 101, "redirectUrl": ""}, "name"),
        ({"name": "Ok", "redirectUrl": "ftp://nope"}, "redirectUrl"),
        ({"name": "Ok", "redirectUrl": "", "logoUrl": "javascript:alert(1)"}, "logoUrl"),
        ({"name": "Ok", "redirectUrl": "", "whiteListUrls": ["not a url"]}, "whiteListUrls"),
        ({"redirectUrl": ""}, "name"),
        ({"name": "Ok"}, "redirectUrl"),
        ({"name": "Ok", "redirectUrl": "", "colour": "red"}, "colour"),
    ],
)
def test_bad_profiles_are_refused_with_a_listed_status_and_change_nothing(platform, provider_api, body, item):
    before = provider_api.get("/profile").json()
    response = provider_api.put("/profile", json=body)
    assert response.status_code == 403  # Codat lists no 400 for update-profile
    assert [e["itemId"] for e in response.json()["validation"]["errors"]] == [item]
    assert provider_api.get("/profile").json() == before


def test_the_sdk_raises_error_message_for_a_bad_profile(platform):
    with pytest.raises(errors.ErrorMessage) as raised:
        platform.settings.update_profile(request={"name": " ", "redirect_url": ""})
    assert raised.value.status_code == 403 and raised.value.data.validation.errors[0].item_id == "name"


def test_a_body_that_is_not_json_is_refused(provider_api):
    response = provider_api.put("/profile", content=b"{", headers={"content-type": "application/json"})
    assert response.status_code == 403 and response.json()["statusCode"] == 403
