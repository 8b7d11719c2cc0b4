"""Fit a rendered reply to the customer: under ``MAX_ECHO`` of their own words and ``MAX_WORDS`` long, by
rendering again with less of their words first (the quoted sentence, then questions cut to their first clause)
and then with less of ours (stock lines in their short form, answers to their first sentence); what is about
this customer goes last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from jinja2.sandbox import SandboxedEnvironment
from sentencex import segment

from .asked import clipped
from .echo import echo_words, echoed_share, word_count
from .plan.clauses import ASIDE
from .render import Rendered, render

#: Past this many words (greeting to signature) a reply's answers shrink to their first sentence under the
#: admin's own short question: a customer with five questions still gets a reply they read to the end.
MAX_WORDS = 220  # the limit for the reply part, counted the strictest way (``echo.word_count``)
#: Past this many words (counted as ``echoed_share`` counts them) the stock lines take their short form ("You
#: already tried …" without "which rules a few causes out", a call without "if that does not suit you" when we
#: have their number) and the fix target goes
#: (the update time stays): a long reply is long with the customer's points, not ours.
SOFT_WORDS = 150

#: The share of a reply that may repeat the customer word for word (in runs of ``echo.ECHO_RUN`` words or more):
#: past it the reply reads like an echo of their mail, and the quoted sentence goes first (their questions
#: named back and the restatement stay).
MAX_ECHO = 0.38
#: How many facts the noted line keeps when a long reply drops the sentence it quoted (which said some of them).
UNQUOTED_NOTED = 5
#: The issue's limit on what a reply copies: past it, even a list of their own long points is named by first words.
MOST_ECHO = 0.40


def render_reply(env: SandboxedEnvironment, name: str, ctx: dict, customer: str) -> Rendered:
    """``render``, then again with less of the customer's words while the reply echoes them too much (``MAX_ECHO``),
    and with less of ours while it is too long (``MAX_WORDS``); what is about this customer goes last."""
    rendered = render(env, name, ctx)
    if ctx["customer"].get("said_more") and echoed_share(rendered.body, customer) > MAX_ECHO:
        ctx = {**ctx, "customer": _without_said_more(ctx["customer"])}  # their sentence under the restatement
        rendered = render(env, name, ctx)
    if ctx["message"].get("quote") and echoed_share(rendered.body, customer) > MAX_ECHO:
        # their facts noted go first (the agent sees them all in preview), so the reply keeps saying what it is about
        fewer = {**ctx, "customer": {**ctx["customer"], "noted": ctx["customer"].get("noted", [])[:2]}}
        rendered = render(env, name, fewer)
    if ctx["message"].get("quote") and echoed_share(rendered.body, customer) > MAX_ECHO:
        reading = {**ctx["customer"], "noted": ctx["customer"].get("noted_unquoted", ctx["customer"].get("noted"))}
        ctx = {**ctx, "message": {**ctx["message"], "quote": ""}, "customer": reading}
        rendered = render(env, name, ctx)
    # still an echo: their questions without the sentences they point at, then to their first clause
    ctx, rendered = _longest_first(env, name, ctx, rendered, customer, _plain, lambda q: bool(q.get("plain")))
    ctx, rendered = _longest_first(env, name, ctx, rendered, customer, clipped)
    # a list of long items copied (past the limit): each by its first words, the longest first
    ctx, rendered = _by_first_words(env, name, ctx, rendered, customer)
    if echoed_share(rendered.body, customer) > MAX_ECHO:  # a list of nine questions: their subject and facts go
        noted = ctx["customer"].get("noted", [])[:2]
        ctx = {**ctx, "message": {**ctx["message"], "quote": "", "topic": ""},
               "customer": {**ctx["customer"], "noted": noted}}  # fmt: skip
        rendered = render(env, name, ctx)
    if len(echo_words(rendered.body)) > SOFT_WORDS:  # their points matter more than our stock lines
        # the update time is the promise; the fix target is what a long reply can spare first
        ctx = {**ctx, "plan": {**ctx["plan"], "brief": True, "resolution": ""}}
        rendered = render(env, name, ctx)
    for shorter in _shorter(ctx):
        if word_count(rendered.body) <= MAX_WORDS:
            break
        ctx = shorter
        rendered = render(env, name, ctx)
    # (dropping our own lines to fit the length leaves a larger share of theirs)
    return _by_first_words(env, name, ctx, rendered, customer)[1]


def _by_first_words(
    env: SandboxedEnvironment, name: str, ctx: dict, rendered: Rendered, customer: str
) -> tuple[dict, Rendered]:
    """When the reply copies more than the issue's limit (``MOST_ECHO``): their questions named by their first words,
    the longest first, until it is back under our own lower limit (``MAX_ECHO``)."""
    if echoed_share(rendered.body, customer) <= MOST_ECHO:
        return ctx, rendered
    return _longest_first(env, name, ctx, rendered, customer, _first_words)


def _first_words(question: dict[str, Any]) -> dict[str, Any]:
    return {**question, "text": _topic(question["text"], 7), "ours": _topic(question["ours"], 7)}


def _longest_first(
    env: SandboxedEnvironment,
    name: str,
    ctx: dict,
    rendered: Rendered,
    customer: str,
    change: Callable[[dict[str, Any]], dict[str, Any]],
    only: Callable[[dict[str, Any]], bool] = lambda _: True,
) -> tuple[dict, Rendered]:
    """Their questions (``only`` those) each shortened by ``change``, the longest first, re-rendering after each,
    only as many as it takes to bring the reply's echo of them down to ``MAX_ECHO``."""
    questions = list(ctx["customer"].get("questions", []))
    for i in sorted((i for i, q in enumerate(questions) if only(q)), key=lambda i: -len(questions[i]["text"])):
        if echoed_share(rendered.body, customer) <= MAX_ECHO:
            break
        questions[i] = change(questions[i])
        ctx = {**ctx, "customer": {**ctx["customer"], "questions": list(questions)}}
        rendered = render(env, name, ctx)
    return ctx, rendered


def _without_said_more(customer: dict[str, Any]) -> dict[str, Any]:
    """``customer`` without their quoted sentence, and with the facts noted that it said (``render.context``)."""
    return {**customer, "said_more": "", "noted": customer.get("noted_unquoted", customer.get("noted"))}


def _plain(question: dict[str, Any]) -> dict[str, Any]:
    """A named-back question without the sentence it points at (as it was when there is none)."""
    if not question.get("plain"):
        return question
    return {**question, "text": question["plain"], "ours": question["plain_ours"] or question["plain"]}


def _shorter(ctx: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``ctx`` shorter step by step, each step keeping the ones before: the answers to their first sentence, then
    (a list of several, where each answer names its subject) to the answers alone,
    then to their main clauses; our general paragraph; what we will do next (the time stays); the facts noted
    beyond two; the sentences their questions point at; the quote; "if I have misread this"; the facts noted to
    one; the escalation line; each answer to its first sentence; an answer's bracketed detail; each question to its
    first clause; what we need from them; our thanks or apology and the offer of another call time; the
    restatement to its first sentence; each question to its first words; the last fact noted. The questions
    themselves always stay."""
    answers = ctx["customer"].get("answers", [])

    # their own question stays as they wrote it (the admin's label for it, in quotes, would put words in their mouth)
    # (then each question to its first words, "“who pays the return …”", so the answer still says what it answers)
    def whole(question: str) -> str:
        return question

    def none(question: str) -> str:
        return ""

    def briefer(ctx: dict[str, Any], steps: tuple[tuple[Callable[[str], str], str], ...]) -> Iterator[dict[str, Any]]:
        """``ctx`` with every answer in each step's form (of ``answers``, as the admin wrote them)."""
        for asked, text in steps if answers else ():
            # (one answer keeps its question, by first words)
            if asked is whole or asked is _topic or len(answers) >= 2:
                brief = [{**a, "question": asked(a["question"]), "answer": a[text]} for a in answers]
                yield {**ctx, "customer": {**ctx["customer"], "answers": brief}}

    steps = list(briefer(ctx, ((whole, "short"),)))
    yield from steps
    ctx = steps[-1] if steps else ctx
    if ctx.get("playbook", {}).get("known"):
        ctx = {**ctx, "playbook": {**ctx["playbook"], "known": ""}}
        yield ctx
    # their facts outweigh what we will do next (the update time and who sends it stay)
    if ctx.get("playbook", {}).get("next"):
        ctx = {**ctx, "playbook": {**ctx["playbook"], "next": ""}}
        yield ctx
    if len(ctx["customer"].get("noted", [])) > 2:
        ctx = {**ctx, "customer": {**ctx["customer"], "noted": ctx["customer"]["noted"][:2]}}
        yield ctx
    if any(q.get("plain") for q in ctx["customer"].get("questions", [])):
        ctx = {**ctx, "customer": {**ctx["customer"], "questions": [_plain(q) for q in ctx["customer"]["questions"]]}}
        yield ctx
    if ctx["message"].get("quote"):
        # the facts their sentence said come back to the noted line, a few: shorter than the sentence was
        unquoted = ctx["customer"].get("noted_unquoted", ctx["customer"].get("noted", []))[:UNQUOTED_NOTED]
        ctx = {**ctx, "message": {**ctx["message"], "quote": ""}, "customer": {**ctx["customer"], "noted": unquoted}}
        yield ctx
    if ctx["customer"].get("said_more"):
        ctx = {**ctx, "customer": _without_said_more(ctx["customer"])}
        yield ctx
    # their question over each answer by its first words, then none (their facts and sentence went first)
    steps = list(briefer(ctx, ((_topic, "short"), (none, "short"), (none, "shortest"))))
    yield from steps
    ctx = steps[-1] if steps else ctx
    # (the fix target is gone already: ``render_reply`` drops it past ``SOFT_WORDS``, below ``MAX_WORDS``)
    # no "if I have misread this" either
    ctx = {**ctx, "plan": {**ctx["plan"], "terse": True}}
    yield ctx
    if ctx["customer"].get("noted"):
        ctx = {**ctx, "customer": {**ctx["customer"], "noted": ctx["customer"]["noted"][:1]}}
        yield ctx
    # "if you hear nothing by then, call …": the direct line below says how to reach us; their points matter more
    if ctx["plan"].get("escalate"):
        ctx = {**ctx, "plan": {**ctx["plan"], "no_escalation_line": True}}
        yield ctx
    # each answer to its first sentence, which answers; the rest explains (split as ``short_answer`` splits them:
    # "z. B." and "Art. 28" stay whole): before any of their own questions is cut
    language = ctx["plan"].get("language", "en")
    found = [
        (a, [s.strip() for s in segment(language, a["answer"]) if s.strip()])
        for a in ctx["customer"].get("answers", [])
    ]
    if any(len(sentences) > 1 for _, sentences in found):
        ctx = {**ctx, "customer": {**ctx["customer"], "answers": [{**a, "answer": s[0] if s else a["answer"]}
                                                                  for a, s in found]}}  # fmt: skip
        yield ctx
    # an answer's bracketed detail ("(each terminal keeps up to 10,000 …)"): the answer itself stays
    if any(ASIDE.search(a["answer"]) for a in ctx["customer"].get("answers", [])):
        bare = [{**a, "answer": ASIDE.sub("", a["answer"])} for a in ctx["customer"]["answers"]]
        ctx = {**ctx, "customer": {**ctx["customer"], "answers": bare}}
        yield ctx
    # each question named back to its first clause ("…, idéalement d'ici mercredi soir" goes), never mid-phrase
    ctx = {**ctx, "customer": {**ctx["customer"], "questions": [clipped(q) for q in ctx["customer"]["questions"]]}}
    yield ctx
    # what we need from them goes (the update can ask it), then our thanks or apology and the offer of another
    # call time, then the restatement's second sentence: all before a question of theirs is cut mid-phrase
    if ctx["customer"].get("needs"):
        ctx = {**ctx, "customer": {**ctx["customer"], "needs": []}}
        yield ctx
    ctx = {**ctx, "plan": {**ctx["plan"], "last_resort": True}}
    yield ctx
    # the restatement to its first sentence ("… fails with 401. Meanwhile your team does it by hand.": the first)
    restated = [s.strip() for s in segment(language, ctx.get("playbook", {}).get("restate", "")) if s.strip()]
    if len(restated) > 1:
        ctx = {**ctx, "playbook": {**ctx["playbook"], "restate": restated[0]}}
        yield ctx
    # still past the limit (eight points of their own): each question named by its first words, none left out
    named = [{**q, "text": _topic(q["text"], 7), "ours": _topic(q["ours"], 7)} for q in ctx["customer"]["questions"]]
    ctx = {**ctx, "customer": {**ctx["customer"], "questions": named}}
    yield ctx
    if ctx["customer"].get("noted"):  # the one fact noted goes last: it names what the reply is about
        yield {**ctx, "customer": {**ctx["customer"], "noted": []}}


def _topic(question: str, words: int = 5) -> str:
    """A question's first ``words`` words with "…" ("which of the two totals …"), whole when it is that short."""
    parts = question.split()
    return question if len(parts) <= words + 1 else " ".join(parts[:words]).rstrip(",;:–—-") + " …"
