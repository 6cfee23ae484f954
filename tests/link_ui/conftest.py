"""Fixtures for the Link UI tests: a provider app of their own on a known data directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from link_ui.app import create_app
from link_ui.settings import ProviderSettings
from sandbox.servers import ThreadedServers, free_port, make_server
from tests.link_ui._data import Connection, LinkData


@pytest.fixture(scope="session")
def link_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LinkData]:
    data_dir: Path = tmp_path_factory.mktemp("provider")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    app = create_app(ProviderSettings(public_url=url, data_dir=data_dir, qbo_url="http://127.0.0.1:8001"))
    servers = ThreadedServers([make_server(app, "127.0.0.1", port)])
    servers.start()
    try:
        yield LinkData(url, data_dir)
    finally:
        servers.stop()


@pytest.fixture
def connection(link_data: LinkData, sandbox_api_key: str) -> Connection:
    """A company with a QBO Bank Feeds connection and two source accounts, in a fresh tenant."""
    return link_data.create_connection(sandbox_api_key)
