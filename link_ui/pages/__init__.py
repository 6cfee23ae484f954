"""The Link UI: the pages an SMB user opens from a linkUrl (English and French)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from link_ui.pages import credentials, screens, start, status

routes: list[BaseRoute] = [*start.routes, *screens.routes, *credentials.routes, *status.routes]

__all__ = ["routes"]
