"""The rubric set (tests/rubric/) is well-formed, and the rubric scorer (benchmarks/rubric.py) works.

Today's draft figures are not asserted here: they move as the drafts are rebuilt
(``.venv/bin/python benchmarks/draft_quality.py`` prints them).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from datetime import datetime
from email import message_from_bytes
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUBRIC = ROOT / "tests" / "rubric"


def _load_rubric():  # benchmarks/ is no package (and a foreign "benchmarks" package may be installed)
    spec = importlib.util.spec_from_file_location("rubric", ROOT / "benchmarks" / "rubric.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("rubric", module)
    spec.loader.exec_module(module)
    return module


rubric = _load_rubric()
EMLS = sorted(RUBRIC.glob("*.eml"))
NAMES = [p.stem for p in EMLS]


def note(**changes: object):
    base = {
        "name": "t", "now": datetime.fromisoformat("2026-11-24T09:20:00+01:00"), "language": "en",
        "type": "billing", "facts": [], "questions": [], "deadline": None, "given": [], "must_not": [],
    }  # fmt: skip
    base.update(changes)
    return rubric.Annotation(**base)


# --- the set ---------------------------------------------------------------------------------------------


def test_every_eml_has_a_toml_and_every_toml_an_eml() -> None:
    assert {p.stem for p in RUBRIC.glob("*.toml")} == set(NAMES)


def test_the_set_is_large_enough_and_in_three_languages() -> None:
    langs = [rubric.load_annotation(p.with_suffix(".toml")).language for p in EMLS]
    assert len(langs) >= 45
    assert langs.count("en") >= 18 and langs.count("de") >= 12 and langs.count("fr") >= 11


@pytest.mark.parametrize("name", NAMES)
def test_message_headers_are_realistic(name: str) -> None:
    raw = (RUBRIC / f"{name}.eml").read_bytes()
    msg = message_from_bytes(raw)
    for header in ("From", "To", "Subject", "Date", "Message-ID", "Content-Type"):
        assert msg.get(header), f"{name}: no {header}"
    assert "<" in str(msg["From"]) and "support@example.com" in str(msg["To"]).lower()
    date_header = str(msg["Date"])
    date = parsedate_to_datetime(date_header)
    assert date.year in (2026, 2027) and date.tzinfo is not None  # (mail around the turn of the year)
    weekday = re.match(r"\s*(\w{3}),", date_header)
    assert weekday and weekday.group(1) == date.strftime("%a"), f"{name}: {date_header} is not that weekday"
    assert any(part.get_content_charset() for part in msg.walk() if part.get_content_maintype() == "text")


@pytest.mark.parametrize("name", NAMES)
def test_annotation_loads_and_is_well_formed(name: str) -> None:
    a = rubric.load_annotation(RUBRIC / f"{name}.toml")
    date = rubric.message_date((RUBRIC / f"{name}.eml").read_bytes())
    assert date is not None and date < a.now, f"{name}: now must come after the Date header"
    assert (a.now - date).total_seconds() < 3600, f"{name}: now should be minutes after the Date header"
    assert a.language in ("en", "de", "fr")
    assert name.split("-")[0][:2] == a.language, f"{name}: file prefix and language differ"
    assert all(isinstance(f, list) and f and all(isinstance(s, str) for s in f) for f in a.facts)
    assert all(isinstance(g, list) and g for q in a.questions for g in q)
    assert a.facts or a.questions, f"{name}: nothing to check"


def test_the_set_covers_calm_and_deadlines_and_follow_ups_and_html() -> None:
    notes = [rubric.load_annotation(p.with_suffix(".toml")) for p in EMLS]
    assert sum(n.deadline == "calm" for n in notes) >= 2
    assert sum(isinstance(n.deadline, list) for n in notes) >= 10
    raws = [message_from_bytes(p.read_bytes()) for p in EMLS]
    assert sum(bool(m["In-Reply-To"]) for m in raws) >= 2
    assert sum(m.get_content_type() == "text/html" for m in raws) >= 2
    assert sum(m.get_content_type() == "multipart/alternative" for m in raws) >= 2


def test_a_bad_annotation_names_the_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text('now = "2026-11-24T09:20:00+01:00"\nlanguage = "es"\ntype = "billing"\n', encoding="utf-8")
    with pytest.raises(rubric.AnnotationError, match=r"x\.toml: language"):
        rubric.load_annotation(path)
    path.write_text('now = "2026-11-24T09:20:00"\nlanguage = "en"\ntype = "billing"\n', encoding="utf-8")
    with pytest.raises(rubric.AnnotationError, match="now"):
        rubric.load_annotation(path)
    path.write_text(
        'now = "2026-11-24T09:20:00+01:00"\nlanguage = "en"\ntype = "billing"\nfacts = ["INV-1"]\n', encoding="utf-8"
    )
    with pytest.raises(rubric.AnnotationError, match="facts"):
        rubric.load_annotation(path)


# --- the scorer -------------------------------------------------------------------------------------------

CUSTOMER = "We were charged EUR 149.00 twice for invoice INV-2026-11-04821. Can we add seats mid-term?"


def test_a_reply_that_names_the_facts_and_questions_passes() -> None:
    a = note(
        facts=[["EUR 149.00", "€149.00", "149.00"], ["INV-2026-11-04821"]],
        questions=[[["seat", "seats"], ["mid-term", "mid term", "during the term"]]],
        deadline=["Friday"],
    )
    reply = (
        "Hi Marcus,\n\nthe second charge of €149.00 on INV-2026-11-04821 is with our billing team; they will "
        "check it and write to you before Friday. Yes, you can add seats during the term; they are billed pro "
        "rata.\n\nBest regards,\nAnna"
    )
    s = rubric.score(reply, CUSTOMER, a)
    assert s.passed, s.failed
    assert s.questions_answered == 1 and s.deadline_met


def test_missing_fact_question_and_deadline_fail() -> None:
    a = note(facts=[["INV-2026-11-04821"]], questions=[[["seats"], ["mid-term"]]], deadline=["Friday"])
    s = rubric.score("Hello, thank you for your message. We will look into your invoice.", CUSTOMER, a)
    assert set(s.failed) >= {"facts", "questions", "deadline"}
    assert s.questions_answered == 0


def test_asking_for_what_was_given_fails_and_restating_it_does_not() -> None:
    a = note(given=["error", "browser", "since"])
    assert "given" in rubric.score("Could you send us the exact error message you see?", "", a).failed
    assert "given" in rubric.score("Which browser are you using?", "", a).failed
    assert "given" in rubric.score("Since when does this happen?", "", a).failed
    fine = "Thank you for the error message and the browsers. You see SSO-1042 in Chrome and Edge since Monday."
    assert "given" not in rubric.score(fine, "", a).failed
    assert "given" not in rubric.score("Let us know if the error message changes.", "", a).failed
    de = note(language="de", given=["error", "browser"])
    assert "given" in rubric.score("Bitte senden Sie uns die genaue Fehlermeldung.", "", de).failed
    assert "given" in rubric.score("Welchen Browser verwenden Sie?", "", de).failed
    fr = note(language="fr", given=["since"])
    assert "given" in rubric.score("Depuis quand le problème se produit-il ?", "", fr).failed


def test_must_not_and_calm() -> None:
    a = note(deadline="calm", must_not=["right away", "ASAP"])
    s = rubric.score("We will look at this right away.", "", a)
    assert "must_not" in s.failed and "deadline" in s.failed
    s = rubric.score("Since there is no rush, we will answer all three questions by Friday.", "", a)
    assert "must_not" not in s.failed and "deadline" not in s.failed
    assert not rubric.contains("the shipping address", "IP")  # whole words only
    assert rubric.contains("Votre remboursement", "rembours*")  # a trailing * is a prefix


def test_copied_share_on_a_constructed_example() -> None:
    customer = "the export stops at 87 percent every single time we try"
    # 10 words; the first 6 form a run of 6 found in the customer's text, then 4 of our own.
    reply = "The export stops at 87 percent, which we will check."
    assert rubric.words(reply) == ["the", "export", "stops", "at", "87", "percent", "which", "we", "will", "check"]
    assert rubric.copied_share(reply, customer) == pytest.approx(0.6)
    # runs of 4 do not count
    assert rubric.copied_share("export stops at 87 and then we check", customer) == 0.0
    assert rubric.copied_share("", customer) == 0.0
    s = rubric.score(reply, customer, note())
    assert "copied" in s.failed


def test_length_limit() -> None:
    s = rubric.score("word " * 221, "", note())
    assert s.words == 221 and "length" in s.failed
    assert "length" not in rubric.score("word " * 220, "", note()).failed


def test_language_check() -> None:
    de = note(language="de")
    english = "Thank you for your message. Our billing team will check the invoice and write to you by Friday."
    german = "Vielen Dank für Ihre Nachricht. Unser Team prüft die Rechnung und meldet sich bis Freitag bei Ihnen."
    assert "language" in rubric.score(english, "", de).failed
    assert "language" not in rubric.score(german, "", de).failed


def test_reply_part_stops_at_the_attribution_line() -> None:
    for attribution in (
        "On Thu, 19 Nov 2026 10:12 +0100, Laura Jensen <laura@x.example> wrote:",
        "Am 24.11.2026 um 08:52 schrieb Petra Neumann <p@x.example>:",
        "Le 25/11/2026 à 10:05, Céline Dupré <c@x.example> a écrit :",
    ):
        body = f"Hi,\n\nour reply.\n\nBest regards\n\n{attribution}\n> Hello,\n>\n> the original\n"
        assert rubric.reply_part(body) == "Hi,\n\nour reply.\n\nBest regards"
    assert rubric.reply_part("Just a reply.\n> quoted") == "Just a reply."


def test_summary_counts_a_missing_draft_as_failing() -> None:
    ok = rubric.score("The invoice INV-1 is with our team.", "", note(facts=[["INV-1"]]))
    summary = rubric.summarise([ok], skipped=1)
    assert summary["pass_all"] == {"n": 1, "of": 2, "share": 0.5}
    assert summary["words_median"] == ok.words


def test_an_ask_without_a_request_verb_and_across_languages() -> None:
    fr = note(language="fr", given=["error", "since"])
    boilerplate = (
        "If it is not in your message already, the exact error message (a screenshot is fine), when it started, "
        "and the browser involved will help the team reproduce it."
    )
    failed = rubric.score(boilerplate, "", fr).failed  # an English reply to a French customer
    assert "error" in failed["given"] and "since" in failed["given"]
    assert "given" not in rubric.score("The error message you sent will help the team.", "", fr).failed
