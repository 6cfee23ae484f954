"""Nothing a tenant restores can move a counter other tenants share, or stop their writes."""

from __future__ import annotations

import datetime as dt

import httpx

from sandbox import feed_protocol as fp
from tests.api.support import Feed, freeze, linked_feed, transactions, wait_for_push

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


def _write_one(api: httpx.Client, feed: Feed, at: dt.datetime) -> dict[str, object]:
    written = api.post(feed.push_path, json={"accountId": feed.account_id, "transactions": transactions(at, 1)})
    assert written.status_code == 200, written.text
    return wait_for_push(api, feed.company_id, written.json()["pushOperationKey"])


def _pull(api: httpx.Client, feed: Feed, after: str = "0") -> fp.TransactionPage:
    pulled = api.get(
        fp.TRANSACTIONS_PATH.format(account_id=feed.account_id),
        params={"after": after},
        headers={"Authorization": "Bearer " + feed.token},
    )
    assert pulled.status_code == 200, pulled.text
    return fp.TransactionPage.from_json(pulled.json())


def test_a_restored_seq_at_the_top_of_64_bits_is_refused_and_others_keep_writing(
    api: httpx.Client, other_api: httpx.Client
) -> None:
    freeze(api, NOW)
    mine = linked_feed(api)
    assert _write_one(api, mine, NOW - dt.timedelta(hours=1))["status"] == "Success"
    snapshot = api.get("/_sandbox/snapshot").json()
    (row,) = snapshot["tables"]["transactions"]
    hostile = {**snapshot, "tables": {**snapshot["tables"], "transactions": [{**row, "seq": 2**63 - 1}]}}

    refused = api.put("/_sandbox/snapshot", json=hostile)
    freeze(other_api, NOW)
    theirs = linked_feed(other_api)
    their_write = _write_one(other_api, theirs, NOW - dt.timedelta(hours=1))

    assert refused.status_code == 400
    assert "tables.transactions[0].seq" in refused.json()["error"]
    assert their_write["status"] == "Success"
    assert [t.id for t in _pull(api, mine).transactions] == [row["id"]]  # the refused restore changed nothing


def test_transactions_are_numbered_per_account_so_a_restored_seq_moves_only_that_account(
    api: httpx.Client, other_api: httpx.Client
) -> None:
    freeze(api, NOW)
    mine = linked_feed(api)
    _write_one(api, mine, NOW - dt.timedelta(hours=2))
    snapshot = api.get("/_sandbox/snapshot").json()
    (row,) = snapshot["tables"]["transactions"]
    high = 2**53 - 2
    restored = api.put(
        "/_sandbox/snapshot",
        json={**snapshot, "tables": {**snapshot["tables"], "transactions": [{**row, "seq": high}]}},
    )
    freeze(other_api, NOW)
    theirs = linked_feed(other_api)

    mine_after = _write_one(api, mine, NOW - dt.timedelta(hours=1))
    theirs_after = _write_one(other_api, theirs, NOW - dt.timedelta(hours=1))

    assert restored.status_code == 204
    assert mine_after["status"] == theirs_after["status"] == "Success"
    assert _pull(api, mine, after=str(high)).cursor == str(high + 1)
    assert _pull(other_api, theirs).cursor == "1"  # the other tenant's account counts from 1


def test_a_restore_renumbers_source_account_keys(api: httpx.Client, other_api: httpx.Client) -> None:
    freeze(api, NOW)
    mine = linked_feed(api)
    _write_one(api, mine, NOW - dt.timedelta(hours=2))
    snapshot = api.get("/_sandbox/snapshot").json()
    tables = snapshot["tables"]
    (account,) = tables["source_accounts"]
    top = 2**62
    moved = {
        "source_accounts": [{**account, "pk": top}],
        "push_operations": [{**p, "account_pk": top} for p in tables["push_operations"]],
        "transactions": [{**t, "account_pk": top} for t in tables["transactions"]],
    }

    restored = api.put("/_sandbox/snapshot", json={**snapshot, "tables": {**tables, **moved}})
    freeze(other_api, NOW)
    theirs = linked_feed(other_api)

    assert restored.status_code == 204
    (kept,) = api.get("/_sandbox/snapshot").json()["tables"]["source_accounts"]
    (other,) = other_api.get("/_sandbox/snapshot").json()["tables"]["source_accounts"]
    assert kept["pk"] < 2**53 and other["pk"] < 2**53
    assert [t.id for t in _pull(api, mine).transactions] == [t["id"] for t in tables["transactions"]]
    assert _write_one(other_api, theirs, NOW - dt.timedelta(hours=1))["status"] == "Success"
