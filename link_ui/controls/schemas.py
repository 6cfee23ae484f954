"""What the provider's controls document says as a whole: its title, tags, error replies and the
JSON shapes several controls share. Each control's own documentation sits beside its handler."""

from __future__ import annotations

from sandbox.control_docs import BASIC_API_KEY, REFERENCE_TAG, AppDocs, Reply, Schema

ERROR: Schema = {
    "type": "object",
    "description": "Codat's ErrorMessage.",
    "required": ["statusCode", "service", "error", "correlationId", "canBeRetried", "detailedErrorCode"],
    "properties": {
        "statusCode": {"type": "integer"},
        "service": {"type": "string"},
        "error": {"type": "string", "description": "What went wrong, in words a developer can act on."},
        "correlationId": {"type": "string"},
        "canBeRetried": {"type": "string"},
        "detailedErrorCode": {"type": "integer"},
        "validation": {
            "type": ["object", "null"],
            "properties": {
                "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ValidationItem"}},
                "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/ValidationItem"}},
            },
        },
    },
}
VALIDATION_ITEM: Schema = {
    "type": "object",
    "properties": {
        "itemId": {"type": ["string", "null"]},
        "message": {"type": "string"},
        "validatorName": {"type": "string"},
    },
}
PROVIDER_DOCS = AppDocs(
    title="QBO Bank Feeds Sandbox: provider controls",
    version="1",
    description=(
        "Controls of the provider app (the Codat-compatible side), under /_sandbox/. They act on the tenant "
        "that the API key names, like the Bank Feeds API: send `Authorization: Basic base64(apiKey)`. "
        "Every error is Codat's ErrorMessage."
    ),
    errors={
        400: Reply("Bad input; `error` and `validation` say what is wrong. Nothing was changed.", ERROR),
        401: Reply("The Authorization header is missing or names a key this sandbox does not accept.", ERROR),
        404: Reply("Nothing of that id for this tenant.", ERROR),
    },
    security_schemes={"apiKey": BASIC_API_KEY},
    schemas={"ValidationItem": VALIDATION_ITEM},
    tags={
        "Health": "Readiness.",
        "Clock": "The tenant's sandbox clock, which both apps read.",
        "Tenant": "The tenant's Link UI settings, its whole state as a snapshot, and a reset.",
        "Requests": "The journal of the API requests (Bank Feeds and Platform) this tenant sent.",
        "Faults": "Errors and latency armed for API operations, and forced push outcomes.",
        "Webhooks": "Consumers (endpoints), signing secret, sample events and the delivery log.",
        "Dashboard": "The dashboard's browser pages (HTML forms with a CSRF token).",
        REFERENCE_TAG: "This document and its readable page.",
    },
)
