"""A form pasted into the mail for us to fill in ("Legal name:", "EIN / TIN:", "Pays d'hébergement des données :
________"): each empty field is something they ask of us, and its label is no fact of theirs. Pure.
"""

from __future__ import annotations

import re

#: A field left empty: a label, a colon, then nothing, blanks or dots.
_FIELD = re.compile(r"^\s*(?:[-*•]\s*)?(?P<label>[^\n:_]{2,90}?)\s*:\s*(?:_{2,}|\.{3,}|…+|\[\s*\])?\s*$")
#: A form's title: short, no full stop ("VENDOR DETAILS (please complete)", "QUESTIONNAIRE FOURNISSEURS TI - v3").
_HEADING = re.compile(r"^\s*[^\n.?!:]{3,60}$")
#: A form is at least this many empty fields one under the other (two could be a note's own lines).
MIN_FIELDS = 3
#: The most fields named back (a 118-question form is named by its first ones; the agent sees the rest).
MAX_FIELDS = 8


def fields(text: str) -> tuple[tuple[str, ...], str]:
    """(the labels of the empty fields of forms in ``text``, ``text`` without those lines)."""
    if ":" not in text:
        return (), text
    lines = text.split("\n")
    labels: list[str] = []
    run: list[int] = []
    drop: set[int] = set()
    for index, line in enumerate([*lines, ""]):
        found = _FIELD.match(line) if index < len(lines) else None
        if found and len(found["label"].split()) <= 14:
            run.append(index)
            continue
        if len(run) >= MIN_FIELDS:
            labels += [" ".join(_FIELD.match(lines[i])["label"].split()) for i in run]  # type: ignore[index]
            drop.update(run)
            if run[0] > 0 and _HEADING.match(lines[run[0] - 1]):
                drop.add(run[0] - 1)  # "VENDOR DETAILS (please complete)": the form's title, no ask of its own
        run = []
    if not labels:
        return (), text
    kept = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    return tuple(labels[:MAX_FIELDS]), kept
