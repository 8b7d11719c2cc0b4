"""Reading that the thirteenth blind batch showed missing: an Outlook forward under "-----Ursprüngliche
Nachricht-----", a need announced with "brauche ich noch:", "escalate this" as no manager's call, a decision-maker
who "Verantwortung trägt", "ab sofort" as no urgency, a company renamed "aus X wird Y", "… oder ob wir …" as two
questions named back in our voice, a loaner asked for as "si vous avez … je suis preneur", a wish after a lead-in,
a German event in a compound noun ("Kundentermin"), and a "dass" clause that is no aside."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pipeline.asked import asked_line, clipped
from pipeline.parse.forwards import forwarded_body
from pipeline.plan.contact_asks import contact_requests
from pipeline.plan.cues import urgency_cues
from pipeline.plan.customer import read_customer
from pipeline.plan.deadline import find
from pipeline.plan.renamed import new_company_name

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 30, 10, 5, tzinfo=BERLIN)

OUTLOOK_FORWARD = (
    "Hallo,\n\nanbei die Fragen unseres ISB, ich leite das einfach mal so weiter.\n\nViele Grüße\nLena Vogt\n\n"
    "-----Ursprüngliche Nachricht-----\nVon: Heiko Brandl <h.brandl@example.de>\n"
    "Gesendet: Montag, 30. November 2026 11:02\nAn: Lena Vogt <lena.vogt@example.de>\n"
    "Betreff: Lieferantenbewertung\n\nHi Lena,\n\nfür die Bewertung brauche ich vom Anbieter noch:\n\n"
    "1. Wo liegen unsere Daten (Rechenzentrum, Land)?\n2. Aktueller Pentest-Bericht (Zusammenfassung reicht).\n"
)


def asked(text: str, language: str) -> list[tuple[str, str]]:
    return [(q.kind, q.text) for q in read_customer(text, "", language, MONDAY).questions]


def test_an_outlook_forward_is_read_when_the_note_says_it_passes_one_on() -> None:
    note = OUTLOOK_FORWARD.split("-----Ursprüngliche")[0]
    body = forwarded_body(OUTLOOK_FORWARD, note)
    assert body.startswith("Hi Lena,") and "Pentest-Bericht" in body and "Gesendet:" not in body
    assert asked(body, "de") == [
        ("question", "wo liegen unsere Daten (Rechenzentrum, Land)?"),
        ("request", "Aktueller Pentest-Bericht (Zusammenfassung reicht)"),
    ]
    reply = "Danke, das hilft.\n\n-----Ursprüngliche Nachricht-----\nVon: Support <support@example.com>\n\nHallo"
    assert forwarded_body(reply, "Danke, das hilft.") == ""  # a reply quoting us forwards nothing


def test_escalate_this_is_no_managers_call_but_a_decision_maker_is() -> None:
    assert contact_requests("Can you escalate this please?") == ()
    assert asked_line("escalate this", True, "en") == "escalate this"
    assert contact_requests("Ich erwarte einen Rückruf von jemandem, der bei Ihnen Verantwortung trägt.") == (
        "call",
        "senior",
    )


def test_ab_sofort_is_from_when_not_how_soon_and_a_rename_aus_x_wird_y() -> None:
    cues = urgency_cues("Ab sofort übernimmt Jana die Rechnungen. Eilt nicht.")
    assert [(c.text, c.direction) for c in cues] == [("Eilt nicht", -1)]
    renamed = 'zum 1. Januar 2027 firmieren wir um: aus "Sommerfeld & Lange OHG" wird "Sommerfeld Lange PartGmbB".'
    assert new_company_name(renamed) == "Sommerfeld Lange PartGmbB"


def test_oder_ob_is_one_question_cut_before_its_choice_and_named_back_in_our_voice() -> None:
    text = (
        "Ich wüsste gern, ob sich durch die Umfirmierung am Vertrag oder an unserem Workspace irgendwas ändert oder "
        "ob wir da selbst etwas umstellen müssen, weil wir das im Dezember einplanen möchten."
    )
    questions = [t for _, t in asked(text, "de")]
    assert questions == [
        "ob sich durch die Umfirmierung am Vertrag oder an unserem Workspace irgendwas ändert oder ob wir da selbst "
        "etwas umstellen müssen?"
    ]
    assert (
        asked_line("ob wir da selbst etwas umstellen müssen?", True, "de") == "ob Sie da selbst etwas umstellen müssen?"
    )
    assert asked_line("ob Sie die Rechnung stornieren können?", True, "de") == "ob wir die Rechnung stornieren können?"


def test_a_loaner_asked_for_as_a_wish_and_a_wish_after_its_lead_in() -> None:
    loaner = (
        "on en a qu'un pour la réception des livraisons le matin donc si vous avez un appareil de prêt en attendant "
        "je suis preneur"
    )
    assert asked(loaner, "fr") == [("question", "avez-vous un appareil de prêt en attendant?")]
    wish = (
        "Avant cela, et en application de l'article 15, je souhaiterais obtenir une copie des données que vous "
        "détenez sur moi."
    )
    assert asked(wish, "fr") == [("request", "je souhaiterais obtenir une copie des données que vous détenez sur moi")]


def test_a_german_event_in_a_compound_noun_and_a_dass_clause_kept() -> None:
    deadline, _ = find("Um 14 Uhr hab ich einen Kundentermin und brauch dafür die Berichte.", MONDAY, "de")
    assert deadline is not None and deadline.hard and deadline.at == datetime(2026, 11, 30, 14, 0, tzinfo=BERLIN)
    question = "wäre es möglich, dass ich das Angebot bis Montag, 7. Dezember, bekomme?"
    assert (
        clipped({"text": question, "ours": question})["text"]
        == "wäre es möglich, dass ich das Angebot bis Montag bekomme?"
    )


def test_a_narrowing_follow_up_joins_its_question_and_what_stays_the_same_asks_nothing() -> None:
    text = "- si on ajoute les 8 utilisateurs en cours de mois, comment est calculée la facturation ? au prorata ?"
    assert asked(text, "fr") == [
        (
            "question",
            "si on ajoute les 8 utilisateurs en cours de mois, comment est calculée la facturation? au prorata?",
        )
    ]
    lead = "Peux-tu voir avec l'éditeur pour :\n"
    same = "- même n° de TVA FR27 812345678, rien ne change de ce côté-là ;\n- il faut refaire la facture de novembre\n"
    assert asked(lead + same, "fr") == [("request", "refaire la facture de novembre")]


def test_a_place_with_lower_case_particles_is_one_name() -> None:
    from pipeline.plan.proper import products

    sentence = "Nous sommes le Groupe Hospitalier Val-de-Seine et nous envisageons de déployer votre solution."
    assert products([sentence], "fr") == ("Groupe Hospitalier Val-de-Seine",)


def test_a_long_reply_keeps_the_first_words_of_each_answered_question() -> None:
    from pipeline.fit import _shorter, _topic

    assert _topic("who pays the return shipping for the faulty sensors?") == "who pays the return shipping …"
    assert _topic("is it covered?") == "is it covered?"
    answer = {"question": "who pays the return shipping for the faulty sensors?", "answer": "We do. Always.",
              "short": "We do.", "shortest": "We do."}  # fmt: skip
    other = {**answer, "question": "when was your last external penetration test, and by whom?"}
    ctx = {"customer": {"answers": [answer, other], "questions": [], "noted": []}, "message": {"quote": ""},
           "plan": {}, "playbook": {}}  # fmt: skip
    steps = [[a["question"] for a in step["customer"]["answers"]] for step in list(_shorter(ctx))[:3]]
    assert steps == [
        [answer["question"], other["question"]],  # whole, each answer to its first sentence
        ["who pays the return shipping …", "when was your last external …"],  # then the question's first words
        ["", ""],  # then the answers alone
    ]
