"""What a request handler needs: the app's state, and the tenant its Authorization header names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypedDict, cast

import httpx
from starlette.requests import HTTPConnection, Request

from link_ui.authentication import caller_of
from link_ui.errors import ApiError
from link_ui.faults import ApiFaultBook
from link_ui.journal import Journal
from link_ui.settings import ProviderSettings
from link_ui.store import ProviderStore
from link_ui.tenants import Tenant, Tenants
from link_ui.webhooks import Webhooks
from sandbox.scheduler import Scheduler


class Worker(Protocol):
    """What a request asks of the push worker (link_ui.api.push_worker.PushWorker): look for work now."""

    def wake(self) -> None: ...


@dataclass
class AppState:
    """Opened by the lifespan; handlers reach it as `state(request)`."""

    settings: ProviderSettings
    store: ProviderStore
    tenants: Tenants
    secret: bytes  # the install secret: OTPs and session cookies derive from it
    journal: Journal
    webhooks: Webhooks
    faults: ApiFaultBook
    scheduler: Scheduler  # time-driven work on each tenant's clock (link_ui.timed, webhook retries)
    qbo: httpx.AsyncClient  # to QBO's controls (link_ui.qbo_controls): one pool for every poll and run


class Lifespan(TypedDict):
    """What the app's lifespan yields; each request's state is a copy of it."""

    app: AppState
    push_worker: Worker


def lifespan_state(request: HTTPConnection) -> Lifespan:
    return cast(Lifespan, request.scope["state"])


def state(request: HTTPConnection) -> AppState:
    return lifespan_state(request)["app"]


async def tenant_of(request: Request) -> Tenant:
    """The request's tenant (authenticated once, by AuthenticationMiddleware), or a 401 in Codat's shape."""
    caller = caller_of(request.scope)
    if caller.tenant_id is None:
        raise ApiError(401, caller.refusal, headers={"WWW-Authenticate": 'Basic realm="qbo-sandbox"'})
    return await state(request).tenants.get(caller.tenant_id)
