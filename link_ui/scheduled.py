"""The kinds of entry the provider's scheduler (sandbox.scheduler) runs, and what each entry's
`object` names: one home, read by the code that schedules and runs each (link_ui.timed, the push
worker, link_ui.webhooks) and by the snapshot restore, which lets a snapshot's schedule name only
the snapshot's own rows."""

from __future__ import annotations

from enum import StrEnum


class Scheduled(StrEnum):
    ACCOUNT_DISCONNECTED = "account.disconnected"  # "<connectionId>/<sourceAccountId>"
    CONNECTION_UNLINKED = "connection.unlinked"  # a connection's id
    PUSH_TIMEOUT = "push.timeout"  # a push operation's key
    WEBHOOK_RETRY = "webhook.retry"  # a webhook delivery's id
