"""Fixtures for the emulator's tests: the emulator served beside a fake feed provider."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from playwright.sync_api import expect

from emulator.app import create_app
from emulator.settings import QboSettings
from sandbox.servers import ThreadedServers, free_port, make_server
from sandbox.tenancy import basic_header, tenant_id_for
from tests.emulator.fake_feed import FakeProvider, create_fake_app

# Browser tests share the machine with other xdist workers: give auto-waiting assertions headroom.
expect.set_options(timeout=10_000)


@dataclass
class FakeSandbox:
    qbo_url: str
    provider_url: str
    provider: FakeProvider


@dataclass
class Company:
    api_key: str
    tenant_id: str
    realm_id: str
    email: str
    password: str


@pytest.fixture(scope="session")
def fake_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeSandbox]:
    provider = FakeProvider()
    fake_port, qbo_port = free_port(), free_port()
    provider_url = f"http://127.0.0.1:{fake_port}"
    qbo_url = f"http://127.0.0.1:{qbo_port}"
    settings = QboSettings(
        public_url=qbo_url,
        provider_url=provider_url,
        data_dir=tmp_path_factory.mktemp("qbo-emulator"),
        pull_interval_seconds=0,
    )
    servers = ThreadedServers(
        [
            make_server(create_fake_app(provider), "127.0.0.1", fake_port),
            make_server(create_app(settings), "127.0.0.1", qbo_port),
        ]
    )
    servers.start()
    try:
        yield FakeSandbox(qbo_url, provider_url, provider)
    finally:
        servers.stop()


def new_company(qbo_url: str, **body: str) -> Company:
    api_key = "test-" + secrets.token_urlsafe(12)
    answer = httpx.post(
        qbo_url + "/_sandbox/realms", json=body, headers={"Authorization": basic_header(api_key)}, timeout=10
    )
    answer.raise_for_status()
    data = answer.json()
    return Company(api_key, tenant_id_for(api_key), data["realmId"], data["email"], data["password"])


@pytest.fixture
def company(fake_sandbox: FakeSandbox) -> Company:
    return new_company(fake_sandbox.qbo_url)
