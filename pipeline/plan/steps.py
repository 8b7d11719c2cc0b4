"""A request that goes on step by step: "find out why it stopped, fix the XLSX times and resend the missed
reports" is three things to name back, each starting with its verb. Pure; never raises."""

from __future__ import annotations

import re

#: Where a request goes on to its next step: ", fix the times", ", and resend them", ", puis renvoyer".
_STEPS = re.compile(
    r",\s+(?:and\s+|then\s+|et\s+|puis\s+)?|\s+(?:and|et)\s+(?=(?:re)?[a-zé]+(?:e|er|ir|re)?\s+(?:the|our|us|me|it|them|all|a|an|les|la|le|nous|moi|un|une)\b)"
)
_NOT_STEP = frozenset(("the", "a", "an", "our", "my", "we", "i", "it", "this", "that", "which", "who", "please", "so",
                       "but", "if", "when", "as", "le", "la", "les", "un", "une", "nous", "je", "il", "qui", "que",
                       "mais", "si", "comme", "donc", "ideally", "even", "just", "not", "in", "on", "at", "for",
                       "with", "by", "from", "to", "of", "en", "à", "de", "pour", "avec", "par", "dans", "sur",
                       "both", "either", "or", "ou", "under", "according", "per", "via", "without", "within",
                       "including", "except", "after", "before", "since", "because", "sous", "selon", "sans",
                       "après", "avant", "depuis", "car", "parce"))  # fmt: skip


def _starts_a_step(step: str, language: str) -> bool:
    """Whether a request's step starts with a verb ("fix the XLSX times", "renvoyer les rapports"; in French an
    infinitive: "date de notre clôture" is no step)."""
    words = step.split()
    verb = language != "fr" or words[0].endswith(("er", "ir", "re", "oir")) if words else False
    said = len(words) > 1 and words[1].lower() in ("is", "are", "was", "were", "ist", "sind", "est", "sont")
    # ("account is tom@…, can u reset the 2fa": a noun and its copula state something, they ask nothing)
    return (
        len(words) >= 3
        and words[0].isalpha()
        and words[0].islower()
        and words[0] not in _NOT_STEP
        and verb
        and not said
    )


def verb_steps(text: str, language: str) -> list[str]:
    """The steps of request ``text`` when it is two or more that each start with a verb (English and French,
    where an imperative or infinitive opens the step); [] otherwise."""
    steps = _STEPS.split(text)
    if language in ("en", "fr") and len(steps) > 1 and all(_starts_a_step(p, language) for p in steps):
        return steps
    return []
