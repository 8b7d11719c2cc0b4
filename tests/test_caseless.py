"""Case-insensitive patterns searched as lower-case patterns on lower-cased text (pipeline/caseless.py):
every pattern the readers build this way finds what ``re.compile(pattern, re.IGNORECASE)`` finds, with the
same groups, read from the original text."""

from __future__ import annotations

import email
import email.policy
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import pipeline
from pipeline.caseless import Caseless, caseless, fold
from tests.shared_data import ROOT


def all_caseless() -> dict[str, Caseless]:
    found: dict[str, Caseless] = {}
    for info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, Caseless):
                found.setdefault(f"{value.pattern}", value)
                found[f"{info.name}.{name}"] = found.pop(f"{value.pattern}")
    return found


def demo_mail() -> list[Path]:
    return sorted(path for path in ROOT.joinpath("demo", "inbox").rglob("*") if path.is_file())


def bodies() -> list[str]:
    """The text of every fourth rubric mail and every golden and demo mail, and the demo's sentences (the
    readers search sentences as well as whole mails)."""
    paths = sorted(ROOT.joinpath("tests", "rubric").glob("*.eml"))[::4]
    paths += sorted(ROOT.joinpath("tests", "golden").glob("*.eml"))
    texts: list[str] = []
    for path in [*paths, *demo_mail()]:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = message.get_body(("plain", "html"))
        if body is not None:
            texts.append(str(body.get_content()))
    demo = texts[len(paths) :]
    return texts + [s for text in demo for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if s]


PATTERNS = all_caseless()
TEXTS = [*bodies(), "İstanbul: Die RECHNUNG R-2026 ist FALSCH", "ÄRGER mit der Übersicht", "STRASSE", "ẞ"]


def test_the_readers_use_it() -> None:
    assert len(PATTERNS) > 150
    assert sum(pattern.folds for pattern in PATTERNS.values()) > 0.9 * len(PATTERNS)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_same_matches_as_ignorecase(name: str) -> None:
    pattern = PATTERNS[name]
    reference = re.compile(pattern.pattern, pattern.flags)
    for text in TEXTS:
        expected = [(m.span(), m.groups(), m[0]) for m in reference.finditer(text)]
        assert [(m.span(), m.groups(), m[0]) for m in pattern.finditer(text)] == expected, text[:200]
        assert bool(pattern.search(text)) == bool(reference.search(text))
        assert pattern.findall(text) == reference.findall(text)


def test_groups_come_from_the_original_text() -> None:
    pattern = caseless(r"\b(rechnung|invoice) (?P<number>r-\d+)(x)?")
    found = pattern.search("Die RECHNUNG R-2026 ist falsch")
    assert found is not None
    assert found[0] == "RECHNUNG R-2026"
    assert found.group(1, "number") == ("RECHNUNG", "R-2026")
    assert found.groups() == ("RECHNUNG", "R-2026", None)
    assert found.groups(default="") == ("RECHNUNG", "R-2026", "")
    assert found.groupdict() == {"number": "R-2026"}
    assert found.span("number") == (13, 19)
    assert found.lastindex == 2
    assert found.string == "Die RECHNUNG R-2026 ist falsch"


def test_capitals_in_the_pattern_mean_what_they_meant() -> None:
    # under IGNORECASE "HTTP" matched "http"; the lowered pattern still does, escapes stay escapes
    pattern = caseless(r"\bHTTP\s(?P<Code>\d{3})\S*\B")
    assert pattern.search("got http 502x")["Code"] == "502"  # type: ignore[index]
    assert caseless(r"[A-Z]{3}").findall("abc DEF") == ["abc", "DEF"]


def test_a_letter_that_grows_when_lowered_keeps_the_offsets() -> None:
    text = "İİ Rechnung R-5"
    assert len(fold(text)) == len(text)
    found = caseless(r"rechnung (r-\d)").search(text)
    assert found is not None and found.span() == (3, 15) and found[1] == "R-5"


def test_patterns_it_cannot_fold_keep_ignorecase() -> None:
    escaped = caseless(r"[\u00c0-\u00de]+")  # capital letters written as escapes
    turned_on = caseless(r"(?:die|der)\s+(?-i:[A-Z])\w+")
    assert not escaped.folds and not turned_on.folds
    assert escaped.search("àé")[0] == "àé"  # type: ignore[index]
    assert turned_on.search("DIE Rechnung") and not turned_on.search("die rechnung")
    assert caseless(r"a\u00a0b").folds  # a no-break space has no case


def test_sub_and_split_build_from_the_original() -> None:
    pattern = caseless(r"\s*(?:bitte|please)\s*")
    assert pattern.sub(" ", "Send it PLEASE now") == "Send it now"
    assert pattern.split("a Please b") == ["a", "b"]


def test_ignorecase_is_added_not_given() -> None:
    with pytest.raises(ValueError, match="IGNORECASE"):
        caseless("x", re.IGNORECASE)


def test_the_sources_are_project_mail() -> None:
    assert len(demo_mail()) >= 20 and len(TEXTS) > 300
