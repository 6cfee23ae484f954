"""`qbo-sandbox scenario run` itself, as a user types it, in English and in French (a French browser)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios.catalogue import catalogue
from scenarios.sandbox import RunningSandbox


def scenario_run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "qbo_sandbox", "scenario", "run", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, check=False)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", list(catalogue()))
def test_the_runner_runs_every_scenario_in_either_language(
    qbo_sandbox: RunningSandbox, sandbox_api_key: str, name: str, lang: str
) -> None:
    urls = ["--provider-url", qbo_sandbox.provider_url, "--qbo-url", qbo_sandbox.qbo_url]
    result = scenario_run(name, "--lang", lang, *urls, "--api-key", f"{sandbox_api_key}-{name}-{lang}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Passed: {name}" in result.stdout
    assert f"({lang})" in result.stdout
    steps = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert len(steps) == len(catalogue()[name].steps), result.stdout  # not a terminal: one line a step
    assert all("  ok (" in line for line in steps), result.stdout


def test_headed_without_a_display_says_so_in_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = scenario_run("happy_path", "--headed", env=env)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "--headed needs a display" in result.stderr


@pytest.mark.browser
def test_video_is_recorded_or_the_runner_says_why_in_one_line(
    qbo_sandbox: RunningSandbox, sandbox_api_key: str, tmp_path: Path
) -> None:
    urls = ["--provider-url", qbo_sandbox.provider_url, "--qbo-url", qbo_sandbox.qbo_url]
    video = tmp_path / "video"
    result = scenario_run("expired_link", "--video", str(video), *urls, "--api-key", f"{sandbox_api_key}-video")
    assert result.returncode == 0, result.stdout + result.stderr
    recorded = sorted(video.glob("*.webm"))
    why = [line for line in result.stdout.splitlines() if line.startswith("No video: ")]
    if shutil.which("ffmpeg"):  # Debian's package stands in for Playwright's own
        assert recorded and recorded[0].stat().st_size > 0, result.stdout
    else:
        assert recorded or (len(why) == 1 and sorted((tmp_path / "screenshots").glob("*.png"))), result.stdout


def test_the_readme_says_what_make_demo_records_without_a_display(monkeypatch: pytest.MonkeyPatch) -> None:
    from qbo_sandbox.commands.scenario import _demo_defaults

    for variable in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(variable, raising=False)
    args = argparse.Namespace(video=None, screenshots=None, slow_mo=None, headed=False)
    _demo_defaults(args)
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    first_look = readme.split("## A first look", 1)[1].split("\n## ", 1)[0]

    assert args.video.parent == args.screenshots.parent  # .artifacts/demo/<time>/: a video and screenshots
    assert f"{args.video.parent.parent}/<time>/" in first_look
    assert "a video and a screenshot per step" in first_look
    assert "trace" not in first_look
