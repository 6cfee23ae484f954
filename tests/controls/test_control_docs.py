"""Each app's /_sandbox/openapi.json covers exactly the routes it serves under /_sandbox/ (and the
emulator's Accounting API), a control without documentation is caught, and /_sandbox/docs reads the
document as a page under the strict CSP, in English and French."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route

from emulator.app import create_app as create_qbo_app
from emulator.settings import QboSettings
from link_ui.app import create_app as create_provider_app
from link_ui.controls.schemas import PROVIDER_DOCS
from link_ui.dashboard.routes import catalogues as provider_catalogues
from link_ui.settings import ProviderSettings
from sandbox import security
from sandbox.control_docs import Operation, Reply, UndocumentedControl, documented, openapi
from sandbox.i18n import Catalogues
from sandbox.web import SHARED_TEMPLATES
from scenarios.sandbox import RunningSandbox

EMULATOR_CATALOGUES = Catalogues(SHARED_TEMPLATES.parents[1] / "emulator" / "messages")
APPS = {
    "provider": (lambda: create_provider_app(ProviderSettings(data_dir=None)), ("/_sandbox/",)),
    "qbo": (lambda: create_qbo_app(QboSettings(data_dir=None)), ("/_sandbox/", "/v3/")),
}


def served_routes(routes: Sequence[BaseRoute], prefixes: tuple[str, ...], base: str = "") -> Iterator[tuple[str, str]]:
    """(METHOD, path) for every route the app serves under `prefixes`, path parameters as OpenAPI writes them."""
    for route in routes:
        if isinstance(route, Mount):
            yield from served_routes(route.routes, prefixes, base + route.path)
        elif isinstance(route, Route) and (base + route.path).startswith(prefixes):
            path = re.sub(r"{(\w+)(:\w+)?}", r"{\1}", base + route.path)
            yield from ((method, path) for method in route.methods or () if method != "HEAD")


def documented_operations(document: dict[str, Any]) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in document["paths"].items() for method in item}


def base_url(sandbox: RunningSandbox, app: str) -> str:
    return sandbox.provider_url if app == "provider" else sandbox.qbo_url


@pytest.mark.parametrize("app", APPS)
def test_the_document_covers_every_control_route_and_only_those(qbo_sandbox: RunningSandbox, app: str) -> None:
    build, prefixes = APPS[app]
    answer = httpx.get(base_url(qbo_sandbox, app) + "/_sandbox/openapi.json")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    document = answer.json()

    routes = set(served_routes(build().routes, prefixes))
    assert len(routes) > 10, "the walk found no routes: it is broken"
    assert documented_operations(document) == routes
    assert document["openapi"].startswith("3.1")
    for item in document["paths"].values():
        for operation in item.values():
            assert operation["summary"] and operation["responses"], operation["operationId"]


def test_every_authenticated_control_documents_its_401_and_the_basic_scheme(qbo_sandbox: RunningSandbox) -> None:
    document = httpx.get(qbo_sandbox.provider_url + "/_sandbox/openapi.json").json()
    assert document["components"]["securitySchemes"]["apiKey"] == {
        "type": "http",
        "scheme": "basic",
        "description": PROVIDER_DOCS.security_schemes["apiKey"]["description"],
    }
    clock = document["paths"]["/_sandbox/clock"]
    assert clock["post"]["security"] == [{"apiKey": []}] and "401" in clock["post"]["responses"]
    assert document["paths"]["/_sandbox/health"]["get"]["security"] == []
    faults = document["paths"]["/_sandbox/faults/{fault_id}"]["delete"]
    assert faults["parameters"][0] | {"description": ""} == {
        "name": "fault_id",
        "in": "path",
        "required": True,
        "description": "",
        "schema": {"type": "integer", "minimum": 0},
    }


async def _new_control(request: Any) -> Response:
    return Response()


def test_a_control_without_documentation_is_refused() -> None:
    routes = [Mount("/_sandbox", routes=[Route("/new", _new_control, methods=["GET", "POST"])])]
    with pytest.raises(UndocumentedControl, match=r"GET /_sandbox/new, POST /_sandbox/new"):
        openapi(PROVIDER_DOCS, routes)


def test_documentation_must_name_the_routes_own_path_parameters() -> None:
    wrong = documented(Operation("x", "Faults", {204: Reply("ok", media=None)}, path={"id": "No such parameter."}))
    routes = [Mount("/_sandbox", routes=[Route("/things/{thing_id}", wrong(_new_control), methods=["DELETE"])])]
    with pytest.raises(UndocumentedControl, match="no path parameter id"):
        openapi(PROVIDER_DOCS, routes)


@pytest.mark.parametrize("app", APPS)
def test_the_reference_page_lists_every_operation_under_the_strict_csp(qbo_sandbox: RunningSandbox, app: str) -> None:
    url = base_url(qbo_sandbox, app)
    document = httpx.get(url + "/_sandbox/openapi.json").json()
    page = httpx.get(url + "/_sandbox/docs", headers={"Accept-Language": "en"})

    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == security.CONTENT_SECURITY_POLICY
    html = page.text
    assert "<h1>Sandbox controls: reference</h1>" in html
    for method, path in documented_operations(document):
        assert f"{method}</span> <code>{path}</code>" in html, (method, path)
    assert 'href="/_sandbox/openapi.json"' in html
    # Nothing the CSP would block: no inline script or style, nothing from another origin.
    assert all(re.search(r'\bsrc="', tag) for tag in re.findall(r"<script[^>]*>", html))
    assert "<style" not in html and " style=" not in html
    for link in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert link.startswith((url + "/", "/", "#", "?", "data:")), link


@pytest.mark.parametrize("app", APPS)
def test_the_reference_page_speaks_french(qbo_sandbox: RunningSandbox, app: str) -> None:
    html = httpx.get(base_url(qbo_sandbox, app) + "/_sandbox/docs?lang=fr").text
    assert "Contrôles du bac à sable : référence" in html
    assert "<caption>Réponses</caption>" in html
    assert "La référence elle-même est rédigée en anglais" in html


def test_descriptions_are_escaped_and_backticks_become_code() -> None:
    from sandbox.web import code_spans

    assert str(code_spans("Send `Basic <key>` & wait")) == "Send <code>Basic &lt;key&gt;</code> &amp; wait"
    assert str(code_spans("one ` alone <b>")) == "one ` alone &lt;b&gt;"


@pytest.mark.parametrize("catalogues", [provider_catalogues, EMULATOR_CATALOGUES], ids=["provider", "qbo"])
def test_the_shared_reference_template_names_only_keys_both_languages_have(catalogues: Catalogues) -> None:
    text = (SHARED_TEMPLATES / "_control_reference.html").read_text(encoding="utf-8")
    keys = set(re.findall(r"""\bt\(\s*["']([a-z_.]*[a-z_])["']\s*[,)]""", text))
    keys |= {"reference.in.path", "reference.in.query", "reference.auth.apiKey", "reference.auth.accessToken"}
    assert keys, "no keys found: the scan is broken"
    for lang in ("en", "fr"):
        assert keys - set(catalogues.messages[lang]) == set(), lang


@pytest.mark.browser
@pytest.mark.parametrize("app", APPS)
def test_the_reference_page_is_accessible_and_its_contents_lead_to_each_section(
    page: Page, qbo_sandbox: RunningSandbox, app: str
) -> None:
    blocked: list[str] = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(base_url(qbo_sandbox, app) + "/_sandbox/docs?lang=fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contrôles du bac à sable : référence")

    contents = page.get_by_role("navigation", name="Sommaire")
    contents.get_by_role("link", name="Faults").click()
    expect(page.get_by_role("region", name="Faults")).to_be_in_viewport()
    expect(
        page.get_by_role("region", name="Faults").get_by_role("heading", name="DELETE /_sandbox/faults/{fault_id}")
    ).to_be_visible()

    results = Axe().run(page)
    serious = [v["id"] for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert serious == []
    assert blocked == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("app", APPS)
def test_the_reference_page_fits_a_phone(page: Page, qbo_sandbox: RunningSandbox, app: str, lang: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url(qbo_sandbox, app) + f"/_sandbox/docs?lang={lang}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The page never scrolls sideways; its tables wrap their words and codes to fit their box
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the reference is {widths[0]} px wide in a {widths[1]} px window"
    wider = page.locator(".operation table").evaluate_all(
        "tables => tables.filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.closest('article').id)"
    )
    assert wider == []
    results = Axe().run(page)
    assert [v["id"] for v in results.response["violations"] if v.get("impact") in ("serious", "critical")] == []
