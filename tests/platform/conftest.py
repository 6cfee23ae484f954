"""Codat's Platform SDK (`codat-platform`) against a live provider, only server_url changed: one provider
for the session, every response it sends checked against the SDKs' models, a fresh tenant per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import httpx
import pytest
from codat_platform import CodatPlatform
from codat_platform.models import shared
from codat_platform.utils import RetryConfig

from sandbox.tenancy import basic_header
from scenarios.receiver import serving_endpoint
from tests.api.support import Provider
from tests.conformance.recording import provider, response_recorder, responses_conform
from tests.conformance.webhooks import Consumer

__all__ = ["provider", "response_recorder", "responses_conform"]  # every response checked against the SDKs


def make_platform(server_url: str, api_key: str) -> CodatPlatform:
    return CodatPlatform(
        server_url=server_url,
        security=shared.Security(auth_header=basic_header(api_key)),
        retry_config=RetryConfig("none"),
    )


@pytest.fixture
def provider_api(provider: Provider, sandbox_api_key: str) -> Iterator[httpx.Client]:
    """Plain HTTP as this test's tenant: the sandbox's controls, and QBO's side of the feed protocol."""
    with provider.client(sandbox_api_key) as client:
        yield client


@pytest.fixture
def platform(provider: Provider, sandbox_api_key: str) -> CodatPlatform:
    """The Platform SDK for this test's tenant, as a bank-feeds developer would set it up."""
    return make_platform(provider.url, sandbox_api_key)


@pytest.fixture
def receivers() -> Iterator[Callable[[], Consumer]]:
    """Starts webhook receivers on loopback on demand (each verifies with svix); stops them after."""
    with ExitStack() as stack:

        def start() -> Consumer:
            receiver = Consumer()
            receiver.url = stack.enter_context(serving_endpoint(receiver.endpoint))
            return receiver

        yield start
