"""GET /_sandbox/openapi.json and /_sandbox/docs: the emulator's OpenAPI document (its controls and its
Accounting API subset), built from the app's route table, and a page in QuickBooks' style that reads it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from emulator.context import page
from emulator.controls.schemas import QBO_DOCS
from sandbox.control_docs import PAGE, document_route, documented, openapi, reference


@documented(PAGE)
async def docs_page(request: Request) -> Response:
    document = openapi(QBO_DOCS, request.app.routes)
    context = {
        "info": document["info"],
        "sections": reference(document),
        "openapi_url": request.url_for("sandbox_openapi").path,
    }
    return page(request, "reference.html", context)


openapi_route = document_route(QBO_DOCS)  # GET /openapi.json
