"""The composition root: builds both apps from one configuration, for the CLI and the pytest plugin.

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
from sandbox.servers import display_host, make_server


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
        return f"http://{display_host(self.host)}:{self.provider_port}"

    @property
    def qbo_url(self) -> str:
        return f"http://{display_host(self.host)}:{self.qbo_port}"


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
