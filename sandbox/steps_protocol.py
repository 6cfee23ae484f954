"""QBO's steps as the two apps exchange them: the kinds and pull triggers of the emulator's
`GET /_sandbox/steps`, which the provider's dashboard merges into a connection's timeline.

One home for the names both sides spell (emulator/steps.py records them, link_ui/dashboard/timeline.py
reads them), as sandbox/feed_protocol.py is for the feed protocol.
"""

from __future__ import annotations

from enum import StrEnum

INSTITUTION = "qbo.institution"
SIGN_IN = "qbo.sign_in"
CONNECT = "qbo.connect"
PULL = "qbo.pull"
DISCONNECT = "qbo.disconnect"
KINDS = (INSTITUTION, SIGN_IN, CONNECT, PULL, DISCONNECT)


class Trigger(StrEnum):
    """What started a pull."""

    UPDATE = "update"  # the user's Update
    AUTOMATIC = "automatic"  # the interval puller, or the pull right after Connect or Edit sign-in info
    NIGHTLY = "nightly"  # QBO's nightly pull (emulator/nightly.py)
