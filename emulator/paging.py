"""Paging a long list as QBO does: which page of how many rows, the range it shows, the pages around it.

Pages and rows per page come from the query string (`page`, `rows`), so every page is a plain
link that works without JavaScript. Out-of-range or malformed values fall back to something
sensible (page 1, the last page, the default size) instead of an error page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ROWS_PER_PAGE = (50, 100, 300)  # the choices QBO offers; the first is the default
WINDOW = 2  # page numbers shown on each side of the current one


def whole(text: str | None) -> int | None:
    """A plain positive whole number from a query or form field, else None."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) <= 9 else None


@dataclass(frozen=True)
class Paging:
    total: int
    page: int  # 1-based, within 1..pages
    per_page: int

    @classmethod
    def from_query(cls, params: Mapping[str, str], total: int) -> Paging:
        per_page = whole(params.get("rows"))
        per_page = per_page if per_page in ROWS_PER_PAGE else ROWS_PER_PAGE[0]
        pages = max(1, -(-total // per_page))
        page = whole(params.get("page")) or 1
        return cls(total, min(max(page, 1), pages), per_page)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def first(self) -> int:
        """The 1-based position of the page's first row (0 when there are none)."""
        return self.offset + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.offset + self.per_page, self.total)

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None

    @property
    def numbers(self) -> list[int]:
        """The page numbers linked around the current one."""
        low = max(1, min(self.page - WINDOW, self.pages - 2 * WINDOW))
        return list(range(low, min(self.pages, low + 2 * WINDOW) + 1))

    @property
    def is_default_size(self) -> bool:
        return self.per_page == ROWS_PER_PAGE[0]
