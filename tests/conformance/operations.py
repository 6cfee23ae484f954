"""Codat's operations that the sandbox serves, and the SDK models each one's answers must satisfy.

This is the extension point for new endpoints: an operation gets a line in `OPERATIONS` (its method,
path template and, per status, every installed SDK's model of the body), and from then on every test
that calls it checks its responses (recording.py, oracle.py). A success on a Codat path with no line
here fails the test that caused it, so a new endpoint cannot go unchecked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from codat_bankfeeds.models import shared as bf
from codat_platform.models import shared as pf
from pydantic import BaseModel

from sandbox import feed_protocol


@dataclass(frozen=True)
class OneOf:
    """A body that must match at least one of these shapes (Codat's `oneOf`)."""

    shapes: tuple[Shape, ...]


@dataclass(frozen=True)
class ListOf:
    item: Shape


Shape = type[BaseModel] | OneOf | ListOf
EMPTY: tuple[Shape, ...] = ()  # a response without a JSON body


@dataclass(frozen=True)
class Operation:
    """One Codat operation: its method, path template and, per success status, the shapes it must satisfy."""

    method: str
    path: str
    responses: dict[int, tuple[Shape, ...]]

    def matches(self, method: str, path: str) -> bool:
        pattern = re.sub(r"\\\{[A-Za-z]+\\\}", "[^/]+", re.escape(self.path))
        return method == self.method and re.fullmatch(pattern, path) is not None


# Every SDK that models an operation is listed: the body has to satisfy all of them.
COMPANY = (bf.Company, pf.Company)
CONNECTION = (bf.Connection, pf.Connection)
PUSH_OPERATION = (bf.PushOperation, pf.PushOperation)
ERROR = (bf.ErrorMessage, pf.ErrorMessage)
SOURCE_ACCOUNT = OneOf((bf.SourceAccountV2, bf.SourceAccount))
BATCH = (
    ListOf(
        OneOf(
            (
                bf.SourceAccountV2BatchCreateResponse,
                bf.SourceAccountBatchCreateResponse,
                bf.SourceAccountBatchErrorResponse,
            )
        )
    ),
)

COMPANIES = "/companies"
ONE_COMPANY = COMPANIES + "/{companyId}"
CONNECTIONS = ONE_COMPANY + "/connections"
ONE_CONNECTION = CONNECTIONS + "/{connectionId}"
ACCOUNTS = ONE_CONNECTION + "/connectionInfo/bankFeedAccounts"
TRANSACTIONS = "/bankAccounts/{accountId}/bankTransactions"

OPERATIONS: list[Operation] = [
    Operation("POST", COMPANIES, {200: COMPANY}),
    Operation("GET", COMPANIES, {200: (bf.Companies, pf.Companies)}),
    Operation("GET", ONE_COMPANY, {200: COMPANY}),
    Operation("PUT", ONE_COMPANY, {200: COMPANY}),
    Operation("PATCH", ONE_COMPANY, {200: COMPANY}),
    Operation("DELETE", ONE_COMPANY, {204: EMPTY}),
    Operation("POST", CONNECTIONS, {200: CONNECTION}),
    Operation("GET", CONNECTIONS, {200: (bf.Connections, pf.Connections)}),
    Operation("GET", ONE_CONNECTION, {200: CONNECTION}),
    Operation("PATCH", ONE_CONNECTION, {200: CONNECTION}),
    Operation("DELETE", ONE_CONNECTION, {200: EMPTY}),
    Operation("POST", ACCOUNTS + "/credentials", {200: (bf.BankAccountCredentials,)}),
    Operation("DELETE", ACCOUNTS + "/credentials", {204: EMPTY}),
    Operation("POST", ACCOUNTS + "/batch", {201: BATCH, 207: BATCH, 409: BATCH}),
    Operation("POST", ACCOUNTS, {200: (SOURCE_ACCOUNT,)}),
    Operation("GET", ACCOUNTS, {200: (ListOf(SOURCE_ACCOUNT),)}),
    Operation("PATCH", ACCOUNTS + "/{accountId}", {200: (bf.SourceAccount,)}),
    Operation("DELETE", ACCOUNTS + "/{accountId}", {204: EMPTY}),
    Operation("POST", ONE_CONNECTION + "/push" + TRANSACTIONS, {200: (bf.CreateBankTransactionsResponse,)}),
    Operation("GET", ONE_CONNECTION + "/options" + TRANSACTIONS, {200: (bf.PushOption,)}),
    Operation("GET", ONE_COMPANY + "/push", {200: (bf.PushOperations, pf.PushOperations)}),
    Operation("GET", ONE_COMPANY + "/push/{pushOperationKey}", {200: PUSH_OPERATION}),
    # The Platform API's own: webhook consumers, integrations, the profile.
    Operation("GET", "/webhooks", {200: (pf.WebhookConsumers,)}),
    Operation("POST", "/webhooks", {201: (pf.WebhookConsumer,)}),
    Operation("DELETE", "/webhooks/{webhookId}", {204: EMPTY}),
    Operation("GET", "/integrations", {200: (pf.Integrations,)}),
    Operation("GET", "/integrations/{platformKey}", {200: (pf.Integration,)}),
    Operation("GET", "/integrations/{platformKey}/branding", {200: (pf.Branding,)}),
    Operation("GET", "/profile", {200: (pf.Profile,)}),
    Operation("PUT", "/profile", {200: (pf.Profile,)}),
]

# The sandbox's own surfaces, which no Codat SDK reads: their successes are not checked here.
NOT_CODAT = ("/_sandbox/", feed_protocol.PREFIX + "/")


def find_operation(method: str, path: str) -> Operation | None:
    return next((op for op in OPERATIONS if op.matches(method, path)), None)
