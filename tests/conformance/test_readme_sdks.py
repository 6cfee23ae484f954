"""The README's "Codat SDKs" snippets, run as written by each client: only the URL and key change."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conformance.journey import NODE_DIR, NODE_PLATFORM, ROOT, SDK12_PYTHON, installed

README_URL, README_KEY = "http://127.0.0.1:8000", "my-sandbox-key"


def snippets() -> list[tuple[str, str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Codat SDKs") :]
    section = section[: section.index("\n## ", 1)]
    return re.findall(r"```(python|typescript)\n(.*?)```", section, flags=re.DOTALL)


def test_the_readme_shows_one_snippet_per_client() -> None:
    found = snippets()
    assert [language for language, _ in found] == ["python", "python", "typescript"]
    assert 'RetryConfig("none")' in found[0][1] and 'RetryConfig("none", None, False)' in found[1][1]


@pytest.mark.parametrize("client", ["codat-bankfeeds 13", "codat-bankfeeds 12", "@codat/platform"])
def test_a_readme_snippet_runs_as_written(client: str, server_url: str, sandbox_api_key: str, tmp_path: Path) -> None:
    index = ["codat-bankfeeds 13", "codat-bankfeeds 12", "@codat/platform"].index(client)
    code = snippets()[index][1]
    assert README_URL in code and README_KEY in code
    code = code.replace(README_URL, server_url).replace(README_KEY, sandbox_api_key)
    if client == "@codat/platform":
        installed(NODE_PLATFORM)
        (tmp_path / "node_modules").symlink_to(NODE_DIR / "node_modules")  # where node resolves imports
        (tmp_path / "link.mjs").write_text(code, encoding="utf-8")
        command = ["node", str(tmp_path / "link.mjs")]
    else:
        python = sys.executable
        if client == "codat-bankfeeds 12":
            installed(SDK12_PYTHON)
            python = str(SDK12_PYTHON)
        command = [python, "-c", code]

    ran = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)

    assert ran.returncode == 0, ran.stderr
    link_url = ran.stdout.strip()
    assert link_url.startswith(server_url + "/companies/") and "/start?otp=" in link_url
