"""The trust between the apps (sandbox.peer): the provider acts for a tenant at QBO without its key,
and no tenant can make a header that names another."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from qbo_sandbox.config import SandboxConfig
from qbo_sandbox.launcher import build_servers
from sandbox import peer
from sandbox.servers import ThreadedServers, free_port
from sandbox.tenancy import AuthError, basic_header, tenant_id_for

ALICE, MALLORY = tenant_id_for("alice-key"), tenant_id_for("mallory-key")


def test_a_peer_header_names_its_tenant_and_nothing_else_passes() -> None:
    secret = b"s" * 32
    assert peer.tenant_of(peer.header(secret, ALICE), secret) == ALICE
    alices_mac = peer.header(secret, ALICE).rpartition(".")[2]
    forgeries = [
        f"{peer.SCHEME} {MALLORY}.{alices_mac}",  # another tenant's id with a mac that is not its own
        peer.header(b"t" * 32, ALICE),  # made with a secret that is not this sandbox's
        f"{peer.SCHEME} {ALICE}",
        f"{peer.SCHEME} {ALICE}.{alices_mac.upper()}",
    ]
    for forged in forgeries:
        with pytest.raises(AuthError):
            peer.tenant_of(forged, secret)
    with pytest.raises(AuthError, match="no peer secret"):
        peer.tenant_of(peer.header(secret, ALICE), None)


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[tuple[str, str, bytes]]:
    config = SandboxConfig(provider_port=free_port(), qbo_port=free_port(), data_dir=tmp_path, pull_interval_seconds=0)
    servers = ThreadedServers(build_servers(config))
    servers.start()
    try:
        yield config.provider_url, config.qbo_url, bytes.fromhex((tmp_path / "peer.secret").read_text())
    finally:
        servers.stop()


def test_qbo_answers_the_provider_for_one_tenant_only(sandbox: tuple[str, str, bytes]) -> None:
    _, qbo_url, secret = sandbox
    with httpx.Client(base_url=qbo_url + "/_sandbox") as qbo:
        made = qbo.post(
            "/realms", json={"companyName": "Alice Ltd"}, headers={"Authorization": basic_header("alice-key")}
        )
        assert made.status_code == 200, made.text

        def realms(authorization: str) -> httpx.Response:
            return qbo.get("/realms", headers={"Authorization": authorization})

        as_alice = realms(peer.header(secret, ALICE))
        assert as_alice.status_code == 200
        assert [r["companyName"] for r in as_alice.json()["realms"]] == ["Alice Ltd"]
        assert realms(peer.header(secret, MALLORY)).json()["realms"] == []

        alices_mac = peer.header(secret, ALICE).rpartition(".")[2]
        forged = realms(f"{peer.SCHEME} {MALLORY}.{alices_mac}")
        assert forged.status_code == 401
        assert forged.json() == {"statusCode": 401, "error": "The Sandbox-Peer header is not this sandbox's."}
