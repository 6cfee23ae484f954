"""Starting a whole sandbox inside the current process, on free loopback ports."""

from __future__ import annotations

from dataclasses import dataclass

from emulator.launcher import SandboxConfig, build_servers
from sandbox.servers import ThreadedServers, free_port


@dataclass
class RunningSandbox:
    provider_url: str
    qbo_url: str
    _servers: ThreadedServers

    def stop(self) -> None:
        self._servers.stop()


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
    return RunningSandbox(config.provider_url, config.qbo_url, servers)
