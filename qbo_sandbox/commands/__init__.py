"""The `qbo-sandbox` subcommands, one module each; qbo_sandbox/cli.py parses and dispatches to them."""
