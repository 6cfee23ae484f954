"""What the image tells Docker about itself, and Docker's own health check of a running container."""

from __future__ import annotations

import docker
import pytest

from qbo_sandbox.testing import QboSandboxContainer
from scenarios.polling import eventually
from tests.container.conftest import VERSION

pytestmark = pytest.mark.container
SECOND = 1_000_000_000  # Docker counts health-check intervals in nanoseconds


def test_the_image_runs_serve_as_a_non_root_user_with_its_data_in_a_volume(sandbox_image: str) -> None:
    config = docker.from_env().images.get(sandbox_image).attrs["Config"]

    assert config["Entrypoint"] == ["qbo-sandbox", "serve"]
    assert config["User"] == "10001:10001"
    assert set(config["Volumes"]) == {"/data"}
    assert set(config["ExposedPorts"]) == {"8000/tcp", "8001/tcp"}
    assert {"QBO_SANDBOX_HOST=0.0.0.0", "QBO_SANDBOX_DATA_DIR=/data"} <= set(config["Env"])
    assert config["Labels"]["org.opencontainers.image.version"] == VERSION
    assert config["Healthcheck"]["Test"] == ["CMD", "python3", "-m", "sandbox.health_probe"]


def test_docker_sees_the_container_become_healthy(sandbox_image: str) -> None:
    # The image's own check, run every second instead of every ten so that the test needn't wait.
    quick = {"interval": SECOND, "start_period": 30 * SECOND, "retries": 3, "timeout": 5 * SECOND}
    with QboSandboxContainer(sandbox_image, memory=True).with_kwargs(healthcheck=quick) as sandbox:
        container = sandbox.get_wrapped_container()

        def health() -> str:
            container.reload()
            return str(container.attrs["State"]["Health"]["Status"])

        assert eventually(health, lambda status: status != "starting", timeout=30, every=0.5) == "healthy"


def test_with_no_flags_the_image_takes_its_configuration_from_the_environment(sandbox_image: str) -> None:
    # QBO_SANDBOX_HOST and the two ports come from the module's environment, the data folder from the image's.
    with QboSandboxContainer(sandbox_image).with_command([]) as sandbox:
        stored = sandbox.exec(["ls", "/data"]).output.decode().split()
        printed = sandbox.get_wrapped_container().logs().decode()

    assert {"provider.sqlite3", "qbo.sqlite3"} <= set(stored)
    assert sandbox.provider_url in printed and sandbox.qbo_url in printed and "in /data/" in printed
