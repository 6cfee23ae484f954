"""What pytest loads (entry point `pytest11`): the fixtures of scenarios/plugin.py, and the
`qbo_sandbox_launcher` they use to start a sandbox (in this process, or from a container image with
--qbo-sandbox-image), which only the front door can build."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from scenarios.sandbox import RunningSandbox

pytest_plugins = ["scenarios.plugin"]


IMAGE_OPTION = "--qbo-sandbox-image"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("qbo-sandbox", "QBO Bank Feeds Sandbox").addoption(
        IMAGE_OPTION,
        metavar="IMAGE",
        help="start the sandbox from this container image instead of in this process (still a fresh tenant per "
        "test; needs Docker and qbo-sandbox[testing])",
    )


@pytest.fixture(scope="session")
def qbo_sandbox_launcher(pytestconfig: pytest.Config) -> Callable[[], RunningSandbox]:
    """How the session starts its sandbox when no running one is named: both apps in this process, or
    the container image that --qbo-sandbox-image names (qbo_sandbox/testing.py)."""
    image = pytestconfig.getoption(IMAGE_OPTION)
    if image:
        from qbo_sandbox.testing import start_container_sandbox  # Testcontainers loads only for this option

        return lambda: start_container_sandbox(image)
    from qbo_sandbox.launcher import start_sandbox  # the apps load only now, when a test needs them

    return start_sandbox
