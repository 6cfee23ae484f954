"""The provider's store: every read and write of its SQLite data, one family of tables per attribute.

Handlers parse the request, call the store and shape the response; they never touch storage.
Each write is one transaction. A create checks the row it hangs off inside that transaction and
raises ParentGone when it is gone, so a create racing a delete answers 404, not a foreign-key error.
"""

from __future__ import annotations

from link_ui.store._base import ParentGone, Row
from link_ui.store.accounts import AccountMissing, AccountStore, WriteTarget
from link_ui.store.companies import CompanyStore
from link_ui.store.connections import ConnectionStore
from link_ui.store.constants import ConstantStore
from link_ui.store.counts import CompanyCounts
from link_ui.store.credentials import CredentialStore
from link_ui.store.journey import JourneyStore
from link_ui.store.otp import OtpStore
from link_ui.store.pushes import NewTransaction, Outcome, PushJob, PushStore
from link_ui.store.snapshots import SnapshotStore
from link_ui.store.tenants import TenantStore
from link_ui.store.webhooks import WebhookStore
from sandbox.db import Database
from sandbox.scheduler import ScheduleRows

__all__ = [
    "AccountMissing",
    "NewTransaction",
    "Outcome",
    "ParentGone",
    "ProviderStore",
    "PushJob",
    "Row",
    "WriteTarget",
]


class ProviderStore:
    def __init__(self, db: Database) -> None:
        self.db = db  # for what is generic over the database (closing it)
        counts = CompanyCounts()  # kept by every write that adds or removes companies
        self.tenants = TenantStore(db, counts)  # tenants: clocks, settings
        self.companies = CompanyStore(db, counts)
        self.connections = ConnectionStore(db)
        self.accounts = AccountStore(db)  # source accounts
        self.credentials = CredentialStore(db)  # credentials, QBO's bearer tokens
        self.otp = OtpStore(db)  # wrong OTPs per connection
        self.pushes = PushStore(db)  # push operations, written transactions
        self.webhooks = WebhookStore(db)  # webhook config, deliveries
        self.journey = JourneyStore(db)  # each connection's steps, for the dashboard's timeline
        self.snapshots = SnapshotStore(db, counts)  # a tenant's rows, whole
        self.schedule = ScheduleRows(db)  # what the scheduler will run, on each tenant's clock
        self.constants = ConstantStore(db)  # lists of the sandbox's constants (integrations), paged like rows
