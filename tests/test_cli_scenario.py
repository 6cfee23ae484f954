"""`qbo-sandbox scenario run` against a running sandbox named by its provider's URL alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scenarios.sandbox import RunningSandbox


@pytest.mark.browser
def test_a_scenario_runs_against_the_sandbox_its_provider_url_names(
    qbo_sandbox: RunningSandbox, tmp_path: Path
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "qbo_sandbox",
            "scenario",
            "run",
            "happy_path",
            "--provider-url",
            qbo_sandbox.provider_url,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"provider {qbo_sandbox.provider_url}   QBO {qbo_sandbox.qbo_url}" in result.stdout
    assert "Passed: happy_path" in result.stdout
