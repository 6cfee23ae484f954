"""The QBO emulator's settings: typed, read from the environment (QBO_SANDBOX_*) with defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class QboSettings:
    public_url: str = "http://127.0.0.1:8001"
    provider_url: str = "http://127.0.0.1:8000"  # where the feed protocol is served
    data_dir: Path | None = Path(".sandbox")  # None: keep nothing (--memory)
    api_keys: tuple[str, ...] = ()  # empty: any key is accepted and becomes its own tenant
    pull_interval_seconds: float = 5.0  # automatic pulls; 0 turns them off
    pull_mode: str = "interval"  # "interval" (every pull_interval_seconds) or "daily"
    update_wait_seconds: float = 1.0  # how long Update waits for its pull before showing progress

    @classmethod
    def from_env(cls, **overrides: object) -> QboSettings:
        env = os.environ
        values: dict[str, object] = {}
        if "QBO_SANDBOX_QBO_URL" in env:
            values["public_url"] = env["QBO_SANDBOX_QBO_URL"].rstrip("/")
        if "QBO_SANDBOX_PROVIDER_URL" in env:
            values["provider_url"] = env["QBO_SANDBOX_PROVIDER_URL"].rstrip("/")
        if "QBO_SANDBOX_DATA_DIR" in env:
            values["data_dir"] = Path(env["QBO_SANDBOX_DATA_DIR"]) if env["QBO_SANDBOX_DATA_DIR"] else None
        if env.get("QBO_SANDBOX_API_KEYS"):
            values["api_keys"] = tuple(k for k in env["QBO_SANDBOX_API_KEYS"].split(",") if k)
        if "QBO_SANDBOX_PULL_INTERVAL" in env:
            values["pull_interval_seconds"] = float(env["QBO_SANDBOX_PULL_INTERVAL"])
        if "QBO_SANDBOX_PULL_MODE" in env:
            values["pull_mode"] = env["QBO_SANDBOX_PULL_MODE"]
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
