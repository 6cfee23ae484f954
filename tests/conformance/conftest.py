"""Codat's official clients against a live provider: only the server URL changed, retries off.

One provider for the session (per xdist worker), every response it sends checked against the SDKs'
models (recording.py), and a fresh tenant (`sandbox_api_key`, from the plugin) per test.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from codat_bankfeeds import CodatBankFeeds
from codat_bankfeeds.models import shared
from codat_bankfeeds.utils import RetryConfig

from sandbox.tenancy import basic_header
from tests.api.support import Provider
from tests.conformance.recording import provider, response_recorder, responses_conform
from tests.conformance.webhooks import webhook_consumer

__all__ = ["provider", "response_recorder", "responses_conform", "webhook_consumer"]


def make_sdk(server_url: str, api_key: str) -> CodatBankFeeds:
    return CodatBankFeeds(
        server_url=server_url,
        security=shared.Security(auth_header=basic_header(api_key)),
        retry_config=RetryConfig("none"),
    )


@pytest.fixture
def server_url(provider: Provider) -> str:
    return provider.url


@pytest.fixture
def provider_api(provider: Provider, sandbox_api_key: str) -> Iterator[httpx.Client]:
    """Plain HTTP as this test's tenant: QBO's side of the feed protocol, and what an SDK lacks."""
    with provider.client(sandbox_api_key) as client:
        yield client


@pytest.fixture
def sdk(server_url: str, sandbox_api_key: str) -> CodatBankFeeds:
    """codat-bankfeeds 13, as a developer would point it at the sandbox."""
    return make_sdk(server_url, sandbox_api_key)
