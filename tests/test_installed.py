"""The package as a user installs it: the wheel, into a fresh virtualenv outside the checkout, offline
from a wheelhouse of the locked versions; `qbo-sandbox serve` from there, and one scenario through the
plugin in a throwaway project against it.

The wheelhouse is built once per lock (`pip wheel`, from pip's cache or the index) and kept under
.artifacts/wheelhouse/, so later runs install without the network.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest

from sandbox.servers import free_port, wait_until_healthy

ROOT = Path(__file__).parents[1]
LOCK = ROOT / "constraints.txt"
TOP_LEVEL = {"sandbox", "link_ui", "emulator", "scenarios", "qbo_sandbox"}  # the design's folders, the front door


def _run(*command: str | Path, cwd: Path, timeout: float = 600, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _outside_env() -> dict[str, str]:
    """This run's environment without anything that points at the checkout or its virtualenv."""
    skipped = ("PYTHONPATH", "VIRTUAL_ENV", "PYTEST_", "QBO_SANDBOX_URL")
    return {k: v for k, v in os.environ.items() if not k.startswith(skipped)}


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources: no build/ is left in the checkout to go stale or race."""
    source, dist = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("dist")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    for package in TOP_LEVEL:
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
    _run(*pip_wheel, "-w", dist, source, cwd=source)
    (built,) = dist.glob("qbo_sandbox-*.whl")
    return built


@pytest.fixture(scope="session")
def wheelhouse(wheel: Path) -> Path:
    """Wheels of every locked dependency the package needs at run time, kept between runs."""
    key = hashlib.sha256(LOCK.read_bytes()).hexdigest()[:12]
    house = ROOT / ".artifacts" / "wheelhouse" / f"py{sys.version_info.major}{sys.version_info.minor}-{key}"
    if not (house / ".complete").exists():
        partial = house.with_name(house.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        _run(sys.executable, "-m", "pip", "wheel", "--quiet", "-c", LOCK, "-w", partial, wheel, cwd=ROOT)
        (partial / wheel.name).unlink()  # the project's own wheel is built fresh every run
        (partial / ".complete").touch()
        for stale in set(house.parent.glob("py*")) - {partial}:  # wheelhouses of earlier locks
            shutil.rmtree(stale, ignore_errors=True)
        partial.rename(house)
    return house


def test_the_wheel_installs_only_the_designs_folders_and_the_front_door(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    templates = [name for name in names if name.endswith((".html", ".json", ".css", ".js"))]

    assert top == TOP_LEVEL
    assert any(name.endswith("dist-info/licenses/LICENSE") for name in names)
    assert "link_ui/templates/link/connect.html" in templates and "emulator/messages/fr.json" in templates


@pytest.mark.browser
def test_installed_from_the_wheel_it_serves_and_its_plugin_runs_a_scenario(
    tmp_path: Path, wheel: Path, wheelhouse: Path
) -> None:
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    env = _outside_env()
    _run(
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-index",
        "--find-links",
        wheelhouse,
        wheel,
        cwd=tmp_path,
        env=env,
    )
    where = _run(python, "-c", "import qbo_sandbox, scenarios; print(qbo_sandbox.__file__)", cwd=tmp_path, env=env)
    assert where.startswith(str(venv))  # the installed copy, not the checkout

    provider_port, qbo_port = free_port(), free_port()
    serve = [
        venv / "bin" / "qbo-sandbox",
        "serve",
        "--memory",
        "--provider-port",
        provider_port,
        "--qbo-port",
        qbo_port,
    ]
    server = subprocess.Popen(
        [str(part) for part in serve],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    provider = f"http://127.0.0.1:{provider_port}"
    try:
        wait_until_healthy(provider, timeout=60)
        version = httpx.get(provider + "/_sandbox/health").json()["version"]
        project = tmp_path / "project"
        project.mkdir()
        (project / "test_journey.py").write_text(
            "def test_the_happy_path(run_scenario):\n    run_scenario('happy_path')\n", encoding="utf-8"
        )
        result = subprocess.run(
            [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--qbo-sandbox-url", provider],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    assert version == wheel.name.split("-")[1]
    assert provider in output and "Stopped." in output
