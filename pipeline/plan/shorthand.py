"""Mail typed on a phone ("vs pouvez rembourser le 2e prelevement svp et me dire qd ca revient", "can u send it
pls", "kannst du mal schaun"): the common shorthand spelled out, so that the readers of questions and requests,
written for whole words, read it as they read any other mail. Only whole words from a list per language. Pure.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORDS = {
    "en": {"u": "you", "ur": "your", "pls": "please", "plz": "please", "thx": "thanks", "cant": "can't",
           "dont": "don't", "wont": "won't", "didnt": "didn't", "doesnt": "doesn't", "isnt": "isn't",
           "im": "I'm", "ive": "I've", "b4": "before", "abt": "about", "tmrw": "tomorrow", "tmr": "tomorrow",
           "cud": "could", "wud": "would", "shud": "should", "msg": "message", "asap": "as soon as possible"},
    "fr": {"vs": "vous", "ns": "nous", "qd": "quand", "pr": "pour", "pq": "pourquoi", "bcp": "beaucoup",
           "tjs": "toujours", "ds": "dans", "tt": "tout", "ca": "ça", "pcq": "parce que", "jsp": "je ne sais pas",
           "qq": "quelque", "qqn": "quelqu'un", "qqch": "quelque chose", "rdv": "rendez-vous", "dc": "donc"},
    "de": {"vllt": "vielleicht", "gibts": "gibt es", "hab": "habe", "kannste": "kannst du", "nich": "nicht",
           "bzgl": "bezüglich", "evtl": "eventuell", "schaun": "schauen"},
}  # fmt: skip


@lru_cache(maxsize=4)
def _pattern(language: str) -> re.Pattern[str] | None:
    words = _WORDS.get(language)
    if not words:
        return None
    # as typed: lower case, or capitalised at a sentence's start ("DC", "PR" in capitals are acronyms, not shorthand)
    forms = {form for word in words for form in (word, word[:1].upper() + word[1:])}
    alternatives = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])({alternatives})(?![\w'’-])")


def spelled_out(text: str, language: str) -> str:
    """``text`` with the shorthand of ``language`` spelled out ("qd" -> "quand"); unchanged when it has none."""
    pattern = _pattern(language)
    if pattern is None:
        return text
    words = _WORDS[language]
    return pattern.sub(lambda m: words[m[0].lower()], text)
