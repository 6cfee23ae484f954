"""`python -m qbo_sandbox`: the `qbo-sandbox` command."""

import sys

from qbo_sandbox.cli import main

sys.exit(main())
