"""The settings control (PATCH /_sandbox/settings): a PATCH changes what it names; bad values are 400s."""

from __future__ import annotations

import httpx
import pytest


def test_a_patch_changes_only_the_settings_it_names(provider_api: httpx.Client) -> None:
    provider_api.patch("/_sandbox/settings", json={"organizationName": "Bank of Dave", "logoUrl": "/static/l.svg"})

    changed = provider_api.patch("/_sandbox/settings", json={"redirectUrl": "https://app.example/linked"})

    assert changed.status_code == 200
    body = changed.json()
    assert (body["organizationName"], body["logoUrl"], body["redirectUrl"]) == (
        "Bank of Dave",
        "/static/l.svg",
        "https://app.example/linked",
    )
    assert provider_api.get("/_sandbox/settings").json() == body


@pytest.mark.parametrize(
    ("body", "item"),
    [
        ({"organizationName": ""}, "organizationName"),
        ({"logoUrl": "javascript:alert(1)"}, "logoUrl"),
        ({"iconUrl": 7}, "iconUrl"),
        ({"redirectUrl": "ftp://x"}, "redirectUrl"),
        ({"whiteListUrls": "https://one.example"}, "whiteListUrls"),
        ({"callout": {"de": {"title": "Hallo"}}}, "callout"),
        ({"callout": {"en": {"title": "x" * 51}}}, "callout.en.title"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_settings_are_400_and_change_nothing(
    provider_api: httpx.Client, body: dict[str, object], item: str
) -> None:
    before = provider_api.get("/_sandbox/settings").json()

    response = provider_api.patch("/_sandbox/settings", json=body)

    assert response.status_code == 400
    assert [e["itemId"] for e in response.json()["validation"]["errors"]] == [item]
    assert provider_api.get("/_sandbox/settings").json() == before
