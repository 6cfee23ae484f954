"""Push history as the Platform SDK's push_data reads it: the company's push operations, paged."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from codat_platform.models import errors

from tests.api.support import linked_feed, sandbox_now, transactions, wait_for_push


@pytest.fixture
def pushed(provider_api):
    """A linked feed with two finished writes: one Success, one Failed (nothing stored)."""
    feed = linked_feed(provider_api)
    start = (sandbox_now(provider_api) - dt.timedelta(hours=3)).replace(tzinfo=None)
    good, bad = transactions(start, 2), transactions(start + dt.timedelta(hours=1), 1)
    bad[0]["description"] = "[sandbox:fail]"
    keys = []
    for items in (good, bad):
        response = provider_api.post(feed.push_path, json={"accountId": feed.account_id, "transactions": items})
        keys.append(response.json()["pushOperationKey"])
        wait_for_push(provider_api, feed.company_id, keys[-1])
    return feed, keys, [t["id"] for t in good]


def test_the_push_history_lists_every_write_of_the_company(platform, pushed):
    feed, (ok_key, failed_key), ids = pushed
    history = platform.push_data.list_operations(request={"company_id": feed.company_id})
    assert [o.push_operation_key for o in history.results] == [ok_key, failed_key] and history.total_results == 2
    ok, failed = history.results
    assert (ok.status.value, ok.status_code, ok.data_type.value) == ("Success", 200, "bankTransactions")
    assert [c.record_ref.id for c in ok.changes] == ids and ok.completed_on_utc
    assert failed.status.value == "Failed" and failed.validation.errors
    assert {o.data_connection_key for o in history.results} == {feed.connection_id}


def test_the_push_history_pages_filters_and_orders(platform, pushed):
    feed, (ok_key, failed_key), _ = pushed
    first = platform.push_data.list_operations(request={"company_id": feed.company_id, "page_size": 1})
    assert [o.push_operation_key for o in first.results] == [ok_key] and first.links.next.href
    failed = platform.push_data.list_operations(request={"company_id": feed.company_id, "query": "status=Failed"})
    assert [o.push_operation_key for o in failed.results] == [failed_key]
    newest = platform.push_data.list_operations(request={"company_id": feed.company_id, "order_by": "-requestedOnUtc"})
    assert newest.results[0].push_operation_key == failed_key
    with pytest.raises(errors.ErrorMessage) as raised:
        platform.push_data.list_operations(request={"company_id": feed.company_id, "page_size": 0})
    assert raised.value.status_code == 400


def test_one_push_operation_by_key(platform, pushed):
    feed, (ok_key, _), ids = pushed
    got = platform.push_data.get_operation(request={"company_id": feed.company_id, "push_operation_key": ok_key})
    assert got.push_operation_key == ok_key and [c.record_ref.id for c in got.changes] == ids
    for company_id, key in [(feed.company_id, str(uuid.uuid4())), (str(uuid.uuid4()), ok_key)]:
        with pytest.raises(errors.ErrorMessage) as raised:
            platform.push_data.get_operation(request={"company_id": company_id, "push_operation_key": key})
        assert raised.value.status_code == 404


def test_platform_push_operations_carry_no_bank_feeds_only_fields_and_no_nulls_where_not_allowed(provider_api, pushed):
    """The Platform's PushOperation has no `data` (the Bank Feeds write's answer does)."""
    feed, (ok_key, _), _ = pushed
    listed = provider_api.get(f"/companies/{feed.company_id}/push").json()["results"]
    one = provider_api.get(f"/companies/{feed.company_id}/push/{ok_key}").json()
    nullable = {"changes", "timeoutInMinutes", "errorMessage"}
    for operation in [*listed, one]:
        assert "data" not in operation
        assert all(value is not None for key, value in operation.items() if key not in nullable), operation
