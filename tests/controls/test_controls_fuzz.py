"""A bounded property-based run over each app's own OpenAPI document (schemathesis, against live
servers on 127.0.0.1): whatever a client sends a documented operation, the answer is never a 5xx,
and its status code, content type and body are ones the document lists for that operation.

Each run uses a fresh API key, so a fresh tenant. Webhook URLs the generator invents are pointed at a
loopback sink before the request is sent, so no delivery ever leaves this machine. The Accounting
API's operations are sent to a company of another fresh tenant, with its bearer token, so that the
controls' reset (which the run also calls) doesn't take the company away half-way.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from emulator.app import create_app as create_qbo_app
from emulator.controls.schemas import QBO_DOCS
from emulator.settings import QboSettings
from link_ui.app import create_app as create_provider_app
from link_ui.controls.schemas import PROVIDER_DOCS
from link_ui.settings import ProviderSettings
from qbo_sandbox.launcher import start_sandbox
from sandbox.control_docs import openapi
from sandbox.servers import ThreadedServers, free_port, make_server
from sandbox.tenancy import basic_header
from scenarios.sandbox import RunningSandbox

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Bounded: about half a minute per app on the project's two-core machine.
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure here is reproducible
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


class Run:
    """One app's run: its base URL, its fresh tenant, and where invented webhook URLs go instead."""

    def __init__(self, base_url: str, sink_url: str) -> None:
        self.base_url = base_url
        self.api_key = "fuzz-" + secrets.token_urlsafe(12)
        self.sink_url = sink_url
        self.realm_id = ""
        self.access_token = ""

    def headers(self, path: str) -> dict[str, str]:
        if path.startswith("/v3/"):
            return {"Authorization": "Bearer " + self.access_token}
        return {"Authorization": basic_header(self.api_key)}

    def prepare(self, case: schemathesis.Case) -> None:
        """Keeps the run on this machine and on its own data (see the module's docstring)."""
        if (
            case.path == "/_sandbox/webhooks"
            and isinstance(case.body, dict)
            and isinstance(case.body.get("urls"), list)
        ):
            case.body["urls"] = [self.sink_url if isinstance(url, str) else url for url in case.body["urls"]]
        if case.path.startswith("/v3/") and isinstance(case.path_parameters, dict):
            case.path_parameters["realm_id"] = self.realm_id


@pytest.fixture(scope="module")
def fuzzed_sandbox() -> Iterator[RunningSandbox]:
    sandbox = start_sandbox(pull_interval_seconds=0)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture(scope="module")
def sink_url() -> Iterator[str]:
    """A webhook receiver on loopback that takes anything."""
    port = free_port()
    routes = [
        Route("/hook", lambda request: Response(status_code=204), methods=["POST"]),
        Route("/_sandbox/health", lambda request: Response("ok")),  # what ThreadedServers polls
    ]
    servers = ThreadedServers([make_server(Starlette(routes=routes), "127.0.0.1", port)])
    servers.start()
    try:
        yield f"http://127.0.0.1:{port}/hook"
    finally:
        servers.stop()


# The documents as the apps build them from their route tables; the runs check that the live apps
# serve the same ones (test collection needs the operations before any server is up).
PROVIDER_DOCUMENT = openapi(PROVIDER_DOCS, create_provider_app(ProviderSettings(data_dir=None)).routes)
QBO_DOCUMENT = openapi(QBO_DOCS, create_qbo_app(QboSettings(data_dir=None)).routes)


def _served(base_url: str, document: dict[str, Any]) -> None:
    assert httpx.get(base_url + "/_sandbox/openapi.json").json() == document


@pytest.fixture(scope="module")
def provider_run(fuzzed_sandbox: RunningSandbox, sink_url: str) -> Run:
    _served(fuzzed_sandbox.provider_url, PROVIDER_DOCUMENT)
    return Run(fuzzed_sandbox.provider_url, sink_url)


@pytest.fixture(scope="module")
def qbo_run(fuzzed_sandbox: RunningSandbox, sink_url: str) -> Run:
    _served(fuzzed_sandbox.qbo_url, QBO_DOCUMENT)
    run = Run(fuzzed_sandbox.qbo_url, sink_url)
    owner = basic_header("fuzz-owner-" + secrets.token_urlsafe(12))
    realm = httpx.post(run.base_url + "/_sandbox/realms", json={}, headers={"Authorization": owner}).json()
    run.realm_id = realm["realmId"]
    token = httpx.post(f"{run.base_url}/_sandbox/realms/{run.realm_id}/token", headers={"Authorization": owner})
    run.access_token = token.json()["accessToken"]
    return run


def _call_and_check(run: Run, case: schemathesis.Case) -> None:
    run.prepare(case)
    case.call_and_validate(
        base_url=run.base_url, headers=run.headers(case.path), checks=CHECKS, allow_redirects=False, timeout=30
    )


# The Accounting API's query body, which python-quickbooks sends as application/text: plain text.
schemathesis.serializer.alias("application/text", "text/plain")

provider_schema = schemathesis.openapi.from_dict(PROVIDER_DOCUMENT)
qbo_schema = schemathesis.openapi.from_dict(QBO_DOCUMENT)


@provider_schema.parametrize()
@FUZZ
def test_the_provider_controls_answer_as_documented(case: schemathesis.Case, provider_run: Run) -> None:
    _call_and_check(provider_run, case)


@qbo_schema.parametrize()
@FUZZ
def test_the_emulator_controls_and_accounting_api_answer_as_documented(case: schemathesis.Case, qbo_run: Run) -> None:
    _call_and_check(qbo_run, case)
