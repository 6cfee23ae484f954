"""A provider server for the API tests (session-wide, its own data directory) and a fresh tenant per test."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.api.support import Provider, start_provider


@pytest.fixture(scope="session")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    server = start_provider(tmp_path_factory.mktemp("provider"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def api(provider: Provider) -> Iterator[httpx.Client]:
    with provider.client() as client:
        yield client


@pytest.fixture
def other_api(provider: Provider) -> Iterator[httpx.Client]:
    """A second tenant, for isolation tests."""
    with provider.client() as client:
        yield client
