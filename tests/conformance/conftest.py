"""The official codat-bankfeeds SDK, pointed at a live sandbox with only server_url changed."""

from __future__ import annotations

import pytest
from codat_bankfeeds import CodatBankFeeds
from codat_bankfeeds.models import shared
from codat_bankfeeds.utils import RetryConfig

from sandbox.tenancy import basic_header


def make_sdk(server_url: str, api_key: str) -> CodatBankFeeds:
    return CodatBankFeeds(
        server_url=server_url,
        security=shared.Security(auth_header=basic_header(api_key)),
        retry_config=RetryConfig("none"),
    )


@pytest.fixture
def sdk(qbo_sandbox, sandbox_api_key) -> CodatBankFeeds:
    """The SDK against the whole sandbox (both apps), as a developer would run it."""
    return make_sdk(qbo_sandbox.provider_url, sandbox_api_key)
