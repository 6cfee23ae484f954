"""Linking source accounts to a realm's QBO accounts: the one path that Connect and the seed both take."""

from __future__ import annotations

from emulator.feed_client import FeedClient
from emulator.nightly import NightlyPulls
from emulator.store import Row, Store
from sandbox import feed_protocol as fp


class AccountTaken(Exception):
    """A chosen QBO account already has a live feed (another tab, say, linked it meanwhile)."""


async def link_feeds(
    store: Store,
    client: FeedClient,
    nightly: NightlyPulls,
    realm_id: str,
    session: fp.FeedSession,
    choices: list[fp.LinkChoice],
) -> list[Row]:
    """Links `choices` through the feed protocol and stores one feed each (the realm's nightly pull
    scheduled, when it had none); returns the new feeds.

    Raises FeedClientError when the provider refuses or can't be reached, and AccountTaken when a
    QBO account is no longer free. The mapping is checked *before* the provider links anything, so
    that a QBO account taken meanwhile never leaves the provider linked with no QBO feed behind it.
    """
    free = {str(a["id"]) for a in await store.feedable_accounts(realm_id)}
    if any(choice.qbo_account_id not in free for choice in choices):
        raise AccountTaken
    result = await client.link(session.token, fp.LinkRequest(choices))
    try:
        await store.add_feeds(realm_id, session, choices, result)
    except Exception as exc:  # another tab linked one of these QBO accounts in the instant since the check
        raise AccountTaken from exc
    await nightly.ensure(realm_id)
    return [f for f in await store.feeds(realm_id) if f["token"] == session.token]
