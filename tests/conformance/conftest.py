"""The official codat-bankfeeds SDK, pointed at a live sandbox with only server_url changed."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from codat_bankfeeds import CodatBankFeeds
from codat_bankfeeds.models import shared
from codat_bankfeeds.utils import RetryConfig

from sandbox.tenancy import basic_header
from tests.api.support import Provider, start_provider


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


@pytest.fixture(scope="session")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """A provider on a known data directory, so write tests can connect accounts as QBO would."""
    server = start_provider(tmp_path_factory.mktemp("conformance"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def feed_key() -> str:
    return "sdk-" + secrets.token_urlsafe(12)


@pytest.fixture
def feed_sdk(provider: Provider, feed_key: str) -> CodatBankFeeds:
    return make_sdk(provider.url, feed_key)
