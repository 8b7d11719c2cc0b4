"""How the customer's questions and our answers are worded in a reply: a question fit to repeat, a request
named back in our voice ("send it to our AP mailbox" -> "send it to your AP mailbox", "we'd like a pilot" ->
"you would like a pilot"), and the playbook answers one per question, with the short forms a reply that must
be brief uses (``fit.render_reply``).
"""

from __future__ import annotations

import re
from typing import Any

from sentencex import segment

from .caseless import caseless
from .german_voice import german_subjects_swapped, ours_written
from .lint import unsafe_to_quote
from .plan.ask_words import ALSO_ASKED, DO_IT, REQUEST
from .plan.clauses import ASIDE, shorten, stems
from .plan.cues import HURRY
from .plan.planner import Plan
from .plan.reading import WANTS_CALL

_NOT_A_VERB = frozenset(  # words that start a statement, not an imperative ("I would like", "we need")
    ("i", "i'm", "i'd", "i've", "i’m", "i’d", "we", "we're", "we'd", "we've", "our", "my", "me", "us", "the", "a",
     "an", "it", "it's", "this", "that", "these", "there", "you", "your", "they", "he", "she", "please", "also",
     "and", "but", "so", "then", "if", "when", "can", "could", "would", "will", "is", "are", "was")
)  # fmt: skip


#: A question a "Yes:" or "No:" does not answer: it asks who, what, how, which, when or where.
_OPEN_QUESTION = {
    "en": re.compile(r"(?:(?:and|also)\s+)?(?:who|what|how|which|when|where|why)\b", re.IGNORECASE),
    "de": re.compile(r"(?:(?:und|auch)\s+)?(?:wer|was|wie|welche\w*|wann|wo|warum|wieso|weshalb)\b", re.IGNORECASE),
    "fr": re.compile(r"(?:et\s+)?(?:qui|que|quoi|comment|quel\w*|quand|où|pourquoi|combien)\b", re.IGNORECASE),
}
_YES_NO = caseless(r"^(?:yes|no|ja|nein|oui|non)\s?[:,.]\s*")


def merged_answers(plan: Plan, texts: list[str]) -> list[dict[str, str]]:
    """One entry per customer question: the two answers of "a DPA and a SOC 2 report?" under one question.
    ``short`` (each answer's first sentence) and ``shortest`` (its main clause) serve a reply that must be brief
    (``render_reply``)."""
    out: list[dict[str, str]] = []
    open_question = _OPEN_QUESTION.get(plan.language, _OPEN_QUESTION["en"])
    for a, text in zip(plan.answers, texts, strict=True):
        asked_as = a.question.strip().rstrip('”"“»« ')
        # "who pays the shipping?" is not answered "No: …", nor "your DPA, signed on your side" "Yes: …"
        if open_question.match(a.question.lstrip('“"„« ')) or not asked_as.endswith("?"):
            text = _YES_NO.sub("", text, count=1)
            text = text[:1].upper() + text[1:]
        short = short_answer(text, plan.language, a.question)
        shortest = _main_clause(short, a.question)
        if out and out[-1]["asked"] == a.question:
            last = out[-1]
            last.update(answer=f"{last['answer']} {text}", short=f"{last['short']} {short}",
                        shortest=f"{last['shortest']} {shortest}")  # fmt: skip
            continue
        # (one answer, whether or not its "Yes:" fits the second question: "a discount? … and what proof?")
        same = next((o for o in out if o["answer"] == text or o["id"] == a.answer_id), None)
        if same is not None:  # "le chiffrement …" and "la localisation …" answered by one answer: said once
            same.update(short=text, shortest=text)  # it answers two questions: cut short, it would answer one
            more = asked_line(a.question) or a.question
            if same["question"].endswith("?"):  # two questions, said back as two: "…? If so, …?"
                same["question"] = f"{same['question']} {more[:1].upper()}{more[1:]}"
            else:
                same["question"] = f"{same['question']}; {more}"
            continue
        question = asked_line(a.question) or a.question
        out.append({"asked": a.question, "question": question, "answer": text, "short": short,
                    "shortest": shortest, "id": a.answer_id})  # fmt: skip
    return out


#: Where a sentence's addition starts: "…, and multi-year terms can lower the price further".
_ADDITION = re.compile(r",\s+(?:and|but|und|aber|sowie|et|mais)\s")


def _main_clause(sentence: str, question: str = "") -> str:
    """``sentence`` up to an added clause (", and …", ", but …") when six words or more are left before it, unless
    only the addition is what they asked about: then the addition alone ("our SOC 2 report …" of "Our ISO 27001
    certificate …, and our SOC 2 report …" for a SOC 2 report)."""
    found = _ADDITION.search(sentence)
    if found is None or len(sentence[: found.start()].split()) < 6:
        return sentence
    asked = stems(question)
    added, main = len(stems(sentence[found.end() :]) & asked), len(stems(sentence[: found.start()]) & asked)
    if added and not main:  # "Our SOC 2 Type II report … is shared under a non-disclosure …"
        return sentence[found.end() :][:1].upper() + sentence[found.end() + 1 :]
    return sentence[: found.start()].rstrip() + "."


def short_answer(text: str, language: str, question: str = "") -> str:
    """An answer's first sentence (sentencex: "Art. 28" and "z. B." stay whole), up to its first semicolon; or the
    one that shares more words with ``question``, with any other that answers another part of it ("où sont
    hébergées nos données … et faites-vous appel à des sous-traitants hors UE ?" keeps both)."""
    sentences = [s.strip() for s in segment(language, text) if s.strip()] or [text.strip()]
    asked = stems(question)
    if asked and len(sentences) > 1:
        shared = [stems(s) & asked for s in sentences]  # each sentence's words in common with the question, once
        at = max(range(len(sentences)), key=lambda i: (len(shared[i]), -i))
        best = sentences[at]
        more = [s for i, s in enumerate(sentences) if i != at and len(shared[i] - shared[at]) >= 2]
        if more:
            return " ".join(s for s in sentences if s == best or s in more[:1])
        sentences = [best]
    first = sentences[0]
    main, sep, _ = first.partition("; ")
    return f"{main.rstrip()}." if sep else first  # French "ISO 27001 ; le certificat …": no space before the stop


def starts_with_a_verb(text: str) -> bool:
    """Whether a request reads on after "You asked us to …" ("refund the duplicate"): not after "I would like …"."""
    words = text.split()
    return len(words) >= 2 and words[0].isalpha() and words[0].islower() and words[0] not in _NOT_A_VERB


def asked_line(text: str, ours: bool = False, language: str = "en") -> str:
    """A customer question fit to repeat: one line of three words or more ("daher" left over from a list is not
    one), no banned phrase or placeholder, at most 140 characters, a parenthesis left open by a cut closed. ``ours``:
    a request named back in our voice ("send it to our AP mailbox" -> "send it to your AP mailbox", "mir
    Bescheid zu geben" -> "Ihnen Bescheid zu geben", "me rappeler" -> "vous rappeler")."""
    line = _ACRONYM.sub(lambda m: m[0].upper(), " ".join(text.split()))  # "turn off 2fa" -> "turn off 2FA"
    if language == "en":
        line = _LOWER_I.sub("I", line)  # "how do i get back in?": theirs, typed fast; and "i" flips only as "I"
    if line.count("(") > line.count(")"):  # cut after "(ap@example.com, I've set it as Reply-To)": close it
        line = line.rstrip(" ,;:") + ")"
    flip = _FLIPS.get(language) if ours else None
    if flip is not None and language == "de":
        line = german_subjects_swapped(line)  # "Können wir …?" -> "ob \x01 … können?" (\x01: "Sie", below)
    subject = None
    if flip is not None and language == "fr":
        # "nous confirmer par écrit …", "m'envoyer votre DPA": their "nous"/"me" is the object of the infinitive,
        # ours is "vous" (held back as \x02 so that "votre DPA" still turns into "notre DPA" below)
        line = _FR_OBJECT_INFINITIVE.sub("\x02 ", line)
        # "si vous pouvez m'adresser …" asks us: "si nous pouvons vous adresser …" (\x05: "nous", below)
        line = _FR_YOU_VERB.sub(_fr_we_verb, line)
    if flip is not None and language == "fr" and not flip[2].search(line):
        # "depuis le 1er novembre nous ne sommes plus …" -> "vous n'êtes plus …": the subject and its verb, together
        line, subject = _FR_WE_VERB.subn(_fr_you_verb, line)
    if flip is not None and not flip[2].search(line):  # "dass Sie … stornieren": the verb would change too
        line = flip[0].sub(lambda m: _swapped(m[0], flip[1], line[: m.start()]), line)
    line = ours_written(line.replace("\x01", "Sie").replace("\x02", "vous").replace("\x05", "nous"))
    if subject:
        line = line.replace("\x00", "vous")
    elif ours and language == "en":
        line = _LEAD_TO_WISH.sub("", line)  # "I have cancelled it, but I would like a refund": the wish
        # one pass swaps both ways: "check with your finance team and tell me what you keep" -> "… our finance
        # team and tell you what we keep"
        line = _ASKED_I.sub(lambda m: f"{'are' if m[1].lower() == 'am' else 'were'} we", line)  # "am I" -> "are you"
        line = _EN_VOICE.sub(lambda m: _english_swap(m, line), line)
        line = _THEIR_WISH.sub("you would like", line)  # "you'd like to …" -> "you would like to …"
        line = _SELF_OBJECT.sub(r"\1", line)  # "I'd like to move us to annual billing": "… like to move to …"
        if line.startswith("you "):
            line = _PLEASE.sub("", line)  # "you would like to exchange them, please, …": not in our mouth
    line = _without_rush(line)
    short = len(line.split()) < 3 and not (ours and DO_IT.match(line))  # "escalate this" says what they want
    longest = 200 if ALSO_ASKED.search(line) else 140  # "…, ainsi que la liste …": two things asked, kept whole
    return "" if short or unsafe_to_quote(line) or len(line) > longest else line


#: Their own hurry, in words our lint bans from a reply ("never right away"): named back without it, or a request
#: with "asap" in it would be dropped whole. "ab sofort" means "from now on", and says so.
_RUSH = caseless(rf"\bab sofort\b|,?\s*\b(?:{HURRY}|schnellstmöglich|so schnell wie möglich)\b")


def _without_rush(line: str) -> str:
    if not _RUSH.search(line):
        return line
    out = _RUSH.sub(lambda m: "künftig" if m[0].lower() == "ab sofort" else "", line)
    return re.sub(r"\s{2,}", " ", out).strip(" ,")


#: Acronyms typed in lower case, said back the way they are written: "2fa", "sso", "csv", "dsgvo".
_ACRONYM = re.compile(
    r"\b(?:2fa|mfa|sso|saml|scim|api|csv|pdf|xlsx|gdpr|dsgvo|rgpd|sepa|iban|vat|dpa|avv|url|ssl|tls)\b"
)
_LOWER_I = re.compile(r"(?<![\w'’-])i(?=['’](?:m|ve|d|ll)\b|\s)")
#: The customer's words in our voice, English: first person -> "you", their "you" -> "we"/"us" (``_english_swap``).
#: The verbs that change with the person are written with it ("I am", "I was", "I'm"); only a lower-case "us"
#: (the US is a country).
_EN_SWAPS = {"i'm": "you're", "i am": "you are", "i was": "you were", "i've": "you've", "i'd": "you'd",
             "i'll": "you'll", "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
             "we're": "you're", "we've": "you've", "we'd": "you'd", "we'll": "you'll", "we": "you", "us": "you",
             "our": "your", "ours": "yours", "ourselves": "yourselves", "you're": "we're", "you've": "we've",
             "you'd": "we'd", "you'll": "we'll", "your": "our", "yours": "ours", "yourself": "ourselves",
             "yourselves": "ourselves"}  # fmt: skip
_EN_VOICE = re.compile(
    r"\b(?:I(?:['’](?:m|ve|d|ll)| am| was)?|[Ww]e(?:['’](?:re|ve|d|ll))?|[Yy]ou(?:['’](?:re|ve|d|ll))?|[Mm]e|[Mm]y|"
    r"[Mm]ine|[Mm]yself|us|[Oo]urs?|[Oo]urselves|[Yy]ours?|[Yy]ourself|[Yy]ourselves)\b(?!['’-]\w)"
)
#: "am I also missing entries?": the verb asked before "I" changes with it ("we" becomes "you" in the next step).
_ASKED_I = re.compile(r"\b(am|was) I\b", re.IGNORECASE)
#: A "you" after these is an object ("send you", "for you"): "us"; elsewhere a subject ("what you do"): "we".
_OBJECT_AFTER = frozenset(
    ("to", "for", "with", "from", "at", "by", "about", "of", "on", "than", "send", "sent", "give", "gave", "tell",
     "told", "ask", "asked", "show", "help", "let", "contact", "call", "email", "e-mail", "charge", "charged",
     "bill", "billed", "pay", "paid", "thank", "remind", "inform", "update", "invoice", "want", "need", "expect",
     "like", "reach", "owe")
)  # fmt: skip
_THEIR_WISH = re.compile(r"^you(?:['’]d| would) like\b")
_LEAD_TO_WISH = re.compile(r"^.{0,120}?[,;]\s*(?:but|and|so)\s+(?=(?:I|[Ww]e)(?:['’]d| would) like\b)")
_PLEASE = caseless(r",?\s*\bplease\b")


#: Their "us" as the object of their own wish, swapped into "you": "you would like to move you to …".
_SELF_OBJECT = re.compile(r"\b(you (?:would like|want|need|plan|intend) to \w+) you\b")


def _english_swap(match: re.Match[str], line: str) -> str:
    word = match[0]
    key = word.lower().replace("’", "'")
    if key == "you":  # "asking you to", "send you", "for you", "… you.": an object
        before = line[: match.start()].split()
        after = line[match.end() :].split()
        last = before[-1].lower().strip(",") if before else ""
        # ("everything you hold": a subject, though "everything" ends in "ing")
        ing = last.endswith("ing") and not last.endswith("thing")
        wanted = last in _OBJECT_AFTER or ing or not after or after[0].lower() == "to"
        return "us" if wanted else "we"
    return _EN_SWAPS[key]  # lower-case: the reply's own sentence leads into it ("You wrote that you …")


#: German and French requests in our voice, both ways in one pass: (pattern, swaps, a "you" that stops it). An
#: infinitive clause ("den Betrag erneut einzuziehen oder mir kurz Bescheid zu geben") reads on either way; a
#: clause with the customer's "Sie"/"vous" (or their "ich"/"nous") as its subject would need its verb changed, so
#: it stays as written.
_ENDINGS = ("", "e", "en", "em", "er", "es")
_DE_SWAPS = {"mir": "Ihnen", "mich": "Sie", "uns": "Ihnen", "Ihnen": "uns", "euch": "uns",
             **{f"eur{e}": f"unser{e}" for e in _ENDINGS if e}, "euer": "unser",
             **{f"{w}{e}": f"Ihr{e}" for w in ("unser", "mein") for e in _ENDINGS},
             **{f"Ihr{e}": f"unser{e}" for e in _ENDINGS}}  # fmt: skip
_FR_SWAPS = {"me": "vous", "m'": "vous ", "m’": "vous ", "moi": "vous", "nous": "vous", "mon": "votre", "ma": "votre",
             "mes": "vos", "notre": "votre", "nos": "vos", "votre": "notre", "vos": "nos"}  # fmt: skip
#: Their "nous"/"me" before the infinitive that starts a request: its object ("nous confirmer par écrit …").
_FR_OBJECT_INFINITIVE = re.compile(r"^(?:nous |me |m['’])(?=[a-zéèêàç]+(?:er|ir|re)\b)", re.IGNORECASE)
#: "nous" as the subject of its verb inside a request ("nous ne sommes plus", "nous utilisons").
_FR_WE_VERB = re.compile(r"\bnous (ne |n['’])?(sommes|avons|[a-zéèêàç]+ons)\b", re.IGNORECASE)


#: Their "vous" for us as the subject of its verb ("si vous pouvez procéder …", "vous n'avez pas répondu").
_FR_YOU_VERB = re.compile(r"\bvous (ne |n['’])?(êtes|faites|dites|[a-zéèêàç]+ez)\b", re.IGNORECASE)


def _fr_we_verb(match: re.Match[str]) -> str:
    """ "vous pouvez" -> "nous pouvons" (the "nous" held back from the swap as \x05)."""
    verb = {"êtes": "sommes", "faites": "faisons", "dites": "disons"}.get(match[2].lower(), match[2][:-2] + "ons")
    negation = ("n'" if verb[0] in "aeêéiou" else "ne ") if match[1] else ""  # "vous n'êtes" -> "nous ne sommes"
    return f"\x05 {negation}{verb}"


def _fr_you_verb(match: re.Match[str]) -> str:
    """ "nous ne sommes" -> "vous n'êtes" (the "vous" held back from the swap as \x00)."""
    verb = {"sommes": "êtes", "avons": "avez"}.get(match[2].lower(), match[2][:-3] + "ez")
    negation = ("n'" if verb[0] in "aeêéiou" else "ne ") if match[1] else ""
    return f"\x00 {negation}{verb}"


_FLIPS = {
    "de": (
        re.compile(
            r"\b(?:mir|mich|uns|Ihnen|euch|euer|eure[nmrs]?|[Uu]nser(?:e[nmrs]?)?|[Mm]ein(?:e[nmrs]?)?|"
            r"Ihr(?:e[nmrs]?)?)\b"
        ),
        _DE_SWAPS,
        re.compile(r"(?<!^)\bSie\b|^(?:[Ii]ch|[Ww]ir)\b"),
    ),
    "fr": (
        re.compile(r"\b(?:me|moi|nous|mon|ma|mes|notre|nos|votre|vos)\b|\bm['’](?=\w)", re.IGNORECASE),
        _FR_SWAPS,
        re.compile(r"\bvous\b|^(?:je|j['’]|nous|on)\b", re.IGNORECASE),
    ),
}


#: German prepositions and verbs that take the accusative: "für uns" is "für Sie", never "für Ihnen"; "Frau Lühmann
#: verlässt uns" is "verlässt Sie".
_DE_ACCUSATIVE = re.compile(
    r"\b(?:für|durch|gegen|ohne|um|verlässt|verlassen|kontaktiert|kontaktieren|informiert|informieren|"
    r"benachrichtigt|benachrichtigen|erreicht|erreichen|unterstützt|unterstützen|betreut|betreuen|ruft|rufen)\s+$",
    re.IGNORECASE,
)


def _swapped(word: str, swaps: dict[str, str], before: str = "") -> str:
    """``word`` in the other voice, keeping a capital it starts with ("Notre" -> "Votre", "Mein" -> "Ihr")."""
    if word == "uns" and _DE_ACCUSATIVE.search(before):
        return "Sie"
    other = swaps.get(word) or swaps[word.lower()]
    if word.startswith(("Ihr", "Ihnen")):  # German's polite "Ihr" is capitalised anywhere: "an Ihre Entwickler"
        return other  # -> "an unsere Entwickler"
    return other[:1].upper() + other[1:] if word[:1].isupper() else other


#: Where a long "what they tried" clause goes on with a second thing: " and waited 10+ minutes each time".
_AND_THEN = re.compile(r"(?<!-)\s(?:and|und|et|then|dann|puis)\s")  # not "ab- und wieder angemeldet"
TRIED_WORDS = 10
_INNER_QUOTE = re.compile(r"[\"“„]([^\"“”„\n]{1,60})[\"”“]")
_TRIED_LEAD = caseless(r"^(?:(?:I|we)(?:'ve|’ve| have)? )?tried (?=\S)")


#: Their hedge on how often they tried, said in our voice: "maybe 5 times now" -> "about 5 times" (their "maybe"
#: means "about"; "now" belongs to their moment of writing, not to our reply).
_HEDGED_COUNT = caseless(
    r"\b(?:maybe|perhaps|probably|like|roughly|around|vielleicht|peut-être)\s+"
    r"(\d+|\w+)\s+(times|mal|Mal|fois)\b(?:\s+(?:now|by now|jetzt|inzwischen|maintenant|déjà))?",
)
_ABOUT = {"times": "about", "mal": "etwa", "fois": "environ"}


def _unhedged(text: str) -> str:
    return _HEDGED_COUNT.sub(lambda m: f"{_ABOUT[m[2].lower()]} {m[1]} {m[2]}", text)


#: A tried clause that opens with the customer's own quotes ("“resend code” maybe 5 times now") names what they
#: pressed or ran: the reply gives it as written, without quoting the whole clause again.
OPENING_QUOTES = ("“", '"', "„", "«", "‘", "'")


def tried_clause(text: str) -> str:
    """What they tried, as the reply quotes it after "What you have already tried": without a leading "tried",
    and a clause of more than ``TRIED_WORDS`` words up to its second step ("‘resend code’ maybe 5 times now"),
    when four words or more are left and no bracket is open."""
    # "What you have already tried (“tried …”)"
    text = _TRIED_LEAD.sub("", text) if len(text.split()) > 3 else text
    # "“resend code” 5 times" is named as written, in our voice; else quoted, their own quotes become single ones
    named = text.startswith(OPENING_QUOTES)
    text = _unhedged(text) if named else _INNER_QUOTE.sub(r"‘\1’", text)
    if len(text.split()) <= TRIED_WORDS:
        return text
    for found in _AND_THEN.finditer(text):
        head = text[: found.start()].rstrip(" ,;")
        if len(head.split()) >= 4 and head.count("(") == head.count(")") and head.count("“") == head.count("”"):
            return head
    return text


#: A question named back in a reply that must be brief: cut at a clause boundary before this many characters.
CLIPPED_QUESTION = 70


_APPOSITION = re.compile(r",\s(?!(?:dass|ob|que|qu'|that|whether|if|wenn|weil|si)\b)[^,?:;]{3,40},\s")


#: A condition that opens a question, up to its comma: "si on passe à 2 licences,", "if we drop to 2 seats,".
_CONDITION_FIRST = caseless(r"^(?:if|wenn|falls|si|s'il|when|quand)\b[^,?]{3,80},\s*")
_OR_WHETHER = caseless(r"(?:ou|or|oder|et|and|und) (?:si|s'il|whether|if|ob)\b")


def clipped(question: dict[str, Any]) -> dict[str, Any]:
    """``question`` with its text and our wording cut at their last clause boundary before ``CLIPPED_QUESTION``."""

    def clip(text: str) -> str:
        # "la prochaine facture, émise le 1er décembre, partira-t-elle …?"; an aside in brackets goes first, whole
        bare = _APPOSITION.sub(" ", ASIDE.sub("", text))
        if len(bare) <= CLIPPED_QUESTION:  # the question without its aside, not its first clause alone
            return bare
        cut = shorten(text, CLIPPED_QUESTION, at_word=False)
        condition = _CONDITION_FIRST.match(text)
        # ("s'il s'agit d'un incident connu, ou si le souci venait de chez nous ?": whether, not a condition)
        condition = None if condition and _OR_WHETHER.match(text, condition.end()) else condition
        if condition and cut.rstrip(" ?") == condition[0].rstrip(" ,"):
            # "si on passe à 2 licences, est-ce que les moniteurs …?": the question, not the condition alone
            cut = shorten(text[condition.end() :], CLIPPED_QUESTION, at_word=False)
        # "la facture FA-… est encore à l'ancien nom et …, il nous la faudrait rééditée": what they ask comes
        # last, after what is wrong; the cut keeps what is wrong, so the ask is added back after it
        tail = text.rsplit(", ", 1)[-1]
        if cut != text and not REQUEST.search(cut) and REQUEST.search(tail) and tail not in cut:
            asked = f"{cut}, {shorten(tail, CLIPPED_QUESTION, at_word=False)}"
            cut = asked if len(asked) <= 2 * CLIPPED_QUESTION else cut
        return cut + "?" if text.endswith("?") and not cut.endswith("?") else cut

    return {**question, "text": clip(question["text"]), "ours": clip(question["ours"])}


def before_the_call(line: str) -> str:
    """A request with the call they want at its end, without it: "a credit for the last three months and someone
    who knows the system to phone me" -> "a credit for the last three months" (the call window answers the call)."""
    call = WANTS_CALL.search(line)
    cut = max((line.rfind(f" {w} ", 0, call.start()) for w in ("and", "und", "et")), default=-1) if call else -1
    if call and cut < 0:  # the call first: "je veux qu'un technicien me rappelle demain et une solution définitive"
        # (not the "und" of "zwischen 14 und 16 Uhr": a range of their hours)
        joins = (m.start() for m in re.finditer(r"(?<!\d) (?:and|und|et) (?!\d)", line[call.end() :]))
        after = next((call.end() + i for i in joins), -1)
        rest = line[after:].split(maxsplit=1)[1] if after > 0 else ""
        return rest if len(rest.split()) >= 2 else line
    return line[:cut].rstrip(" ,") if cut > 0 and len(line[:cut].split()) >= 5 else line
