"""mail-parser-reply's message, with its patterns built once and its quote-header search made cheap.

The library finds quote headers ("On … wrote:", "Von: … Betreff: …") with one case-insensitive
alternation of every language's headers, run by ``findall`` over the whole text: the regex engine
tries all of its branches at every character, which is most of what the library costs per message
(0.7 ms of a 3,000-character mail). Every branch can only start where a line starts or ends, or at a
Danish "-----Oprindelig meddelelse-----" marker, so ``LineStartFindall`` tries just those positions
and returns what ``findall`` returns (tests/test_reply_message.py compares the two on every mail
the project and ../shared hold).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from mailparser_reply.parser import EmailMessage

#: mail-parser-reply languages used in full: quote headers, sign-offs, disclaimers ("david" is a
#: test fixture, not a language).
REPLY_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pl", "cs", "ko", "zh")
#: The other languages it supports, for their quote headers only ("Den ... skrev ...:", Gmail's
#: Japanese "2016年11月8日(火) 14:26 ...:"): their sign-offs would cut a reply short, as "da" ("Tak",
#: "Kh") and "sv" ("/\\w+") match the start of ordinary lines and "ja" has none.
REPLY_HEADER_ONLY_LANGUAGES = ("da", "sv", "ja")

#: Where a quote header can start besides a line start or a newline: the Danish original-message
#: marker, whose leading line anchor is optional in the library's pattern.
_MID_LINE_START = re.compile(r"-----oprindelig", re.IGNORECASE)


class LineStartFindall:
    """``pattern.findall`` tried only at line starts, newlines and mid-line marker starts.

    The same matches as the library's own ``findall`` for a pattern whose every branch begins with
    ``^``, ``\\n`` or the marker: non-overlapping, left to right, the next search after the end of
    the last match.
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def findall(self, text: str) -> list[Any]:
        starts = {0}
        newline = text.find("\n")
        while newline >= 0:
            starts.update((newline, newline + 1))
            newline = text.find("\n", newline + 1)
        starts.update(found.start() for found in _MID_LINE_START.finditer(text))
        found_all: list[Any] = []
        searched_from = 0
        for start in sorted(starts):
            if start < searched_from or start > len(text):
                continue
            found = self.pattern.match(text, start)
            if found is None:
                continue
            groups = found.groups(default="")  # findall gives "" for a group that did not take part
            # findall's shape: the whole match without groups, the one group, or the tuple.
            found_all.append(found.group() if not groups else groups[0] if len(groups) == 1 else groups)
            # An empty match moves the search one character on, as findall does.
            searched_from = found.end() if found.end() > start else start + 1
        return found_all


class ReplyMessage(EmailMessage):
    """The library's message, with REPLY_HEADER_ONLY_LANGUAGES adding quote headers only.

    The library takes every pattern of every language it is given; this keeps the sign-offs,
    "sent from" lines and disclaimers of those languages out (tests/test_reply_text.py checks both).
    """

    def _get_language_regex(self, language: str, regex_key: str) -> str:
        if language in REPLY_HEADER_ONLY_LANGUAGES and regex_key not in ("wrote_header", "from_header"):
            return ""
        return str(super()._get_language_regex(language, regex_key))

    # The library builds and compiles its three patterns again for every message (the pattern text is
    # rebuilt from every language's table each time). They depend only on the settings in the key, which are
    # the same for every message: built once per key here, the same compiled patterns.
    _built: ClassVar[dict[tuple[str, tuple[str, ...], bool, str], Any]] = {}

    def _pattern(self, name: str) -> Any:
        key = (name, tuple(self.languages), self.keep_hyphen_lists, self.default_language)
        found = self._built.get(key)
        if found is None:
            found = self._built[key] = getattr(super(), name)
            if name == "HEADER_REGEX":
                found = self._built[key] = LineStartFindall(found)
        return found

    @property
    def HEADER_REGEX(self) -> Any:  # the library's names
        return self._pattern("HEADER_REGEX")

    @property
    def SIGNATURE_REGEX(self) -> Any:
        return self._pattern("SIGNATURE_REGEX")

    @property
    def DISCLAIMERS_REGEX(self) -> Any:
        return self._pattern("DISCLAIMERS_REGEX")
