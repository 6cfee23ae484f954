"""The provider app's settings: typed, with defaults. `qbo-sandbox serve` fills them from its flags
and QBO_SANDBOX_* variables (qbo_sandbox/config.py), the one place the environment is read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Webhook retries: Codat's schedule, or (`--webhook-retries fast`) a quick one for fast suites.
CODAT_RETRIES = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)
FAST_RETRIES = (1.0, 5.0, 30.0)
RETRY_SCHEDULES = {"codat": CODAT_RETRIES, "fast": FAST_RETRIES}


@dataclass(frozen=True)
class ProviderSettings:
    public_url: str = "http://127.0.0.1:8000"  # the base of every linkUrl
    data_dir: Path | None = Path(".sandbox")  # None: keep nothing (--memory)
    api_keys: tuple[str, ...] = ()  # empty: any key is accepted and becomes its own tenant
    qbo_url: str = "http://127.0.0.1:8001"  # where the Link UI sends the user to sign in to QBO
    qbo_local_url: str | None = None  # where this process reaches QBO's controls; None: qbo_url
    peer_secret: bytes | None = None  # shared with QBO by the launcher (sandbox.peer); None: no peer
    max_body_bytes: int = 5 * 1024 * 1024
    push_delay_seconds: float = 0.0  # how long a push operation stays Pending before it is processed
    webhook_retry_delays: tuple[float, ...] = CODAT_RETRIES  # sandbox seconds between delivery attempts

    @property
    def qbo_control_url(self) -> str:
        """QBO as the provider calls it (its schedule, its steps): local when the public URL is a proxy's."""
        return self.qbo_local_url or self.qbo_url
