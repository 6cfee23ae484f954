"""What the emulator's OpenAPI document says as a whole (its controls and its Accounting API subset):
title, tags, error replies, security schemes and the shapes several operations share. Each
operation's own documentation sits beside its handler."""

from __future__ import annotations

from sandbox.control_docs import BASIC_API_KEY, REFERENCE_TAG, AppDocs, Reply, Schema

ERROR: Schema = {
    "type": "object",
    "required": ["statusCode", "error"],
    "properties": {"statusCode": {"type": "integer"}, "error": {"type": "string"}},
}
FAULT: Schema = {
    "type": "object",
    "description": "QuickBooks Online's fault shape.",
    "required": ["Fault", "time"],
    "properties": {
        "Fault": {
            "type": "object",
            "required": ["Error", "type"],
            "properties": {
                "Error": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["Message", "code"],
                        "properties": {
                            "Message": {"type": "string"},
                            "Detail": {"type": "string"},
                            "code": {"type": "string"},
                        },
                    },
                },
                "type": {"type": "string"},
            },
        },
        "time": {"type": "string"},
    },
}
REALM_ID = "The QuickBooks company's id (`realmId`)."

QBO_DOCS = AppDocs(
    title="QBO Bank Feeds Sandbox: QuickBooks emulator",
    version="1",
    description=(
        "Controls of the QuickBooks Online emulator under /_sandbox/, authenticated per tenant with "
        "`Authorization: Basic base64(apiKey)` and answering errors as `{statusCode, error}`; and the "
        "subset of QuickBooks' Accounting API v3 it serves (Account, read-only), with "
        "`Authorization: Bearer <accessToken>` and QuickBooks' fault shape."
    ),
    errors={
        400: Reply("Bad input; `error` says what is wrong. Nothing was changed.", ERROR),
        401: Reply("The Authorization header is missing or names a key this sandbox does not accept.", ERROR),
        404: Reply("Nothing of that id for this tenant.", ERROR),
        502: Reply("The provider app did not answer, or answered what the emulator could not use.", ERROR),
        504: Reply("The provider took too long.", ERROR),
    },
    security_schemes={
        "apiKey": BASIC_API_KEY,
        "accessToken": {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from POST /_sandbox/realms/{realm_id}/token, for that company only.",
        },
    },
    prefixes=("/_sandbox/", "/v3/"),
    schemas={"Fault": FAULT},
    tags={
        "Health": "Readiness.",
        "Companies": "Sandbox QuickBooks companies (realms), their sign-in and Accounting API tokens.",
        "Clock": "The tenant's sandbox clock, owned by the provider app: these forward to it.",
        "Tenant": "A whole demo from a seed, the tenant's state as a snapshot, and a reset.",
        "Faults": "QuickBooks' errors 102, 103, 105 and 185, armed for a screen of the Link account flow or Update.",
        "Steps": "What QBO did in the tenant's journey, at sandbox time: for the provider's timeline.",
        "Accounting API": "QuickBooks Online Accounting API v3: Account, read-only.",
        REFERENCE_TAG: "This document and its readable page.",
    },
)
