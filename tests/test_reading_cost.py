"""Cost of ``read_customer`` on three realistic messages (EN billing mail of 150 words with an amount,
a date, an invoice and "by Friday"; a German and a French one). The target is a median under 3 ms after
warm-up (triage and draft together must stay under 10 ms). Machines are noisy, so the assertion is a
ratio, not milliseconds: each reading is timed in turn with a baseline measured in the same run (the
stdlib parse and serialise of the same message), so a busy machine slows both alike. Run
``pytest -q -s tests/test_reading_cost.py`` to see the figures.
"""

from __future__ import annotations

import email
import email.policy
import statistics
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from pipeline.plan import when
from pipeline.plan.customer import read_customer

EN = """Hi team,

I'm writing about our November renewal. We were charged EUR 1,490.00 on 2 November for invoice
INV-2026-11-04821, but the quote we signed in September said EUR 1,290.00 for the same 40 seats.
Our finance team noticed the difference when they reconciled the card statement this morning, and
they also saw that the invoice lists 45 seats instead of 40. Nobody added seats on our side; the
admin log in the workspace "northwind-ops" shows no changes since October.

Could you correct the invoice and refund the difference to the card? Please also confirm whether
the five extra seats will be removed from the next billing cycle, or whether we need to remove them
ourselves in the admin panel. Our accounts payable team closes the month on Friday, so we need the
corrected invoice by Friday. I already forwarded the quote to your sales colleague last week.

Thanks,
Dana Whitfield
Finance, Northwind Traders
"""
DE = """Guten Tag,

am 6. Oktober wurde uns für die Rechnung RE-2026-10-3381 ein Betrag von 1.234,50 EUR doppelt abgebucht.
Unsere Kundennummer ist K-100734. Seit gestern können sich außerdem 15 Nutzer im Arbeitsbereich „Lager Süd“
nicht mehr anmelden; es kommt die Meldung „Zugriff verweigert“. Wir haben bereits den Cache geleert und den
Browser neu gestartet (Chrome 131 unter Windows 11).
Ich bitte Sie, 1. die Rechnung zu korrigieren 2. den doppelten Betrag zu erstatten.
Können Sie uns bis morgen 12 Uhr Bescheid geben? Es ist dringend, sonst kündigen wir.

Mit freundlichen Grüßen
Max Muster
"""
FR = """Bonjour,

Depuis ce matin, 12 utilisateurs ne peuvent plus se connecter au projet « Projet Alpha ». L'API renvoie
une erreur 401 sur POST /v2/sessions. J'ai déjà réinstallé l'application et réinitialisé les jetons.
Nous avons aussi reçu la facture F-2026-118 de 89,00 € le 3 décembre, qui ne correspond pas à notre commande n° 55120.
Pouvez-vous vérifier notre compte avant vendredi ? Merci de nous envoyer un avoir. C'est bloquant pour notre équipe.

Cordialement,
Marie Dupont
"""
RECEIVED = datetime(2026, 11, 4, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))
MESSAGES = [("en", EN, "Invoice INV-2026-11-04821 wrong amount"), ("de", DE, "Doppelte Abbuchung"),
            ("fr", FR, "Connexion impossible")]  # fmt: skip


def _stdlib_round_trip(data: bytes) -> bytes:
    """The baseline ``benchmarks/triage_cost.py`` uses too: what every mail program pays for a message."""
    return email.message_from_bytes(data, policy=email.policy.default).as_bytes()


# Today's ratios on this machine: en 16.8, de 13.3, fr 11.7 with the machine quiet; en 15.8, de 13.2, fr 10.3
# with three busy loops on its two cores (``pytest -s`` prints them). The ceiling is a regression guard with
# room for noise, not the target: the 3 ms target is about a third of today's cost.
MAX_RATIO = 25.0
# The baseline is timed ten round trips at a time, so it lasts about as long as a reading: a scheduler that
# shares the cores in slices then interrupts both about as often (timed one at a time, the short baseline
# slipped between slices and the ratio rose from 13x to 22x under the same load).
BASELINE_REPEATS = 10


def test_median_cost_per_message():
    for language, text, subject in MESSAGES:
        read_customer(text, subject, language, RECEIVED)  # warm-up: dateparser's locale data, compiled patterns
    ratios = {}
    for language, text, subject in MESSAGES:
        data = (f"Subject: {subject}\nContent-Type: text/plain; charset=utf-8\n"
                f"Content-Transfer-Encoding: 8bit\n\n{text}").encode()  # fmt: skip
        runs, base = [], []
        for _ in range(100):  # in turn, so a neighbour's burst of work slows both
            start = time.perf_counter()
            read_customer(text, subject, language, RECEIVED)
            runs.append(time.perf_counter() - start)
            start = time.perf_counter()
            for _ in range(BASELINE_REPEATS):
                _stdlib_round_trip(data)
            base.append((time.perf_counter() - start) / BASELINE_REPEATS)
        cold = []
        for day in range(1, 21):  # another Date each time and the phrase cache emptied: no cache helps
            when.month_day.cache_clear()
            start = time.perf_counter()
            read_customer(text, subject, language, RECEIVED.replace(day=day))
            cold.append(time.perf_counter() - start)
        warm, stdlib = statistics.median(runs) * 1000, statistics.median(base) * 1000
        ratios[language] = warm / stdlib
        print(f"read_customer {language}: median {warm:.2f} ms warm, "
              f"{statistics.median(cold) * 1000:.2f} ms with the date cache emptied; "
              f"stdlib round trip {stdlib:.3f} ms; ratio {ratios[language]:.1f}x")  # fmt: skip
    reading = read_customer(EN, "", "en", RECEIVED)
    assert reading.facts.amounts and reading.facts.dates and reading.deadline is not None
    assert max(ratios.values()) < MAX_RATIO, ratios


# --- the shortcuts change no result ---------------------------------------------------------------------------


def _realistic_texts() -> list[str]:
    """Bodies of the seed corpus, the golden set, tests/mail and the demo inbox, plus the messages above."""
    import csv
    from pathlib import Path

    from classifiers.default import SEED
    from pipeline.parse import parse

    root = Path(__file__).resolve().parents[1]
    with SEED.open(encoding="utf-8", newline="") as f:
        texts = [row["body"] for row in csv.DictReader(f)]
    files = [*sorted((root / "tests" / "golden").glob("*.eml")), *sorted((root / "tests" / "mail").glob("*.eml")),
             *sorted((root / "demo" / "inbox" / "new").iterdir())]  # fmt: skip
    for path in files:
        parsed = parse(path.read_bytes())
        texts += [parsed.new_text or parsed.text, parsed.text]
    return texts + [text for _, text, _ in MESSAGES]


def test_tried_skips_only_sentences_whose_clauses_have_no_verb():
    """``situation.tried`` skips a sentence without a tried-verb before splitting it: every part it would
    search (the lead before ": " and each clause) is a piece of the sentence cut at non-word characters,
    so none has a verb either. Checked on every sentence of the realistic texts."""
    from pipeline.plan import clauses, situation

    checked = 0
    for text in _realistic_texts():
        for sentence in clauses.sentences(clauses.body(text)):
            sentence = clauses.LIST_ITEM.sub("", sentence)
            if situation._TRIED_VERB.search(sentence):
                continue
            pieces = [sentence.partition(": ")[0], *situation._TRIED_SPLIT.split(sentence)]
            assert not any(situation._TRIED_VERB.search(p) for p in pieces if p), sentence
            checked += 1
    assert checked > 3000


def test_deadline_patterns_are_compiled_once_as_they_were_per_call():
    """``deadline`` compiles its time-phrase patterns once; the same patterns and flags it built per call."""
    import re

    from pipeline.plan import deadline

    per_call_words = re.compile(r"(?:" + deadline._WHEN.pattern + r")(?!\w)", re.I)
    per_call_starts = re.compile(r"(?<![\w'])(?=" + deadline._WHEN.pattern + r")", re.I)
    built = (deadline._WHEN_WORDS, deadline._WHEN_STARTS)
    assert [(p.pattern, p.flags) for p in (per_call_words, per_call_starts)] == [(p.pattern, p.flags) for p in built]
