"""The sandbox dashboard at /_sandbox/dashboard: one tenant's whole state on one screen."""

from link_ui.dashboard.routes import routes

__all__ = ["routes"]
