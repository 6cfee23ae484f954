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
# A fixed id for QBO Bank Feeds as a data source (a connection's `sourceId`).
SOURCE_ID = "2b6b8e2e-5a0f-4c6e-9d43-7f1f3c9a8d21"
SERVICE = "PublicApi"  # the `service` field of every ErrorMessage

# The integration as Codat's Platform API describes it (GET /integrations/hcws and its branding):
# the sandbox's own logo and button, drawn for it and served from its static files, never Intuit's.
BRANDING_PATH = "/static/integrations/" + PLATFORM_KEY  # + one of BRANDING_IMAGES' file names
BRANDING_IMAGES = {  # (logo|button, variant) → (file, alt text)
    ("logo", "full"): ("logo-full.svg", PLATFORM_NAME + " (sandbox) logo"),
    ("logo", "square"): ("logo-square.svg", PLATFORM_NAME + " (sandbox) square logo"),
    ("button", "default"): ("button.svg", "Connect to " + PLATFORM_NAME),
    ("button", "hover"): ("button-hover.svg", "Connect to " + PLATFORM_NAME),
}

LINK_TTL_SECONDS = 3600  # a linkUrl's OTP is valid for one hour of sandbox time
MAX_TRANSACTIONS_PER_WRITE = 1000
HISTORY_DAYS = 7
DISCONNECTED_AFTER_DAYS = 10  # QBO reports a feed the SMB disconnected as disconnected after this
UNLINKED_AFTER_DAYS = 1  # and the connection reads Unlinked this long after its last account does


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


# A push operation's statusCode for each status, as Codat reports them.
PUSH_STATUS_CODES = {
    PushStatus.PENDING: 202,
    PushStatus.SUCCESS: 200,
    PushStatus.FAILED: 400,
    PushStatus.TIMED_OUT: 504,
}


class TransactionType(StrEnum):
    """The types QBO accepts; Codat's other types are refused for this integration."""

    CREDIT = "Credit"
    DEBIT = "Debit"
    UNKNOWN = "Unknown"


class WebhookEvent(StrEnum):
    """The Codat webhook event types this integration sends."""

    CONNECTION_CREATED = "connection.created"
    CONNECTION_CONNECTED = "connection.connected"
    CONNECTION_DISCONNECTED = "connection.disconnected"
    CONNECTION_DELETED = "connection.deleted"
    SOURCE_ACCOUNT_CONNECTED = "bankFeeds.sourceAccount.connected"
    SOURCE_ACCOUNT_DISCONNECTED = "bankFeeds.sourceAccount.disconnected"
    WRITE_SUCCESSFUL = "bankTransactions.write.successful"
    WRITE_UNSUCCESSFUL = "bankTransactions.write.unsuccessful"


class DataType(StrEnum):
    BANK_TRANSACTIONS = "bankTransactions"


class FeatureType(StrEnum):
    """What an integration supports for a data type (its datatypeFeatures)."""

    POST = "Post"


class FeatureState(StrEnum):
    RELEASE = "Release"


# Company names keep only these characters; Codat strips the rest rather than rejecting the name.
COMPANY_NAME_FORBIDDEN = re.compile(r"[^A-Za-z0-9\s\-',&@.?!]")


class BankTransactionType(StrEnum):
    """Every transactionType Codat's spec names; QBO takes only those in TransactionType."""

    UNKNOWN = "Unknown"
    CREDIT = "Credit"
    DEBIT = "Debit"
    INT = "Int"
    DIV = "Div"
    FEE = "Fee"
    SER_CHG = "SerChg"
    DEP = "Dep"
    ATM = "Atm"
    POS = "Pos"
    XFER = "Xfer"
    CHECK = "Check"
    PAYMENT = "Payment"
    CASH = "Cash"
    DIRECT_DEP = "DirectDep"
    DIRECT_DEBIT = "DirectDebit"
    REPEAT_PMT = "RepeatPmt"
    OTHER = "Other"


class RoutingType(StrEnum):
    """routingInfo.type of a v2 source account."""

    RTN = "rtn"
    ABA = "aba"
    SWIFT = "swift"
    BSB = "bsb"
    IBAN = "iban"
    NZ2 = "nz2"
    TRNO = "trno"
    SORTCODE = "sortcode"
    BLZ = "blz"
    IFSC = "ifsc"
    BANKCODE = "bankcode"
    APCA = "apca"
    CLABE = "clabe"


# Operations (by operation id) whose responses in Codat's specs (Bank Feeds, Platform) include a 400.
# The others refuse a body they can't take with 403 ("understood, but refused"), which all list.
LISTS_400 = frozenset(
    {
        "create-company",
        "list-companies",
        "list-connections",
        "list-bank-accounts",
        "create-bank-account",
        "create-batch-source-account",
        "create-source-account",
        "update-source-account",
        "create-bank-account-mapping",
        "get-company-information",
        "generate-otp",
        "create-bank-transactions",
        "list-create-operations",
        "run-managed-bank-feed-ad-hoc-sync",
        # the Platform API's
        "create-api-key",
        "create-webhook-consumer",
        "get-company-push-history",
        "list-custom-data-type-records",
        "list-integrations",
        "list-pull-operations",
        "list-webhook-consumers",
        "refresh-company-data",
        "refresh-data-type",
        "refresh-product-data",
        "set-company-syncSettings",
    }
)
REFUSED_WITHOUT_400 = 403

SOURCE_ACCOUNT_DUPLICATE = "A bank account already exists with the same Id"
UNSUPPORTED = "QuickBooks Online Bank Feeds ({key}) does not support {what}."
NOT_OFFERED = "The QuickBooks Online Bank Feeds sandbox does not offer {what}."  # Platform API operations
ONLY_INTEGRATION = "This sandbox emulates QuickBooks Online Bank Feeds only: its platformKey is '{key}'."
