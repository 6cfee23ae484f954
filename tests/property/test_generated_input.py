"""Generated and hostile input over the Bank Feeds API and both apps' controls: never a 5xx, and on
the API only statuses the spec lists for the operation (tests/codat_statuses.py).

Hypothesis draws, per operation, bodies near a valid one (one value anywhere inside made wrong, a
key dropped or added), any JSON value, raw texts no encoder produces (lone surrogates, `1e400`,
NaN, deep nesting, bytes that aren't UTF-8), odd path ids and odd query parameters. Runs are
derandomized (the same examples on every run, so `make test` never flakes) and bounded: EXAMPLES
per operation, set QBO_SANDBOX_PROPERTY_EXAMPLES for a longer hunt.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.tenancy import basic_header
from scenarios.sandbox import RunningSandbox
from tests.api.support import linked_feed, transactions, wait_for_push
from tests.codat_statuses import LISTED
from tests.property.strategies import ANY_CHARACTER, as_text, bodies, json_values, mutated, texts

EXAMPLES = int(os.environ.get("QBO_SANDBOX_PROPERTY_EXAMPLES", "25"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
JSON = {"Content-Type": "application/json"}
C, K = "/companies/{companyId}", "/companies/{companyId}/connections/{connectionId}"
ACCOUNTS = K + "/connectionInfo/bankFeedAccounts"
ACCOUNT = {
    "id": "acc-2",
    "accountName": "Generated Checking",
    "accountType": "checking",
    "accountNumber": "12345678",
    "currency": "USD",
    "balance": 10.5,
    "routingInfo": {"bankCode": "021000021", "type": "rtn"},
    "accountInfo": {"description": "d", "nickname": "n", "accountOpenDate": "2020-01-01", "availableBalance": 1},
}
TRANSACTION = {
    "id": "gen-1",
    "date": "2026-11-19T09:00:00",
    "description": "Coffee",
    "amount": -3.5,
    "balance": 96.5,
    "transactionType": "Debit",
}


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    path: str
    body: Any = None  # a valid body to mutate; None: the operation takes none (one is sent anyway)


OPERATIONS = [
    Operation("create-company", "POST", "/companies", {"name": "Generated Co", "description": "d", "tags": {"a": "b"}}),
    Operation("list-companies", "GET", "/companies"),
    Operation("get-company", "GET", C),
    Operation("replace-company", "PUT", C, {"name": "Replaced", "description": "d", "tags": {"k": "v"}}),
    Operation("update-company", "PATCH", C, {"name": "Updated", "tags": {"k": "v"}}),
    Operation("delete-company", "DELETE", C),
    Operation("get-company-access-token", "GET", C + "/accessToken"),
    Operation("list-connections", "GET", C + "/connections"),
    Operation("create-connection", "POST", C + "/connections", {"platformKey": "hcws"}),
    Operation("get-connection", "GET", K),
    Operation("unlink-connection", "PATCH", K, {"status": "Unlinked"}),
    Operation("delete-connection", "DELETE", K),
    Operation("create-source-account", "POST", ACCOUNTS, ACCOUNT),
    Operation("create-batch-source-account", "POST", ACCOUNTS + "/batch", [ACCOUNT, {**ACCOUNT, "id": "acc-3"}]),
    Operation("list-source-accounts", "GET", ACCOUNTS),
    Operation("update-source-account", "PATCH", ACCOUNTS + "/{accountId}", {"accountName": "Renamed", "balance": 2}),
    Operation("delete-source-account", "DELETE", ACCOUNTS + "/{accountId}"),
    Operation("generate-credentials", "POST", ACCOUNTS + "/credentials"),
    Operation("delete-bank-feed-credentials", "DELETE", ACCOUNTS + "/credentials"),
    Operation(
        "create-bank-transactions",
        "POST",
        K + "/push/bankAccounts/{accountId}/bankTransactions",
        {"accountId": "{accountId}", "transactions": [TRANSACTION]},
    ),
    Operation("get-create-bank-transactions-model", "GET", K + "/options/bankAccounts/{accountId}/bankTransactions"),
    Operation("list-create-operations", "GET", C + "/push"),
    Operation("get-create-operation", "GET", C + "/push/{pushOperationKey}"),
    Operation("get-bank-account-mapping", "GET", K + "/bankFeedAccounts/mapping"),
    Operation("create-bank-account-mapping", "POST", K + "/bankFeedAccounts/mapping", {"sourceAccountId": "acc-1"}),
    Operation("get-company-information", "GET", K + "/bankFeeds/info"),
    Operation("generate-otp", "POST", K + "/bankFeeds/otp", {}),
    Operation("list-bank-accounts", "GET", K + "/data/bankAccounts"),
    Operation("get-create-bankAccounts-model", "GET", K + "/options/bankAccounts"),
    Operation("create-bank-account", "POST", K + "/push/bankAccounts", {"accountName": "x"}),
    Operation(
        "get-latest-managed-bank-feed-sync", "GET", K + "/bankFeedAccounts/{accountId}/managedBankFeeds/syncs/latest"
    ),
    Operation("get-managed-bank-feed-sync", "GET", K + "/bankFeedAccounts/{accountId}/managedBankFeeds/syncs/s-1"),
    Operation(
        "run-managed-bank-feed-ad-hoc-sync", "POST", K + "/bankFeedAccounts/{accountId}/managedBankFeeds/syncs", {}
    ),
]


@dataclass(frozen=True)
class World:
    """A tenant with a linked connection, a connected account and a push operation."""

    client: httpx.Client
    ids: dict[str, str]


@pytest.fixture
def world(qbo_sandbox: RunningSandbox, sandbox_api_key: str) -> Iterator[World]:
    with httpx.Client(
        base_url=qbo_sandbox.provider_url, headers={"Authorization": basic_header(sandbox_api_key)}, timeout=30
    ) as client:
        client.post("/_sandbox/clock", json={"frozenAt": "2026-11-20T12:00:00Z"})
        feed = linked_feed(client, feed_start=dt.date(2026, 11, 13))
        written = client.post(
            feed.push_path,
            json={"accountId": feed.account_id, "transactions": transactions(dt.datetime(2026, 11, 19, 8), 1)},
        )
        key = written.json()["pushOperationKey"]
        wait_for_push(client, feed.company_id, key)
        ids = {
            "companyId": feed.company_id,
            "connectionId": feed.connection_id,
            "accountId": feed.account_id,
            "pushOperationKey": key,
        }
        yield World(client, ids)


# Mostly the world's own ids; sometimes another tenant's-looking uuid or text that is no id at all
# (never "/", "." or "..": those would make the request a different path, not a different id).
odd_ids = st.one_of(
    st.just("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
    st.text(ANY_CHARACTER.filter(lambda c: c not in "/?#"), min_size=1, max_size=8).filter(
        lambda t: t.strip(".") != ""
    ),
)
queries = st.dictionaries(
    st.sampled_from(["page", "pageSize", "query", "orderBy", "timeoutInMinutes"]),
    st.one_of(st.integers(-3, 6000).map(str), texts, st.sampled_from(["name=x&&id!=y", "-created", "1.5"])),
    max_size=3,
)


def _escaped(text: str) -> str:
    """Percent-encoded UTF-8, lone surrogates too (their bytes are then not UTF-8: hostile as well)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def _path(template: str, ids: dict[str, str], odd: dict[str, str], params: dict[str, str] | None = None) -> str:
    for name, value in {**ids, **odd}.items():
        template = template.replace("{" + name + "}", _escaped(value))
    if params:
        template += "?" + "&".join(f"{_escaped(k)}={_escaped(v)}" for k, v in params.items())
    return template


def _valid(operation: Operation, ids: dict[str, str]) -> Any:
    body = operation.body
    if isinstance(body, dict) and body.get("accountId") == "{accountId}":
        return {**body, "accountId": ids["accountId"]}
    return body if body is not None else {}


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.name for op in OPERATIONS])
def test_the_api_answers_generated_input_with_a_status_the_operation_lists(world: World, operation: Operation) -> None:
    @SETTINGS
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        names = [n for n in world.ids if "{" + n + "}" in operation.path]
        odd = {n: data.draw(odd_ids) for n in names if data.draw(st.integers(0, 4)) == 0}
        body = data.draw(bodies(_valid(operation, world.ids)))
        params = data.draw(queries) if operation.method == "GET" or data.draw(st.booleans()) else {}
        path = _path(operation.path, world.ids, odd, params)
        answer = world.client.request(operation.method, path, content=body, headers=JSON)
        assert answer.status_code < 500, (operation.name, path, body[:300], answer.text[:500])
        assert answer.status_code in LISTED[operation.name], (operation.name, path, body[:300], answer.text[:500])

    check()


@dataclass(frozen=True)
class Control:
    method: str
    path: str
    body: Any


PROVIDER_CONTROLS = [
    Control("POST", "/_sandbox/clock", {"advanceSeconds": 60}),
    Control(
        "PATCH",
        "/_sandbox/settings",
        {"organizationName": "Bank", "logoUrl": None, "callout": {"en": {"title": "t", "body": "b"}}},
    ),
    Control("POST", "/_sandbox/faults", {"operation": "get-company", "status": 503, "times": 1, "latencyMs": 0}),
    Control("PUT", "/_sandbox/webhooks", {"urls": ["http://127.0.0.1:9/hook"]}),
    Control("POST", "/_sandbox/webhooks/trigger", {"eventType": "connection.created"}),
    Control("GET", "/_sandbox/requests", None),
]
QBO_CONTROLS = [
    Control("POST", "/_sandbox/realms", {"companyName": "Generated Ltd", "view": "business", "locale": "fr"}),
    Control("POST", "/_sandbox/faults", {"error": "185", "screen": "sign-in", "code": "1234", "times": 1}),
    Control("POST", "/_sandbox/clock", {"advanceSeconds": 60}),
]


def _answers_json_below_500(answer: httpx.Response) -> bool:
    json_type = answer.status_code == 204 or answer.headers.get("content-type", "").startswith("application/json")
    return answer.status_code < 500 and json_type


@pytest.mark.parametrize(
    ("app", "control"),
    [("provider", c) for c in PROVIDER_CONTROLS] + [("qbo", c) for c in QBO_CONTROLS],
    ids=[f"provider {c.method} {c.path}" for c in PROVIDER_CONTROLS]
    + [f"qbo {c.method} {c.path}" for c in QBO_CONTROLS],
)
def test_the_controls_answer_generated_input_in_json_below_500(
    qbo_sandbox: RunningSandbox, sandbox_api_key: str, app: str, control: Control
) -> None:
    base = qbo_sandbox.provider_url if app == "provider" else qbo_sandbox.qbo_url
    with httpx.Client(base_url=base, headers={"Authorization": basic_header(sandbox_api_key)}, timeout=30) as client:

        @SETTINGS
        @given(body=bodies(control.body if control.body is not None else {}), params=queries)
        def check(body: bytes, params: dict[str, str]) -> None:
            answer = client.request(control.method, _path(control.path, {}, {}, params), content=body, headers=JSON)
            assert _answers_json_below_500(answer), (control.path, body[:300], answer.status_code, answer.text[:500])

        check()


READS = ["/companies", "/_sandbox/settings", "/_sandbox/snapshot", "/_sandbox/clock", "/_sandbox/dashboard/"]


def test_a_mutated_provider_snapshot_is_restored_or_refused_and_every_read_still_answers(world: World) -> None:
    snapshot = world.client.get("/_sandbox/snapshot").json()
    ids = world.ids
    reads = [
        *READS,
        _path(C + "/connections", ids, {}),
        _path(ACCOUNTS, ids, {}),
        _path(C + "/push", ids, {}),
        _path(K, ids, {}),
    ]

    @SETTINGS
    @given(hostile=mutated(snapshot))
    def check(hostile: Any) -> None:
        restored = world.client.put("/_sandbox/snapshot", content=json_text(hostile), headers=JSON)
        assert restored.status_code in (204, 400), (restored.status_code, restored.text[:500])
        for path in reads:
            answer = world.client.get(path)
            assert answer.status_code < 500, (path, restored.status_code, answer.text[:500])
        world.client.put("/_sandbox/snapshot", json=snapshot)

    check()


def test_a_mutated_qbo_snapshot_is_restored_or_refused_and_the_realms_still_read(
    qbo_sandbox: RunningSandbox, sandbox_api_key: str
) -> None:
    auth = {"Authorization": basic_header(sandbox_api_key)}
    with httpx.Client(base_url=qbo_sandbox.qbo_url, headers=auth, timeout=30) as qbo:
        assert qbo.post("/_sandbox/realms", json={"companyName": "Snapshot Ltd"}).status_code == 200
        snapshot = qbo.get("/_sandbox/snapshot").json()

        @SETTINGS
        @given(hostile=mutated(snapshot))
        def check(hostile: Any) -> None:
            restored = qbo.put("/_sandbox/snapshot", content=json_text(hostile), headers=JSON)
            assert restored.status_code in (204, 400), (restored.status_code, restored.text[:500])
            for path in ("/_sandbox/realms", "/_sandbox/snapshot"):
                answer = qbo.get(path)
                assert answer.status_code < 500, (path, answer.text[:500])
            qbo.put("/_sandbox/snapshot", json=snapshot)

        check()


def json_text(value: Any) -> bytes:
    return as_text(value).encode()


def test_the_json_values_strategy_reaches_what_the_boundary_refuses() -> None:
    """The generator covers the hostile classes the suite exists for (a guard against a weak strategy)."""
    seen: set[str] = set()

    @settings(max_examples=300, derandomize=True, database=None)
    @given(value=json_values)
    def sample(value: Any) -> None:
        text = json_text(value).decode()
        if "\\ud8" in text or "\\udb" in text or "\\udc" in text or "\\udf" in text:
            seen.add("surrogate")
        if "\\u0000" in text:
            seen.add("nul")
        if any(len(str(abs(n))) > 19 for n in _ints(value)):
            seen.add("beyond 64 bits")

    sample()
    assert seen == {"surrogate", "nul", "beyond 64 bits"}


def _ints(value: Any) -> list[int]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, dict):
        return [n for v in value.values() for n in _ints(v)]
    if isinstance(value, list):
        return [n for v in value for n in _ints(v)]
    return []
