"""The OpenAPI 3.1 document of an app's sandbox controls, built from its route table.

Each control declares its documentation beside its handler, `@documented(Operation(...))` (or one
Operation per method, `@documented(GET=..., POST=...)`, where one handler serves several). `openapi()`
walks the app's routes under the documented prefixes and refuses to build while any of them has no
documentation, so a new control cannot be left out; path parameters come from the routes themselves.
`reference()` turns the document into what the apps' `/_sandbox/docs` pages show.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from starlette.convertors import FloatConvertor, IntegerConvertor, UUIDConvertor
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from sandbox.i18n import LANGUAGES

JSON = "application/json"
HTML = "text/html"
OPENAPI_VERSION = "3.1.0"
_DOCS_ATTRIBUTE = "__control_docs__"
_ANY_METHOD = "*"
_PATH_PARAM = re.compile(r"{([^}:]+)(?::[^}]+)?}")

Schema = dict[str, Any]
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


class UndocumentedControl(LookupError):
    """A route under a documented prefix has no Operation for one of its methods."""


@dataclass(frozen=True)
class Param:
    """A query parameter."""

    name: str
    description: str
    schema: Schema = field(default_factory=lambda: {"type": "string"})
    required: bool = False


@dataclass(frozen=True)
class Body:
    """A request body: JSON by default, `media` for another kind."""

    schema: Schema
    description: str = ""
    required: bool = True
    media: str = JSON


@dataclass(frozen=True)
class Reply:
    """One response; `schema` None for a body-less one (204) or one whose body isn't described."""

    description: str
    schema: Schema | None = None
    media: str | None = JSON
    headers: Mapping[str, str] = field(default_factory=dict)  # name -> description


@dataclass(frozen=True)
class Operation:
    summary: str
    tag: str
    replies: Mapping[int, Reply]
    description: str = ""
    query: tuple[Param, ...] = ()
    path: Mapping[str, str] = field(default_factory=dict)  # path parameter -> description
    body: Body | None = None
    errors: tuple[int, ...] = ()  # statuses answered in the app's error shape (AppDocs.errors)
    auth: str | None = "apiKey"  # a name in AppDocs.security_schemes; None: no Authorization


@dataclass(frozen=True)
class AppDocs:
    """What an app says about its controls as a whole."""

    title: str
    description: str
    version: str
    errors: Mapping[int, Reply]  # the app's error replies, by status; 401 is added to every authenticated one
    security_schemes: Mapping[str, Schema]
    prefixes: tuple[str, ...] = ("/_sandbox/",)
    schemas: Mapping[str, Schema] = field(default_factory=dict)  # components/schemas
    tags: Mapping[str, str] = field(default_factory=dict)  # tag -> description, in the order shown


# The security scheme of every control: the API key as the whole Basic credential.
BASIC_API_KEY: Schema = {
    "type": "http",
    "scheme": "basic",
    "description": "`Basic base64(apiKey)`: the whole decoded value is the API key, which names the tenant.",
}
REFERENCE_TAG = "Reference"


def documented(operation: Operation | None = None, /, **by_method: Operation) -> Callable[[Endpoint], Endpoint]:
    """Attaches documentation to a control's handler: one Operation for every method it serves, or
    one per method (`GET=..., POST=...`)."""
    if (operation is None) == (not by_method):
        raise TypeError("documented() takes one Operation, or Operations by method, not both")

    def mark(endpoint: Endpoint) -> Endpoint:
        setattr(endpoint, _DOCS_ATTRIBUTE, {_ANY_METHOD: operation} if operation else dict(by_method))
        return endpoint

    return mark


@dataclass(frozen=True)
class RouteMethod:
    path: str  # as OpenAPI writes it: /faults/{fault_id}
    method: str  # upper case
    route: Route
    convertors: Mapping[str, Any]


def route_methods(routes: Sequence[BaseRoute], prefixes: Sequence[str], base: str = "") -> Iterator[RouteMethod]:
    """Every (path, method) the route table serves under `prefixes`, Mounts followed; HEAD left out."""
    for route in routes:
        if isinstance(route, Mount):
            yield from route_methods(route.routes, prefixes, base + route.path)
        elif isinstance(route, Route):
            path = base + route.path
            if not any(path.startswith(prefix) or path + "/" == prefix for prefix in prefixes):
                continue
            for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
                yield RouteMethod(_PATH_PARAM.sub(r"{\1}", path), method, route, route.param_convertors)


def operation_of(found: RouteMethod) -> Operation | None:
    docs: dict[str, Operation] = getattr(found.route.endpoint, _DOCS_ATTRIBUTE, {})
    return docs.get(found.method) or docs.get(_ANY_METHOD)


def openapi(app: AppDocs, routes: Sequence[BaseRoute]) -> dict[str, Any]:
    """The app's OpenAPI document; raises UndocumentedControl naming every route left undocumented."""
    paths: dict[str, dict[str, Any]] = {}
    missing = []
    for found in route_methods(routes, app.prefixes):
        operation = operation_of(found)
        if operation is None:
            missing.append(f"{found.method} {found.path}")
            continue
        paths.setdefault(found.path, {})[found.method.lower()] = _operation(app, found, operation)
    if missing:
        raise UndocumentedControl("these routes have no documentation: " + ", ".join(missing))
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": app.title, "version": app.version, "description": app.description},
        "tags": [{"name": name, "description": text} for name, text in app.tags.items()],
        "paths": paths,
        "components": {"securitySchemes": dict(app.security_schemes), "schemas": dict(app.schemas)},
    }


def _operation(app: AppDocs, found: RouteMethod, operation: Operation) -> dict[str, Any]:
    if operation.tag not in app.tags:
        raise UndocumentedControl(f"{found.method} {found.path}: tag {operation.tag!r} is not one of the app's tags")
    if operation.auth is not None and operation.auth not in app.security_schemes:
        raise UndocumentedControl(f"{found.method} {found.path}: no security scheme {operation.auth!r}")
    replies = dict(operation.replies)
    for status in (*operation.errors, *((401,) if operation.auth else ())):
        replies.setdefault(status, app.errors[status])
    out: dict[str, Any] = {
        "operationId": _operation_id(found),
        "summary": operation.summary,
        "tags": [operation.tag],
        "security": [{operation.auth: []}] if operation.auth else [],
        "parameters": [*_path_params(found, operation), *(_query_param(p) for p in operation.query)],
        "responses": {str(status): _reply(replies[status]) for status in sorted(replies)},
    }
    if operation.description:
        out["description"] = operation.description
    if operation.body is not None:
        body = operation.body
        out["requestBody"] = {
            "required": body.required,
            "description": body.description,
            "content": {body.media: {"schema": body.schema}},
        }
    return out


def _operation_id(found: RouteMethod) -> str:
    words = re.findall(r"[A-Za-z0-9]+", found.path.replace("_sandbox", "sandbox"))
    return found.method.lower() + "".join(word[:1].upper() + word[1:] for word in words)


def _path_params(found: RouteMethod, operation: Operation) -> Iterator[dict[str, Any]]:
    names = re.findall(r"{([^}]+)}", found.path)
    unknown = set(operation.path) - set(names)
    if unknown:
        raise UndocumentedControl(f"{found.method} {found.path} has no path parameter {', '.join(sorted(unknown))}")
    for name in names:
        convertor = found.convertors.get(name)
        schema: Schema = {"type": "string", "minLength": 1, "pattern": "^[^/]+$"}
        if isinstance(convertor, IntegerConvertor):
            schema = {"type": "integer", "minimum": 0}
        elif isinstance(convertor, FloatConvertor):
            schema = {"type": "number", "minimum": 0}
        elif isinstance(convertor, UUIDConvertor):
            schema = {"type": "string", "format": "uuid"}
        yield {
            "name": name,
            "in": "path",
            "required": True,
            "description": operation.path.get(name, ""),
            "schema": schema,
        }


def _query_param(param: Param) -> dict[str, Any]:
    return {
        "name": param.name,
        "in": "query",
        "required": param.required,
        "description": param.description,
        "schema": param.schema,
    }


def _reply(reply: Reply) -> dict[str, Any]:
    out: dict[str, Any] = {"description": reply.description}
    if reply.media is not None:
        out["content"] = {reply.media: {"schema": reply.schema} if reply.schema is not None else {}}
    if reply.headers:
        out["headers"] = {
            name: {"description": text, "schema": {"type": "string"}} for name, text in reply.headers.items()
        }
    return out


def document_route(app: AppDocs) -> Route:
    """GET /openapi.json, for the app's /_sandbox mount: its document, built from the routes it serves."""

    @documented(
        Operation(
            "This document: the OpenAPI 3.1 description of the controls",
            REFERENCE_TAG,
            {200: Reply("The document.", {"type": "object", "required": ["openapi", "paths"]})},
            auth=None,
        )
    )
    async def openapi_json(request: Request) -> Response:
        return JSONResponse(openapi(app, request.app.routes))

    return Route("/openapi.json", openapi_json, methods=["GET"], name="sandbox_openapi")


# What each app's GET /_sandbox/docs says of itself.
PAGE = Operation(
    "This reference, as a page",
    REFERENCE_TAG,
    {200: Reply("The page.", media=HTML)},
    query=(Param("lang", "The page's language.", {"enum": list(LANGUAGES)}),),
    auth=None,
)


# -- the reference page ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ReferenceOperation:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    auth: str | None  # the security scheme's name
    parameters: list[dict[str, Any]]
    body: str | None  # the request body's schema, as indented JSON
    body_media: str | None
    responses: list[tuple[str, str, str]]  # (status, description, media type or "")


@dataclass(frozen=True)
class ReferenceSection:
    tag: str
    description: str
    operations: list[ReferenceOperation]

    @property
    def anchor(self) -> str:
        return "tag-" + re.sub(r"[^a-z0-9]+", "-", self.tag.lower()).strip("-")


def reference(document: Mapping[str, Any]) -> list[ReferenceSection]:
    """The document's operations grouped by tag, in the tags' order, ready for a template."""
    by_tag: dict[str, list[ReferenceOperation]] = {tag["name"]: [] for tag in document["tags"]}
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            content = op.get("requestBody", {}).get("content", {})
            media, schema = next(iter(content.items()), (None, None))
            by_tag[op["tags"][0]].append(
                ReferenceOperation(
                    anchor=op["operationId"],
                    method=method.upper(),
                    path=path,
                    summary=op["summary"],
                    description=op.get("description", ""),
                    auth=next(iter(op["security"][0]), None) if op["security"] else None,
                    parameters=op["parameters"],
                    body=json.dumps(schema["schema"], indent=2) if schema else None,
                    body_media=media,
                    responses=[
                        (status, reply["description"], ", ".join(reply.get("content", {})))
                        for status, reply in op["responses"].items()
                    ],
                )
            )
    return [
        ReferenceSection(tag["name"], tag["description"], by_tag[tag["name"]])
        for tag in document["tags"]
        if by_tag[tag["name"]]
    ]
