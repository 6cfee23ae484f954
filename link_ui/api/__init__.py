"""The Codat-compatible REST API — Bank Feeds, and the Platform API parts a bank-feeds customer calls —
one module per resource, assembled here.

Order matters where paths share a prefix: fixed segments (`credentials`, `batch`) come before
`{accountId}`.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from link_ui.api import (
    bank_credentials,
    companies,
    connections,
    integrations,
    profile,
    push_operations,
    source_accounts,
    transactions,
    unsupported,
    webhook_consumers,
)
from link_ui.api.push_worker import PushWorker

routes: list[BaseRoute] = [
    *companies.routes,
    *connections.routes,
    *bank_credentials.routes,
    *source_accounts.routes,
    *source_accounts.account_routes,
    *transactions.routes,
    *push_operations.routes,
    *integrations.routes,
    *profile.routes,
    *webhook_consumers.routes,
    *unsupported.routes,
]

__all__ = ["PushWorker", "routes"]
