"""Writing bank transactions: validation (400), preconditions, QBO rules (Failed), Success effects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sandbox import feed_protocol as fp
from tests.api.support import (
    accounts_path,
    advance,
    disconnect_in_qbo,
    freeze,
    linked_feed,
    make_account,
    sandbox_now,
    transactions,
    wait_for_push,
)

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def feed(api, provider):
    freeze(api, NOW)
    return linked_feed(api, feed_start=dt.date(2026, 11, 13))


def _write(api, feed, items, **params):
    return api.post(feed.push_path, params=params, json={"accountId": feed.account_id, "transactions": items})


def _balance(api, feed):
    return api.get(accounts_path(feed.company_id, feed.connection_id)).json()[0]["balance"]


def test_a_valid_write_is_200_pending_then_success(api, feed):
    items = transactions(dt.datetime(2026, 11, 19, 9, 0), 3)
    response = _write(api, feed, items)
    assert response.status_code == 200
    op = response.json()
    assert op["status"] == "Pending" and op["statusCode"] == 202 and op["dataType"] == "bankTransactions"
    assert op["companyId"] == feed.company_id and op["dataConnectionKey"] == feed.connection_id
    assert op["data"] == {"accountId": feed.account_id, "transactions": items}
    done = wait_for_push(api, feed.company_id, op["pushOperationKey"])
    assert done["status"] == "Success" and done["statusCode"] == 200 and done["completedOnUtc"]
    assert [c["recordRef"]["id"] for c in done["changes"]] == [t["id"] for t in items]
    assert _balance(api, feed) == items[-1]["balance"]
    pulled = api.get(
        fp.TRANSACTIONS_PATH.format(account_id=feed.account_id), headers={"Authorization": "Bearer " + feed.token}
    )
    page = fp.TransactionPage.from_json(pulled.json())  # what QBO pulls through the feed protocol
    assert [t.id for t in page.transactions] == [t["id"] for t in items]
    assert page.transactions[0].date == dt.datetime(2026, 11, 19, 9, 0)
    assert page.transactions[-1].balance == Decimal(str(items[-1]["balance"]))


def test_offsets_are_ignored_and_the_window_is_seven_days(api, feed):
    item = transactions(dt.datetime(2026, 11, 13, 0, 0), 1)[0]
    item["date"] = "2026-11-13T00:30:00-08:00"  # local 13 Nov, even though UTC would be 13 Nov 08:30
    done = wait_for_push(api, feed.company_id, _write(api, feed, [item]).json()["pushOperationKey"])
    assert done["status"] == "Success"
    too_old = transactions(dt.datetime(2026, 11, 12, 23, 59), 1)
    done = wait_for_push(api, feed.company_id, _write(api, feed, too_old).json()["pushOperationKey"])
    assert done["status"] == "Failed"
    assert done["validation"]["errors"][0]["itemId"] == too_old[0]["id"]


def test_the_window_starts_at_the_feed_start_date(api, provider):
    freeze(api, NOW)
    feed = linked_feed(api, feed_start=dt.date(2026, 11, 18))
    before = transactions(dt.datetime(2026, 11, 17, 12, 0), 1)
    done = wait_for_push(api, feed.company_id, _write(api, feed, before).json()["pushOperationKey"])
    assert done["status"] == "Failed" and "2026-11-18" in done["validation"]["errors"][0]["message"]


def test_the_window_follows_the_sandbox_clock(api, feed):
    items = transactions(dt.datetime(2026, 11, 19, 9, 0), 1)
    advance(api, 8 * 86400)  # 28 Nov: the 19th is now more than 7 days back
    done = wait_for_push(api, feed.company_id, _write(api, feed, items).json()["pushOperationKey"])
    assert done["status"] == "Failed"


@pytest.mark.parametrize(
    ("dates", "bad_index", "words"),
    [
        (["2026-11-19T10:00:00", "2026-11-19T09:00:00"], 1, "chronological"),
        (["2026-11-19T10:00:00", "2026-11-21T09:00:00"], 1, "future"),
    ],
)
def test_qbo_rules_fail_the_whole_write(api, feed, dates, bad_index, words):
    items = transactions(dt.datetime(2026, 11, 19), len(dates))
    for item, date in zip(items, dates, strict=True):
        item["date"] = date
    done = wait_for_push(api, feed.company_id, _write(api, feed, items).json()["pushOperationKey"])
    assert done["status"] == "Failed" and done["statusCode"] == 400
    assert done["validation"]["errors"][0]["itemId"] == items[bad_index]["id"]
    assert words in done["validation"]["errors"][0]["message"]
    assert _balance(api, feed) == 100.0  # nothing written


def test_nothing_older_than_the_newest_already_written(api, feed):
    first = transactions(dt.datetime(2026, 11, 19, 12, 0), 2)
    assert (
        wait_for_push(api, feed.company_id, _write(api, feed, first).json()["pushOperationKey"])["status"] == "Success"
    )
    older = transactions(dt.datetime(2026, 11, 19, 11, 0), 1)
    done = wait_for_push(api, feed.company_id, _write(api, feed, older).json()["pushOperationKey"])
    assert done["status"] == "Failed" and "newest" in done["validation"]["errors"][0]["message"]
    same_time = transactions(dt.datetime(2026, 11, 19, 12, 1), 1)
    assert (
        wait_for_push(api, feed.company_id, _write(api, feed, same_time).json()["pushOperationKey"])["status"]
        == "Success"
    )


def test_at_most_1000_transactions(api, feed):
    items = transactions(dt.datetime(2026, 11, 19), 1001, step=dt.timedelta(seconds=30))
    done = wait_for_push(api, feed.company_id, _write(api, feed, items).json()["pushOperationKey"])
    assert done["status"] == "Failed" and "1000" in done["validation"]["errors"][0]["message"]
    items = items[:1000]
    done = wait_for_push(api, feed.company_id, _write(api, feed, items).json()["pushOperationKey"])
    assert done["status"] == "Success"
    assert _balance(api, feed) == items[-1]["balance"]


def test_a_sign_that_does_not_match_the_type_is_a_warning(api, feed):
    items = transactions(dt.datetime(2026, 11, 19), 2)
    items[0]["transactionType"] = "Debit"
    items[1]["amount"], items[1]["transactionType"] = -5.0, "Credit"
    done = wait_for_push(api, feed.company_id, _write(api, feed, items).json()["pushOperationKey"])
    assert done["status"] == "Success"
    assert [w["itemId"] for w in done["validation"]["warnings"]] == [items[0]["id"], items[1]["id"]]


@pytest.mark.parametrize(
    "mutate",
    [
        lambda t: t.pop("id"),
        lambda t: t.pop("description"),
        lambda t: t.pop("balance"),
        lambda t: t.update(amount="10"),
        lambda t: t.update(date="yesterday"),
        lambda t: t.update(transactionType="Fee"),
        lambda t: t.update(transactionType="Bogus"),
        lambda t: t.update(amount=1e27),
        lambda t: t.update(balance=10**16),
    ],
)
def test_structure_errors_are_400_with_validation(api, feed, mutate):
    items = transactions(dt.datetime(2026, 11, 19), 2)
    mutate(items[1])
    response = _write(api, feed, items)
    assert response.status_code == 400
    assert response.json()["validation"]["errors"]
    assert api.get(f"/companies/{feed.company_id}/push").json()["totalResults"] == 0


def test_account_id_must_match_the_path(api, feed):
    body = {"accountId": "other", "transactions": transactions(dt.datetime(2026, 11, 19), 1)}
    response = api.post(feed.push_path, json=body)
    assert response.status_code == 400 and "accountId" in response.json()["validation"]["errors"][0]["message"]


def test_unknown_account_is_404(api, feed):
    response = api.post(feed.push_path.replace(feed.account_id, "nope"), json={"accountId": "nope", "transactions": []})
    assert response.status_code == 404


def test_a_pending_account_cannot_take_writes(api, feed):
    other = make_account(api, feed.company_id, feed.connection_id)
    path = feed.push_path.replace(feed.account_id, other["id"])
    response = api.post(
        path, json={"accountId": other["id"], "transactions": transactions(dt.datetime(2026, 11, 19), 1)}
    )
    assert response.status_code == 400 and "pending" in response.json()["error"]


def test_revoked_credentials_stop_writes(api, feed):
    assert api.delete(accounts_path(feed.company_id, feed.connection_id) + "/credentials").status_code == 204
    response = _write(api, feed, transactions(dt.datetime(2026, 11, 19), 1))
    assert response.status_code == 400 and "revoked" in response.json()["error"]


def test_an_unlinked_connection_takes_no_writes_but_stays_readable(api, feed):
    api.patch(f"/companies/{feed.company_id}/connections/{feed.connection_id}", json={"status": "Unlinked"})
    response = _write(api, feed, transactions(dt.datetime(2026, 11, 19), 1))
    assert response.status_code == 400 and "Unlinked" in response.json()["error"]
    assert api.get(accounts_path(feed.company_id, feed.connection_id)).status_code == 200


def test_an_account_disconnected_in_qbo_takes_no_writes(api, feed, provider):
    disconnect_in_qbo(api, feed.token, feed.account_id)
    response = _write(api, feed, transactions(dt.datetime(2026, 11, 19), 1))
    assert response.status_code == 400 and "disconnected" in response.json()["error"]


def test_timeout_in_minutes_is_honoured(api, provider):
    feed = linked_feed(api)  # a running clock: a 0-minute timeout has passed when processed
    start = sandbox_now(api).replace(tzinfo=None) - dt.timedelta(hours=1)
    op = _write(api, feed, transactions(start, 1), timeoutInMinutes=0).json()
    assert op["timeoutInMinutes"] == 0
    done = wait_for_push(api, feed.company_id, op["pushOperationKey"])
    assert done["status"] == "TimedOut"
    assert _write(api, feed, transactions(start, 1), timeoutInMinutes=-1).status_code == 400


def test_push_operations_get_and_list(api, feed):
    keys = [
        _write(api, feed, transactions(dt.datetime(2026, 11, 19, h), 1)).json()["pushOperationKey"] for h in (9, 10)
    ]
    for key in keys:
        wait_for_push(api, feed.company_id, key)
    listed = api.get(f"/companies/{feed.company_id}/push", params={"pageSize": 1}).json()
    assert listed["totalResults"] == 2 and [o["pushOperationKey"] for o in listed["results"]] == keys[:1]
    assert "data" not in listed["results"][0]
    queried = api.get(f"/companies/{feed.company_id}/push", params={"query": "status=Success"}).json()
    assert queried["totalResults"] == 2
    by_code = api.get(f"/companies/{feed.company_id}/push", params={"query": "statusCode>=200&&statusCode<300"})
    assert by_code.json()["totalResults"] == 2
    newest = api.get(f"/companies/{feed.company_id}/push", params={"orderBy": "-requestedOnUtc"}).json()
    assert [o["pushOperationKey"] for o in newest["results"]] == keys[::-1]
    not_a_number = api.get(f"/companies/{feed.company_id}/push", params={"query": "statusCode>ok"})
    assert not_a_number.status_code == 400 and "'ok' is not a number" in not_a_number.json()["error"]
    assert api.get(f"/companies/{feed.company_id}/push/not-a-key").status_code == 404
    assert api.get(f"/companies/{feed.company_id}/push", params={"query": "status"}).status_code == 400


def test_push_options(api, feed):
    base = f"/companies/{feed.company_id}/connections/{feed.connection_id}"
    path = f"{base}/options/bankAccounts/{feed.account_id}/bankTransactions"
    options = api.get(path).json()
    fields = options["properties"]["transactions"]["properties"]
    assert {k for k, v in fields.items() if v["required"]} == {
        "id",
        "date",
        "description",
        "amount",
        "balance",
    }
    assert [o["value"] for o in fields["transactionType"]["options"]] == ["Credit", "Debit", "Unknown"]
