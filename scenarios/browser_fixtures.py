"""pytest-playwright's launch options, pointed at a Chromium this machine has (see plugin.py)."""

from __future__ import annotations

from typing import Any

import pytest

from scenarios.browser import launch_args


@pytest.fixture(scope="session")
def browser_type_launch_args(pytestconfig: pytest.Config) -> dict[str, Any]:
    options = launch_args(headless=not pytestconfig.getoption("--headed", default=False))
    slow_mo = pytestconfig.getoption("--slowmo", default=0)
    if slow_mo:
        options["slow_mo"] = slow_mo
    return options
