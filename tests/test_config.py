"""`serve`'s options resolved from flags and QBO_SANDBOX_ variables: the flag wins, a bad value is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from qbo_sandbox.cli import _parser
from qbo_sandbox.config import ConfigError, SandboxConfig, resolve


def configured(*flags: str, **env: str) -> SandboxConfig:
    return resolve(_parser().parse_args(["serve", *flags]), env)


def test_defaults_without_flags_or_variables() -> None:
    assert configured() == SandboxConfig()


def test_a_variable_sets_what_its_flag_would_and_the_flag_wins() -> None:
    assert configured(QBO_SANDBOX_QBO_PORT="9001").qbo_port == 9001
    assert configured("--qbo-port", "9002", QBO_SANDBOX_QBO_PORT="9001").qbo_port == 9002
    assert configured(QBO_SANDBOX_API_KEY="a, b,").api_keys == ("a", "b")
    assert configured("--api-key", "c", QBO_SANDBOX_API_KEY="a,b").api_keys == ("c",)
    assert configured(QBO_SANDBOX_PULL_MODE="daily").pull_mode == "daily"


def test_memory_and_a_data_directory() -> None:
    assert configured(QBO_SANDBOX_MEMORY="yes").data_dir is None
    assert configured(QBO_SANDBOX_MEMORY="off").data_dir == Path(".sandbox")
    assert configured("--data-dir", "kept", QBO_SANDBOX_MEMORY="1").data_dir == Path("kept")
    assert configured("--memory", QBO_SANDBOX_DATA_DIR="kept").data_dir is None
    with pytest.raises(ConfigError, match="both set"):
        configured(QBO_SANDBOX_MEMORY="1", QBO_SANDBOX_DATA_DIR="kept")


def test_public_urls_are_what_users_see_and_qbo_still_calls_the_provider_locally() -> None:
    config = configured(
        "--host", "::", "--public-url", "https://feeds.example.test/", QBO_SANDBOX_QBO_PUBLIC_URL="http://q:1"
    )

    assert (config.provider_url, config.qbo_url) == ("https://feeds.example.test", "http://q:1")
    assert config.provider_local_url == "http://[::1]:8000"


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("QBO_SANDBOX_PROVIDER_PORT", "70000", "not a port from 1 to 65535"),
        ("QBO_SANDBOX_PULL_INTERVAL", "soon", "not a number of seconds"),
        ("QBO_SANDBOX_PULL_MODE", "hourly", "not interval or daily"),
        ("QBO_SANDBOX_MEMORY", "maybe", "not 1/0, true/false, yes/no or on/off"),
        ("QBO_SANDBOX_PUBLIC_URL", "feeds.example.test", "not an http:// or https:// URL"),
    ],
)
def test_a_value_that_cannot_be_used_is_named(variable: str, value: str, reason: str) -> None:
    with pytest.raises(ConfigError) as refused:
        configured(**{variable: value})

    assert str(refused.value) == f"{variable}={value!r} is {reason}."
