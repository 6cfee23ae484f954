"""Which fields of Codat's response objects are left out, rather than sent as `null`, when empty.

Codat's spec has three kinds of field: required; optional and nullable; optional and NOT nullable.
A `null` in the last kind breaks strict clients (Codat's TypeScript SDK validates every response and
rejects it), so each object the API answers with names its fields of that kind here, once, and
`Shape.compact` drops them when they hold `None`. Every serialiser passes its dict through its shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Shape:
    name: str  # the object's name in Codat's spec
    optional: frozenset[str]  # optional and not nullable: absent when there is no value

    def compact(self, body: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in body.items() if value is not None or key not in self.optional}


def shape(name: str, *optional: str) -> Shape:
    return Shape(name, frozenset(optional))


COMPANY = shape(
    "Company", "description", "lastSync", "created", "products", "tags",
    "referenceParentCompany", "referenceSubsidiaryCompanies", "dataConnections",
)  # fmt: skip
CONNECTION = shape("Connection", "integrationKey", "lastSync")
# One shape for both prototypes: v1's feedStartDate may not be null (v2's may), and an update
# answers with the v1 schema, so an account without a start date leaves it out in either.
SOURCE_ACCOUNT = shape("SourceAccount", "currency", "modifiedDate", "feedStartDate", "routingInfo")
BATCH_ITEM = shape("SourceAccountBatchCreateResponse", "sourceAccountId", "result")
BATCH_RESULT = shape("SourceAccountBatchCreateResult", "statusCode", "account")
CREDENTIALS = shape("BankAccountCredentials", "username", "password")
PUSH_OPERATION = shape("PushOperation", "dataType", "completedOnUtc", "validation", "data")
PAGE = shape("Links", "next", "previous")  # a page's _links: no next on the last page, no previous on the first
ERROR_MESSAGE = shape(
    "ErrorMessage", "statusCode", "service", "error", "correlationId", "canBeRetried", "detailedErrorCode"
)
# The Platform API's objects. A webhook consumer's companyTags may be null in the spec; it is left out
# alike when the consumer has none.
PROFILE = shape("Profile", "logoUrl", "iconUrl", "whiteListUrls")
WEBHOOK_CONSUMER = shape("WebhookConsumer", "companyTags")
