"""The provider app's settings: typed, read from the environment (QBO_SANDBOX_*) with defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# Webhook retries: Codat's schedule, or (QBO_SANDBOX_WEBHOOK_RETRIES=fast) a quick one for fast suites.
CODAT_RETRIES = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)
FAST_RETRIES = (1.0, 5.0, 30.0)
RETRY_SCHEDULES = {"codat": CODAT_RETRIES, "fast": FAST_RETRIES}


@dataclass(frozen=True)
class ProviderSettings:
    public_url: str = "http://127.0.0.1:8000"  # the base of every linkUrl
    data_dir: Path | None = Path(".sandbox")  # None: keep nothing (--memory)
    api_keys: tuple[str, ...] = ()  # empty: any key is accepted and becomes its own tenant
    qbo_url: str = "http://127.0.0.1:8001"  # where the Link UI sends the user to sign in to QBO
    max_body_bytes: int = 5 * 1024 * 1024
    push_delay_seconds: float = 0.0  # how long a push operation stays Pending before it is processed
    webhook_retry_delays: tuple[float, ...] = CODAT_RETRIES  # sandbox seconds between delivery attempts

    @classmethod
    def from_env(cls, **overrides: object) -> ProviderSettings:
        env = os.environ
        values: dict[str, object] = {}
        if "QBO_SANDBOX_PROVIDER_URL" in env:
            values["public_url"] = env["QBO_SANDBOX_PROVIDER_URL"].rstrip("/")
        if "QBO_SANDBOX_QBO_URL" in env:
            values["qbo_url"] = env["QBO_SANDBOX_QBO_URL"].rstrip("/")
        if "QBO_SANDBOX_DATA_DIR" in env:
            values["data_dir"] = Path(env["QBO_SANDBOX_DATA_DIR"]) if env["QBO_SANDBOX_DATA_DIR"] else None
        if env.get("QBO_SANDBOX_WEBHOOK_RETRIES") in RETRY_SCHEDULES:
            values["webhook_retry_delays"] = RETRY_SCHEDULES[env["QBO_SANDBOX_WEBHOOK_RETRIES"]]
        if env.get("QBO_SANDBOX_API_KEYS"):
            values["api_keys"] = tuple(k for k in env["QBO_SANDBOX_API_KEYS"].split(",") if k)
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
