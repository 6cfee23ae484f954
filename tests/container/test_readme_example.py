"""The README's Testcontainers example, run exactly as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.container
ROOT = Path(__file__).parents[2]


def test_the_readme_testcontainers_example_runs_as_written(sandbox_image: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### From a test: Testcontainers") :]
    example = re.search(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert example is not None and '"qbo-sandbox:latest"' in example.group(1)
    namespace: dict[str, Any] = {}

    exec(compile(example.group(1), "README.md", "exec"), namespace)  # noqa: S102 - our own README
    tests = [value for name, value in namespace.items() if name.startswith("test_")]

    assert len(tests) == 1
    tests[0]()
