"""pytest-playwright's launch arguments, with only what scenarios/browser.py says they lack (see plugin.py)."""

from __future__ import annotations

from typing import Any

import pytest

from scenarios.browser import added_launch_args


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], browser_name: str) -> dict[str, Any]:
    return {**browser_type_launch_args, **added_launch_args(browser_name, browser_type_launch_args)}
