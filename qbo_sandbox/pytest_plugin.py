"""What pytest loads (entry point `pytest11`): the fixtures of scenarios/plugin.py, and the
`qbo_sandbox_launcher` they use to start a sandbox in this process, which only the front door can build."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from scenarios.sandbox import RunningSandbox

pytest_plugins = ["scenarios.plugin"]


@pytest.fixture(scope="session")
def qbo_sandbox_launcher() -> Callable[[], RunningSandbox]:
    """How the session starts its sandbox when no running one is named: both apps in this process."""
    from qbo_sandbox.launcher import start_sandbox  # the apps load only now, when a test needs them

    return start_sandbox
