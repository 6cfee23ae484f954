"""Why a write of bank transactions was refused, or ended without writing: one home for each reason.

The API says it in English, in Codat's words (a 400's `error`, a push operation's `errorMessage`).
The journey step keeps the reason's name and what it counts beside those words, so the dashboard's
timeline says it in the reader's language (its catalogue's `timeline.refusal.<reason>`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Refusal(StrEnum):
    CONNECTION_NOT_LINKED = "connection_not_linked"  # status: the connection's
    DISCONNECTED_IN_QBO = "disconnected_in_qbo"
    ACCOUNT_NOT_CONNECTED = "account_not_connected"  # status: the source account's
    CREDENTIALS_REVOKED = "credentials_revoked"
    ACCOUNT_GONE = "account_gone"
    QBO_RULES = "qbo_rules"  # count: the validation errors
    TIMED_OUT = "timed_out"  # count: the write's timeoutInMinutes
    FAULT = "fault"  # status: the outcome the armed fault forced
    MAGIC_VALUE = "magic_value"  # status: the outcome; marker: the magic value
    SANDBOX_ERROR = "sandbox_error"


_ENGLISH = {
    Refusal.CONNECTION_NOT_LINKED: "The connection is {status}, not Linked: only a Linked connection takes "
    "transactions.",
    Refusal.DISCONNECTED_IN_QBO: "The SMB disconnected this account's feed in QuickBooks Online; it takes no more "
    "transactions.",
    Refusal.ACCOUNT_NOT_CONNECTED: "The source account is {status}, not connected: the SMB has not connected it "
    "in QBO.",
    Refusal.CREDENTIALS_REVOKED: "The credentials this account was connected with have been revoked; the SMB must "
    "connect again.",
    Refusal.ACCOUNT_GONE: "The source account no longer exists.",
    Refusal.QBO_RULES: "QuickBooks Online refused the write; nothing was written. See validation.errors.",
    Refusal.TIMED_OUT: "The write was not processed within {count} minutes.",
    Refusal.FAULT: "The write ended {status} (a fault armed through /_sandbox/faults).",
    Refusal.MAGIC_VALUE: "The write ended {status} (the magic value {marker} in a description).",
    Refusal.SANDBOX_ERROR: "The sandbox could not process this write.",
}


@dataclass(frozen=True)
class Why:
    """One refusal and what its words name."""

    refusal: Refusal
    status: str | None = None
    count: int | None = None
    marker: str | None = None

    @property
    def message(self) -> str:
        """The API's words for it."""
        return _ENGLISH[self.refusal].format(status=self.status, count=self.count, marker=self.marker)

    def detail(self) -> dict[str, Any]:
        """What a journey step keeps of it, beside the message: only the parts it has."""
        parts = {"reasonStatus": self.status, "reasonCount": self.count, "reasonMarker": self.marker}
        return {"reason": self.refusal.value} | {k: v for k, v in parts.items() if v is not None}
