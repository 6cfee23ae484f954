"""Codat's Platform SDK (`codat-platform`), pointed at a live sandbox with only server_url changed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from codat_platform import CodatPlatform
from codat_platform.models import shared
from codat_platform.utils import RetryConfig

from sandbox.tenancy import basic_header
from tests.api.support import serving_endpoint
from tests.conformance.webhooks import Consumer


def make_platform(server_url: str, api_key: str) -> CodatPlatform:
    return CodatPlatform(
        server_url=server_url,
        security=shared.Security(auth_header=basic_header(api_key)),
        retry_config=RetryConfig("none"),
    )


@pytest.fixture
def platform(qbo_sandbox, sandbox_api_key) -> CodatPlatform:
    """The Platform SDK for this test's tenant, as a bank-feeds developer would set it up."""
    return make_platform(qbo_sandbox.provider_url, sandbox_api_key)


@pytest.fixture
def receivers() -> Iterator[Callable[[], Consumer]]:
    """Starts webhook receivers on loopback on demand (each verifies with svix); stops them after."""
    with ExitStack() as stack:

        def start() -> Consumer:
            receiver = Consumer()
            receiver.url = stack.enter_context(serving_endpoint(receiver.endpoint))
            return receiver

        yield start
