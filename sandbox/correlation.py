"""The correlation id of the request being handled, for log lines written far from the request.

An app's outermost middleware sets it for each request (the provider's journal middleware); the
error bodies that carry a `correlationId` and the database's log lines read it, so a line in the
log names the request a caller saw fail.
"""

from __future__ import annotations

import contextvars
import uuid

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("correlation_id", default=None)


def begin() -> str:
    """A new id for the request that starts now (in this task and the tasks it starts)."""
    value = uuid.uuid4().hex
    _current.set(value)
    return value


def current() -> str | None:
    """The id of the request being handled, or None outside one."""
    return _current.get()
