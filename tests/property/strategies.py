"""Hypothesis strategies for hostile JSON: any JSON value, and valid bodies with one part made wrong.

Bodies travel as text, so that what JSON can carry but Python's encoder would not produce gets sent
too: lone UTF-16 surrogates (escaped), numbers past 64 bits or past a double (`1e400`), NaN,
nesting far past any sane depth, and NUL characters.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

# Every code point, lone surrogates and NUL included (st.text leaves surrogates out by default).
ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None, exclude_categories=())
texts = st.text(ANY_CHARACTER, max_size=12) | st.sampled_from(["", " ", "\x00", "\ud800", "x" * 600, "checking"])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**31, 2**53 + 1, 2**63 - 1, 2**63, -(2**63) - 1]),
    st.floats(allow_nan=False, allow_infinity=False),
    texts,
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(texts, children, max_size=3),
    max_leaves=8,
)
# Raw text that no json.dumps gives: the reader must refuse each cleanly.
RAW_BODIES = [
    "",
    "{",
    "1e400",
    '{"name": NaN}',
    '{"name": Infinity}',
    "[" * 2000 + "]" * 2000,
    '{"a":' * 100 + "1" + "}" * 100,
    '"\\ud800"',
    '{"\\udfff": 1}',
    "null",
    "[]",
]
RAW_BYTES = [b"\xff\xfe", b'{"name": "\xed\xa0\x80"}']  # not UTF-8 (the second: a surrogate, encoded)


def as_text(value: Any) -> str:
    """JSON text for a value: lone surrogates escaped (they can't be encoded otherwise)."""
    return json.dumps(value, ensure_ascii=True)


@st.composite
def mutated(draw: st.DrawFn, valid: Any) -> Any:
    """`valid` with one value somewhere inside it replaced, or a key dropped or added."""
    value = json.loads(json.dumps(valid))  # a deep copy
    if not isinstance(value, dict | list) or not value or draw(st.integers(0, 9)) == 0:
        return draw(json_values)
    holder: Any = value
    while True:
        keys = list(holder) if isinstance(holder, dict) else list(range(len(holder)))
        key = draw(st.sampled_from(keys))
        child = holder[key]
        if isinstance(child, dict | list) and child and draw(st.booleans()):
            holder = child
            continue
        action = draw(st.integers(0, 5))
        if action == 0 and isinstance(holder, dict):
            del holder[key]
        elif action == 1 and isinstance(holder, dict):
            holder[draw(texts)] = draw(json_values)
        else:
            holder[key] = draw(json_values)
        return value


def bodies(valid: Any) -> st.SearchStrategy[bytes]:
    """Request bodies near `valid`: mutated copies, any JSON value, and the raw hostile ones."""
    return st.one_of(
        mutated(valid).map(as_text),
        mutated(valid).map(as_text),
        json_values.map(as_text),
        st.sampled_from(RAW_BODIES),
    ).map(str.encode) | st.sampled_from(RAW_BYTES)
