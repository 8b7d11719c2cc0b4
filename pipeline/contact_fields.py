"""A contact as the templates see it, the same for a first draft and a follow-up: name, short name, phone,
e-mail and hours in the reply's language."""

from __future__ import annotations

import re

from .message import Contact

#: No contact (no escalation configured): every field there, empty, so a template can test it.
NO_CONTACT = {"name": "", "short": "", "phone": "", "email": "", "hours": ""}
_HOURS_DE = {"Mon": "Mo", "Tue": "Di", "Wed": "Mi", "Thu": "Do", "Fri": "Fr", "Sat": "Sa", "Sun": "So",
             "CET": "MEZ", "CEST": "MESZ", "-": "–"}  # fmt: skip
_HOURS_TOKENS = re.compile(r"Mon|Tue|Wed|Thu|Fri|Sat|Sun|CEST|CET|-")
_DAY = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_HOURS_PLAIN = re.compile(rf"({_DAY}(-{_DAY})?,?\s*|\d{{1,2}}:\d{{2}}-\d{{1,2}}:\d{{2}},?\s*|(CEST|CET|UTC)\s*)+")


def contact_fields(contact: Contact, language: str) -> dict[str, str]:
    """The contact as templates see it: its name in ``language``, the short name the text uses, phone, e-mail
    and hours."""
    name = contact.name_in(language)
    return {
        "name": name,
        # in the text, "Jonas Weber will check …": the signature below already says "(Technical support)"
        "short": re.sub(r"\s*\([^)]*\)\s*$", "", name) or name,
        "phone": contact.phone,
        "email": contact.email,
        "hours": hours_in(contact, language),
    }


def hours_in(contact: Contact, language: str) -> str:
    """The contact's hours in ``language``: ``Contact.hours_in`` when the config has it; else German
    weekday and zone abbreviations for hours written only in them ("Mon-Fri 09:00-17:00 CET");
    anything else as written."""
    localized = contact.hours_in(language)
    if localized:
        return localized
    if language == "de" and _HOURS_PLAIN.fullmatch(contact.hours.strip()):
        return _HOURS_TOKENS.sub(lambda m: _HOURS_DE[m.group(0)], contact.hours)
    return contact.hours
