"""The front door's Python API: every name in `qbo_sandbox.__all__` is there, and importing the package
(as pytest does, for the plugin) loads no app until a name that needs one is used."""

from __future__ import annotations

import subprocess
import sys

import pytest

import qbo_sandbox


def test_every_public_name_resolves_from_the_modules_it_lives_in() -> None:
    for name in qbo_sandbox.__all__:
        assert getattr(qbo_sandbox, name) is not None, name
    assert sorted(dir(qbo_sandbox)) == sorted(qbo_sandbox.__all__)
    assert qbo_sandbox.SandboxApi.__module__ == "scenarios.api"
    assert "happy_path" in qbo_sandbox.catalogue()


def test_importing_the_package_loads_no_app_until_a_sandbox_is_started() -> None:
    probe = (
        "import sys, qbo_sandbox\n"
        "apps = ('link_ui.app', 'emulator.app', 'starlette', 'playwright')\n"
        "print(sorted(m for m in apps if m in sys.modules))\n"
        "qbo_sandbox.start_sandbox\n"
        "print(sorted(m for m in apps[:2] if m in sys.modules))\n"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)

    assert shown.stdout.splitlines() == ["[]", "['emulator.app', 'link_ui.app']"]


def test_a_name_that_is_not_public_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="build_servers"):
        getattr(qbo_sandbox, "build_servers")  # noqa: B009 - the point is a name that is not there


def test_python_dash_m_is_the_command() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "qbo_sandbox", "scenario", "list"], capture_output=True, text=True, timeout=60
    )

    assert shown.returncode == 0
    assert shown.stdout.startswith("happy_path")
