"""A Testcontainers module: the qbo-sandbox image, started from a test, with both apps' URLs.

    from qbo_sandbox.testing import QboSandboxContainer

    with QboSandboxContainer("qbo-sandbox:latest") as sandbox:
        key = sandbox.api_key()  # a fresh API key, so a new empty tenant
        httpx.get(sandbox.provider_url + "/companies", headers={"Authorization": sandbox.authorization(key)})

The container runs `qbo-sandbox serve` on two free ports of this machine, the same inside and outside the
container, so the linkUrls it hands out and the emulator's calls to the provider work from both sides. On Linux
with a local Docker it shares the host's network and listens on 127.0.0.1 only; elsewhere it publishes the two
ports on 127.0.0.1. `start()` returns once both apps answer /_sandbox/health. Needs `qbo-sandbox[testing]`.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Sequence
from typing import Any

from testcontainers.core.container import DockerContainer

from sandbox.servers import free_port, wait_until_healthy
from sandbox.tenancy import basic_header
from scenarios.sandbox import RunningSandbox

DEFAULT_IMAGE = "qbo-sandbox:latest"
LOOPBACK = "127.0.0.1"


class QboSandboxContainer(DockerContainer):
    """`qbo-sandbox serve` in a container. `data_volume` names a Docker volume for /data, kept after `stop()`
    (start another container on it and the data is there); without it the data lives in the container's own
    volume, removed with it. `memory=True` keeps nothing at all."""

    def __init__(
        self,
        image: str = DEFAULT_IMAGE,
        *,
        data_volume: str | None = None,
        memory: bool = False,
        api_keys: Sequence[str] = (),
        pull_interval: float | None = None,
        host_network: bool | None = None,
        startup_timeout: float = 60.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(image, **kwargs)
        self.provider_port = free_port(LOOPBACK)
        self.qbo_port = free_port(LOOPBACK)
        self.host_network = _docker_is_local() and sys.platform == "linux" if host_network is None else host_network
        self.startup_timeout = startup_timeout
        self.data_volume = data_volume
        listen = LOOPBACK if self.host_network else "0.0.0.0"  # noqa: S104 - inside its own network namespace
        # Where to listen, by the variables: `serve` and the image's HEALTHCHECK both read them.
        self.with_envs(
            QBO_SANDBOX_HOST=listen,
            QBO_SANDBOX_PROVIDER_PORT=str(self.provider_port),
            QBO_SANDBOX_QBO_PORT=str(self.qbo_port),
        )
        command = ["--memory"] if memory else ["--data-dir", "/data"]
        for key in api_keys:
            command += ["--api-key", key]
        if pull_interval is not None:
            command += ["--pull-interval", str(pull_interval)]
        self.with_command(command)
        if data_volume is not None:
            self.with_volume_mapping(data_volume, "/data", mode="rw")

    def _configure(self) -> None:
        # Here rather than in __init__, so that a caller's with_kwargs(...) (read_only=True, say) keeps these.
        if self.host_network:
            self._kwargs = {**self._kwargs, "network": "host"}
        else:
            for port in (self.provider_port, self.qbo_port):  # published on loopback only, as docker-py spells it
                self.ports[str(port)] = (LOOPBACK, port)  # type: ignore[assignment]

    @property
    def provider_url(self) -> str:
        """The Bank Feeds API, the Link UI and the provider's /_sandbox/ controls."""
        return f"http://{LOOPBACK}:{self.provider_port}"

    @property
    def qbo_url(self) -> str:
        """The QuickBooks Online emulator."""
        return f"http://{LOOPBACK}:{self.qbo_port}"

    def api_key(self) -> str:
        """A new random API key: the sandbox gives each key its own empty tenant."""
        return "tc-" + secrets.token_urlsafe(16)

    @staticmethod
    def authorization(api_key: str) -> str:
        """The Authorization header's value for `api_key`, as Codat's API takes it."""
        return basic_header(api_key)

    def start(self) -> QboSandboxContainer:
        super().start()
        try:
            for url in (self.provider_url, self.qbo_url):
                wait_until_healthy(url, timeout=self.startup_timeout, alive=self._running)
        except (RuntimeError, TimeoutError) as exc:
            logs = b"".join(self.get_logs()).decode(errors="replace")
            self.stop()
            raise RuntimeError(f"the qbo-sandbox container did not become healthy:\n{logs}") from exc
        return self

    def _running(self) -> bool:
        container = self.get_wrapped_container()
        container.reload()
        return bool(container.status in ("created", "running"))


def start_container_sandbox(image: str = DEFAULT_IMAGE, *, pull_interval_seconds: float = 1.0) -> RunningSandbox:
    """The image as the pytest plugin's sandbox (--qbo-sandbox-image): in memory, like the in-process one."""
    container = QboSandboxContainer(image, memory=True, pull_interval=pull_interval_seconds).start()
    return RunningSandbox(container.provider_url, container.qbo_url, container.stop)


def _docker_is_local() -> bool:
    """Docker runs on this machine: its socket is local, not a DOCKER_HOST over TCP or SSH."""
    host = os.environ.get("DOCKER_HOST", "")
    return host == "" or host.startswith("unix://")
