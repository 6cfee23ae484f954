"""Infrastructure shared by both apps: clock, SQLite, security, tenancy, i18n, the feed protocol.

Nothing here knows about Codat's API or QuickBooks' pages; those live in `link_ui` and `emulator`.
"""
