"""Running apps under uvicorn: both in one event loop (the CLI), or in a thread (tests, scenarios)."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import uvicorn
from starlette.types import ASGIApp

HEALTH_PATH = "/_sandbox/health"
T = TypeVar("T")


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(_family(host), socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def display_host(host: str) -> str:
    """The host as it goes into URLs: a wildcard becomes loopback, an IPv6 literal gets brackets."""
    if host in ("0.0.0.0", ""):  # noqa: S104 - naming, not binding
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def bind_error(host: str, port: int) -> OSError | None:
    """Why `serve` could not listen on host:port, or None if it could (an IPv6 host is probed as IPv6).

    A name that doesn't resolve is a socket.gaierror; a port taken is errno EADDRINUSE; an address
    of another machine is EADDRNOTAVAIL. Binding sends nothing on the network.
    """
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error
    return None


def make_server(app: ASGIApp, host: str, port: int, *, log_level: str = "warning") -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        lifespan="on",
        access_log=False,
        timeout_graceful_shutdown=3,
    )
    return uvicorn.Server(config)


def run_loop(main: Coroutine[Any, Any, T]) -> T:
    """asyncio.run, on uvloop where it is installed (uvicorn[standard] brings it, and `uvicorn.run`
    would pick it too): a GET connection then costs the server about a sixth less CPU."""
    try:
        import uvloop
    except ImportError:  # not on every platform
        return asyncio.run(main)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main)


async def serve_all(servers: Sequence[uvicorn.Server]) -> None:
    """Serves until Ctrl-C or SIGTERM, which stop every server, not only the last to install a handler."""

    def stop_all(*_: object) -> None:
        for server in servers:
            server.should_exit = True

    for server in servers:
        server.handle_exit = stop_all  # type: ignore[method-assign,assignment]
    await asyncio.gather(*(server.serve() for server in servers))


@dataclass
class ThreadedServers:
    """Apps served by uvicorn on one background event loop; `start()` returns once all are healthy."""

    servers: list[uvicorn.Server]
    thread: threading.Thread | None = None

    def start(self, timeout: float = 30.0) -> None:
        errors: list[BaseException] = []

        def run() -> None:
            try:
                run_loop(serve_all(self.servers))
            except BaseException as exc:  # surfaced to the starting thread below
                errors.append(exc)

        self.thread = threading.Thread(target=run, name="qbo-sandbox-servers", daemon=True)
        self.thread.start()
        for server in self.servers:
            wait_until_healthy(base_url(server), timeout=timeout, alive=self.thread.is_alive)
        if errors:
            raise RuntimeError("the sandbox failed to start") from errors[0]

    def stop(self) -> None:
        for server in self.servers:
            server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=10)


def base_url(server: uvicorn.Server) -> str:
    return f"http://{display_host(server.config.host)}:{server.config.port}"


def wait_until_healthy(url: str, *, timeout: float = 30.0, alive: Callable[[], bool] | None = None) -> None:
    """Polls GET /_sandbox/health until it answers 200: a readiness poll, not a sleep.

    `alive` says whatever serves `url` (a thread, a container) is still running; when it isn't, this gives up at once.
    """
    pause = threading.Event()  # never set: wait() is the poll interval
    interval, waited = 0.02, 0.0
    with httpx.Client(timeout=2.0) as client:
        while waited < timeout:
            if alive is not None and not alive():
                raise RuntimeError(f"the server for {url} stopped while starting")
            try:
                if client.get(url + HEALTH_PATH).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            pause.wait(interval)
            waited += interval
    raise TimeoutError(f"{url} did not become healthy within {timeout:.0f}s")
