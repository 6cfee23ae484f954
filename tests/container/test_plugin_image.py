"""`pytest --qbo-sandbox-image IMAGE`: the plugin's fixtures use the container, and a browser scenario runs there."""

from __future__ import annotations

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


def test_the_happy_path_runs_in_the_image_through_the_plugin(
    sandbox_image: str, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_XDIST_TESTRUNUID", "QBO_SANDBOX_URL"):
        monkeypatch.delenv(name, raising=False)  # the inner run sees none of this run's settings
    pytester.makepyfile(A_USERS_TEST.replace("IMAGE", sandbox_image))

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--qbo-sandbox-image", sandbox_image, timeout=300)

    result.assert_outcomes(passed=1)
