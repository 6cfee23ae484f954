"""The QBO emulator's settings: typed, with defaults. `qbo-sandbox serve` fills them from its flags
and QBO_SANDBOX_* variables (qbo_sandbox/config.py), the one place the environment is read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class QboSettings:
    public_url: str = "http://127.0.0.1:8001"
    provider_url: str = "http://127.0.0.1:8000"  # where the feed protocol is served
    data_dir: Path | None = Path(".sandbox")  # None: keep nothing (--memory)
    api_keys: tuple[str, ...] = ()  # empty: any key is accepted and becomes its own tenant
    pull_interval_seconds: float = 5.0  # automatic pulls; 0 turns them off
    pull_mode: str = "interval"  # "interval" (every pull_interval_seconds) or "daily" (the nightly pull only)
    nightly_pull_at: dt.time = dt.time(2, 0)  # QBO's nightly pull, in the realm's (UTC) day, in both modes
    peer_secret: bytes | None = None  # shared with the provider by the launcher (sandbox.peer); None: no peer
    update_wait_seconds: float = 1.0  # how long Update waits for its pull before showing progress
