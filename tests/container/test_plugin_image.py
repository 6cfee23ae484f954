"""`pytest --qbo-sandbox-image IMAGE`: the plugin's fixtures use the container, and a browser scenario runs there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.container, pytest.mark.browser]

A_USERS_TEST = """
import docker

def test_the_happy_path_in_the_container(qbo_sandbox, run_scenario):
    port = qbo_sandbox.provider_url.rsplit(":", 1)[1]
    running = docker.from_env().containers.list(filters={"ancestor": "IMAGE"})
    assert [c for c in running if f"QBO_SANDBOX_PROVIDER_PORT={port}" in c.attrs["Config"]["Env"]]
    journey = run_scenario("happy_path")
    assert journey.completed_steps == len(journey.steps)
"""


def test_the_happy_path_runs_in_the_image_through_the_plugin(sandbox_image: str, tmp_path: Path) -> None:
    (tmp_path / "test_in_container.py").write_text(A_USERS_TEST.replace("IMAGE", sandbox_image), encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--qbo-sandbox-image", sandbox_image],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
