"""Runs a coroutine to completion from a sync test.

On a thread of its own: Playwright's sync API may keep an event loop running in the test's thread
(a browser test ran earlier in the same xdist worker), and `asyncio.run` refuses to start there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_in_fresh_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
