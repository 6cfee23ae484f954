"""Codat's vocabulary for QBO Bank Feeds: enums and constants, spelled once, here.

Values come from Codat's Bank Feeds OpenAPI spec; the SDK rejects anything outside these sets.
"""

from __future__ import annotations

import re
from enum import StrEnum

PLATFORM_KEY = "hcws"  # QuickBooks Online Bank Feeds
PLATFORM_NAME = "QuickBooks Online Bank Feeds"
# A fixed id for the one integration this sandbox offers (Codat gives each integration a uuid).
INTEGRATION_ID = "6f7a2b4e-8d1c-4a9b-9e35-0c2d7b1f5a60"
SERVICE = "PublicApi"  # the `service` field of every ErrorMessage

LINK_TTL_SECONDS = 3600  # a linkUrl's OTP is valid for one hour of sandbox time
MAX_TRANSACTIONS_PER_WRITE = 1000
HISTORY_DAYS = 7
DISCONNECTED_AFTER_DAYS = 10  # QBO reports a feed the SMB disconnected as disconnected after this


class ConnectionStatus(StrEnum):
    PENDING_AUTH = "PendingAuth"
    LINKED = "Linked"
    UNLINKED = "Unlinked"
    DEAUTHORIZED = "Deauthorized"


class SourceType(StrEnum):
    BANK_FEED = "BankFeed"


class SourceAccountStatus(StrEnum):
    PENDING = "pending"
    CONNECTED = "connected"
    CONNECTING = "connecting"
    DISCONNECTED = "disconnected"
    UNKNOWN = "unknown"


class AccountType(StrEnum):
    """The v2 prototype's accountType."""

    CHECKING = "checking"
    SAVINGS = "savings"
    LOAN = "loan"
    CREDIT_CARD = "creditCard"
    PREPAID_CARD = "prepaidCard"


class PushStatus(StrEnum):
    PENDING = "Pending"
    SUCCESS = "Success"
    FAILED = "Failed"
    TIMED_OUT = "TimedOut"


class TransactionType(StrEnum):
    """The types QBO accepts; Codat's other types are refused for this integration."""

    CREDIT = "Credit"
    DEBIT = "Debit"
    UNKNOWN = "Unknown"


class DataType(StrEnum):
    BANK_TRANSACTIONS = "bankTransactions"


# Company names keep only these characters; Codat strips the rest rather than rejecting the name.
COMPANY_NAME_FORBIDDEN = re.compile(r"[^A-Za-z0-9\s\-',&@.?!]")
