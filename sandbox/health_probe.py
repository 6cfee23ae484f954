"""`python -m sandbox.health_probe`: exits 0 when both apps answer /_sandbox/health, else 1 (the image's HEALTHCHECK).

It finds them where `serve` reads its configuration from the environment: QBO_SANDBOX_HOST,
QBO_SANDBOX_PROVIDER_PORT and QBO_SANDBOX_QBO_PORT (8000 and 8001 by default). Standard library only.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping

from sandbox.servers import HEALTH_PATH, display_host


def health_urls(env: Mapping[str, str]) -> list[str]:
    host = display_host(env.get("QBO_SANDBOX_HOST", "127.0.0.1"))
    ports = (env.get("QBO_SANDBOX_PROVIDER_PORT", "8000"), env.get("QBO_SANDBOX_QBO_PORT", "8001"))
    return [f"http://{host}:{port}{HEALTH_PATH}" for port in ports]


def main() -> int:
    for url in health_urls(os.environ):
        try:
            with urllib.request.urlopen(url, timeout=4) as response:  # noqa: S310 - an http URL we built
                if response.status != 200:
                    print(f"{url}: {response.status}", file=sys.stderr)
                    return 1
        except (urllib.error.URLError, OSError) as exc:
            print(f"{url}: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
