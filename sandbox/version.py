"""The installed distribution's version, for `qbo-sandbox --version` and both apps' health."""

from __future__ import annotations

from importlib import metadata

try:
    VERSION = metadata.version("qbo-sandbox")
except metadata.PackageNotFoundError:  # run from a checkout that was never installed
    VERSION = "0+unknown"
