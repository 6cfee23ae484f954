"""Bodies no control can take (deep nesting, a lone surrogate, NaN, bytes that aren't UTF-8, broken
JSON) are refused with a 400 in the app's error shape that says why; none of them is a 500."""

from __future__ import annotations

import httpx
import pytest

from sandbox.tenancy import basic_header
from scenarios.sandbox import RunningSandbox

BAD_BODIES = {
    "deep": (b"[" * 50_000, "nests arrays or objects too deeply"),
    "surrogate": (
        b'{"organizationName": "\\ud800", "companyName": "\\udfff", "urls": ["http://\\ud800"]}',
        "lone surrogate",
    ),
    "surrogate key": (b'{"\\ud800": 1}', "lone surrogate"),
    "nan": (b'{"advanceSeconds": NaN, "seed": Infinity}', "not a JSON number"),
    "latin-1": ('{"companyName": "Café"}'.encode("latin-1"), "not UTF-8"),
    "broken": (b'{"urls": [', "not valid JSON"),
}
CONTROLS = [
    ("provider", "POST", "/_sandbox/clock"),
    ("provider", "PATCH", "/_sandbox/settings"),
    ("provider", "PUT", "/_sandbox/snapshot"),
    ("provider", "POST", "/_sandbox/faults"),
    ("provider", "PUT", "/_sandbox/webhooks"),
    ("provider", "POST", "/_sandbox/webhooks/trigger"),
    ("provider", "POST", "/companies"),  # the Bank Feeds API reads bodies the same way
    ("qbo", "POST", "/_sandbox/realms"),
    ("qbo", "POST", "/_sandbox/seed"),
    ("qbo", "PUT", "/_sandbox/snapshot"),
    ("qbo", "POST", "/_sandbox/faults"),
]
# The keys of each app's error body: Codat's ErrorMessage, and the emulator controls' own.
ERROR_KEYS = {
    "provider": {"statusCode", "service", "error", "correlationId", "canBeRetried", "detailedErrorCode", "validation"},
    "qbo": {"statusCode", "error"},
}


@pytest.mark.parametrize("bad", BAD_BODIES)
@pytest.mark.parametrize(("app", "method", "path"), CONTROLS)
def test_a_bad_body_is_a_400_that_says_why(
    qbo_sandbox: RunningSandbox, sandbox_api_key: str, app: str, method: str, path: str, bad: str
) -> None:
    body, reason = BAD_BODIES[bad]
    url = (qbo_sandbox.provider_url if app == "provider" else qbo_sandbox.qbo_url) + path
    headers = {"Authorization": basic_header(sandbox_api_key), "Content-Type": "application/json"}
    answer = httpx.request(method, url, content=body, headers=headers, timeout=30)
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/json"
    assert set(answer.json()) == ERROR_KEYS[app]
    assert reason in answer.json()["error"]


def test_an_unknown_control_on_the_emulator_is_a_json_404(qbo_sandbox: RunningSandbox, sandbox_api_key: str) -> None:
    answer = httpx.delete(
        qbo_sandbox.qbo_url + "/_sandbox/faults/-1", headers={"Authorization": basic_header(sandbox_api_key)}
    )
    assert answer.status_code == 404
    assert answer.json() == {"statusCode": 404, "error": "No such control."}
    wrong = httpx.patch(qbo_sandbox.qbo_url + "/_sandbox/seed")
    assert wrong.status_code == 405 and wrong.json()["error"] == "Method PATCH is not allowed on this control."
