"""Which playbook a message is about, and which of its answers a customer question asks for.

``IntentMatcher(library)`` fits (or reuses, keyed by the examples' content) the intent model from
``classifiers.intents`` on the library's examples; the planner calls ``match`` per message and ``answer``
per customer question. Both say "none" rather than guess: a wrong playbook or a wrong answer in a draft
costs the agent more than the type template and a question named back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifiers.intent_cache import fit_cached
from classifiers.intents import IntentModel, intent_text
from classifiers.questions import QuestionIndex, QuestionSpace

from ..caseless import caseless
from ..config import Config
from ..languages import playbook_dir
from .clauses import stems
from .playbooks import LANGUAGES, Library, Playbook, load_playbooks

# A customer question gets a playbook answer only when its best known question scores at least this (mean of
# word and character TF-IDF cosines) and beats the next answer by ANSWER_MARGIN. Chosen on the paraphrases
# and near-misses in tests/test_playbooks.py: matched paraphrases scored 0.48-0.75, questions about something else
# at most 0.39 ("when will the new feature be released?"). A wrong answer is worse than none.
ANSWER_THRESHOLD = 0.45
ANSWER_MARGIN = 0.05
# A question about another playbook's topic ("do you have a DPA?" in a mail asking for a quote) is answered from
# that playbook only when it is clearly that known question: the whole library competes, so the bar is higher.
# Short questions lean on the mail around them ("où la télécharger ?": download *what*?), so they never are.
ELSEWHERE_THRESHOLD = 0.7
ELSEWHERE_MARGIN = 0.1
ELSEWHERE_MIN_WORDS = 4
# A question this close to one of the matched playbook's own examples is the intent itself ("what would pricing
# look like for 50 seats?" in a quote request): the restatement and the next step answer it, so it is not
# named back as if it were something else.
RESTATED_THRESHOLD = 0.6
#: A short question that points back at the mail ("how long does that take?") is never answered from another
#: playbook: its subject is whatever the customer wrote before it.
_IF_SO = caseless(r"^\s*(?:if so|if yes|and if so|wenn ja|falls ja|si oui|si c'est le cas)\s*,?\s*")
#: Words of how something is asked, not what about: a side question's answer must share a word beyond these.
_HOW_ASKED = frozenset(
    ("confi", "writt", "writi", "schri", "bestä", "écrit", "send", "sende", "envoy", "provi", "pleas", "bitte",
     "could", "would", "könne", "könnt", "pourr", "pouve", "about", "there", "which", "where", "wheth", "welch",
     "merci", "vous", "your", "ihre", "unser", "notre", "votre", "have", "haben", "avez", "with", "will",
     "what", "when")
)  # fmt: skip


def _topics(text: str) -> set[str]:
    """The first five letters of each word of four letters or more in ``text``, and its acronyms, beyond how it is
    asked."""
    return stems(text) - _HOW_ASKED  # ("DPA", "SOC", "SSO": acronyms count)


_POINTS_BACK = caseless(r"\b(?:it|this|that|these|those|das|dies|es|diese[sr]?|cela|ça|ce|ceci)\b")


@dataclass(frozen=True, slots=True)
class IntentMatch:
    intent: str | None  # None: no playbook fits well enough; the type template as before
    confidence: float  # calibrated probability that ``candidate`` is right
    runner_up: str | None
    why: str  # for the agent, e.g. "billing.duplicate_charge 0.93 (twice, charged), runner-up billing.refund"
    candidate: str | None = None  # the best intent even when refused


@dataclass(frozen=True, slots=True)
class AnswerMatch:
    intent: str
    id: str
    text: str  # the answer's Jinja source in the requested language
    confidence: float  # similarity of the closest known question, 0..1 (not a probability)
    question: str  # the known question it matched

    @property
    def ref(self) -> str:
        """``<intent>#<id>``, as X-Mailtriage-Answers names it."""
        return f"{self.intent}#{self.id}"


NO_PLAYBOOKS = IntentMatch(None, 0.0, None, "no playbooks")


class IntentMatcher:
    """The intent model over a playbook library, plus one answer index per playbook and language."""

    def __init__(self, library: Library, min_confidence: float | None = None, cache_root: Path | None = None) -> None:
        self.library = library
        self.min_confidence = min_confidence
        texts, labels = library.training_data()
        self.model: IntentModel | None = fit_cached(texts, labels, cache_root) if library.playbooks else None
        self._answers: dict[tuple[str, str], QuestionIndex] = {}
        self._everywhere: dict[str, QuestionIndex] = {}  # per language: every playbook's known questions
        self._examples: dict[tuple[str, str], QuestionIndex] = {}  # per playbook and language: its examples
        self._spaces: dict[str, QuestionSpace] = {}  # per language: the word weights all of these share
        # Indexes are built on first use; a worker's mailbox threads all want the same ones at start: one
        # builds, the others wait for it (without the lock, fifty threads built the same index 24 times).
        self._building = threading.Lock()
        self._fitting = threading.Lock()

    def _cached(self, cache: dict[Any, QuestionIndex], key: Any, build: Callable[[], QuestionIndex]) -> QuestionIndex:
        found = cache.get(key)
        if found is None:
            with self._building:
                found = cache.get(key)
                if found is None:
                    found = cache[key] = build()
        return found

    @classmethod
    def from_config(cls, config: Config) -> IntentMatcher:
        """Load ``config.playbooks_dir`` (ConfigError on a broken playbook) and fit, or reuse, the model."""
        folder = playbook_dir(config.playbooks_dir)  # the starter library when installed with pip
        library = load_playbooks(folder, LANGUAGES) if folder else Library((), Path())
        return cls(library, config.playbooks_min_confidence)

    def match(
        self, subject: str, text: str, language: str, type_hint: str | None = None, type_is_rule: bool = False
    ) -> IntentMatch:
        """The playbook for a message (subject and the customer's new text), or ``intent=None`` and why.

        ``type_hint`` is the type classifier's label: intents of other types need clearly more evidence, and
        none at all when an admin's rule set it (``type_is_rule``: their word over the models').
        ``language`` is the reply's: a playbook without blocks in it is not used.
        """
        if self.model is None:
            return NO_PLAYBOOKS
        found = self.model.match(
            intent_text(subject, text), type_hint=type_hint, restrict=type_is_rule, threshold=self.min_confidence
        )
        why = found.why
        intent = found.intent
        playbook = self.library.get(intent) if intent else None
        if playbook is not None and language not in playbook.blocks:
            why = f"{intent} has no {language} blocks; {why}"
            intent = None
        return IntentMatch(intent, found.confidence, found.runner_up, why, found.candidate)

    def answer(self, intent: str, question_text: str, language: str) -> AnswerMatch | None:
        """The answer of playbook ``intent`` that ``question_text`` asks for, or None when none is clearly it."""
        playbook = self.library.get(intent)
        if playbook is None or not playbook.answers:
            return None
        key = (intent, language)
        index = self._cached(self._answers, key, lambda: _index(playbook, language, (), self._space(language)))
        return _best(playbook, index, question_text, language)

    def restates(self, intent: str, question_text: str, language: str) -> bool:
        """Whether ``question_text`` asks what playbook ``intent`` is about (see ``RESTATED_THRESHOLD``)."""
        playbook = self.library.get(intent)
        examples = playbook.examples.get(language, ()) if playbook else ()
        if not examples:
            return False
        index = self._cached(
            self._examples,
            (intent, language),
            lambda: QuestionIndex([("x", e) for e in examples], (), language, self._space(language)),
        )
        found = index.best(question_text)
        return found is not None and found[1] >= RESTATED_THRESHOLD

    def answer_elsewhere(self, question_text: str, language: str, besides: str | None) -> AnswerMatch | None:
        """The answer of any playbook but ``besides`` that ``question_text`` clearly asks for, or None."""
        bare = _IF_SO.sub("", question_text)
        if len(bare.split()) < ELSEWHERE_MIN_WORDS or (len(bare.split()) < 7 and _POINTS_BACK.search(bare)):
            return None  # "wenn ja, wie lange dauert das?": *what* takes how long is in the mail around it
        found = self._cached(self._everywhere, language, lambda: self._known_questions(language)).best(question_text)
        if found is None:
            return None
        ref, score, other, closest = found
        intent, _, answer_id = ref.partition("#")
        if intent == besides or score < ELSEWHERE_THRESHOLD or score - other < ELSEWHERE_MARGIN:
            return None
        if not _topics(question_text) & _topics(closest):  # "written confirmation of the £608 credit" is no deletion
            return None
        playbook = self.library.get(intent)
        answer = next(a for a in playbook.answers if a.id == answer_id) if playbook else None
        if answer is None or language not in answer.answer:
            return None
        return AnswerMatch(intent, answer_id, answer.answer[language], round(score, 3), closest)

    def _known_questions(self, language: str) -> QuestionIndex:
        """Every playbook's known questions in ``language``, each labelled "<intent>#<answer id>"."""
        pairs = [(f"{p.intent}#{a.id}", q) for p in self.library.playbooks if language in p.blocks
                 for a in p.answers for q in a.questions.get(language, ())]  # fmt: skip
        return QuestionIndex(pairs, (), language, self._space(language))

    def _space(self, language: str) -> QuestionSpace:
        """The word weights every index in ``language`` shares, fitted once on the library's text."""
        found = self._spaces.get(language)
        if found is None:
            with self._fitting:  # (its own lock: an index asks for its space while ``_building`` is held)
                found = self._spaces.get(language)
                if found is None:
                    found = self._spaces[language] = QuestionSpace(self._background(language), language)
        return found

    def _background(self, language: str) -> list[str]:
        """Every example and known question in ``language``: words they all share weigh little."""
        out: list[str] = []
        for playbook in self.library.playbooks:
            out += playbook.examples.get(language, ())
            for answer in playbook.answers:
                out += answer.questions.get(language, ())
        return out


def match_answer(question: str, language: str, playbook: Playbook) -> tuple[str, str, float] | None:
    """(answer id, answer text, confidence) of ``playbook``'s answer ``question`` asks for, or None.

    Only above ``ANSWER_THRESHOLD`` and ``ANSWER_MARGIN`` ahead of the next answer: a wrong answer is worse
    than none. Without a library at hand, word weights come from this playbook's own text.
    """
    found = _best(playbook, _index(playbook, language, list(playbook.examples.get(language, ()))), question, language)
    return (found.id, found.text, found.confidence) if found else None


def _index(
    playbook: Playbook, language: str, background: Sequence[str], space: QuestionSpace | None = None
) -> QuestionIndex:
    pairs = [(a.id, q) for a in playbook.answers for q in a.questions.get(language, ())]
    return QuestionIndex(pairs, background, language, space)


def _best(playbook: Playbook, index: QuestionIndex, question: str, language: str) -> AnswerMatch | None:
    found = index.best(question)
    if found is None:
        return None
    answer_id, score, other, closest = found
    if score < ANSWER_THRESHOLD or score - other < ANSWER_MARGIN:
        return None
    answer = next(a for a in playbook.answers if a.id == answer_id)
    return AnswerMatch(playbook.intent, answer_id, answer.answer[language], round(score, 3), closest)
