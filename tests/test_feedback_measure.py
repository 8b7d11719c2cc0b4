"""The pure parts of the feedback stage: matching a reply to its original, measuring it against the
draft, redacting customer details, the report's figures; and the feedback rows on both state stores."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.feedback.match import answered, candidates
from pipeline.feedback.measure import above_quote, compare, outcome_of, reply_part, sentences, similarity
from pipeline.feedback.redact import names_in, redact
from pipeline.feedback.report import build, text
from pipeline.imap.sent import referenced_ids
from pipeline.message import MessageKey
from pipeline.state import Decision, StateStore, Store, open_state
from pipeline.state.feedback import DraftWritten, FeedbackStore, Measured, followup_key

DRAFT = """Hi Priya,

Thanks for your message. You were charged EUR 149.00 twice on 2 November.

Often the second charge is only a pending authorisation. Anna will check whether it was taken.
Expect an update by Monday 7 December, 13:00 CET.

Best regards,
Anna Berger (Billing)

On Mon, 23 Nov 2026 06:52 +0000, Priya Raman <priya@example.com> wrote:
> Hi, I was charged twice.
>
> Priya
"""


# -- matching --------------------------------------------------------------------------------------------


def test_in_reply_to_wins_then_references_newest_first() -> None:
    assert candidates("<b@x>", ["<a@x>", "<c@x>"]) == ["<b@x>", "<c@x>", "<a@x>"]
    assert answered("<b@x>", ["<a@x>"], {"<a@x>", "<b@x>"}) == "<b@x>"  # the customer's second message
    assert answered(None, ["<a@x>", "<z@x>"], {"<a@x>"}) == "<a@x>"  # a client that dropped In-Reply-To
    assert answered("<q@x>", [], {"<a@x>"}) is None


def test_referenced_ids_of_a_fetched_header_block_unfold_and_order() -> None:
    block = b"In-Reply-To: <b@x>\r\nReferences: <a@x>\r\n <c@x>\r\n\r\n"
    assert referenced_ids(block) == ["<b@x>", "<c@x>", "<a@x>"]
    assert referenced_ids(b"") == []


# -- measuring -------------------------------------------------------------------------------------------


def test_reply_part_drops_quote_sign_off_and_signature_on_both_sides() -> None:
    ours = reply_part(above_quote(DRAFT))
    assert ours.startswith("Hi Priya,") and ours.endswith("13:00 CET.")
    theirs = reply_part(DRAFT.replace("Anna Berger (Billing)", "Tom Agent\nSupport, Example GmbH\n+49 30 1"))
    assert similarity(ours, theirs) == 1.0  # the agent's own signature is no edit


def test_sentences_follow_the_language_and_join_wrapped_lines() -> None:
    assert sentences("Vielen Dank, z. B. am 3. November.\nWir haben\nerstattet.", "de") == [
        "Vielen Dank, z. B. am 3. November.", "Wir haben erstattet.",
    ]  # fmt: skip
    split = sentences("Hi Priya,\n\nThanks. Dr. Smith will call.", "en")
    assert split == ["Hi Priya,", "Thanks.", "Dr. Smith will call."]


def test_compare_unchanged_edited_added_rewritten() -> None:
    ours = reply_part(above_quote(DRAFT))
    same = compare(ours, ours)
    assert (same.outcome, same.similarity, same.deleted, same.added) == ("sent_as_drafted", 1.0, (), ())
    cut = compare(ours, ours.replace("Often the second charge is only a pending authorisation. ", ""))
    assert cut.outcome == "edited" and cut.deleted == ("Often the second charge is only a pending authorisation.",)
    more = compare(ours, ours + "\n\nSorry!")
    assert more.similarity >= 0.95 and more.outcome == "edited" and more.added == ("Sorry!",)  # a sentence is an edit
    typo = compare(ours, ours.replace("Thanks for your message.", "Thank you for your message."))
    assert typo.outcome == "sent_as_drafted" and len(typo.changed) == 1 and not typo.deleted
    rewrite = compare(ours, "Hello, fixed it today.\n\nTom")
    assert rewrite.outcome == "rewritten" and rewrite.similarity < 0.7
    assert len(rewrite.deleted) == 6 and not rewrite.kept


@pytest.mark.parametrize(("score", "moved", "outcome"), [
    (1.0, False, "sent_as_drafted"), (0.95, False, "sent_as_drafted"), (0.97, True, "edited"),
    (0.9499, False, "edited"), (0.7, False, "edited"), (0.6999, False, "rewritten"),
])  # fmt: skip
def test_outcome_bands(score: float, moved: bool, outcome: str) -> None:
    assert outcome_of(score, moved) == outcome


def test_redact_names_addresses_phones_and_long_numbers_but_not_dates_or_references() -> None:
    names = names_in("Priya Raman", "")
    out = redact("Call Priya on +49 30 1234 5600 or (030) 123 456, priya.raman@x.example; card 4417, "
                 "order 1234567, INV-2026-11-04821 of 12.11.2026. Ms RAMAN agreed.", names)  # fmt: skip
    assert out == ("Call [name] on [phone] or [phone], [email]; card 4417, order [number], INV-2026-11-[number]"
                   " of 12.11.2026. Ms [name] agreed.")  # fmt: skip


# -- report ----------------------------------------------------------------------------------------------


def _row(outcome: str | None, similarity: float | None = None, late: float | None = None, **extra: object) -> dict:
    row = {"template": "en/billing.j2", "intent": "billing.refund", "band": "high", "language": "en",
           "outcome": outcome, "similarity": similarity, "sentences": None, "late_seconds": late,
           "deadline": "2026-11-26T10:00:00+00:00", "answered": 0, "type": "billing", "urgency": "normal",
           "written_at": None, "sent_at": None}  # fmt: skip
    return {**row, **extra}


def test_report_totals_shares_medians_and_overdue_promises() -> None:
    edits = json.dumps({"deleted": ["Often it is pending."], "added": ["Sorry!"], "kept": [], "changed": []})
    rows = [
        _row("sent_as_drafted", 1.0, -60), _row("edited", 0.8, 7200, sentences=edits),
        _row("rewritten", 0.2, -10, template="de/billing.j2", language="de"), _row("not_used"), _row(None),
        _row("no_draft", late=None, template=None), _row(None, answered=1),
    ]  # fmt: skip
    report = build(rows, datetime(2026, 11, 27, tzinfo=UTC))
    t = report["totals"]
    counts = [t[k] for k in ("drafts", "sent_as_drafted", "edited", "rewritten", "not_used", "pending")]
    assert counts == [6, 1, 1, 1, 1, 2]
    assert t["shares"]["sent_as_drafted"] == 0.25 and t["median_similarity"] == 0.8
    # kept: two on time; missed: one late reply and one unanswered draft past its time (the answered one is not)
    promises = [t[k] for k in ("promises_kept", "promises_missed", "promises_overdue", "median_late_seconds")]
    assert promises == [2, 2, 1, 7200]
    assert t["corrections"] == 0 and t["answered_without_draft"] == 1
    assert report["deleted_most"] == [{"sentence": "Often it is pending.", "drafts": 1}]
    assert report["by_language"]["de"]["rewritten"] == 1 and report["by_template"]["en/billing.j2"]["drafts"] == 5
    assert "1 sent as drafted 25%" in text(report) and "Often it is pending." in text(report)
    assert build([], datetime(2026, 11, 27, tzinfo=UTC))["totals"]["shares"]["edited"] is None


def test_report_counts_followups_apart_and_a_sent_followup_keeps_the_promise() -> None:
    edits = json.dumps({"deleted": [], "added": ["Thanks for waiting."], "kept": [], "changed": []})
    rows = [
        _row(None, late=-600, sent_at=1.0),  # answered by its follow-up in time; the first draft still waits
        _row(None),  # nothing went out, past its time: overdue
        _row("edited", 0.9, -600, kind="followup", sentences=edits, sent_at=1.0),
        _row(None, kind="followup"),
    ]  # fmt: skip
    report = build(rows, datetime(2026, 11, 27, tzinfo=UTC))
    t = report["totals"]
    assert [t[k] for k in ("drafts", "pending", "edited", "followups")] == [2, 2, 0, 2]
    assert [t[k] for k in ("promises_kept", "promises_missed", "promises_overdue")] == [1, 1, 1]
    follow = report["followups"]
    assert [follow[k] for k in ("drafts", "edited", "pending", "median_similarity")] == [2, 1, 1, 0.9]
    assert follow["added_most"] == [{"sentence": "Thanks for waiting.", "drafts": 1}] and report["added_most"] == []
    assert sum(g["drafts"] for g in report["by_template"].values()) == 2
    assert "follow-up drafts: 2 (0 sent as drafted 0%, 1 edited 100%," in text(report)


# -- the feedback rows -----------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """A fresh state store of each kind (the feedback queries are the same SQL on both)."""
    if request.param == "sqlite":
        return StateStore(tmp_path / "state.sqlite3")
    return open_state(request.getfixturevalue("postgres_state"))


def test_feedback_rows_once_per_draft_and_a_late_reply_replaces_not_used(store: Store) -> None:
    state = store
    key = MessageKey("support", "INBOX", 7, "1")
    try:
        state.claim(key, Decision(message_id="<a@x>", deadline="2026-11-26T10:00:00+00:00", template="t"))
        state.mark_drafted(key, "9")
        feedback = FeedbackStore(state)
        feedback.record_drafts([DraftWritten(key, "<d@x>", "billing.refund", "en", "Hi.")])
        feedback.record_drafts([DraftWritten(key, "<e@x>", "other", "de", "Hallo.")])  # a rerun keeps the first
        (original,) = feedback.originals("support", ["<a@x>", "<nope@x>"]).values()
        assert (original.reply, original.language, original.outcome) == ("Hi.", "en", None)
        assert feedback.waiting("support") == [key]
        assert feedback.mark_not_used([key]) == 1 and feedback.waiting("support") == []
        measured = Measured("edited", 0.8, "{}", "<s@x>", 1.0, -5.0)
        assert feedback.save_measure(key, measured)  # the copy in Sent came after the draft was deleted
        assert not feedback.save_measure(key, measured)  # a second reply to the same original does not count
        (row,) = feedback.rows("support")
        assert [row[k] for k in ("outcome", "similarity", "intent", "template")] == [
            "edited",
            0.8,
            "billing.refund",
            "t",
        ]
        assert feedback.rows("support", since=row["written_at"] + 1) == []
        assert "0004_sent_feedback" in state.applied_migrations()
    finally:
        state.close()


def test_followup_rows_apart_and_a_sent_followup_is_the_first_reply(store: Store) -> None:
    state = store
    key = MessageKey("support", "INBOX", 7, "1")
    follow = followup_key(key)
    try:
        state.claim(key, Decision(message_id="<a@x>", deadline="2026-11-26T10:00:00+00:00", template="t"))
        state.mark_drafted(key, "9")
        feedback = FeedbackStore(state)
        feedback.record_drafts([DraftWritten(key, "<d@x>", "billing.refund", "en", "Hi.")], now=10.0)
        feedback.record_drafts([DraftWritten(follow, "<f@x>", None, "de", "Hallo, wir sind dran.")], now=20.0)
        original = feedback.originals("support", ["<a@x>"])["<a@x>"]
        assert (original.reply, original.draft_message_id) == ("Hi.", "<d@x>")
        assert (original.followup_reply, original.followup_message_id, original.followup_language) == (
            "Hallo, wir sind dran.", "<f@x>", "de")  # fmt: skip
        assert sorted(feedback.waiting("support"), key=str) == [key, follow]  # both looked for in Drafts

        # the follow-up goes out first: measured in its own row; the original's first reply, outcome pending
        assert feedback.save_measure(follow, Measured("sent_as_drafted", 1.0, "{}", "<s1@x>", 100.0, -50.0))
        assert feedback.save_first_reply(key, "<s1@x>", 100.0, -50.0)
        assert not feedback.save_first_reply(key, "<s2@x>", 200.0, 50.0)  # once
        # the first draft later: its outcome, the first reply's time kept
        assert feedback.save_measure(key, Measured("edited", 0.8, "{}", "<s3@x>", 300.0, 150.0))
        rows = {r["kind"]: r for r in feedback.rows("support")}
        assert [rows["draft"][k] for k in ("key", "outcome", "similarity", "sent_at", "late_seconds", "intent")] == [
            str(key), "edited", 0.8, 100.0, -50.0, "billing.refund"]  # fmt: skip
        assert [rows["followup"][k] for k in ("key", "outcome", "language", "template", "intent", "deadline")] == [
            str(follow), "sent_as_drafted", "de", "t", "billing.refund", "2026-11-26T10:00:00+00:00"]  # fmt: skip
        assert [r["kind"] for r in feedback.rows("support", since=15.0)] == ["followup"]
        assert feedback.rows("other") == []
    finally:
        state.close()
