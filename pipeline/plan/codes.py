"""The shapes error codes take in customer mail: "E-4012", "ERR_CERT_DATE_INVALID", "0x80070005", "AADSTS50011",
"card_declined", "error code 1603". Patterns only; ``facts.error_codes`` reads them.
"""

from __future__ import annotations

import re

from ..caseless import caseless

ERROR_CODE = re.compile(
    # every branch starts a word with one of these: the lookahead spares the branches at every other character
    r"\b(?=[A-Z0eimur])"
    r"(?:(?<![\w-])(?:E|ERR|ERROR)[-_]?\d{2,6}\b|"  # E-4012, ERR-503
    r"\b(?:NET::|SSL_|SEC_)?(?:ERR|ERROR|E)_[A-Z0-9]+(?:_[A-Z0-9]+)*\b|"  # ERR_CERT_DATE_INVALID
    r"\b[A-Z][A-Z0-9]*_(?:[A-Z0-9]+_)*(?:ERROR|FAILED|FAILURE|INVALID|DENIED|TIMEOUT|REFUSED|EXPIRED|NOT_FOUND)\b|"
    r"\b0x[0-9A-Fa-f]{4,8}\b|"  # 0x80070005
    r"\bAADSTS\d{5,8}\b|\bORA-\d{5}\b|\b(?:SSO|AUTH|SAML|SYNC|EXP|WH)-\d{3,5}\b|"  # Entra, Oracle, product codes
    r"\b(?:AC0[146]|AG0[12]|AM0[45]|MD0[1267]|MS0[23]|RR0[1-4]|SL01)\b|"  # SEPA return reasons: "MD01"
    r"\b(?:invalid|expired|missing|unauthorized|insufficient|revoked|unknown)_[a-z]+(?:_[a-z]+)*\b)"  # invalid_token
)
#: A payment or sign-in failure in lower snake case: "card_declined / do_not_honor", "redirect_uri_mismatch".
SNAKE_CODE = re.compile(
    r"(?<![\w/.-])(?<!\":\")(?<!\": \")(?<!': ')(?<!':')"  # (not a value in JSON, which the error message shows)
    r"(?:[a-z]+_)+(?:declined|decline|denied|honou?r|failed|failure|error|exceeded|"
    r"mismatch|required|"
    r"refused|expired|invalid|blocked|insufficient|funds)(?![\w/.-])"
)
CODE_AFTER_WORD = caseless(
    r"\b(?:error|fehler|erreur)(?:\s*(?:code|nummer|number|no\.?|nr\.?))?\s*[:#]?\s*"
    r"(?P<code>[A-Z]{0,5}-?\d{3,6}|[A-Z]{1,5}\d{2,6})\b|"
    r"\b(?:code|fehlercode|code d'erreur|code erreur|exit code|status code)\s*[:#]?\s*(?P<code2>[A-Z]{0,5}-?\d{2,6})\b",
)
