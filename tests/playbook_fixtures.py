"""Small playbooks written into tmp_path for the loader, matcher and check tests (never the starter library)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "intent_fixtures", Path(__file__).resolve().parent / "classifiers" / "intent_fixtures.py"
)
assert _spec and _spec.loader
intent_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(intent_fixtures)
EXAMPLES: dict[str, dict[str, list[str]]] = intent_fixtures.EXAMPLES

BLOCKS = {
    "en": {
        "restate": "Thank you for the details{% if reference %} about {{ reference }}{% endif %}.",
        "known": "We have seen this before and know where to look.",
        "next": "{{ contact_name }} will look into it on your account.",
        "need": '[{ ask = "the invoice number", unless = ["invoice"] }]',
    },
    "de": {
        "restate": "Danke für die Angaben{% if reference %} zu {{ reference }}{% endif %}.",
        "known": "Das kennen wir und wissen, wo wir nachsehen müssen.",
        "next": "{{ contact_name }} sieht sich Ihr Kundenkonto an.",
        "need": '[{ ask = "die Rechnungsnummer", unless = ["invoice"] }]',
    },
    "fr": {
        "restate": "Merci pour ces précisions{% if reference %} sur {{ reference }}{% endif %}.",
        "known": "Nous connaissons ce cas et savons où chercher.",
        "next": "{{ contact_name }} va vérifier votre compte.",
        "need": "[]",
    },
}

# Answers of billing.duplicate_charge, per language: id -> (questions, answer).
ANSWERS = {
    "refund_time": {
        "en": (
            [
                "How long does the refund take?",
                "When will I get my money back?",
                "When will the money be back on my card?",
            ],
            "Once a payment is refunded, it usually shows on your statement within 5 to 10 business days.",
        ),
        "de": (
            ["Wie lange dauert die Erstattung?", "Wann bekomme ich mein Geld zurück?"],
            "Eine erstattete Zahlung erscheint meist nach 5 bis 10 Bankarbeitstagen auf Ihrem Konto.",
        ),
        "fr": (
            ["Combien de temps prend le remboursement ?", "Quand serai-je remboursé ?"],
            "Un paiement remboursé apparaît en général sous 5 à 10 jours ouvrés sur votre relevé.",
        ),
    },
    "pending": {
        "en": (
            ["One of the charges is still pending, is it real?", "My bank shows the second payment as pending."],
            "A pending charge is a reservation; your card issuer releases it by itself if it is not captured.",
        ),
        "de": (
            [
                "Eine der Abbuchungen ist noch vorgemerkt, ist sie echt?",
                "Meine Bank zeigt die zweite Zahlung als vorgemerkt.",
            ],
            "Eine vorgemerkte Zahlung ist eine Reservierung, die Ihre Bank von selbst freigibt.",
        ),
        "fr": (
            ["Un des débits est encore en attente, est-il réel ?", "Ma banque affiche le second paiement en attente."],
            "Un débit en attente est une réservation que votre banque libère d'elle-même.",
        ),
    },
    "account_active": {
        "en": (
            ["Is our subscription still active while you check?", "Will our account be blocked?"],
            "Your subscription stays active while we check the payments.",
        ),
        "de": (
            ["Bleibt unser Abo aktiv, während Sie das prüfen?", "Wird unser Konto gesperrt?"],
            "Ihr Abo bleibt aktiv, während wir die Zahlungen prüfen.",
        ),
        "fr": (
            ["Notre abonnement reste-t-il actif pendant la vérification ?", "Notre compte sera-t-il bloqué ?"],
            "Votre abonnement reste actif pendant que nous vérifions les paiements.",
        ),
    },
    "why_twice": {
        "en": (
            ["How could this happen?", "Why were we charged twice?"],
            "Most often a payment page was submitted twice, or a card reservation looks like a second charge.",
        ),
        "de": (
            ["Wie konnte das passieren?", "Warum wurden wir doppelt belastet?"],
            "Meist wurde eine Zahlungsseite zweimal abgeschickt, oder eine Reservierung wirkt wie eine zweite Zahlung.",
        ),
        "fr": (
            ["Comment est-ce possible ?", "Pourquoi avons-nous été débités deux fois ?"],
            "Souvent, une page de paiement a été validée deux fois, ou une réservation ressemble à un second débit.",
        ),
    },
}


def q(value: str) -> str:
    """A TOML string (JSON's escaping is valid TOML for these)."""
    return json.dumps(value, ensure_ascii=False)


def playbook_text(
    intent: str,
    examples: dict[str, list[str]] | None = None,
    blocks: dict[str, dict[str, str]] | None = None,
    answers: bool = False,
    extra: str = "",
) -> str:
    """A valid playbook for ``intent`` (examples from the intent fixtures), with ``blocks`` overriding keys."""
    examples = examples if examples is not None else EXAMPLES[intent]
    lines = [f"intent = {q(intent)}", f"type = {q(intent.split('.')[0])}", f"title = {q(intent)}", extra, "[examples]"]
    lines += [f"{lang} = [{', '.join(q(s) for s in sentences)}]" for lang, sentences in examples.items()]
    for lang, block in BLOCKS.items():
        merged = {**block, **(blocks or {}).get(lang, {})}
        lines.append(f"[{lang}]")
        lines += [f"{k} = {q(v)}" for k, v in merged.items() if k != "need"]
        lines.append(f"need = {merged['need']}")
    if answers:
        for answer_id, by_language in ANSWERS.items():
            lines += ["[[answers]]", f"id = {q(answer_id)}"]
            for lang, (questions, text) in by_language.items():
                lines += [
                    f"[answers.{lang}]",
                    f"questions = [{', '.join(q(x) for x in questions)}]",
                    f"answer = {q(text)}",
                ]
    return "\n".join(lines) + "\n"


def write_library(
    folder: Path, intents: list[str] | None = None, answers_for: str = "billing.duplicate_charge"
) -> Path:
    """One file per intent under ``folder/<type>/<name>.toml``; returns the folder."""
    for intent in intents or list(EXAMPLES):
        type_, name = intent.split(".", 1)
        (folder / type_).mkdir(parents=True, exist_ok=True)
        (folder / type_ / f"{name}.toml").write_text(playbook_text(intent, answers=intent == answers_for))
    return folder
