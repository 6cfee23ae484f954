"""A provider server for the API tests (session-wide, its own data directory, every response checked
against Codat's SDK models) and a fresh tenant per test."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.api.support import Provider
from tests.conformance.recording import provider, response_recorder, responses_conform

__all__ = ["provider", "response_recorder", "responses_conform"]  # every API test's responses are checked


@pytest.fixture
def api(provider: Provider) -> Iterator[httpx.Client]:
    with provider.client() as client:
        yield client


@pytest.fixture
def other_api(provider: Provider) -> Iterator[httpx.Client]:
    """A second tenant, for isolation tests."""
    with provider.client() as client:
        yield client
