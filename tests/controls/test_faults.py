"""API faults armed through /_sandbox/faults: Codat-shaped errors, Retry-After, latency, counts."""

from __future__ import annotations

import time
from typing import Any

import httpx

from scenarios.api import SandboxApi, todays_transactions
from tests.controls.conftest import link_as_qbo


def arm(api: httpx.Client, **fault: object) -> dict[str, object]:
    response = api.post("/_sandbox/faults", json=fault)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_a_429_fault_answers_in_codats_shape_with_retry_after_then_disarms(provider_api: httpx.Client) -> None:
    arm(provider_api, operation="list-companies", status=429, retryAfter=7, times=1)

    limited = provider_api.get("/companies")
    after = provider_api.get("/companies")

    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "7"
    assert limited.json()["statusCode"] == 429 and limited.json()["correlationId"]
    assert after.status_code == 200
    assert provider_api.get("/_sandbox/faults").json()["faults"] == []


def test_a_fault_fires_only_for_its_operation_and_its_count(provider_api: httpx.Client) -> None:
    arm(provider_api, operation="create-company", status=503, times=2)

    listed = provider_api.get("/companies")
    created = [provider_api.post("/companies", json={"name": f"Co {n}"}).status_code for n in range(3)]

    assert listed.status_code == 200
    assert created == [503, 503, 200]


def test_until_cleared_faults_keep_firing_until_deleted(provider_api: httpx.Client) -> None:
    fault = arm(provider_api, operation="*", status=500, times=None)

    failing = [provider_api.get("/companies").status_code for _ in range(3)]
    cleared = provider_api.delete(f"/_sandbox/faults/{fault['id']}")

    assert failing == [500, 500, 500]
    assert cleared.status_code == 204
    assert provider_api.get("/companies").status_code == 200


def test_latency_delays_the_answer_without_failing_it(provider_api: httpx.Client) -> None:
    arm(provider_api, operation="list-companies", latencyMs=300)

    started = time.perf_counter()
    response = provider_api.get("/companies")
    elapsed = time.perf_counter() - started

    assert response.status_code == 200
    assert elapsed >= 0.3  # the added latency is a lower bound, not a speed threshold


def test_faults_belong_to_one_tenant(provider_api: httpx.Client, qbo_sandbox) -> None:  # type: ignore[no-untyped-def]
    from sandbox.tenancy import basic_header

    arm(provider_api, operation="*", status=503, times=None)
    with httpx.Client(base_url=qbo_sandbox.provider_url, headers={"Authorization": basic_header("another")}) as other:
        assert other.get("/companies").status_code == 200
    assert provider_api.get("/companies").status_code == 503


def test_bad_fault_specs_are_refused_with_reasons(provider_api: httpx.Client) -> None:
    response = provider_api.post(
        "/_sandbox/faults", json={"operation": "nope", "status": 418, "times": 0, "colour": "red"}
    )

    items = {e["itemId"] for e in response.json()["validation"]["errors"]}
    assert response.status_code == 400
    assert items == {"operation", "status", "times", "colour"}
    assert "get-connection" in provider_api.get("/_sandbox/faults").json()["operations"]


def _write(api: SandboxApi, connection: Any, description: str) -> dict[str, Any]:
    today = api.clock().date()
    rows = todays_transactions(today, 1)
    rows[0]["description"] = description
    operation = api.write_transactions(connection.company_id, connection.connection_id, "acc-1", rows)
    return api.wait_for_push(connection.company_id, operation["pushOperationKey"])


def test_a_push_outcome_fault_ends_the_next_write_as_armed(
    provider_api: httpx.Client, sandbox_api: SandboxApi, sandbox_api_key: str
) -> None:
    connection, _ = link_as_qbo(provider_api, sandbox_api, sandbox_api_key)
    arm(provider_api, operation="push-outcome", outcome="TimedOut", times=1)

    first = _write(sandbox_api, connection, "Coffee")
    second = _write(sandbox_api, connection, "Lunch")

    assert (first["status"], second["status"]) == ("TimedOut", "Success")
    assert "fault" in first["errorMessage"]


def test_magic_descriptions_fail_or_time_out_a_write_and_store_nothing(
    provider_api: httpx.Client, sandbox_api: SandboxApi, sandbox_api_key: str
) -> None:
    connection, _ = link_as_qbo(provider_api, sandbox_api, sandbox_api_key)

    failed = _write(sandbox_api, connection, "Rent [sandbox:fail]")
    timed_out = _write(sandbox_api, connection, "Rent [sandbox:timeout]")
    fine = _write(sandbox_api, connection, "Rent")

    assert [failed["status"], timed_out["status"], fine["status"]] == ["Failed", "TimedOut", "Success"]
    assert failed["validation"]["errors"][0]["message"].endswith("in a description).")


def test_a_wildcard_fault_does_not_decide_push_outcomes(
    provider_api: httpx.Client, sandbox_api: SandboxApi, sandbox_api_key: str
) -> None:
    connection, _ = link_as_qbo(provider_api, sandbox_api, sandbox_api_key)
    arm(provider_api, operation="list-companies", status=503)
    arm(provider_api, operation="*", latencyMs=1, times=None)

    assert _write(sandbox_api, connection, "Coffee")["status"] == "Success"


def test_the_clock_cannot_be_pushed_past_what_it_can_show(provider_api: httpx.Client) -> None:
    provider_api.post("/_sandbox/clock", json={"frozenAt": "8999-12-01T00:00:00Z"})

    refused = provider_api.post("/_sandbox/clock", json={"advanceSeconds": 10 * 365 * 86400})

    assert refused.status_code == 400
    assert provider_api.get("/_sandbox/clock").json()["now"].startswith("8999-12-01")
    assert provider_api.get("/companies").status_code == 200


def test_webhook_urls_must_parse_and_credentials_are_not_cached(provider_api: httpx.Client) -> None:
    bad = provider_api.put("/_sandbox/webhooks", json={"urls": ["http://[::1"]})
    company = provider_api.post("/companies", json={"name": "Cache Co"}).json()["id"]
    connection = provider_api.post(f"/companies/{company}/connections", json={"platformKey": "hcws"}).json()["id"]
    issued = provider_api.post(
        f"/companies/{company}/connections/{connection}/connectionInfo/bankFeedAccounts/credentials", json={}
    )

    assert bad.status_code == 400
    assert issued.headers["cache-control"] == "no-store"
