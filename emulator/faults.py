"""QBO-side faults: the errors QuickBooks shows while linking a bank feed and on Update.

Two ways to trigger one, for the same four errors:
- armed per tenant through /_sandbox/faults on the emulator, for a screen, the next N times or until
  cleared (`QboFaultBook`);
- a magic marker in a source account's name, for people who can only type into the browser: the
  provider's API sets the name, QBO reads it from the feed protocol's account list (`marked_error`).
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sandbox.fault_book import FaultBook


class QboError(StrEnum):
    """QBO's error numbers for bank connections."""

    UNAVAILABLE = "102"  # the institution is down or in maintenance: try again later
    SIGN_IN = "103"  # the sign-in info doesn't match what the bank has on file
    NOT_FOUND = "105"  # the account can't be found at the institution
    EXTRA_AUTH = "185"  # the institution asks for extra authentication: a code to enter


class Screen(StrEnum):
    """Where in QBO a fault fires."""

    INSTITUTION = "institution"  # choosing the institution (Link account, step 1)
    SIGN_IN = "sign-in"  # Continue on the sign-in step, or Edit sign-in info
    CONNECT = "connect"  # Connect, at the end of Link account
    UPDATE = "update"  # a pull: the Update button, and automatic pulls for faults armed for "update"


ANY_SCREEN = "*"
# Where each error can happen, as in QuickBooks.
SCREENS: dict[QboError, tuple[Screen, ...]] = {
    QboError.UNAVAILABLE: (Screen.INSTITUTION, Screen.SIGN_IN, Screen.CONNECT, Screen.UPDATE),
    QboError.SIGN_IN: (Screen.SIGN_IN, Screen.UPDATE),
    QboError.NOT_FOUND: (Screen.CONNECT, Screen.UPDATE),
    QboError.EXTRA_AUTH: (Screen.SIGN_IN,),
}
MAGIC_CODE = "123456"  # the code a magic 185 asks for
MAX_CODE_ATTEMPTS = 5  # wrong codes before the security check gives up (error 103)
_CODE = re.compile(r"^[0-9]{4,8}$")
_MARKER = re.compile(r"\[sandbox:(102|103|105|185)\]")


@dataclass
class QboFault:
    id: int
    error: QboError
    screen: str = ANY_SCREEN  # a Screen, or "*": wherever the error can happen first
    remaining: int | None = 1  # None: until cleared
    code: str | None = None  # error 185: the code the security check asks for

    def fires_on(self, screen: Screen, *, exactly: bool = False) -> bool:
        """Whether it fires here; `exactly`: only when armed for this very screen, not for `*`."""
        wanted = (screen,) if exactly else (ANY_SCREEN, screen)
        return screen in SCREENS[self.error] and self.screen in wanted

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "error": self.error.value,
            "screen": self.screen,
            "remaining": self.remaining,
            "code": self.code,
        }


class QboFaultBook(FaultBook[QboFault]):
    def arm(self, tenant_id: str, error: QboError, screen: str, times: int | None, code: str | None) -> QboFault:
        if error is QboError.EXTRA_AUTH and code is None:
            code = f"{secrets.randbelow(10**6):06d}"
        return self.add(tenant_id, lambda fault_id: QboFault(fault_id, error, screen, times, code))

    def take(
        self,
        tenant_id: str,
        screen: Screen,
        *,
        errors: Iterable[QboError] = tuple(QboError),
        exactly: bool = False,
    ) -> QboFault | None:
        """The first fault armed for this screen (of these `errors`), counting one use of it.

        `exactly` leaves `*` faults alone: automatic pulls take only faults armed for `update`,
        so that a `*` fault waits for the user instead of going to a background pull.
        """
        kinds = set(errors)
        return self.take_first(
            tenant_id, lambda fault: fault.error in kinds and fault.fires_on(screen, exactly=exactly)
        )


def valid_code(code: object) -> bool:
    return isinstance(code, str) and bool(_CODE.match(code))


def code_matches(expected: str, entered: str) -> bool:
    return hmac.compare_digest(expected.encode(), entered.strip().encode())


def marked_error(names: Iterable[str], screen: Screen) -> QboError | None:
    """The error a magic marker in these source account names triggers on this screen.

    Markers act where QBO first meets the accounts: 102, 103 and 185 at sign-in (QBO sees the
    connection's accounts once it has signed in), 105 at Connect (for the accounts ticked).
    """
    found = {QboError(number) for name in names for number in _MARKER.findall(name)}
    here = [e for e in found if screen is (Screen.CONNECT if e is QboError.NOT_FOUND else Screen.SIGN_IN)]
    return min(here, key=list(QboError).index, default=None)  # a refusal (102, 103) before a code (185)
