"""What a request handler needs: the app's state, and the tenant its Authorization header names."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from link_ui.authentication import caller_of
from link_ui.errors import ApiError
from link_ui.faults import ApiFaultBook
from link_ui.journal import Journal
from link_ui.settings import ProviderSettings
from link_ui.store import ProviderStore
from link_ui.tenants import Tenant, Tenants
from link_ui.webhooks import Webhooks


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


def state(request: Request) -> AppState:
    app_state: AppState = request.state.app
    return app_state


async def tenant_of(request: Request) -> Tenant:
    """The request's tenant (authenticated once, by AuthenticationMiddleware), or a 401 in Codat's shape."""
    caller = caller_of(request.scope)
    if caller.tenant_id is None:
        raise ApiError(401, caller.refusal, headers={"WWW-Authenticate": 'Basic realm="qbo-sandbox"'})
    return await state(request).tenants.get(caller.tenant_id)
