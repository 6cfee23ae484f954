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
import pytest

from sandbox.servers import free_port, wait_until_healthy
from sandbox.tenancy import basic_header


@contextmanager
def serving(
    *args: str,
    cwd: Path | None = None,
    tmpdir: Path | None = None,
    env: dict[str, str] | None = None,
    host: str = "127.0.0.1",
    ports_by_env: bool = False,
) -> Iterator[tuple[str, str, subprocess.Popen[str]]]:
    """`serve` on free ports (as flags, or as QBO_SANDBOX_PROVIDER_PORT and _QBO_PORT); yields once healthy."""
    provider_port, qbo_port = free_port(host), free_port(host)
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1]), **(env or {})}
    command = [sys.executable, "-m", "qbo_sandbox", "serve", *args]
    if ports_by_env:
        environment |= {"QBO_SANDBOX_PROVIDER_PORT": str(provider_port), "QBO_SANDBOX_QBO_PORT": str(qbo_port)}
    else:
        command += ["--provider-port", str(provider_port), "--qbo-port", str(qbo_port)]
    if tmpdir is not None:
        environment["TMPDIR"] = str(tmpdir)
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd, env=environment
    )
    shown = f"[{host}]" if ":" in host else host
    provider, qbo = f"http://{shown}:{provider_port}", f"http://{shown}:{qbo_port}"
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
    assert f"Dashboard (your API key)    {provider}/_sandbox/dashboard/" in output
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


@pytest.mark.parametrize(
    ("host", "why"),
    [
        ("999.1.1.1", "--host '999.1.1.1' is neither an address nor a name this machine can resolve"),
        ("nosuchhost.invalid", "--host 'nosuchhost.invalid' is neither an address nor a name this machine can resolve"),
        ("10.255.255.1", "--host '10.255.255.1' is not an address of this machine"),  # binding sends nothing
    ],
)
def test_a_host_serve_cannot_listen_on_says_why_in_one_line(host: str, why: str) -> None:
    ports = ["--provider-port", str(free_port()), "--qbo-port", str(free_port())]
    result = subprocess.run(
        [sys.executable, "-m", "qbo_sandbox", "serve", "--memory", "--host", host, *ports],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 1
    assert result.stderr.strip() == f"qbo-sandbox: could not start: {why}.", result.stderr
    assert result.stdout == ""


def test_urls_name_ipv6_hosts_in_brackets() -> None:
    from qbo_sandbox.config import SandboxConfig

    assert SandboxConfig(host="::1").provider_url == "http://[::1]:8000"
    assert SandboxConfig(host="::").qbo_url == "http://[::1]:8001"
    assert SandboxConfig(host="0.0.0.0").provider_url == "http://127.0.0.1:8000"  # noqa: S104


def test_every_flag_can_be_a_variable_named_after_it_and_the_flag_wins(tmp_path: Path) -> None:
    env = {
        "QBO_SANDBOX_DATA_DIR": str(tmp_path),
        "QBO_SANDBOX_API_KEY": "env-key, second-key",
        "QBO_SANDBOX_PUBLIC_URL": "http://feeds.example.test:9000",
    }
    with serving("--public-url", "https://flag.example.test/", env=env, ports_by_env=True) as (provider, _, process):
        auth = {"Authorization": basic_header("second-key")}
        company = httpx.post(provider + "/companies", json={"name": "Env Feeds"}, headers=auth).json()
        refused = httpx.get(provider + "/companies", headers={"Authorization": basic_header("demo")})
        _, output = stop(process)

    assert refused.status_code == 401  # QBO_SANDBOX_API_KEY restricted the keys
    assert company["redirect"].startswith("https://flag.example.test/companies/")  # the flag won
    assert "https://flag.example.test" in output
    assert (tmp_path / "provider.sqlite3").exists()  # QBO_SANDBOX_DATA_DIR was used


def test_public_urls_are_what_links_and_the_printed_urls_use() -> None:
    public, qbo_public = "http://localhost:18000", "http://localhost:18001"
    with serving("--memory", "--public-url", public, "--qbo-public-url", qbo_public) as (provider, qbo, process):
        auth = {"Authorization": basic_header("mapped")}
        company = httpx.post(provider + "/companies", json={"name": "Mapped Feeds"}, headers=auth).json()
        connection = httpx.post(
            provider + f"/companies/{company['id']}/connections", json={"platformKey": "hcws"}, headers=auth
        ).json()
        health = httpx.get(provider + "/_sandbox/health").json()
        _, output = stop(process)

    assert connection["linkUrl"].startswith(public + "/companies/")
    assert health["qboUrl"] == qbo_public  # where the pytest plugin finds this provider's QuickBooks
    assert public in output and qbo_public in output
    assert provider not in output and qbo not in output


def test_a_bad_variable_is_one_clear_line() -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1]), "QBO_SANDBOX_PROVIDER_PORT": "eighty"}
    result = subprocess.run(
        [sys.executable, "-m", "qbo_sandbox", "serve", "--memory"], capture_output=True, text=True, env=env, timeout=30
    )

    assert result.returncode == 2
    assert result.stderr.strip() == "qbo-sandbox: QBO_SANDBOX_PROVIDER_PORT='eighty' is not a whole number."


def test_serve_listens_on_ipv6_loopback() -> None:
    with serving("--memory", "--host", "::1", host="::1") as (provider, qbo, process):
        health = httpx.get(provider + "/_sandbox/health").json()
        assert httpx.get(qbo + "/_sandbox/health").status_code == 200
        code, output = stop(process)

    assert code == 0
    assert health["app"] == "provider"
    assert provider in output and provider.startswith("http://[::1]:")


def test_version_is_the_installed_one_on_the_command_line_and_in_both_healths() -> None:
    from importlib.metadata import version

    installed = version("qbo-sandbox")
    result = subprocess.run(
        [sys.executable, "-m", "qbo_sandbox", "--version"], capture_output=True, text=True, timeout=30
    )
    with serving("--memory") as (provider, qbo, _process):
        healths = [httpx.get(url + "/_sandbox/health").json() for url in (provider, qbo)]

    assert result.stdout.strip() == f"qbo-sandbox {installed}"
    assert [h["version"] for h in healths] == [installed, installed]


def test_the_readme_configuration_table_lists_every_option_with_its_variable() -> None:
    from qbo_sandbox.config import OPTIONS

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Configuration") :].split("\n\n")[2]
    rows = [line.split(" | ")[:2] for line in table.splitlines()[2:]]
    shown = {flag.strip("| `").split(" ")[0]: variable.strip("`") for flag, variable in rows}

    assert shown == {option.flag: option.env for option in OPTIONS}
