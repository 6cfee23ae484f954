"""Signing in and out of the QBO emulator, and creating a sandbox company by hand."""

from __future__ import annotations

import math

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from emulator.context import SignInRequired, checked_form, current_user, language, page, redirect, state
from sandbox.security import verify_password_off_loop
from sandbox.tenancy import AuthError, authenticate, basic_header

DEFAULT_SANDBOX_KEY = "demo"
# A fixed hash to check against when the email is unknown, so both failures take the same time.
_NO_USER_HASH = "scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


async def home(request: Request) -> Response:
    try:
        await current_user(request)
    except SignInRequired:
        return RedirectResponse(request.url_for("sign_in"), status_code=303)
    return RedirectResponse(request.url_for("banking"), status_code=303)


async def sign_in_page(request: Request) -> Response:
    email = request.query_params.get("email", "")[:200]  # prefilled after Create a sandbox company
    return page(request, "signin.html", {"email": email})


async def sign_in(request: Request) -> Response:
    form = await checked_form(request)
    email = str(form.get("email") or "").strip()
    password = str(form.get("password") or "")
    guard, address = state(request).sign_in_guard, request.client.host if request.client else ""
    if wait := guard.retry_after(email, address):  # before the password is even checked
        context = {"email": email, "throttled_minutes": math.ceil(wait / 60)}
        return page(request, "signin.html", context, status_code=429, headers={"Retry-After": str(wait)})
    user = await state(request).store.user_by_email(email) if email else None
    ok = await verify_password_off_loop(password, user["password_hash"] if user else _NO_USER_HASH)
    if user is None or not ok:
        guard.failed(email, address)
        return page(request, "signin.html", {"email": email, "error": True})
    guard.succeeded(email)
    lang = request.session.get("lang") or user["locale"]
    request.session.clear()  # a new session id for the new sign-in
    request.session.update({"user_id": int(user["id"]), "realm_id": user["realm_id"], "lang": lang})
    return redirect(request, str(request.url_for("banking")))


async def sign_out(request: Request) -> Response:
    await checked_form(request)
    lang = request.session.get("lang")
    request.session.clear()
    if lang:
        request.session["lang"] = lang
    return redirect(request, str(request.url_for("sign_in")))


async def create_company_page(request: Request) -> Response:
    return page(request, "create_company.html", {"form": {}})


async def create_company(request: Request) -> Response:
    form = await checked_form(request)
    values = {k: str(form.get(k) or "").strip() for k in ("company_name", "api_key", "view")}
    settings = state(request).settings
    errors: list[str] = []
    company = values["company_name"] or "Sandbox Company"
    if len(company) > 100:
        errors.append("create.error.name_length")
    view = values["view"] if values["view"] in ("accounting", "business") else "accounting"
    try:
        tenant_id = authenticate(basic_header(values["api_key"] or DEFAULT_SANDBOX_KEY), settings.api_keys)
    except AuthError:
        errors.append("create.error.api_key")
        tenant_id = ""
    if errors:
        return page(request, "create_company.html", {"form": values, "errors": errors})
    lang = language(request)
    realm = await state(request).store.create_realm(tenant_id, company, view, lang)
    return page(
        request,
        "company_created.html",
        {"realm": realm, "company": company},
    )


routes = [
    Route("/", home, methods=["GET"], name="home"),
    Route("/signin", sign_in_page, methods=["GET"], name="sign_in"),
    Route("/signin", sign_in, methods=["POST"]),
    Route("/signout", sign_out, methods=["POST"], name="sign_out"),
    Route("/signup", create_company_page, methods=["GET"], name="create_company"),
    Route("/signup", create_company, methods=["POST"]),
]
