"""The container image, built once per test run through `make image`, and containers started from it.

Docker must answer `docker info`; where it doesn't, this folder is skipped, said in one line.
The containers share the host's network and listen on 127.0.0.1 only; the build asks no image registry.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

# Ryuk, Testcontainers' reaper, is an image it would pull; these tests stop what they start.
os.environ.setdefault("TESTCONTAINERS_RYUK_DISABLED", "true")

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def docker_problem() -> str | None:
    """Why Docker can't run containers here, or None when it can."""
    docker = shutil.which("docker")
    if docker is None:
        return "no docker command"
    try:
        info = subprocess.run([docker, "info"], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "docker info did not answer"
    if info.returncode != 0:
        lines = [line for line in info.stderr.splitlines() if line.strip()]
        return lines[-1].strip() if lines else "docker info failed"
    return None


def build_image_once() -> str:
    """`make image`, once per test run even under xdist: the workers share a lock and the run's id."""
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"
    folder = ROOT / "build" / "image"
    folder.mkdir(parents=True, exist_ok=True)
    built_for = folder / "tested-run"
    with (folder / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (built_for.exists() and built_for.read_text() == run_id):
            make = shutil.which("make") or "make"
            env = {**os.environ, "PULL": "never"}  # tests ask no image registry
            built = subprocess.run(
                [make, "--no-print-directory", "image"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
            )
            assert built.returncode == 0, built.stdout + built.stderr
            built_for.write_text(run_id)
    return f"qbo-sandbox:{VERSION}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without Docker, one of these tests is skipped with the reason and the others are deselected: one line."""
    here = [item for item in items if HERE in item.path.parents]
    if not here or (problem := docker_problem()) is None:
        return
    reason = f"Docker can't run here ({problem}): the {len(here)} container image tests are skipped"
    here[0].add_marker(pytest.mark.skip(reason=reason))
    items[:] = [item for item in items if item not in here[1:]]
    config.hook.pytest_deselected(items=here[1:])


@pytest.fixture(scope="session")
def sandbox_image() -> str:
    return build_image_once()
