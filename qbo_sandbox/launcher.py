"""The composition root: builds both apps from one SandboxConfig, for `serve` and for a sandbox
started inside this process (`start_sandbox`, which the pytest plugin uses).

This is the only module that knows both apps; they still talk to each other only over HTTP.
"""

from __future__ import annotations

import uvicorn

from emulator.app import create_app as create_qbo_app
from emulator.settings import QboSettings
from link_ui.app import create_app as create_provider_app
from link_ui.settings import RETRY_SCHEDULES, ProviderSettings
from qbo_sandbox.config import SandboxConfig
from sandbox.secrets_file import load_or_create_secret
from sandbox.servers import ThreadedServers, free_port, make_server
from scenarios.sandbox import RunningSandbox


def build_servers(config: SandboxConfig) -> list[uvicorn.Server]:
    peer_secret = load_or_create_secret(config.data_dir, "peer.secret")  # the apps' trust (sandbox.peer)
    provider = ProviderSettings(
        public_url=config.provider_url,
        qbo_url=config.qbo_url,
        qbo_local_url=config.qbo_local_url,
        peer_secret=peer_secret,
        data_dir=config.data_dir,
        api_keys=config.api_keys,
        webhook_retry_delays=RETRY_SCHEDULES[config.webhook_retries],
    )
    qbo = QboSettings(
        public_url=config.qbo_url,
        provider_url=config.provider_local_url,  # QBO calls the provider in this process, not through a proxy
        data_dir=config.data_dir,
        api_keys=config.api_keys,
        pull_interval_seconds=config.pull_interval_seconds,
        pull_mode=config.pull_mode,
        nightly_pull_at=config.nightly_pull_at,
        peer_secret=peer_secret,
    )
    return [
        make_server(create_provider_app(provider), config.host, config.provider_port, log_level=config.log_level),
        make_server(create_qbo_app(qbo), config.host, config.qbo_port, log_level=config.log_level),
    ]


def start_sandbox(*, pull_interval_seconds: float = 1.0) -> RunningSandbox:
    """Both apps, in memory, on free ports of 127.0.0.1; returns once both answer health."""
    config = SandboxConfig(
        host="127.0.0.1",
        provider_port=free_port(),
        qbo_port=free_port(),
        data_dir=None,
        pull_interval_seconds=pull_interval_seconds,
    )
    servers = ThreadedServers(build_servers(config))
    servers.start()
    return RunningSandbox(config.provider_url, config.qbo_url, servers.stop)
