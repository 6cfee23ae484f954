"""A connection's journey across both apps: the provider's steps and QBO's, merged into one ordered list.

Where both apps saw the same moment (QBO signing in with a credential set, linking the accounts, a
feed disconnected) the two records become one step from "both" apps. The steps are in sandbox-time
order; steps of the same instant (a frozen clock) keep the order each app recorded them in, QBO's
between the moments both apps share, and otherwise follow the real time each was recorded at (both
apps run on one host), then the journey's own order (KIND_ORDER).
Runs of automatic pulls that brought nothing fold into one step. A step from an API request links
to its request journal entry; a push's outcome links to the request that wrote it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from link_ui.codat import PushStatus
from link_ui.store import Row
from link_ui.store.journey import StepKind
from sandbox import steps_protocol as qbo
from sandbox.clock import parse_iso

# The kinds the timeline shows (its catalogue names each: timeline.kind.<kind>), in journey order.
KIND_ORDER: tuple[str, ...] = (
    StepKind.CONNECTION_CREATED,
    StepKind.LINK_OPENED,
    StepKind.CREDENTIALS_ISSUED,
    "institution",
    "sign_in",  # the provider's StepKind.SIGN_IN and QBO's, one step
    "connect",  # StepKind.LINK and QBO's Connect
    StepKind.PUSH_CREATED,
    StepKind.PUSH_REFUSED,
    StepKind.PUSH_COMPLETED,
    "pull",
    StepKind.CREDENTIALS_REVOKED,
    "disconnect",  # StepKind.DISCONNECT and QBO's
    StepKind.ACCOUNT_DISCONNECTED,
    StepKind.CONNECTION_UNLINKED,
)
_RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}
_PROVIDER_KINDS = {StepKind.SIGN_IN: "sign_in", StepKind.LINK: "connect", StepKind.DISCONNECT: "disconnect"}
_QBO_KINDS = {
    qbo.INSTITUTION: "institution",
    qbo.SIGN_IN: "sign_in",
    qbo.CONNECT: "connect",
    qbo.PULL: "pull",
    qbo.DISCONNECT: "disconnect",
}
PAIRED = ("sign_in", "connect", "disconnect")  # moments both apps record
CAN_FAIL = ("link.opened", "institution", "sign_in", "connect", "pull", "disconnect")  # with titles that say so
PAIR_WINDOW = dt.timedelta(minutes=2)  # of sandbox time: the two records of one moment
QUIET_TRIGGERS = (qbo.Trigger.AUTOMATIC,)  # pulls QBO makes by itself, every few seconds
SCHEDULED = ("account.disconnected",)  # what the provider's clock runs (QBO's: a nightly pull)
PUSH_OUTCOMES = tuple(s.value for s in PushStatus if s != PushStatus.PENDING)


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    kind: str  # one of KIND_ORDER
    source: str  # "provider", "qbo" or "both"
    failed: bool = False
    detail: dict[str, Any] = field(default_factory=dict)
    journal_id: int | None = None  # the request journal entry it came from
    folded: int = 1  # how many quiet automatic pulls this one stands for
    until: dt.datetime | None = None  # the last of them
    recorded: float = 0.0  # the host's real time when its app recorded it: orders one sandbox instant

    @property
    def scheduled(self) -> bool:
        """Ran on the sandbox clock: the provider's 10-day disconnect and its Unlinked, QBO's nightly pull."""
        if self.kind == "connection.unlinked":
            return self.detail.get("by") == "clock"
        return self.kind in SCHEDULED or (self.kind == "pull" and self.detail.get("trigger") == qbo.Trigger.NIGHTLY)

    @property
    def title_key(self) -> str:
        """Its title's catalogue key: by outcome for a push's end, else the kind's (`.failed` if it failed)."""
        if self.kind == "push.completed" and self.detail.get("status") in PUSH_OUTCOMES:
            return f"timeline.kind.push.completed.{self.detail['status']}"
        return f"timeline.kind.{self.kind}" + (".failed" if self.failed and self.kind in CAN_FAIL else "")

    def to_json(self) -> dict[str, Any]:
        """What the page shows of it (its digest tells a poll whether anything changed)."""
        return {
            "at": self.at.isoformat(),
            "kind": self.kind,
            "source": self.source,
            "failed": self.failed,
            "detail": self.detail,
            "journal": self.journal_id,
            "folded": self.folded,
        }


def provider_steps(rows: Iterable[Row], journal_ids: dict[str, int]) -> list[Step]:
    """The provider's rows as steps, each linked to its journal entry while the journal has it."""
    steps = []
    for row in rows:
        kind = _PROVIDER_KINDS.get(row["kind"], row["kind"])
        if kind not in _RANK:
            continue
        journal_id = journal_ids.get(row["correlation_id"]) if row["correlation_id"] else None
        at, detail = parse_iso(row["at"]), json.loads(row["detail"])
        steps.append(Step(at, kind, "provider", bool(row["failed"]), detail, journal_id, recorded=row["recorded"]))
    return steps


def qbo_steps(items: Iterable[dict[str, Any]]) -> list[Step]:
    """QBO's steps (its GET /_sandbox/steps), skipping any it may add that this dashboard doesn't know."""
    steps = []
    for item in items:
        kind = _QBO_KINDS.get(str(item.get("kind")))
        try:
            at = parse_iso(str(item["at"]))
        except (KeyError, ValueError):
            continue
        detail, recorded = item.get("detail"), item.get("recorded")
        if kind is not None:
            steps.append(
                Step(
                    at,
                    kind,
                    "qbo",
                    item.get("failed") is True,
                    detail if isinstance(detail, dict) else {},
                    recorded=float(recorded)
                    if isinstance(recorded, int | float) and not isinstance(recorded, bool)
                    else 0.0,
                )
            )
    return steps


def journey(provider: Sequence[Step], qbo: Sequence[Step]) -> list[Step]:
    """Both apps' steps as one journey, in order (see the module's docstring)."""
    merged, anchors = _pair(provider, qbo)
    ordered = _interleave(merged, qbo, anchors)
    ordered.sort(key=lambda step: step.at)  # stable: same-instant steps keep the causal order
    return _fold_quiet_pulls(_from_the_write(ordered))


def _same_moment(mine: Step, theirs: Step) -> bool:
    if mine.kind != theirs.kind or mine.failed != theirs.failed or abs(mine.at - theirs.at) > PAIR_WINDOW:
        return False
    if mine.kind == "sign_in":
        return str(mine.detail.get("username", "")).upper() == str(theirs.detail.get("username", "")).upper()
    return _account_ids(mine) == _account_ids(theirs)


def _account_ids(step: Step) -> frozenset[str]:
    if step.kind == "disconnect":
        return frozenset([str(step.detail.get("sourceAccountId"))])
    accounts = step.detail.get("accounts")
    return (
        frozenset(str(a.get("sourceAccountId")) for a in accounts if isinstance(a, dict))
        if isinstance(accounts, list)
        else frozenset()
    )


def _pair(provider: Sequence[Step], qbo: Sequence[Step]) -> tuple[list[Step], dict[int, int]]:
    """The provider's steps with each moment QBO saw too made one step of both; and which of QBO's
    steps (by index) became which of those (by index), in increasing order of both."""
    merged = list(provider)
    anchors: dict[int, int] = {}
    start = 0  # pairs keep both apps' orders: never pair behind an earlier pair
    for q_index, theirs in enumerate(qbo):
        if theirs.kind not in PAIRED:
            continue
        for p_index in range(start, len(provider)):
            mine = provider[p_index]
            if _same_moment(mine, theirs):
                merged[p_index] = replace(mine, source="both", detail=_both(mine, theirs))
                anchors[q_index] = p_index
                start = p_index + 1
                break
    return merged, anchors


def _both(mine: Step, theirs: Step) -> dict[str, Any]:
    """One moment's detail from both records: QBO's words for what it did, the provider's for the feed."""
    if mine.kind != "connect":
        return {**theirs.detail, **{k: v for k, v in mine.detail.items() if v is not None}}
    by_id = {a.get("sourceAccountId"): a for a in mine.detail.get("accounts", []) if isinstance(a, dict)}
    accounts = [
        {**a, **by_id.get(a.get("sourceAccountId"), {})}
        for a in theirs.detail.get("accounts", [])
        if isinstance(a, dict)
    ]
    return {**theirs.detail, **mine.detail, "accounts": accounts}


def _interleave(merged: Sequence[Step], qbo: Sequence[Step], anchors: dict[int, int]) -> list[Step]:
    """QBO's own steps between the moments both apps share, merged with the provider's there."""
    out: list[Step] = []
    p_next = 0
    pending: list[Step] = []
    for q_index, theirs in enumerate(qbo):
        if q_index not in anchors:
            pending.append(theirs)
            continue
        p_anchor = anchors[q_index]
        out += _merge(merged[p_next:p_anchor], pending)
        out.append(merged[p_anchor])
        p_next, pending = p_anchor + 1, []
    return out + _merge(merged[p_next:], pending)


def _merge(left: Sequence[Step], right: Sequence[Step]) -> list[Step]:
    """Two causally ordered lists as one, keeping each list's own order: by sandbox time, then (one
    frozen instant) by the real time each app recorded them at (both run on one host), then by the
    journey's order."""
    out: list[Step] = []
    i = j = 0
    while i < len(left) and j < len(right):
        if _order(right[j]) < _order(left[i]):
            out.append(right[j])
            j += 1
        else:
            out.append(left[i])
            i += 1
    return out + list(left[i:]) + list(right[j:])


def _order(step: Step) -> tuple[dt.datetime, float, int]:
    return step.at, step.recorded, _RANK[step.kind]


def _from_the_write(steps: list[Step]) -> list[Step]:
    """A push's outcome links to the journal entry of the request that wrote it, and names its account."""
    written = {s.detail.get("key"): s for s in steps if s.kind == "push.created"}
    out = []
    for step in steps:
        write = written.get(step.detail.get("key")) if step.kind == "push.completed" else None
        if write is not None:
            detail = {"sourceName": write.detail.get("sourceName"), **step.detail}
            step = replace(step, journal_id=step.journal_id or write.journal_id, detail=detail)
        out.append(step)
    return out


def _quiet(step: Step) -> bool:
    return (
        step.kind == "pull"
        and not step.failed
        and step.detail.get("trigger") in QUIET_TRIGGERS
        and not step.detail.get("rows")
    )


def _fold_quiet_pulls(steps: list[Step]) -> list[Step]:
    """Automatic pulls that brought nothing, one after another, are one step ("12 pulls, nothing new")."""
    out: list[Step] = []
    for step in steps:
        last = out[-1] if out else None
        if last is not None and _quiet(step) and _quiet(last):
            out[-1] = replace(last, folded=last.folded + 1, until=step.at)
        else:
            out.append(step)
    return out
