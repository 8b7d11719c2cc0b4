"""What the customer says they attached: "Einen Screenshot … hab ich Ihnen angehängt", "I've attached the log",
"je vous joins une photo". When the mail carries no attachment, the reply says it did not arrive (the renderer
decides; this reads the text only). Pure; never raises.
"""

from __future__ import annotations

from ..caseless import caseless

#: Saying a file comes with this mail (not "I can attach …" nor "if you need a screenshot").
_ATTACHED = caseless(
    r"\b(?:(?:i|we)(?:'ve| have)? attached|attached (?:is|are|you(?:'ll)? find|please find)|please find attached|"
    r"(?:is|are|see(?: the)?) attached|i(?:'m| am) attaching|see (?:the )?attachment|enclosed (?:is|are|please find)|"
    r"anbei|im anhang|in der anlage|angehängt|beigefügt|hänge (?:ich )?(?:ihnen |euch )?[^.!?\n]{0,40}\ban\b|"
    r"ci-joint\w*|en pi[èe]ce jointe|en pj|je vous joins|nous vous joignons|joint(?:e|es|s)? (?:à|a) (?:ce|mon|notre) "
    r"(?:mail|message|courriel))"
)
#: What they attached, named in the same sentence: said back in the reply ("Screenshot", "photo", "log").
_WHAT = caseless(
    r"\b(screenshots?|screen ?shot|bildschirmfotos?|photos?|fotos?|pictures?|images?|bilder?|logs?|log ?files?|"
    r"protokoll\w*|pdf|csv|xlsx|dateien|datei|files?|videos?|captures? d'écran|captures?|fichiers?|documents?|"
    r"dokumente?|questionnaires?|\w*fragebogen|"
    r"export\w*|rapports?|bericht\w*|reports?|invoices?|rechnung|facture)\b"
)
#: What ``named_attachment`` gives when they say they attached something without saying what.
UNNAMED = "attachment"


def named_attachment(text: str) -> str:
    """The file they say they attached, as they name it ("Screenshot"); ``UNNAMED`` when they do not say what;
    "" when they say they attached nothing."""
    found = _ATTACHED.search(text)
    if found is None:
        return ""
    start = max(text.rfind(stop, 0, found.start()) for stop in (".", "!", "?", "\n")) + 1
    end = min((e for stop in (".", "!", "?", "\n") if (e := text.find(stop, found.end())) >= 0), default=len(text))
    what = _WHAT.search(text, start, end)
    return what[0] if what else UNNAMED
