"""Pieces both browser UIs share: the vendored htmx, Jinja templates, htmx-aware rendering."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

VENDOR_DIR = Path(__file__).parent / "static"
HTMX_FILE = "htmx-2.0.11.min.js"
# htmx must not inject inline styles or evaluate code: our CSP forbids both.
HTMX_CONFIG = '{"includeIndicatorStyles": false, "allowEval": false, "allowScriptTags": false}'


def vendor_mount() -> Mount:
    """Serves the vendored files at /static/vendor (url_for('vendor', path=HTMX_FILE))."""
    return Mount("/static/vendor", StaticFiles(directory=VENDOR_DIR), name="vendor")


def make_templates(directory: Path) -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(directory),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(HTMX_FILE=HTMX_FILE, HTMX_CONFIG=HTMX_CONFIG)
    return Jinja2Templates(env=env)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def render(
    templates: Jinja2Templates,
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Renders a page or partial; responses vary on HX-Request, since one URL serves both."""
    response = templates.TemplateResponse(request, name, context, status_code=status_code, headers=headers)
    response.headers["Vary"] = "HX-Request, Accept-Language, Cookie"
    return response
