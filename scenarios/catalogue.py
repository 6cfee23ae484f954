"""The scenario catalogue: named, documented journeys that run the same in tests, the CLI and demos."""

from __future__ import annotations

from scenarios import journeys  # noqa: F401 - importing the journeys registers them
from scenarios.scenario import CATALOGUE, Journey, Scenario

__all__ = ["Journey", "Scenario", "catalogue"]


def catalogue() -> dict[str, Scenario]:
    """Every scenario of scenarios/journeys.py, by name, in the order they are declared."""
    return CATALOGUE
