"""Shared helpers for the classifiers tests (imported by them; not a conftest, so that the root
``tests/conftest.py`` stays the one ``conftest`` module): a tiny corpus, and one model trained once
per test process on the bundled seed corpus."""

from __future__ import annotations

import atexit
import csv
import functools
import shutil
import tempfile
from pathlib import Path

from classifiers import Triager, train
from classifiers.default import SEED

# A tiny labelled corpus written for these tests: (subject, body, type, urgency, tone, language).
_TEMPLATES = {
    "billing": [
        (
            "Invoice {n} charged twice",
            "You charged my card twice for invoice {n}. Please refund the extra payment.",
        ),
        (
            "Rechnung {n} doppelt abgebucht",
            "Die Rechnung {n} wurde zweimal abgebucht. Bitte erstatten Sie den Betrag.",
        ),
        ("Question about my bill", "My bill for order {n} shows a higher price than the invoice said."),
    ],
    "technical": [
        ("App crashes on login", "Since the update {n} the app crashes when I log in. Error code E{n}."),
        ("Fehler beim Export", "Beim Export der Datei kommt Fehlermeldung {n}. Die Software stürzt ab."),
        ("Sync error", "The sync fails with error {n} after the latest version. Logs attached."),
    ],
    "outage": [
        ("Service down", "Your service is down for all our users since 9:00, nothing loads. Reference {n}."),
        ("Ausfall der Plattform", "Die Plattform ist seit heute früh nicht erreichbar. Störung {n}."),
        ("Outage again", "Complete outage of the dashboard, every page returns 503. Incident {n}."),
    ],
    "returns": [
        (
            "Return my order {n}",
            "I want to return the shoes from order {n}, they do not fit. Please send a return label.",
        ),
        ("Rücksendung {n}", "Ich möchte den Artikel aus Bestellung {n} zurückschicken und umtauschen."),
        ("Exchange request", "Can I exchange the jacket from order {n} for a larger size?"),
    ],
    "sales": [
        (
            "Quote for {n} licences",
            "We want a quote for {n} licences of the business plan with volume pricing.",
        ),
        (
            "Angebot für {n} Lizenzen",
            "Bitte senden Sie uns ein Angebot für {n} Lizenzen und Ihre Preisliste.",
        ),
        ("Pricing for enterprise", "What does the enterprise plan cost for {n} seats? Is there a demo?"),
    ],
    "general": [
        ("Opening hours", "What are your opening hours around the holidays? Asking for store {n}."),
        ("Allgemeine Frage", "Wie kann ich meine Adresse im Kundenkonto ändern? Kundennummer {n}."),
        ("Feedback", "Just wanted to say thanks for the friendly help last week, ticket {n}."),
    ],
}
_URGENCY = {
    "outage": "high",
    "technical": "normal",
    "billing": "normal",
    "returns": "low",
    "sales": "low",
    "general": "low",
}


def tiny_rows(with_tone: bool = True) -> list[dict[str, str]]:
    """About 100 labelled rows, every label of every head several times, English and German."""
    rows = []
    for type_, templates in _TEMPLATES.items():
        for k in range(6):
            for j, (subject, body) in enumerate(templates):
                n = str(1000 + 37 * k + j)
                angry = (k + j) % 3 == 0
                text = body.format(n=n) + (" This is unacceptable, the third time!!" if angry else "")
                row = {
                    "subject": subject.format(n=n),
                    "body": text,
                    "type": type_,
                    "urgency": "high" if angry and type_ != "outage" and k % 2 else _URGENCY[type_],
                    "language": "de" if j == 1 else "en",
                }
                if with_tone:
                    row["tone"] = "frustrated" if angry else "neutral"
                rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@functools.cache
def trained_model_dir() -> Path:
    """A model trained once per process on the seed corpus (or the tiny corpus if the seed is absent)."""
    out = Path(tempfile.mkdtemp(prefix="mailtriage-test-model-"))
    atexit.register(shutil.rmtree, out, True)
    data = SEED if SEED.is_file() else write_csv(out / "tiny.csv", tiny_rows())
    train(data, out / "model", progress=False)
    return out / "model"


@functools.cache
def shared_triager() -> Triager:
    """A Triager over ``trained_model_dir()`` with one VIP domain, built once per process."""
    return Triager.load(trained_model_dir(), vip_domains=("bigcustomer.example",))
