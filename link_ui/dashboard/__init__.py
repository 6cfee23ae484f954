"""The sandbox dashboard at /_sandbox/dashboard: one tenant's whole state on one screen, and each
connection's journey across both apps (its timeline)."""

from link_ui.dashboard import journey_pages
from link_ui.dashboard.routes import routes as _home

routes = [*journey_pages.routes, *_home]

__all__ = ["routes"]
