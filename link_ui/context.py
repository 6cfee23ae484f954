"""What a request handler needs: the app's state, and the tenant its Authorization header names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, cast

from starlette.requests import HTTPConnection, Request

from link_ui.errors import ApiError
from link_ui.faults import ApiFaultBook
from link_ui.journal import Journal
from link_ui.settings import ProviderSettings
from link_ui.store import ProviderStore
from link_ui.tenants import Tenant, Tenants
from link_ui.webhooks import Webhooks
from sandbox.scheduler import Scheduler
from sandbox.tenancy import AuthError, authenticate

if TYPE_CHECKING:
    from link_ui.api.push_worker import PushWorker


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


class Lifespan(TypedDict):
    """What the app's lifespan yields; each request's state is a copy of it."""

    app: AppState
    push_worker: PushWorker


def lifespan_state(request: HTTPConnection) -> Lifespan:
    return cast(Lifespan, request.scope["state"])


def state(request: HTTPConnection) -> AppState:
    return lifespan_state(request)["app"]


async def tenant_of(request: Request) -> Tenant:
    """The request's tenant, or a 401 in Codat's shape."""
    app_state = state(request)
    try:
        tenant_id = authenticate(request.headers.get("authorization"), app_state.settings.api_keys)
    except AuthError as exc:
        raise ApiError(401, str(exc), headers={"WWW-Authenticate": 'Basic realm="qbo-sandbox"'}) from None
    return await app_state.tenants.get(tenant_id)
