"""The composition root: builds both apps from one configuration, for `serve` and for a sandbox
started inside this process (`start_sandbox`, which the pytest plugin uses).

This is the only module that knows both apps; they still talk to each other only over HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import uvicorn

from emulator.app import create_app as create_qbo_app
from emulator.settings import QboSettings
from link_ui.app import create_app as create_provider_app
from link_ui.settings import ProviderSettings
from sandbox.servers import ThreadedServers, free_port, make_server
from scenarios.sandbox import RunningSandbox


@dataclass(frozen=True)
class SandboxConfig:
    host: str = "127.0.0.1"
    provider_port: int = 8000
    qbo_port: int = 8001
    data_dir: Path | None = Path(".sandbox")  # None: --memory
    api_keys: tuple[str, ...] = ()
    pull_interval_seconds: float = 5.0
    log_level: str = "warning"

    @property
    def provider_url(self) -> str:
        return f"http://{_display_host(self.host)}:{self.provider_port}"

    @property
    def qbo_url(self) -> str:
        return f"http://{_display_host(self.host)}:{self.qbo_port}"


def _display_host(host: str) -> str:
    """The host as it goes into URLs: a wildcard becomes loopback, an IPv6 literal gets brackets."""
    if host in ("0.0.0.0", ""):  # noqa: S104 - naming, not binding
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def build_servers(config: SandboxConfig) -> list[uvicorn.Server]:
    provider = ProviderSettings.from_env(
        public_url=config.provider_url,
        qbo_url=config.qbo_url,
        data_dir=config.data_dir,
        api_keys=config.api_keys,
    )
    qbo = QboSettings.from_env(
        public_url=config.qbo_url,
        provider_url=config.provider_url,
        data_dir=config.data_dir,
        api_keys=config.api_keys,
        pull_interval_seconds=config.pull_interval_seconds,
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
