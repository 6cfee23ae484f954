"""The emulator's side of the feed protocol: one client over httpx that returns the protocol's shapes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

import httpx

from sandbox import feed_protocol as fp

UNREACHABLE: Literal["unreachable"] = "unreachable"
T = TypeVar("T")


class FeedClientError(Exception):
    """A feed call failed: `code` is the provider's FeedErrorCode, or "unreachable" (QBO's error 102)."""

    def __init__(self, code: fp.FeedErrorCode | Literal["unreachable"], message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def needs_new_credentials(self) -> bool:
        return self.code in (fp.FeedErrorCode.INVALID_CREDENTIALS, fp.FeedErrorCode.INVALID_TOKEN)


class FeedClient:
    def __init__(self, http: httpx.AsyncClient, base_url: str) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")

    async def institution(self, tenant_id: str) -> fp.Institution:
        data = await self._call("GET", fp.INSTITUTION_PATH.format(tenant_id=tenant_id))
        return self._parse(fp.Institution.from_json, data)

    async def sign_in(self, sign_in: fp.SignIn) -> fp.FeedSession:
        data = await self._call("POST", fp.SESSIONS_PATH, json=sign_in.to_json())
        return self._parse(fp.FeedSession.from_json, data)

    async def link(self, token: str, request: fp.LinkRequest) -> fp.LinkResult:
        data = await self._call("POST", fp.LINKS_PATH, token=token, json=request.to_json())
        return self._parse(fp.LinkResult.from_json, data)

    async def transactions(
        self, token: str, account_id: str, after: str | None, limit: int | None = None
    ) -> fp.TransactionPage:
        """One page of transactions after the cursor `after`; at most `limit` (the provider's default: MAX_PAGE)."""
        params = {"after": after} if after else {}
        if limit is not None:
            params["limit"] = str(min(limit, fp.MAX_PAGE))
        path = fp.TRANSACTIONS_PATH.format(account_id=account_id)
        data = await self._call("GET", path, token=token, params=params or None)
        return self._parse(fp.TransactionPage.from_json, data)

    async def disconnect(self, token: str, account_id: str) -> fp.LinkedAccount:
        data = await self._call("POST", fp.DISCONNECT_PATH.format(account_id=account_id), token=token)
        return self._parse(fp.LinkedAccount.from_json, data)

    # -- plumbing ---------------------------------------------------------------------------
    async def _call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json: Any = None,
        params: dict[str, str] | None = None,
    ) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            response = await self.http.request(method, self.base_url + path, headers=headers, json=json, params=params)
        except httpx.HTTPError as exc:
            raise FeedClientError(UNREACHABLE, f"the provider did not answer: {exc}") from None
        if response.status_code >= 500:
            raise FeedClientError(UNREACHABLE, f"the provider answered {response.status_code}")
        try:
            data = response.json()
        except ValueError:
            raise FeedClientError(UNREACHABLE, "the provider's answer is not JSON") from None
        if response.status_code >= 400:
            try:
                error = fp.FeedError.from_json(data)
            except fp.FeedProtocolError:
                raise FeedClientError(UNREACHABLE, f"the provider answered {response.status_code}") from None
            raise FeedClientError(error.code, error.message)
        return data

    @staticmethod
    def _parse(reader: Callable[[Any], T], data: Any) -> T:
        try:
            return reader(data)
        except fp.FeedProtocolError as exc:
            raise FeedClientError(UNREACHABLE, f"the provider's answer has the wrong shape: {exc}") from None
