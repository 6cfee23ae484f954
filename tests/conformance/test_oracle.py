"""The SDK-model check itself: it passes what the sandbox sends and catches what would break a client."""

from __future__ import annotations

from typing import Any

from tests.conformance.oracle import response_problems

COMPANY = "/companies/c0ffee00-0000-4000-8000-000000000001"
CONNECTION: dict[str, Any] = {
    "id": "c0ffee00-0000-4000-8000-000000000002",
    "integrationId": "6f7a2b4e-8d1c-4a9b-9e35-0c2d7b1f5a60",
    "integrationKey": "hcws",
    "sourceId": "2b6b8e2e-5a0f-4c6e-9d43-7f1f3c9a8d21",
    "platformName": "QuickBooks Online Bank Feeds",
    "linkUrl": "http://127.0.0.1:8000/start",
    "status": "PendingAuth",
    "created": "2026-01-01T09:00:00Z",
    "sourceType": "BankFeed",
    "dataConnectionErrors": [],
    "connectionInfo": None,  # nullable: fine
}


def check(body: Any, *, method: str = "POST", path: str = COMPANY + "/connections", status: int = 200) -> list[str]:
    return response_problems(method, path, status, body)


def test_a_connection_as_the_sandbox_sends_it_passes() -> None:
    assert check(CONNECTION) == []


def test_null_in_an_optional_non_nullable_field_fails() -> None:
    found = check({**CONNECTION, "lastSync": None})
    assert found == ["Connection.lastSync is null, but Connection has it optional and not nullable: leave it out"]


def test_nested_nulls_unknown_fields_and_missing_required_fields_fail() -> None:
    company = {"id": "c", "name": "n", "redirect": "r", "dataConnections": [{**CONNECTION, "lastSync": None}]}
    assert any("dataConnections[0].lastSync is null" in p for p in check(company, path="/companies"))
    assert any("colour is not a field" in p for p in check({**CONNECTION, "colour": "red"}))
    assert any("linkUrl is required" in p for p in check({k: v for k, v in CONNECTION.items() if k != "linkUrl"}))
    assert any("'Linkd', not one of" in p for p in check({**CONNECTION, "status": "Linkd"}))


def test_source_accounts_match_either_prototype() -> None:
    path = COMPANY + "/connections/x/connectionInfo/bankFeedAccounts"
    v1 = {"id": "legacy", "accountType": "Credit", "status": "pending"}
    assert check(v1, path=path) == []
    found = check({**v1, "feedStartDate": None}, path=path)
    assert "SourceAccountV2 | SourceAccount matches none of ['SourceAccountV2', 'SourceAccount']:" in found


def test_errors_are_checked_as_error_message_on_every_codat_path() -> None:
    error = {"statusCode": 404, "service": "PublicApi", "error": "Gone.", "correlationId": "c", "validation": None}
    assert check(error, method="GET", path="/no/such/endpoint", status=404) == []
    assert check({**error, "service": None}, method="GET", path=COMPANY, status=404) == [
        "ErrorMessage.service is null, but ErrorMessage has it optional and not nullable: leave it out"
    ]


def test_a_success_on_an_undeclared_codat_path_fails_but_sandbox_controls_are_not_codat() -> None:
    assert check({}, method="GET", path="/apiKeys") == [  # a Platform path the sandbox only refuses
        "GET /apiKeys answered 200 but no Codat operation is declared for it in operations.py"
    ]
    assert check({"anything": None}, method="GET", path="/_sandbox/clock") == []
    assert check([], method="GET", path="/companies", status=201) == [
        "GET /companies answered 201, a status its declaration does not list"
    ]
