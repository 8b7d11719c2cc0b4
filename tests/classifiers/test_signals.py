"""Urgency signals and the tone lexicon, in English and German."""

from __future__ import annotations

import pytest

from classifiers import TextInput
from classifiers.signals import apply_signals, lexicon_tone, urgency_signals


def names(subject: str, body: str = "", **kw: object) -> set[str]:
    return {s.name for s in urgency_signals(TextInput(subject, body, **kw))}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "We need the corrected invoice by Friday",
        "Please fix this before 3 pm",
        "until 12.11.2025 at the latest",
        "Bitte bis morgen erledigen",
        "spätestens am 15. März",
        "The deadline is next week",
        "Frist läuft ab",
    ],
)
def test_deadlines_are_found(text: str) -> None:
    assert "deadline" in names("", text)


@pytest.mark.parametrize("text", ["I ordered on 12.11.2025", "Since Friday the app is slow", "See you tomorrow"])
def test_dates_without_a_deadline_are_not_deadlines(text: str) -> None:
    assert "deadline" not in names("", text)


@pytest.mark.parametrize(
    "text",
    [
        "The site is down",
        "Complete outage since 9:00",
        "Service unavailable for all users",
        "Die Plattform ist ausgefallen",
        "Server nicht erreichbar",
        "Störung im Rechenzentrum",
    ],
)
def test_outage_wording_is_found(text: str) -> None:
    assert "outage-wording" in names(text)


def test_follow_up_needs_a_second_follow_up_and_vip_matches_subdomains() -> None:
    assert "follow-up" not in names("Re: x", thread_depth=1)
    assert "follow-up" in names("Re: Re: x", thread_depth=2)
    vip = ("bigcustomer.example",)
    assert {s.name for s in urgency_signals(TextInput("x", "y", "a@eu.bigcustomer.example"), vip)} == {"vip-domain"}
    assert not urgency_signals(TextInput("x", "y", "a@notbigcustomer.example"), vip)


def test_apply_signals_raises_but_never_lowers() -> None:
    sig = urgency_signals(TextInput("Re", "", thread_depth=3, sender="a@vip.example"), ("vip.example",))
    assert apply_signals("low", sig) == "high"  # two one-step raises
    assert apply_signals("high", sig) == "high"
    assert apply_signals("low", ()) == "low"
    urgent = urgency_signals(TextInput("", "please answer asap"))
    assert [s.name for s in urgent] == ["urgent-wording"]
    assert apply_signals("low", urgent) == "normal"
    assert apply_signals("high", urgent) == "high"


@pytest.mark.parametrize(
    ("subject", "body", "label"),
    [
        ("Still broken", "This is the third time I write. Unacceptable!!", "frustrated"),
        ("WHY", "NOTHING WORKS AGAIN", "neutral"),  # capitals alone are one cue, not enough
        ("Rechnung", "Das ist eine Frechheit, schon wieder falsch abgebucht.", "frustrated"),
        ("Question", "Could you tell me your opening hours? Thanks!", "neutral"),
    ],
)
def test_tone_lexicon(subject: str, body: str, label: str) -> None:
    got, confidence, cues = lexicon_tone(subject, body)
    assert got == label
    assert confidence < 0.9  # a heuristic never claims a measured "high"
    if label == "frustrated":
        assert cues
