"""Armed faults, per tenant: each fires for its next `remaining` matches, or until cleared (None).

Both apps keep one: the provider's faults name API operations, the emulator's name QBO screens.
Faults live in memory: they are test set-up, not data, so a reset or a restart clears them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar


class Armed(Protocol):
    id: int
    remaining: int | None


F = TypeVar("F", bound=Armed)


class FaultBook(Generic[F]):
    def __init__(self) -> None:
        self._faults: dict[str, list[F]] = {}
        self._ids = itertools.count(1)

    def add(self, tenant_id: str, build: Callable[[int], F]) -> F:
        """Arms the fault `build(id)` makes, with the next free id."""
        fault = build(next(self._ids))
        self._faults.setdefault(tenant_id, []).append(fault)
        return fault

    def armed(self, tenant_id: str) -> list[F]:
        return list(self._faults.get(tenant_id, ()))

    def clear(self, tenant_id: str, fault_id: int | None = None) -> bool:
        """Clears one fault (False when there is no such fault), or all of a tenant's."""
        if fault_id is None:
            self._faults.pop(tenant_id, None)
            return True
        faults = self._faults.get(tenant_id, [])
        kept = [f for f in faults if f.id != fault_id]
        self._faults[tenant_id] = kept
        return len(kept) != len(faults)

    def take_first(self, tenant_id: str, matches: Callable[[F], bool]) -> F | None:
        """The first armed fault that `matches`, counting one use of it."""
        for fault in self._faults.get(tenant_id, ()):
            if matches(fault):
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults[tenant_id].remove(fault)
                return fault
        return None
