"""How many companies each tenant has, remembered between lists: the `totalResults` of a list of
companies without a query, without counting the tenant's rows each time (at 10,000 companies that
count cost more than the rest of the request).

Every statement that adds or removes companies is in this store, and each such write calls
`changed(tenant_id)` once it is over. A count read by a list is kept only if no change happened
while it was read, so a list that races a create never keeps a count the create made stale.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable


class CompanyCounts:
    def __init__(self) -> None:
        self._known: dict[str, int] = {}
        self._changes: dict[str, int] = {}

    async def get(self, tenant_id: str, count: Callable[[], Awaitable[int]]) -> int:
        """The tenant's number of companies: remembered, or counted now (and remembered)."""
        known = self._known.get(tenant_id)
        if known is not None:
            return known
        before = self._changes.get(tenant_id, 0)
        counted = await count()
        if self._changes.get(tenant_id, 0) == before:
            self._known[tenant_id] = counted
        return counted

    def changed(self, tenant_id: str) -> None:
        self._changes[tenant_id] = self._changes.get(tenant_id, 0) + 1
        self._known.pop(tenant_id, None)
