"""QBO Bank Feeds Sandbox: the `qbo-sandbox` command, the launcher of both apps, and the public API."""
