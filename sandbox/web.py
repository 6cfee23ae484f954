"""Pieces both browser UIs share: the vendored htmx, Jinja templates, htmx-aware rendering, and the
`{name:rowid}` path convertor (registered on import, before any route module compiles its paths)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.convertors import IntegerConvertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates


class RowIdConvertor(IntegerConvertor):
    """A row id in a path: at most 18 digits, so it always fits SQLite's INTEGER. A longer number
    matches no route (a 404), never an overflow."""

    regex = "[0-9]{1,18}"


register_url_convertor("rowid", RowIdConvertor())

VENDOR_DIR = Path(__file__).parent / "static"
SHARED_TEMPLATES = Path(__file__).parent / "templates"  # partials both apps include (the controls' reference)
HTMX_FILE = "htmx-2.0.11.min.js"
# htmx must not inject inline styles or evaluate code: our CSP forbids both.
HTMX_CONFIG = '{"includeIndicatorStyles": false, "allowEval": false, "allowScriptTags": false}'


def vendor_mount() -> Mount:
    """Serves the vendored files at /static/vendor (url_for('vendor', path=HTMX_FILE))."""
    return Mount("/static/vendor", StaticFiles(directory=VENDOR_DIR), name="vendor")


def make_templates(directory: Path) -> Jinja2Templates:
    """The app's templates in `directory`, then the shared partials; autoescaped."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(directory), FileSystemLoader(SHARED_TEMPLATES)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(HTMX_FILE=HTMX_FILE, HTMX_CONFIG=HTMX_CONFIG)
    env.filters["code_spans"] = code_spans
    return Jinja2Templates(env=env)


def code_spans(text: str) -> Markup:
    """Plain text with `backticked` parts as <code>, everything escaped (documentation strings)."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: show the text as it is
        return escape(text)
    code = Markup("<code>{}</code>")
    return escape("").join(escape(part) if i % 2 == 0 else code.format(part) for i, part in enumerate(parts))


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
