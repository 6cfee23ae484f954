"""What a scenario is: a function of a `Journey`, registered with `@scenario(...)`, that declares its
steps up front so that runners can show progress ("[3/9] Get credentials") before each step starts.

The journeys themselves are in scenarios/journeys.py; scenarios/catalogue.py lists them.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from playwright.sync_api import Page

from scenarios.api import SandboxApi


class Reporter(Protocol):
    def step_started(self, index: int, total: int, name: str) -> None: ...
    def step_passed(self, index: int, total: int, name: str, seconds: float) -> None: ...
    def step_failed(self, index: int, total: int, name: str, error: BaseException) -> None: ...


class SilentReporter:
    def step_started(self, index: int, total: int, name: str) -> None:
        pass

    def step_passed(self, index: int, total: int, name: str, seconds: float) -> None:
        pass

    def step_failed(self, index: int, total: int, name: str, error: BaseException) -> None:
        pass


@dataclass
class Journey:
    """What a scenario works with: a browser page, the sandbox's API for one tenant, a language."""

    page: Page
    api: SandboxApi
    lang: str = "en"
    steps: Sequence[str] = ()
    reporter: Reporter = field(default_factory=SilentReporter)
    after_step: Callable[[int, str], None] | None = None  # e.g. take a screenshot
    completed_steps: int = 0

    @property
    def provider_url(self) -> str:
        return self.api.provider_url

    @property
    def qbo_url(self) -> str:
        return self.api.qbo_url

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Marks one declared step; steps must run in the order the scenario declared them."""
        index = self.completed_steps + 1
        total = len(self.steps)
        if index > total or self.steps[index - 1] != name:
            expected = self.steps[index - 1] if index <= total else "(no more steps)"
            raise RuntimeError(f"scenario step {name!r} ran out of order; expected {expected!r}")
        self.reporter.step_started(index, total, name)
        started = time.perf_counter()
        try:
            yield
        except BaseException as error:
            self.reporter.step_failed(index, total, name, error)
            raise
        self.completed_steps = index
        self.reporter.step_passed(index, total, name, time.perf_counter() - started)
        if self.after_step is not None:
            self.after_step(index, name)


ScenarioFunction = Callable[[Journey], None]


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    description: str
    steps: tuple[str, ...]
    run: ScenarioFunction
    lang: str = "en"


CATALOGUE: dict[str, Scenario] = {}


def scenario(
    name: str, title: str, steps: Sequence[str], *, lang: str = "en"
) -> Callable[[ScenarioFunction], ScenarioFunction]:
    """Registers a scenario; its docstring is its description in `scenario list` and the README."""

    def register(function: ScenarioFunction) -> ScenarioFunction:
        if name in CATALOGUE:
            raise ValueError(f"scenario {name!r} is registered twice")
        CATALOGUE[name] = Scenario(name, title, inspect.getdoc(function) or "", tuple(steps), function, lang)
        return function

    return register
