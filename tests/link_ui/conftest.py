"""Fixtures for the Link UI tests: test data made over HTTP in the shared live sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scenarios.sandbox import RunningSandbox
from tests.link_ui._data import Connection, LinkData


@pytest.fixture(scope="session")
def link_data(qbo_sandbox: RunningSandbox) -> Iterator[LinkData]:
    data = LinkData(qbo_sandbox.provider_url, qbo_sandbox.qbo_url)
    try:
        yield data
    finally:
        data.close()


@pytest.fixture
def connection(link_data: LinkData, sandbox_api_key: str) -> Connection:
    """A company with a QBO Bank Feeds connection and two source accounts, in a fresh tenant."""
    return link_data.create_connection(sandbox_api_key)
