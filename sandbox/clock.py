"""The per-tenant sandbox clock: real time, shifted by an offset, or frozen at an instant.

The provider app owns each tenant's clock state; the QBO emulator reads it through the feed
protocol, so both apps agree on "now" for every time rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

UTC = dt.UTC


def real_now() -> dt.datetime:
    return dt.datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ClockState:
    offset_seconds: float = 0.0
    frozen_at: dt.datetime | None = None

    def now(self, real: dt.datetime | None = None) -> dt.datetime:
        if self.frozen_at is not None:
            return self.frozen_at
        return (real or real_now()) + dt.timedelta(seconds=self.offset_seconds)

    def advanced(self, seconds: float) -> ClockState:
        if self.frozen_at is not None:
            return ClockState(self.offset_seconds, self.frozen_at + dt.timedelta(seconds=seconds))
        return ClockState(self.offset_seconds + seconds, None)

    def frozen(self, at: dt.datetime) -> ClockState:
        return ClockState(self.offset_seconds, at)

    def thawed(self) -> ClockState:
        """Back to running time, continuing from where a frozen clock stood."""
        if self.frozen_at is None:
            return self
        return ClockState((self.frozen_at - real_now()).total_seconds(), None)

    def real_time(self) -> ClockState:
        """What "real time" (the API's `realTime`, the dashboard's button) makes of this clock: a frozen
        clock runs again from the instant it stood at; a running one goes back to the machine's time."""
        return self.thawed() if self.frozen_at is not None else ClockState()

    def to_json(self) -> dict[str, Any]:
        return {"now": iso(self.now()), "frozen": self.frozen_at is not None}


def is_sane_moment(moment: dt.datetime) -> bool:
    """Whether a moment is one a sandbox clock may show (see is_sane)."""
    try:
        iso(moment)
        return 1970 <= moment.astimezone(UTC).year <= 9000
    except (OverflowError, ValueError):
        return False


def is_sane(clock: ClockState) -> bool:
    """Whether every time rule can work with this clock: it can be shown, and its now is within the
    years 1970 to 9000 (far enough from the ends of datetime's range that a week or a century fits)."""
    try:
        clock.to_json()
        return 1970 <= clock.now().year <= 9000
    except (OverflowError, ValueError):
        return False


def iso(moment: dt.datetime) -> str:
    """ISO-8601 in UTC with a `Z`, millisecond precision, as Codat writes date-times."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> dt.datetime:
    """Parses an ISO-8601 date-time; a naive one is taken as UTC. Raises ValueError."""
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# The clock as the controls of both apps send and take it (GET and POST /_sandbox/clock), for their docs.
JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["now", "frozen"],
    "properties": {
        "now": {"type": "string", "format": "date-time", "description": "The tenant's 'now', in UTC."},
        "frozen": {"type": "boolean"},
    },
}
CHANGE_SCHEMA: dict[str, Any] = {
    "description": "Exactly one of the four.",
    "oneOf": [
        {
            "type": "object",
            "required": ["advanceSeconds"],
            "additionalProperties": False,
            "properties": {
                "advanceSeconds": {
                    "type": "number",
                    "minimum": -315360000,
                    "maximum": 315360000,
                    "description": "Moves the clock forward (or back, when negative), at most ten years.",
                }
            },
        },
        {
            "type": "object",
            "required": ["advanceTo"],
            "additionalProperties": False,
            "properties": {
                "advanceTo": {
                    "type": "string",
                    "format": "date-time",
                    "description": "Moves the clock to this time; a running clock keeps running from there.",
                }
            },
        },
        {
            "type": "object",
            "required": ["frozenAt"],
            "additionalProperties": False,
            "properties": {"frozenAt": {"type": "string", "format": "date-time", "description": "Stops the clock."}},
        },
        {
            "type": "object",
            "required": ["realTime"],
            "additionalProperties": False,
            "properties": {
                "realTime": {
                    "const": True,
                    "description": "A frozen clock runs again from the instant it stood at; a running "
                    "one goes back to the machine's time.",
                }
            },
        },
    ],
}
