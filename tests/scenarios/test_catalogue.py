"""Every scenario in the catalogue, run as a test through the pytest plugin's fixtures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from scenarios.api import SandboxApi
from scenarios.catalogue import Journey, catalogue

SCENARIOS = catalogue()


@pytest.mark.browser
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario(name: str, page: Page, sandbox_api: SandboxApi) -> None:
    chosen = SCENARIOS[name]
    journey = Journey(page=page, api=sandbox_api, lang=chosen.lang, steps=chosen.steps)

    chosen.run(journey)

    assert journey.completed_steps == len(chosen.steps)


def test_the_readme_lists_the_catalogue_as_it_is() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z_]+)` \| (.+?) \| (\d+) \|", readme, flags=re.MULTILINE)

    assert [(n, t, int(k)) for n, t, k in rows] == [(s.name, s.title, len(s.steps)) for s in SCENARIOS.values()]


def test_every_scenario_is_documented_with_distinct_steps() -> None:
    for chosen in SCENARIOS.values():
        assert chosen.description, chosen.name
        assert len(set(chosen.steps)) == len(chosen.steps), chosen.name
