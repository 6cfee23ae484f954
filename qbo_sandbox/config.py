"""`serve`'s options: each flag, the QBO_SANDBOX_ variable named after it, and its default, resolved
into one SandboxConfig. A flag wins over its variable, which wins over the default."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sandbox.servers import display_host

PULL_MODES = ("interval", "daily")
WEBHOOK_RETRIES = ("codat", "fast")  # link_ui.settings.RETRY_SCHEDULES
LOG_LEVELS = ("debug", "info", "warning", "error")


def dashboard_url(provider_url: str) -> str:
    """Where the provider at `provider_url` serves its dashboard."""
    return provider_url.rstrip("/") + "/_sandbox/dashboard/"


class ConfigError(ValueError):
    """A variable or flag that cannot be used, said in one line."""


@dataclass(frozen=True)
class SandboxConfig:
    host: str = "127.0.0.1"
    provider_port: int = 8000
    qbo_port: int = 8001
    data_dir: Path | None = Path(".sandbox")  # None: --memory
    api_keys: tuple[str, ...] = ()
    pull_interval_seconds: float = 5.0
    pull_mode: str = "interval"
    nightly_pull_at: dt.time = dt.time(2, 0)
    webhook_retries: str = "codat"
    public_url: str | None = None  # None: from the host and port
    qbo_public_url: str | None = None
    log_level: str = "warning"

    @property
    def provider_url(self) -> str:
        """The provider as its users reach it: the base of every linkUrl, and what `serve` prints."""
        return self.public_url or self.provider_local_url

    @property
    def dashboard_url(self) -> str:
        """The provider's dashboard (sign in with an API key): what `serve` and `seed` print."""
        return dashboard_url(self.provider_url)

    @property
    def qbo_url(self) -> str:
        """QuickBooks as its users reach it: where the Link UI sends them, and what `serve` prints."""
        return self.qbo_public_url or self.qbo_local_url

    @property
    def qbo_local_url(self) -> str:
        """QuickBooks as this process reaches it, for the provider's calls to its controls."""
        return f"http://{display_host(self.host)}:{self.qbo_port}"

    @property
    def provider_local_url(self) -> str:
        """The provider as this process reaches it, for QuickBooks' feed-protocol calls."""
        return f"http://{display_host(self.host)}:{self.provider_port}"


def _switch(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("", "0", "false", "no", "off"):
        return False
    raise ValueError("not 1/0, true/false, yes/no or on/off")


def _port(text: str) -> int:
    if not text.strip().isdigit():
        raise ValueError("not a whole number")
    port = int(text)
    if not 0 < port < 65536:
        raise ValueError("not a port from 1 to 65535")
    return port


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise ValueError("not a number of seconds") from None
    if not 0 <= seconds < 86400:
        raise ValueError("not a number of seconds from 0 (only on Update) to a day")
    return seconds


def _time_of_day(text: str) -> dt.time:
    try:
        return dt.time.fromisoformat(text.strip())
    except ValueError:
        raise ValueError("not a time of day like 02:00") from None


def _url(text: str) -> str:
    if not text.startswith(("http://", "https://")) or len(text) < 10:
        raise ValueError("not an http:// or https:// URL")
    return text.rstrip("/")


def _keys(text: str) -> tuple[str, ...]:
    return tuple(key.strip() for key in text.split(",") if key.strip())


def _one_of(*allowed: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in allowed:
            raise ValueError("not " + " or ".join(allowed))
        return text

    return parse


@dataclass(frozen=True)
class Option:
    flag: str
    help: str
    default: object
    parse: Callable[[str], object] = str
    metavar: str | None = None

    @property
    def env(self) -> str:
        return "QBO_SANDBOX_" + self.flag.removeprefix("--").upper().replace("-", "_")

    @property
    def dest(self) -> str:
        return self.flag.removeprefix("--").replace("-", "_")


OPTIONS = (
    Option("--host", "interface to listen on (`::` or `0.0.0.0`: every interface)", "127.0.0.1", metavar="HOST"),
    Option("--provider-port", "Bank Feeds API and Link UI port", 8000, _port, "PORT"),
    Option("--qbo-port", "QuickBooks Online emulator port", 8001, _port, "PORT"),
    Option("--data-dir", "where state persists, one SQLite file per app", Path(".sandbox"), Path, "DIR"),
    Option("--memory", "keep nothing after the process ends (instead of --data-dir)", False, _switch),
    Option(
        "--api-key",
        "accept only this API key (repeatable; comma-separated in the variable); by default any key is a tenant",
        (),
        _keys,
        "KEY",
    ),
    Option(
        "--pull-interval",
        "how often QBO pulls new transactions by itself (0: only on Update)",
        5.0,
        _seconds,
        "SECONDS",
    ),
    Option(
        "--pull-mode",
        "interval (every --pull-interval, and nightly) or daily (only the nightly pull)",
        "interval",
        _one_of(*PULL_MODES),
        "MODE",
    ),
    Option(
        "--nightly-pull-at",
        "when QBO's nightly pull runs, in each sandbox day (UTC), in both pull modes",
        dt.time(2, 0),
        _time_of_day,
        "HH:MM",
    ),
    Option(
        "--webhook-retries",
        "codat (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h of sandbox time) or fast (1, 5, 30 s)",
        "codat",
        _one_of(*WEBHOOK_RETRIES),
        "SCHEDULE",
    ),
    Option(
        "--public-url",
        "the provider's address as its users reach it (behind a port mapping or a proxy): linkUrl, redirect, "
        "the printed URLs; default http://HOST:PROVIDER_PORT",
        None,
        _url,
        "URL",
    ),
    Option(
        "--qbo-public-url",
        "the QBO emulator's address as its users reach it; default http://HOST:QBO_PORT",
        None,
        _url,
        "URL",
    ),
    Option("--log-level", "uvicorn's log level", "warning", _one_of(*LOG_LEVELS), "LEVEL"),
)


def add_serve_options(parser: argparse.ArgumentParser) -> None:
    """Every option as a flag whose default is None, so that `resolve` can tell a flag from a variable."""
    where = parser.add_mutually_exclusive_group()
    for option in OPTIONS:
        shown = f"{option.help} [{option.env}]" + (
            "" if option.default in (None, (), False) else f" (default {option.default})"
        )
        target = where if option.flag in ("--data-dir", "--memory") else parser
        if option.parse is _switch:
            target.add_argument(option.flag, action="store_true", default=None, help=shown)
        elif option.parse is _keys:
            target.add_argument(option.flag, action="append", dest=option.dest, metavar=option.metavar, help=shown)
        else:
            target.add_argument(option.flag, type=_flag_type(option), metavar=option.metavar, help=shown)


def _flag_type(option: Option) -> Callable[[str], object]:
    def parse(text: str) -> object:
        try:
            return option.parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"{text!r} is {exc}") from None

    return parse


def resolve(args: argparse.Namespace, env: Mapping[str, str]) -> SandboxConfig:
    """The configuration: each flag given, else its variable, else its default; ConfigError names a bad variable."""
    values: dict[str, Any] = {}
    from_env: set[str] = set()
    for option in OPTIONS:
        given = getattr(args, option.dest, None)
        if given is not None:
            values[option.dest] = tuple(given) if option.parse is _keys else given
        elif option.env in env:
            try:
                values[option.dest] = option.parse(env[option.env])
            except ValueError as exc:
                raise ConfigError(f"{option.env}={env[option.env]!r} is {exc}.") from None
            from_env.add(option.dest)
        else:
            values[option.dest] = option.default
    memory = bool(values.pop("memory"))
    if memory and {"memory", "data_dir"} <= from_env:
        raise ConfigError("QBO_SANDBOX_MEMORY and QBO_SANDBOX_DATA_DIR are both set: choose one.")
    if memory and "data_dir" not in from_env and args.data_dir is not None:
        memory = False  # --data-dir on the command line wins over QBO_SANDBOX_MEMORY
    data_dir = values.pop("data_dir")
    values["data_dir"] = None if memory else Path(data_dir)
    values["api_keys"] = tuple(values.pop("api_key"))
    values["pull_interval_seconds"] = values.pop("pull_interval")
    return SandboxConfig(**values)
