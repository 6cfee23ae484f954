"""What a submitted HTML form may hold: the rule both apps' form readers apply before a handler runs.

Only text fields (no file uploads), each at most MAX_FIELD characters, with text that can be stored
and shown again (sandbox.json_body.text_problem) and no control characters but tab and line breaks.
A form that breaks the rule is answered with a page in the user's language, and nothing is stored.
"""

from __future__ import annotations

from starlette.datastructures import FormData

from sandbox.json_body import text_problem

MAX_FIELD = 2000  # characters: far more than any field of these forms needs
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def form_problem(form: FormData) -> str | None:
    """Why the form can't be taken (for the log, not the user), or None."""
    for name, value in form.multi_items():
        if not isinstance(value, str):
            return f"field {name!r} is a file upload"
        for text in (name, value):
            if len(text) > MAX_FIELD:
                return f"field {name[:40]!r} is longer than {MAX_FIELD} characters"
            if reason := text_problem(text):
                return reason
            if any(ord(c) < 32 and c not in _ALLOWED_CONTROLS for c in text) or "\x7f" in text:
                return f"field {name[:40]!r} has a control character"
    return None
