"""What a tenant's settings may hold: the rules PATCH /_sandbox/settings and PUT /profile share.

Each check returns Codat validation items (empty when the value is fine), named by the caller's
own field name, so that both doors refuse the same values with the same words.
"""

from __future__ import annotations

from typing import Any

from link_ui.errors import validation_item

NAME_MAX = 100
URL_MAX = 2000
URLS_MAX = 50
CALLOUT_MAX = {"title": 50, "body": 150}
Items = list[dict[str, Any]]


def name_errors(value: Any, field: str) -> Items:
    if isinstance(value, str) and value.strip() and len(value) <= NAME_MAX:
        return []
    return [validation_item(f"'{field}' must be 1 to {NAME_MAX} characters.", field)]


def image_errors(value: Any, field: str) -> Items:
    """A logo or icon: an http(s) URL, or a path on the sandbox itself; None is no image."""
    if value is None or (
        isinstance(value, str) and len(value) <= URL_MAX and value.startswith(("https://", "http://", "/"))
    ):
        return []
    return [validation_item(f"'{field}' must be an http(s) URL or null.", field)]


def _is_http(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= URL_MAX and value.startswith(("https://", "http://"))


def redirect_errors(value: Any, field: str) -> Items:
    if value == "" or _is_http(value):
        return []
    return [validation_item(f"'{field}' must be an http(s) URL, or empty.", field)]


def url_list_errors(value: Any, field: str) -> Items:
    if value is None or (isinstance(value, list) and len(value) <= URLS_MAX and all(_is_http(v) for v in value)):
        return []
    return [validation_item(f"'{field}' must be a list of at most {URLS_MAX} http(s) URLs.", field)]


def callout_errors(value: Any, field: str) -> Items:
    if value is None:
        return []
    if not isinstance(value, dict) or set(value) - {"en", "fr"}:
        return [validation_item(f"'{field}' must be an object with 'en' and/or 'fr'.", field)]
    errors: Items = []
    for lang, text in value.items():
        if not isinstance(text, dict) or set(text) - {"title", "body"}:
            errors.append(validation_item(f"'{field}.{lang}' must have 'title' and 'body'.", f"{field}.{lang}"))
            continue
        for part, limit in CALLOUT_MAX.items():
            if not isinstance(text.get(part, ""), str) or len(text.get(part, "")) > limit:
                where = f"{field}.{lang}.{part}"
                errors.append(validation_item(f"'{where}' must be text of at most {limit} characters.", where))
    return errors


# The settings control's fields (TenantSettings.to_json's keys) and the check of each.
SETTINGS_CHECKS = {
    "organizationName": name_errors,
    "logoUrl": image_errors,
    "callout": callout_errors,
    "iconUrl": image_errors,
    "redirectUrl": redirect_errors,
    "whiteListUrls": url_list_errors,
}


def checked(
    body: dict[str, Any], checks: dict[str, Any], *, ignored: frozenset[str] = frozenset(), noun: str = "a setting"
) -> Items:
    """Every problem with `body`: fields that are not known, then each known field's own."""
    unknown = sorted(set(body) - set(checks) - ignored)
    errors = [validation_item(f"'{key}' is not {noun}.", key) for key in unknown]
    for key, check in checks.items():
        if key in body:
            errors.extend(check(body[key], key))
    return errors
