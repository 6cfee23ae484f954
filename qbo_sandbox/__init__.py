"""QBO Bank Feeds Sandbox: the `qbo-sandbox` command, the launcher of both apps, and this public API.

    from qbo_sandbox import SandboxApi, SourceAccount, start_sandbox

    sandbox = start_sandbox()                 # both apps in this process, on free loopback ports
    with SandboxApi(sandbox.provider_url, sandbox.qbo_url, "my-key") as api:
        connection = api.setup_connection("Bank of Dave", [SourceAccount("acc-1", "Everyday Checking")])
    sandbox.stop()

Names load when first used, so `import qbo_sandbox` (which pytest does for the plugin) loads no app.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sandbox.version import VERSION as __version__

if TYPE_CHECKING:
    from qbo_sandbox.launcher import start_sandbox
    from scenarios.api import Connection, Realm, SandboxApi, SandboxApiError, SeededDemo, SourceAccount
    from scenarios.catalogue import Journey, Scenario, catalogue
    from scenarios.pages.link_ui import ConnectPage, LinkErrorPage, SetupPage
    from scenarios.pages.qbo import (
        ENGLISH,
        FRENCH,
        BankTransactionsPage,
        ChooseAccountsPage,
        ConnectAccountPage,
        LinkCredentialsPage,
        Navigation,
        QboWords,
        SecurityCheckPage,
        SignInPage,
        TermsPage,
    )
    from scenarios.sandbox import RunningSandbox, SandboxUnreachable, connect

_HOMES = {
    "qbo_sandbox.launcher": ("start_sandbox",),
    "scenarios.sandbox": ("RunningSandbox", "SandboxUnreachable", "connect"),
    "scenarios.api": ("SandboxApi", "SandboxApiError", "SourceAccount", "Connection", "Realm", "SeededDemo"),
    "scenarios.catalogue": ("catalogue", "Journey", "Scenario"),
    "scenarios.pages.link_ui": ("ConnectPage", "SetupPage", "LinkErrorPage"),
    "scenarios.pages.qbo": (
        "SignInPage",
        "Navigation",
        "BankTransactionsPage",
        "ConnectAccountPage",
        "TermsPage",
        "LinkCredentialsPage",
        "SecurityCheckPage",
        "ChooseAccountsPage",
        "QboWords",
        "ENGLISH",
        "FRENCH",
    ),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "ENGLISH",
    "FRENCH",
    "BankTransactionsPage",
    "ChooseAccountsPage",
    "ConnectAccountPage",
    "ConnectPage",
    "Connection",
    "Journey",
    "LinkCredentialsPage",
    "LinkErrorPage",
    "Navigation",
    "QboWords",
    "Realm",
    "RunningSandbox",
    "SandboxApi",
    "SandboxApiError",
    "SandboxUnreachable",
    "Scenario",
    "SecurityCheckPage",
    "SeededDemo",
    "SetupPage",
    "SignInPage",
    "SourceAccount",
    "TermsPage",
    "__version__",
    "catalogue",
    "connect",
    "start_sandbox",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME_OF:
        raise AttributeError(f"module 'qbo_sandbox' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME_OF[name]), name)
    globals()[name] = value  # the next use is a plain lookup
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
