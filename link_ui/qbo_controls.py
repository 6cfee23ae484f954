"""The provider's calls to QBO's controls for one tenant: its schedule (link_ui.timed), its steps and
its companies (the dashboard, link_ui.dashboard.qbo_view).

The apps share no database. The provider asks as the tenant's peer (sandbox.peer), the trust a tenant
can't forge; without a peer secret (an app started alone) it asks with the caller's own Authorization
when there is one. `call` answers the JSON of a 200, or None when QBO does not answer, refuses, or
there is no way to ask: the provider then does without QBO's half.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from link_ui.context import AppState
from sandbox import peer

log = logging.getLogger("link_ui.qbo_controls")

QUICK = httpx.Timeout(3.0, connect=1.0)  # a dashboard poll must not hang on a QBO that is down
SLOW = httpx.Timeout(600.0, connect=2.0)  # running QBO's schedule may pull 100,000 transactions


async def call(
    app: AppState,
    tenant_id: str,
    method: str,
    path: str,
    *,
    params: dict[str, str] | None = None,
    body: dict[str, Any] | None = None,
    timeout: httpx.Timeout = QUICK,
    authorization: str | None = None,
) -> Any:
    if app.settings.peer_secret is not None:
        authorization = peer.header(app.settings.peer_secret, tenant_id)
    if authorization is None:
        return None
    url = app.settings.qbo_control_url + path
    try:
        answer = await app.qbo.request(
            method, url, params=params, json=body, headers={"Authorization": authorization}, timeout=timeout
        )
        return answer.json() if answer.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        log.info("QBO's controls did not answer at %s", url)
        return None
