"""An SDK journey against a read-only container; stopped and started again on the same volume, it has all."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import docker
import pytest

from qbo_sandbox.testing import QboSandboxContainer
from scenarios.api import SandboxApi
from scenarios.polling import eventually
from tests.conformance.conftest import make_sdk

pytestmark = pytest.mark.container


@pytest.fixture
def volume() -> Iterator[str]:
    client = docker.from_env()
    name = "qbo-sandbox-test-" + secrets.token_hex(4)
    client.volumes.create(name)
    yield name
    client.volumes.get(name).remove(force=True)


def on_volume(image: str, volume: str) -> QboSandboxContainer:
    """A container with a read-only root filesystem: all it writes goes to the volume."""
    return QboSandboxContainer(image, data_volume=volume, pull_interval=1.0).with_kwargs(read_only=True)


def review_counts(api: SandboxApi) -> dict[str, int]:
    return {feed["sourceAccountId"]: feed["transactions"]["forReview"] for feed in api.realms()[0]["feeds"]}


def test_an_sdk_journey_survives_a_restart_on_the_same_volume(sandbox_image: str, volume: str) -> None:
    first = on_volume(sandbox_image, volume).start()
    key = first.api_key()
    try:
        with SandboxApi(first.provider_url, first.qbo_url, key) as api:
            demo = api.seed_demo(seed=3)  # a connection linked in QBO, with a week of transactions
            account = demo.accounts[0]
            api.advance_clock(60)
            sdk = make_sdk(first.provider_url, key)
            ids = {"company_id": demo.company_id, "connection_id": demo.connection_id, "account_id": account.id}
            transaction = {
                "id": "after-the-seed",
                "date": api.clock().replace(tzinfo=None).isoformat(timespec="seconds"),
                "description": "Coffee",
                "amount": -4.5,
                "balance": round(account.balance - 4.5, 2),
                "transaction_type": "Debit",
            }
            pushed = sdk.transactions.create(
                request={**ids, "create_bank_transactions": {"account_id": account.id, "transactions": [transaction]}}
            )
            assert api.wait_for_push(demo.company_id, pushed.push_operation_key)["status"] == "Success"
            expected = {**demo.written, account.id: demo.written[account.id] + 1}
            before = eventually(lambda: review_counts(api), lambda counts: counts == expected)  # QBO pulled it
        inner = first.get_wrapped_container()
        inner.stop(timeout=10)  # SIGTERM, as `docker stop` sends it
        inner.reload()
        assert inner.attrs["State"]["ExitCode"] == 0
        assert inner.logs().decode().rstrip().endswith("Stopped.")
    finally:
        first.stop()

    with on_volume(sandbox_image, volume) as second, SandboxApi(second.provider_url, second.qbo_url, key) as api:
        sdk = make_sdk(second.provider_url, key)
        assert sdk.companies.get(request={"company_id": demo.company_id}).name == demo.company_name
        connection = sdk.connections.get(request={"company_id": demo.company_id, "connection_id": demo.connection_id})
        assert connection.status.value == "Linked"
        operation = sdk.transactions.get_create_operation(
            request={"company_id": demo.company_id, "push_operation_key": pushed.push_operation_key}
        )
        assert operation.status.value == "Success"
        assert review_counts(api) == before
        assert api.realms()[0]["email"] == demo.realm.email
