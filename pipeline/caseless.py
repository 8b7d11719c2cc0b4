"""Case-insensitive patterns run as case-sensitive ones on lower-cased text: the same matches, faster.

The readers run a few hundred case-insensitive alternations of words ("please|could you|kindly|…")
over every mail. Python's regex engine cannot use its literal-prefix and character-set shortcuts under
IGNORECASE and folds every character it compares, so such a search costs two to four times what the
same pattern costs, case-sensitive, on the lower-cased text (measured on the demo and golden mail:
benchmarks/triage_cost.py). ``caseless`` compiles a pattern written in lower case without IGNORECASE
and searches ``text.lower()``; the matches it returns read their groups from the original text, so
"Rechnung R-2026-0142" keeps its capitals.

Lower-casing keeps every offset when no character grows (``"İ".lower()`` is two characters): then the
spans of the lower-cased text are the spans of the original. A text where one grows is folded
character by character, keeping those that grow as they are. ``sub``, ``subn`` and ``split`` build new
text, so they use the IGNORECASE pattern itself.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any, cast

#: What lower-casing a pattern keeps as written: escapes (r"\S", r"\B") and group names.
_KEPT = re.compile(r"(\\.|\(\?P<\w+>|\(\?P=\w+\))", re.DOTALL)
#: A character written as an escape: r"\u00a0", r"\xe9", r"\N{…}", octal.
_CODE_POINT = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|N\{|0|[1-7][0-7]{2})")


def _escapes_a_letter(source: str) -> bool:
    """Whether ``source`` writes a character that has a case as an escape ("\\u00c0"; a name or octal
    is taken to): lowering the pattern would keep it as written and miss its lower case."""
    for escape in _CODE_POINT.finditer(source):
        code = next((group for group in escape.groups() if group), None)
        if code is None:
            return True
        char = chr(int(code, 16))
        if char.lower() != char or char.upper() != char:
            return True
    return False


def _lowered(source: str) -> str:
    """``source`` with its letters in lower case, escapes and group names as written.

    Under IGNORECASE a letter matches both cases, so "HTTP" and "http" mean the same; without it,
    on lower-cased text, only "http" does.
    """
    parts = _KEPT.split(source)
    return "".join(part if index % 2 else part.lower() for index, part in enumerate(parts))


@functools.cache
def _one_to_one() -> dict[int, str]:
    """Each character whose lower case is one other character: folding with it keeps every offset."""
    return {
        code: lower
        for code in range(sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF and (lower := chr(code).lower()) != chr(code) and len(lower) == 1
    }


def fold(text: str) -> str:
    """``text`` lower-cased with every character at its offset."""
    lowered = text.lower()
    # lower() never shrinks a character, so the same length means every character stayed one
    return lowered if len(lowered) == len(text) else text.translate(_one_to_one())


class FoldedMatch:
    """A match on the folded text that reads its groups from the original: the ``re.Match`` interface."""

    __slots__ = ("_match", "re", "string")

    def __init__(self, match: re.Match[str], string: str, pattern: Caseless) -> None:
        self._match = match
        self.string = string
        self.re = pattern

    def group(self, *names: int | str) -> Any:
        if len(names) > 1:
            return tuple(self[name] for name in names)
        return self[names[0] if names else 0]

    def __getitem__(self, name: int | str) -> Any:
        start, end = self._match.span(name)
        return None if start < 0 else self.string[start:end]

    def groups(self, default: Any = None) -> tuple[Any, ...]:
        return tuple(default if found is None else found for found in (self[i] for i in range(1, self.re.groups + 1)))

    def groupdict(self, default: Any = None) -> dict[str, Any]:
        return {name: default if self[name] is None else self[name] for name in self.re.groupindex}

    def start(self, name: int | str = 0) -> int:
        return self._match.start(name)

    def end(self, name: int | str = 0) -> int:
        return self._match.end(name)

    def span(self, name: int | str = 0) -> tuple[int, int]:
        return self._match.span(name)

    @property
    def pos(self) -> int:
        return self._match.pos

    @property
    def endpos(self) -> int:
        return self._match.endpos

    @property
    def lastindex(self) -> int | None:
        return self._match.lastindex

    @property
    def lastgroup(self) -> str | None:
        return self._match.lastgroup

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"<FoldedMatch span={self.span()!r} match={self[0]!r}>"


def _match(found: re.Match[str] | None, text: str, pattern: Caseless) -> re.Match[str] | None:
    # a FoldedMatch offers what the readers use of a re.Match; typed as one so callers need no change
    return None if found is None else cast("re.Match[str]", FoldedMatch(found, text, pattern))


class Caseless:
    """A case-insensitive pattern with ``re.Pattern``'s methods; see the module's docstring."""

    def __init__(self, source: str, flags: int = 0) -> None:
        if flags & re.IGNORECASE:
            raise ValueError(f"caseless pattern {source[:60]!r}…: leave out IGNORECASE, caseless adds it")
        self._insensitive = re.compile(source, flags | re.IGNORECASE)
        # A letter written as an escape (r"\u00C0-\u00DE") is not lowered with the rest, and a part
        # that turns case back on ("(?-i:[A-Z])") needs the capitals: such a pattern keeps IGNORECASE and
        # searches the text as it is.
        self.folds = not _escapes_a_letter(source) and "(?-i" not in source
        self._folded = re.compile(_lowered(source), flags) if self.folds else self._insensitive
        self.pattern = source
        self.flags = self._insensitive.flags
        self.groups = self._insensitive.groups
        self.groupindex = self._insensitive.groupindex

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if not self.folds:
            return self._insensitive.search(text, pos, endpos)
        return _match(self._folded.search(fold(text), pos, endpos), text, self)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if not self.folds:
            return self._insensitive.match(text, pos, endpos)
        return _match(self._folded.match(fold(text), pos, endpos), text, self)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if not self.folds:
            return self._insensitive.fullmatch(text, pos, endpos)
        return _match(self._folded.fullmatch(fold(text), pos, endpos), text, self)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if not self.folds:
            yield from self._insensitive.finditer(text, pos, endpos)
            return
        for found in self._folded.finditer(fold(text), pos, endpos):
            yield cast("re.Match[str]", FoldedMatch(found, text, self))

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        found_all: list[Any] = []
        for found in self.finditer(text, pos, endpos):
            groups = found.groups(default="")  # findall gives "" for a group that did not take part
            found_all.append(found[0] if not groups else groups[0] if len(groups) == 1 else groups)
        return found_all

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return self._insensitive.sub(repl, text, count)

    def subn(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> tuple[str, int]:
        return self._insensitive.subn(repl, text, count)

    def split(self, text: str, maxsplit: int = 0) -> list[str | Any]:
        return self._insensitive.split(text, maxsplit)

    def __repr__(self) -> str:
        return f"caseless({self.pattern[:60]!r})"


def caseless(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags | re.IGNORECASE)``, searched faster: ``source`` in lower case."""
    # typed as a Pattern so module constants keep their type; Caseless has the methods the readers use
    return cast("re.Pattern[str]", Caseless(source, flags))
