"""The journey timeline's merge of both apps' steps: one step per shared moment, in the journey's order."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from link_ui.api.refusals import Refusal, Why
from link_ui.codat import PushStatus
from link_ui.dashboard.routes import catalogues, namer, templates
from link_ui.dashboard.timeline import CAN_FAIL, KIND_ORDER, Step, journey, provider_steps, qbo_steps

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def at(seconds: float) -> str:
    return (T0 + dt.timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def row(
    kind: str,
    seconds: float,
    detail: dict[str, Any] | None = None,
    *,
    failed: bool = False,
    cid: str | None = None,
    real: float | None = None,
) -> dict[str, Any]:
    """A provider row; `real`: when the host recorded it (by default, as the sandbox time says)."""
    return {
        "at": at(seconds),
        "kind": kind,
        "failed": int(failed),
        "detail": json.dumps(detail or {}),
        "correlation_id": cid,
        "recorded": T0.timestamp() + (seconds if real is None else real),
    }


def qbo(
    kind: str, seconds: float, detail: dict[str, Any] | None = None, *, failed: bool = False, real: float | None = None
) -> dict[str, Any]:
    recorded = T0.timestamp() + (seconds if real is None else real)
    return {
        "id": "1",
        "at": at(seconds),
        "kind": kind,
        "realmId": "r",
        "failed": failed,
        "detail": detail or {},
        "recorded": recorded,
    }


ACCOUNT = {"sourceAccountId": "a-1", "sourceName": "Checking", "qboAccount": "Checking", "startDate": "2026-02-01"}


def kinds(steps: list[Step]) -> list[tuple[str, str]]:
    return [(s.kind, s.source) for s in steps]


def test_a_frozen_clock_journey_comes_out_in_journey_order_with_shared_moments_once() -> None:
    provider = [
        row("connection.created", 0, cid="c1", real=1),
        row("link.opened", 0, real=2),
        row("credentials.issued", 0, {"username": "AAAA-BBBB-CCCC"}, real=3),
        row("feed.sign_in", 0, {"username": "AAAA-BBBB-CCCC"}, real=5),
        row("feed.link", 0, {"accounts": [{**ACCOUNT, "feedStartDate": "2026-02-23"}]}, real=6),
        row("push.created", 0, {"key": "k1", "count": 3}, cid="c2", real=7),
        row("push.completed", 0, {"key": "k1", "status": "Success", "count": 3}, real=8),
    ]
    from_qbo = [
        qbo("qbo.institution", 0, {"institution": "Northwind"}, real=4),
        qbo("qbo.sign_in", 0, {"username": "aaaa-bbbb-cccc"}, real=5.1),
        qbo("qbo.connect", 0, {"accounts": [{**ACCOUNT, "feedStartDate": "2026-02-23"}]}, real=6.1),
        qbo("qbo.pull", 0, {"trigger": "update", "rows": 3}, real=9),
    ]

    steps = journey(provider_steps(provider, {"c1": 7, "c2": 9}), qbo_steps(from_qbo))

    assert kinds(steps) == [
        ("connection.created", "provider"),
        ("link.opened", "provider"),
        ("credentials.issued", "provider"),
        ("institution", "qbo"),
        ("sign_in", "both"),
        ("connect", "both"),
        ("push.created", "provider"),
        ("push.completed", "provider"),
        ("pull", "qbo"),
    ]
    assert [s.journal_id for s in steps if s.kind.startswith("push")] == [9, 9]  # the outcome links to its write
    assert steps[0].journal_id == 7
    assert steps[5].detail["accounts"][0]["feedStartDate"] == "2026-02-23"


def test_one_frozen_instant_follows_the_order_the_apps_recorded_it_in() -> None:
    provider = [
        row("credentials.revoked", 0, {"count": 1}, real=1),
        row("push.refused", 0, {"count": 1, "message": "revoked"}, failed=True, real=2),
    ]
    from_qbo = [qbo("qbo.pull", 0, {"trigger": "update", "rows": 0, "error": "103"}, failed=True, real=3)]

    steps = journey(provider_steps(provider, {}), qbo_steps(from_qbo))

    assert kinds(steps) == [("credentials.revoked", "provider"), ("push.refused", "provider"), ("pull", "qbo")]


def test_steps_follow_sandbox_time_and_a_refused_sign_in_pairs_with_the_refusal_only() -> None:
    provider = [
        row("feed.sign_in", 10, {"username": "U-1", "reason": "password"}, failed=True),
        row("feed.sign_in", 20, {"username": "U-1"}),
        row("account.disconnected", 10 * 86400, {"sourceAccountId": "a-1"}),
    ]
    from_qbo = [
        qbo("qbo.sign_in", 10, {"username": "u-1", "reason": "Sign-in failed [Error 103]"}, failed=True),
        qbo("qbo.sign_in", 20, {"username": "u-1"}),
        qbo("qbo.pull", 86400, {"trigger": "nightly", "rows": 2}),
    ]

    steps = journey(provider_steps(provider, {}), qbo_steps(from_qbo))

    assert kinds(steps) == [
        ("sign_in", "both"),
        ("sign_in", "both"),
        ("pull", "qbo"),
        ("account.disconnected", "provider"),
    ]
    assert steps[0].failed and steps[0].detail["reason"] == "password"  # the provider's, which the catalogue names
    assert not steps[1].failed
    assert steps[2].scheduled and steps[3].scheduled


def test_quiet_automatic_pulls_fold_into_one_step_and_unknown_kinds_are_left_out() -> None:
    from_qbo = [qbo("qbo.pull", n, {"trigger": "automatic", "rows": 0}) for n in range(4)]
    from_qbo += [qbo("qbo.something_new", 5), qbo("qbo.pull", 6, {"trigger": "automatic", "rows": 2})]

    steps = journey([], qbo_steps(from_qbo))

    assert [(s.kind, s.folded, s.detail.get("rows")) for s in steps] == [("pull", 4, 0), ("pull", 1, 2)]
    assert steps[0].until == T0 + dt.timedelta(seconds=3)


def test_every_title_the_timeline_can_show_is_in_both_catalogues() -> None:
    titles = {Step(T0, kind, "provider").title_key for kind in KIND_ORDER}
    titles |= {Step(T0, kind, "provider", failed=True).title_key for kind in CAN_FAIL}
    titles |= {Step(T0, "push.completed", "provider", detail={"status": s.value}).title_key for s in PushStatus}
    for lang in ("en", "fr"):
        assert titles - set(catalogues.messages[lang]) == set()


def test_a_sign_in_only_quickbooks_refused_is_named_by_its_error_number_in_the_readers_language() -> None:
    refused = qbo_steps(
        [qbo("qbo.sign_in", 0, {"username": "U-1", "reason": "Error [102]", "error": "102"}, failed=True)]
    )
    paired = journey(
        provider_steps([row("feed.sign_in", 0, {"username": "U-2", "reason": "password"}, failed=True)], {}),
        qbo_steps([qbo("qbo.sign_in", 0, {"username": "u-2", "reason": "…", "error": "103"}, failed=True)]),
    )

    def shown(step: Step, lang: str) -> str:
        t = catalogues.translator(lang)

        return " ".join(
            templates.get_template("_step_detail.html").render(s=step, t=t, named=namer(lang), lang=lang).split()
        )

    assert shown(refused[0], "fr") == '<p class="step-detail">Jeu d&#39;identifiants U-1 · Erreur 102</p>'
    assert shown(paired[0], "en").endswith("Credential set U-2 · wrong password</p>")  # the provider's reason


def test_a_write_refused_or_failed_says_why_in_the_readers_language() -> None:
    whys = [
        Why(Refusal.CONNECTION_NOT_LINKED, status="Unlinked"),
        Why(Refusal.DISCONNECTED_IN_QBO),
        Why(Refusal.ACCOUNT_NOT_CONNECTED, status="disconnected"),
        Why(Refusal.CREDENTIALS_REVOKED),
        Why(Refusal.ACCOUNT_GONE),
        Why(Refusal.QBO_RULES, count=3),
        Why(Refusal.TIMED_OUT, count=1),
        Why(Refusal.FAULT, status="Failed"),
        Why(Refusal.MAGIC_VALUE, status="TimedOut", marker="[sandbox:timeout]"),
        Why(Refusal.SANDBOX_ERROR),
    ]
    assert {why.refusal for why in whys} == set(Refusal)

    def said(why: Why, kind: str, lang: str) -> str:
        detail = {"count": 2, "sourceName": "Checking", "status": "Failed", "message": why.message, **why.detail()}
        (step,) = provider_steps([row(kind, 0, detail, failed=True)], {})
        html = templates.get_template("_step_detail.html").render(
            s=step, t=catalogues.translator(lang), named=namer(lang), lang=lang
        )
        return " ".join(html.split())

    french = [said(why, kind, "fr") for why in whys for kind in ("push.refused", "push.completed")]
    english = [said(why, kind, "en") for why in whys for kind in ("push.refused", "push.completed")]
    assert all("2 opérations vers Checking" in text and "{" not in text for text in french), french
    assert not any(
        why.message in text for why, text in zip([why for why in whys for _ in (0, 1)], french, strict=True)
    )  # not the API's English
    assert "La connexion est « Déliée », pas « Liée »" in french[0]
    assert "Le compte source est « déconnecté » et non « connecté »" in french[4]
    assert "(3 erreurs de validation)" in french[10]
    assert "Non traité en 1 minute" in french[12]
    assert "Terminé à l&#39;état « Délai dépassé » : la valeur magique [sandbox:timeout]" in french[16]
    assert "The connection is Unlinked, not Linked" in english[0]
    assert "Not processed within 1 minute</p>" in english[12]


def test_a_step_stored_before_refusals_had_names_still_shows_its_message() -> None:
    (step,) = provider_steps([row("push.refused", 0, {"count": 1, "message": "Some older words"}, failed=True)], {})
    html = templates.get_template("_step_detail.html").render(
        s=step, t=catalogues.translator("fr"), named=namer("fr"), lang="fr"
    )
    assert "Some older words" in html
