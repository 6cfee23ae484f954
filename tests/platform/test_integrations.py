"""Integrations through the Platform SDK: QBO Bank Feeds with the sandbox's own logo, paged; others 404."""

from __future__ import annotations

import httpx
import pytest
from codat_platform.models import errors


def test_the_one_integration_is_qbo_bank_feeds(platform, provider_api):
    listed = platform.integrations.list(request={"page": 1, "page_size": 10})
    assert listed.total_results == 1 and listed.page_number == 1 and listed.links.current.href
    (integration,) = listed.results
    assert (integration.key, integration.name, integration.enabled) == ("hcws", "QuickBooks Online Bank Feeds", True)
    assert integration.source_type.value == "BankFeed"
    assert [(f.data_type.value, f.supported_features[0].feature_type.value) for f in integration.datatype_features] == [
        ("bankTransactions", "Post")
    ]
    got = platform.integrations.get(request={"platform_key": "hcws"})
    assert got == integration
    connection_ids = provider_api.post("/companies", json={"name": "Integrations Co"}).json()
    connection = provider_api.post(f"/companies/{connection_ids['id']}/connections", json={"platformKey": "hcws"})
    assert connection.json()["integrationId"] == got.integration_id and connection.json()["sourceId"] == got.source_id


def test_integrations_page_query_and_order_like_every_codat_list(platform):
    assert platform.integrations.list(request={"query": "key=hcws", "order_by": "-name"}).total_results == 1
    assert platform.integrations.list(request={"query": "sourceType=Accounting"}).results == []
    empty_page = platform.integrations.list(request={"page": 2, "page_size": 1})
    assert empty_page.results == [] and empty_page.links.previous.href
    with pytest.raises(errors.ErrorMessage) as raised:
        platform.integrations.list(request={"query": "nope=1"})
    assert raised.value.status_code == 400 and "nope" in raised.value.data.error


def test_the_logo_and_buttons_are_the_sandboxs_own_images(platform, provider):
    branding = platform.integrations.get_branding(request={"platform_key": "hcws"})
    integration = platform.integrations.get(request={"platform_key": "hcws"})
    images = [branding.logo.full, branding.logo.square, branding.button.default, branding.button.hover]
    assert branding.source_id == integration.source_id
    assert integration.logo_url == branding.logo.square.image.src
    for image in images:
        assert image.image.src.startswith(provider.url + "/static/") and image.image.alt
        served = httpx.get(image.image.src)
        assert served.status_code == 200 and served.headers["content-type"].startswith("image/svg+xml")
        assert b"<svg" in served.content and b"QuickBooks Online Bank Feeds" in served.content


@pytest.mark.parametrize("call", ["get", "get_branding"])
def test_other_platform_keys_are_404_in_codats_shape(platform, call):
    with pytest.raises(errors.ErrorMessage) as raised:
        getattr(platform.integrations, call)(request={"platform_key": "gbol"})
    assert raised.value.status_code == 404 and raised.value.data.correlation_id
    assert "gbol" in raised.value.data.error and "hcws" in raised.value.data.error


def test_strict_clients_get_no_nulls(provider_api):
    for path in ("/integrations", "/integrations/hcws", "/integrations/hcws/branding"):
        response = provider_api.get(path)
        assert response.status_code == 200 and "null" not in response.text, path
