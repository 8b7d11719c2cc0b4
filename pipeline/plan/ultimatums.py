"""What an ultimatum asks of us: "Si je n'ai pas d'ici vendredi une explication sérieuse …, on ne renouvelle pas",
"I am not renewing unless I get a proper explanation", "…, and I'll want the last two months refunded": the
explanation, the fix or the refund is what they ask, named back like a question. Pure.
"""

from __future__ import annotations

import re

from .statement_asks import matched

#: What an ultimatum demands: "Si je n'ai pas d'ici vendredi une explication sérieuse sur ces lenteurs …, on ne
#: renouvelle pas", "Unless we get a proper explanation by Friday, we won't renew", "Wenn ich bis Freitag keine
#: Erklärung bekomme, kündigen wir": the explanation is what they ask of us.
_ULTIMATUM = (
    ("fr", re.compile(
        r"^\s*(?:et\s+)?si (?:je|nous|on) n'(?:ai|avons|a) pas (?:(?:d'ici|avant) [\w' ]{3,25}? )?"
        r"(?P<what>[^,;:!?]{8,160}?),"
        r"\s+(?:on|nous|je)\s+(?:ne\s+\w+\s+pas|résili\w*|annul\w*|part\w*|quitt\w*|change\w*)", re.IGNORECASE)),
    ("en", re.compile(
        r"^(?:[^:]{3,40}:)?\s*(?:and\s+)?(?:unless|if) (?:i|we) (?:don't |do not )?(?:get|receive|have|see) "
        r"(?P<what>[^,;:!?]{8,160}?)"
        r"(?: by [\w ]{2,25}?)?,\s+(?:we|i)(?:'ll| will)? (?:not renew|won't renew|will not renew|be cancell?ing|"
        r"cancel|leave|be leaving|switch|move)", re.IGNORECASE)),
    ("de", re.compile(
        r"^(?:[^:]{3,40}:)?\s*(?:und\s+)?(?:wenn|falls) (?:ich|wir) (?:bis [\w., ]{2,30}? )?"
        r"(?:nicht |k(?P<article>eine[nr]?|ein) )(?P<what>[^,;:!?]{8,160}?) "
        r"(?:bekomme|bekommen|erhalte|erhalten|habe|haben|sehe|sehen)"
        # ("… keine schriftliche Erklärung habe, was da los ist und was Sie dagegen tun, kündigen wir": what about)
        r"(?P<about>,\s+(?:was|warum|wieso|weshalb|wie|wer)\b[^;:!?]{5,120}?)?,\s+(?:kündigen|verlängern|wechseln|gehen)",
        re.IGNORECASE)),
)  # fmt: skip


#: An ultimatum on the fix itself: "si ce n'est pas réglé durablement d'ici vendredi, je recommande de ne pas
#: renouveler", "if this isn't fixed for good by Friday, we won't renew", "wenn das bis Freitag nicht dauerhaft
#: behoben ist, kündigen wir": a lasting fix is what they ask of us.
#: The threat first, then what would stop it: "I am not renewing for another year of this unless I get a proper
#: explanation of what is actually wrong", "…, sauf si j'obtiens …", "…, es sei denn, ich bekomme …".
_THREAT_UNLESS = (
    ("en", re.compile(r"\b(?:not (?:be )?renew\w*|cancel\w*|leav\w*|switch\w*)\b[^.;!?]{0,60}?\bunless (?:i|we) "
                      r"(?:get|receive|see|have) (?P<what>[^.;!?]{8,160}?)(?=[,.;!?]|$)", re.I)),
    ("de", re.compile(r"\b(?:kündig\w*|nicht verlänger\w*|wechseln)\b[^.;!?]{0,60}?\bes sei denn,? (?:ich|wir) "
                      r"(?:bekomme|bekommen|erhalte|erhalten) (?P<what>[^.;!?]{8,160}?)(?=[,.;!?]|$)", re.I)),
    ("fr", re.compile(r"\b(?:résili\w*|pas renouvel\w*|partir|quitter)\b[^.;!?]{0,60}?\bsauf si (?:j'obtiens|nous "
                      r"obtenons|on obtient|je reçois) (?P<what>[^.;!?]{8,160}?)(?=[,.;!?]|$)", re.I)),
)  # fmt: skip
_UNLESS_FIXED = (
    ("fr", re.compile(
        r"(?:^|[:;–—]\s*)\s*(?:et\s+)?si (?:ce n'est|ça n'est|le problème n'est|ce n'est toujours) pas "
        r"(?P<what>(?:réglé|résolu|corrigé)"
        r"(?: (?:durablement|définitivement|pour de bon|correctement))?)\b[^,]{0,40},\s+(?:je|on|nous)\b", re.I)),
    ("en", re.compile(
        r"(?:^|[:;–—]\s*)\s*(?:and\s+)?(?:if|unless) (?:this|it|the (?:problem|issue)) (?:isn't|is not|is) "
        r"(?P<what>(?:fixed|resolved|"
        r"sorted)(?: (?:for good|properly|permanently|once and for all))?)\b[^,]{0,40},\s+(?:we|i)\b", re.I)),
    ("de", re.compile(
        r"(?:^|[:;–—]\s*)\s*(?:und\s+)?(?:wenn|falls) (?:das|es|der fehler|das problem) (?:bis [\w. ]{2,25}? )?nicht "
        r"(?P<what>(?:dauerhaft |endgültig |wirklich |vernünftig )?(?:behoben|gelöst|repariert))\b[^,]{0,20},\s+"
        r"(?:kündigen|verlängern|wechseln|gehen|werden|empfehle)", re.I)),
)  # fmt: skip
#: What an ultimatum adds that they will want: "…, and I'll want the last two months refunded since …", "…, und
#: ich will die Gebühren zurück", "…, et je voudrai le remboursement des deux derniers mois".
_AND_I_WANT = (
    ("en", re.compile(r",?\s+and (?:i|we)(?:'ll| will) (?:want|expect|need|ask for|ask|demand) "
                      r"(?P<what>[^.,;!?]{5,80}?)"
                      r"(?=\s+(?:since|because|as|for (?!this|last|the|yesterday|today))\b|[.,;!?]|$)", re.I)),
    ("de", re.compile(r",?\s+und (?:ich|wir) (?:will|wollen|erwarte|erwarten) (?P<what>[^.,;!?]{5,80}?)"
                      r"(?=\s+(?:weil|da|denn)\b|[.,;!?]|$)", re.I)),
    ("fr", re.compile(r",?\s+et (?:je|nous) (?:voudrai|voudrons|exigerai|exigerons|demanderai|demanderons) "
                      r"(?P<what>[^.,;!?]{5,80}?)(?=\s+(?:car|puisque|vu)\b|[.,;!?]|$)", re.I)),
)  # fmt: skip
#: A threat that ends on what would stop it: "we will not be renewing unless somebody explains what happened last
#: night", "…, es sei denn, jemand erklärt mir, was da los war", "…, à moins qu'on m'explique ce qui s'est passé".
_UNLESS_EXPLAINED = (
    ("en", re.compile(r"\bunless (?P<fixed>(?:this|it) (?:is|gets) (?:fixed|resolved|sorted) and )?"
                      r"(?:somebody|someone|you) (?:can |will )?(?:finally |properly |actually |clearly )?explains? "
                      r"(?:to (?:me|us) )?(?P<what>(?:what|why|how)\b[^.;!?]{5,160}?)(?=[.;!?]|,\s*(?:we|i|then)\b|$)",
                      re.I)),
    ("de", re.compile(r"\bes sei denn,? (?:jemand|sie) (?:kann|können )?(?:mir|uns) (?:endlich |vernünftig )?"
                      r"(?:erklärt|erklären)(?: kann| können)?,? (?P<what>(?:was|warum|wieso|wie)\b[^.;!?]{5,160}?)"
                      r"(?=[.;!?]|$)", re.I)),
    ("fr", re.compile(r"\bà moins (?:qu'on|que quelqu'un|que vous) (?:ne )?(?:m'|nous )(?:explique|expliquiez) "
                      r"(?P<what>(?:ce qui|ce que|pourquoi|comment)\b[^.;!?]{5,160}?)(?=[.;!?]|$)", re.I)),
)  # fmt: skip
#: Two ways out they give us to choose from: "Je renvoie pas un 2e lecteur pour rien : soit vous envoyez un
#: technicien, soit quelqu'un regarde à distance ce qui cloche", "either you send an engineer or someone dials in",
#: "entweder Sie schicken einen Techniker oder Sie tauschen das Gerät": both are what they ask of us.
_EITHER = re.compile(
    r"(?:^|[:;–—]\s*)(?P<what>soit (?:vous|quelqu'un|on)\b[^;:!?]{5,100}?,\s*soit\b[^;:!?]{5,100}?|"
    r"either (?:you|someone|somebody)\b[^;:!?]{5,100}?,?\s+or\b[^;:!?]{5,100}?|"
    r"entweder (?:Sie|jemand)\b[^;:!?]{5,100}?,?\s+oder\b[^;:!?]{5,100}?)(?=[.;!?]|$)",
    re.IGNORECASE,
)
_EXPLANATION = {"en": "an explanation of {}", "de": "eine Erklärung, {}", "fr": "une explication sur {}"}
#: (the threat itself is answered by the reply's renewal line)
_FIXED_ASKED = {"fr": "que le problème soit {}", "en": "the problem {}", "de": "dass das Problem {} wird"}


def demanded(sentence: str, language: str) -> tuple[str, ...]:
    """What an ultimatum asks of us ("une explication sérieuse sur ces lenteurs"), and what it adds they will want
    ("…, I will not renew, and I will ask a credit for this month"); () when it asks nothing."""
    first = _demanded(sentence, language)
    also = matched(_AND_I_WANT, sentence, language, re.Pattern.search) if first else None
    more = also["what"].strip() if also else ""
    if more.split()[:3] == first.split()[:3]:
        more = ""  # the addition was the demand itself ("…, and I'll want the last two months refunded")
    return tuple(d for d in (first, more) if d)


def _demanded(sentence: str, language: str) -> str:
    if either := _EITHER.search(sentence.strip()):
        return either["what"]
    found = matched(_ULTIMATUM, sentence, language, re.Pattern.match)
    if found is None:
        found = matched(_THREAT_UNLESS, sentence, language, re.Pattern.search)
    if found is None and (explain := matched(_UNLESS_EXPLAINED, sentence, language, re.Pattern.search)):
        explained = _EXPLANATION.get(language, _EXPLANATION["en"]).format(explain["what"].strip())
        # "unless this is fixed AND someone explains to me why …": both asked
        return f"a fix, and {explained}" if explain.groupdict().get("fixed") else explained
    if found is None:
        fixed = matched(_UNLESS_FIXED, sentence, language, re.Pattern.search)
        if fixed is None and (also := matched(_AND_I_WANT, sentence, language, re.Pattern.search)):
            what = also["what"].strip()  # "…, I'm cancelling, and I'll want the last two months refunded"
            # named back as "You asked for the last two months to be refunded"
            return re.sub(r"\s(\w+ed)$", r" to be \1", what) if language == "en" and len(what.split()) > 2 else what
        what = fixed["what"] if fixed else ""
        return _FIXED_ASKED.get(language, _FIXED_ASKED["en"]).format(what) if what else ""
    article = found.groupdict().get("article")  # "keine Erklärung" asks for "eine Erklärung"
    what = re.sub(r"\b(und|oder) kein(e[nr]?)?\b", r"\1 ein\2", found["what"])  # "… und keinen Vorschlag"
    what = re.sub(r"\s+(?:auf dem tisch|in der hand|vorliegen)$", "", what, flags=re.I)  # "… auf dem Tisch habe"
    about = found.groupdict().get("about") or ""  # "…, was da los ist und was Sie dagegen tun"
    return " ".join(f"{article or ''} {what}{about}".split())
