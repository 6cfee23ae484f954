"""`qbo-sandbox serve` as a user runs it: a real process, real ports, Ctrl-C to stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from sandbox.servers import free_port, wait_until_healthy
from sandbox.tenancy import basic_header


@contextmanager
def serving(
    *args: str, cwd: Path | None = None, tmpdir: Path | None = None
) -> Iterator[tuple[str, str, subprocess.Popen[str]]]:
    provider_port, qbo_port = free_port(), free_port()
    command = [sys.executable, "-m", "qbo_sandbox", "serve", "--provider-port", str(provider_port)]
    command += ["--qbo-port", str(qbo_port), *args]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd, env=env)
    provider, qbo = f"http://127.0.0.1:{provider_port}", f"http://127.0.0.1:{qbo_port}"
    try:
        wait_until_healthy(provider, timeout=30)
        wait_until_healthy(qbo, timeout=30)
        yield provider, qbo, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)


def stop(process: subprocess.Popen[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=20)
    return process.returncode, output


def test_serve_prints_both_urls_answers_health_and_stops_cleanly_on_ctrl_c() -> None:
    with serving("--memory") as (provider, qbo, process):
        assert httpx.get(provider + "/_sandbox/health").status_code == 200
        assert httpx.get(qbo + "/_sandbox/health").status_code == 200
        code, output = stop(process)

    assert code == 0
    assert provider in output and qbo in output
    assert "Stopped." in output


def test_api_key_restricts_the_accepted_keys() -> None:
    with serving("--memory", "--api-key", "team-key", "--api-key", "other-key") as (provider, _, _process):
        accepted = httpx.get(provider + "/_sandbox/clock", headers={"Authorization": basic_header("team-key")})
        refused = httpx.get(provider + "/_sandbox/clock", headers={"Authorization": basic_header("guess")})

    assert accepted.status_code == 200
    assert refused.status_code == 401
    assert refused.json()["statusCode"] == 401


def test_data_dir_keeps_a_tenants_state_across_a_restart(tmp_path: Path) -> None:
    auth = {"Authorization": basic_header("persistent")}
    with serving("--data-dir", str(tmp_path)) as (provider, _, _process):
        httpx.patch(provider + "/_sandbox/settings", json={"organizationName": "Kept Feeds"}, headers=auth)

    with serving("--data-dir", str(tmp_path)) as (provider, _, _process):
        settings = httpx.get(provider + "/_sandbox/settings", headers=auth).json()

    assert settings["organizationName"] == "Kept Feeds"
    assert (tmp_path / "provider.sqlite3").exists()


def test_memory_mode_leaves_nothing_behind(tmp_path: Path) -> None:
    scratch, private_tmp = tmp_path / "scratch", tmp_path / "tmp"
    scratch.mkdir()
    private_tmp.mkdir()
    with serving("--memory", cwd=scratch, tmpdir=private_tmp) as (provider, _, process):
        auth = {"Authorization": basic_header("k")}
        httpx.patch(provider + "/_sandbox/settings", json={"organizationName": "Gone Feeds"}, headers=auth)
        in_use = [p.name for p in private_tmp.iterdir()]
        code, _ = stop(process)

    assert code == 0
    assert in_use, "the in-memory databases live in a temporary directory while serving"
    assert list(scratch.iterdir()) == []
    assert list(private_tmp.iterdir()) == []


def test_a_port_in_use_is_a_clear_error_not_a_traceback() -> None:
    with serving("--memory") as (provider, _, _process):
        port = provider.rsplit(":", 1)[1]
        clash = subprocess.run(
            [
                sys.executable,
                "-m",
                "qbo_sandbox",
                "serve",
                "--memory",
                "--provider-port",
                port,
                "--qbo-port",
                str(free_port()),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )

    assert clash.returncode == 1
    assert f"port {port} (--provider-port) is already in use" in clash.stderr
    assert "Traceback" not in clash.stderr + clash.stdout


def test_urls_name_ipv6_hosts_in_brackets() -> None:
    from qbo_sandbox.launcher import SandboxConfig

    assert SandboxConfig(host="::1").provider_url == "http://[::1]:8000"
    assert SandboxConfig(host="::").qbo_url == "http://[::1]:8001"
    assert SandboxConfig(host="0.0.0.0").provider_url == "http://127.0.0.1:8000"  # noqa: S104
