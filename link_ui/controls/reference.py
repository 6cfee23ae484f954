"""GET /_sandbox/openapi.json and /_sandbox/docs: the provider controls' OpenAPI document, built from
the app's route table, and a page in the dashboard's style that reads it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from link_ui.controls.schemas import PROVIDER_DOCS
from link_ui.dashboard.routes import catalogues, templates
from sandbox.control_docs import PAGE, document_route, documented, openapi, reference
from sandbox.i18n import LANGUAGES, pick_language
from sandbox.web import render


@documented(PAGE)
async def docs_page(request: Request) -> Response:
    lang = pick_language(request.query_params.get("lang"), None, request.headers)
    document = openapi(PROVIDER_DOCS, request.app.routes)
    context = {
        "t": catalogues.translator(lang),
        "lang": lang,
        "languages": LANGUAGES,
        "info": document["info"],
        "sections": reference(document),
        "openapi_url": request.url_for("sandbox_openapi").path,
    }
    return render(templates, request, "reference.html", context)


openapi_route = document_route(PROVIDER_DOCS)  # GET /openapi.json
