"""Small hand-written intent data for the intent model tests: 6 intents x en/de/fr x 7 examples, plus held-out
paraphrases (never trained on) and unrelated mail that fits no intent."""

from __future__ import annotations

EXAMPLES: dict[str, dict[str, list[str]]] = {
    "billing.duplicate_charge": {
        "en": [
            "We were charged twice for the November renewal.",
            "Our card shows two identical payments for one invoice.",
            "The subscription fee was debited two times this month.",
            "You took the money twice, please check.",
            "I see a double charge on my credit card statement.",
            "Why did we pay the same invoice twice?",
            "Two charges of the same amount appeared on our account.",
        ],
        "de": [
            "Uns wurde die Rechnung doppelt abgebucht.",
            "Die Zahlung wurde zweimal von unserer Karte eingezogen.",
            "Auf dem Kontoauszug sehe ich denselben Betrag zweimal.",
            "Sie haben die Lizenzgebühr diesen Monat doppelt abgebucht.",
            "Warum wurde die Abo-Gebühr zweimal belastet?",
            "Wir haben für eine Rechnung zwei Abbuchungen erhalten.",
            "Doppelte Abbuchung auf meiner Kreditkarte.",
        ],
        "fr": [
            "Nous avons été débités deux fois pour la même facture.",
            "Le prélèvement de l'abonnement apparaît deux fois ce mois-ci.",
            "Ma carte bancaire a été débitée en double.",
            "Vous avez encaissé deux fois le même montant.",
            "Je vois deux paiements identiques sur mon relevé.",
            "Pourquoi avons-nous payé deux fois la facture de novembre ?",
            "Double prélèvement sur notre compte, merci de vérifier.",
        ],
    },
    "billing.invoice_address": {
        "en": [
            "Please change the billing address on our invoices.",
            "Our company moved, the invoice must show the new address.",
            "Can you put our VAT number and new address on the invoice?",
            "The invoice has the wrong company name, please correct it.",
            "We need the invoices addressed to our head office instead.",
            "Please update the address printed on future invoices.",
            "Could you reissue the invoice with our correct address?",
        ],
        "de": [
            "Bitte ändern Sie die Rechnungsadresse auf unseren Rechnungen.",
            "Wir sind umgezogen, die Rechnung braucht die neue Anschrift.",
            "Bitte tragen Sie unsere USt-IdNr. und die neue Adresse auf der Rechnung ein.",
            "Auf der Rechnung steht der falsche Firmenname, bitte korrigieren.",
            "Die Rechnungen sollen künftig an unsere Zentrale adressiert sein.",
            "Können Sie die Rechnung mit der richtigen Anschrift neu ausstellen?",
            "Bitte aktualisieren Sie die Adresse für künftige Rechnungen.",
        ],
        "fr": [
            "Merci de modifier l'adresse de facturation sur nos factures.",
            "Nous avons déménagé, la facture doit indiquer la nouvelle adresse.",
            "Pouvez-vous ajouter notre numéro de TVA et la nouvelle adresse sur la facture ?",
            "Le nom de la société sur la facture est erroné, merci de le corriger.",
            "Les factures doivent désormais être adressées à notre siège.",
            "Pourriez-vous rééditer la facture avec la bonne adresse ?",
            "Veuillez mettre à jour l'adresse imprimée sur les prochaines factures.",
        ],
    },
    "technical.two_factor_code": {
        "en": [
            "The 2FA code never arrives on my phone.",
            "I don't receive the verification SMS when I log in.",
            "The two-factor authentication code is not coming through.",
            "Login is stuck waiting for the security code text message.",
            "My authenticator code is always rejected as invalid.",
            "No one-time code by SMS, so I cannot sign in.",
            "I changed phones and lost my two-factor codes.",
        ],
        "de": [
            "Der 2FA-Code kommt nie auf meinem Handy an.",
            "Ich bekomme beim Anmelden keine Bestätigungs-SMS.",
            "Der Code für die Zwei-Faktor-Authentifizierung kommt nicht an.",
            "Die Anmeldung hängt, weil die SMS mit dem Sicherheitscode fehlt.",
            "Mein Authenticator-Code wird immer als ungültig abgelehnt.",
            "Kein Einmalcode per SMS, ich kann mich nicht einloggen.",
            "Ich habe ein neues Handy und meine Zwei-Faktor-Codes verloren.",
        ],
        "fr": [
            "Le code 2FA n'arrive jamais sur mon téléphone.",
            "Je ne reçois pas le SMS de vérification à la connexion.",
            "Le code d'authentification à deux facteurs n'arrive pas.",
            "La connexion bloque car le SMS avec le code de sécurité ne vient pas.",
            "Mon code d'authentificateur est toujours refusé comme invalide.",
            "Pas de code à usage unique par SMS, impossible de me connecter.",
            "J'ai changé de téléphone et perdu mes codes à deux facteurs.",
        ],
    },
    "technical.export_timeout": {
        "en": [
            "The CSV export times out after a few minutes.",
            "Exporting our reports fails with a timeout error.",
            "Large exports never finish, the download just stops.",
            "The export job runs forever and then shows error 504.",
            "We cannot export the data anymore, the request times out.",
            "Every time I export the full year the page hangs.",
            "The API export endpoint returns a gateway timeout.",
        ],
        "de": [
            "Der CSV-Export bricht nach ein paar Minuten mit Zeitüberschreitung ab.",
            "Beim Exportieren der Berichte kommt ein Timeout-Fehler.",
            "Große Exporte werden nie fertig, der Download bricht ab.",
            "Der Exportvorgang läuft ewig und zeigt dann Fehler 504.",
            "Wir können die Daten nicht mehr exportieren, die Anfrage läuft in einen Timeout.",
            "Jedes Mal, wenn ich das ganze Jahr exportiere, hängt die Seite.",
            "Der Export-Endpunkt der API liefert ein Gateway-Timeout.",
        ],
        "fr": [
            "L'export CSV expire au bout de quelques minutes.",
            "L'exportation de nos rapports échoue avec une erreur de délai dépassé.",
            "Les gros exports ne se terminent jamais, le téléchargement s'arrête.",
            "La tâche d'export tourne sans fin puis affiche l'erreur 504.",
            "Nous ne pouvons plus exporter les données, la requête expire.",
            "À chaque export de l'année complète, la page se fige.",
            "Le point d'accès d'export de l'API renvoie un timeout de passerelle.",
        ],
    },
    "returns.return_label": {
        "en": [
            "I need a return label for the scanner I want to send back.",
            "How do I get a shipping label to return the device?",
            "Please send me a prepaid return label.",
            "Where can I print the label for my return parcel?",
            "The return label in the box is missing.",
            "Can you email me the return shipping label for order 5512?",
            "I want to send the headset back, do you provide a label?",
        ],
        "de": [
            "Ich brauche ein Rücksendeetikett für den Scanner.",
            "Wie bekomme ich einen Versandschein für die Rücksendung des Geräts?",
            "Bitte schicken Sie mir ein frankiertes Retourenlabel.",
            "Wo kann ich das Etikett für mein Rücksendepaket ausdrucken?",
            "Im Karton lag kein Rücksendeetikett.",
            "Können Sie mir das Retourenetikett für Bestellung 5512 mailen?",
            "Ich möchte das Headset zurückschicken, bekomme ich ein Etikett?",
        ],
        "fr": [
            "J'ai besoin d'une étiquette de retour pour renvoyer le scanner.",
            "Comment obtenir une étiquette d'expédition pour retourner l'appareil ?",
            "Merci de m'envoyer une étiquette de retour prépayée.",
            "Où puis-je imprimer l'étiquette de mon colis de retour ?",
            "L'étiquette de retour manque dans le carton.",
            "Pouvez-vous m'envoyer par e-mail l'étiquette de retour de la commande 5512 ?",
            "Je veux renvoyer le casque, fournissez-vous une étiquette ?",
        ],
    },
    "sales.add_seats": {
        "en": [
            "We would like to add 15 more seats to our plan.",
            "How much would it cost to add licences for new colleagues?",
            "Can we increase our user count mid-term?",
            "Our team grows next month, we need ten extra users.",
            "Please quote us for 50 additional seats.",
            "Is it possible to buy more licences before renewal?",
            "What is the price per extra user on the Pro plan?",
        ],
        "de": [
            "Wir möchten unserem Tarif 15 weitere Plätze hinzufügen.",
            "Was kostet es, Lizenzen für neue Kollegen dazuzukaufen?",
            "Können wir die Nutzerzahl während der Laufzeit erhöhen?",
            "Unser Team wächst nächsten Monat, wir brauchen zehn zusätzliche Nutzer.",
            "Bitte schicken Sie uns ein Angebot für 50 zusätzliche Plätze.",
            "Kann man vor der Verlängerung weitere Lizenzen kaufen?",
            "Was kostet ein zusätzlicher Nutzer im Pro-Tarif?",
        ],
        "fr": [
            "Nous souhaitons ajouter 15 postes à notre abonnement.",
            "Combien coûte l'ajout de licences pour de nouveaux collègues ?",
            "Peut-on augmenter le nombre d'utilisateurs en cours de contrat ?",
            "Notre équipe s'agrandit le mois prochain, il nous faut dix utilisateurs de plus.",
            "Merci de nous faire un devis pour 50 postes supplémentaires.",
            "Est-il possible d'acheter des licences avant le renouvellement ?",
            "Quel est le prix par utilisateur supplémentaire sur l'offre Pro ?",
        ],
    },
}

# Written after the examples, in other words; never trained on.
HELD_OUT: list[tuple[str, str]] = [
    ("Hi, it looks like you billed our company card two times for the same renewal.", "billing.duplicate_charge"),
    ("Bei uns wurde der Monatsbeitrag zweimal vom Konto abgebucht.", "billing.duplicate_charge"),
    ("Bonjour, le même paiement a été prélevé deux fois sur notre carte.", "billing.duplicate_charge"),
    ("Our invoices still show the old street address, please fix it.", "billing.invoice_address"),
    ("Bitte die Anschrift auf der Rechnung auf unseren neuen Firmensitz ändern.", "billing.invoice_address"),
    ("Merci de corriger l'adresse qui figure sur nos factures.", "billing.invoice_address"),
    ("I never get the SMS code for two-factor login.", "technical.two_factor_code"),
    ("Die SMS mit dem Anmeldecode kommt einfach nicht.", "technical.two_factor_code"),
    ("Je ne reçois jamais le code par SMS pour me connecter.", "technical.two_factor_code"),
    ("Our export of all invoices keeps timing out.", "technical.export_timeout"),
    ("Der Export der Daten läuft jedes Mal in einen Timeout.", "technical.export_timeout"),
    ("L'export des données expire à chaque fois.", "technical.export_timeout"),
    ("Could you send a return label so I can ship the printer back?", "returns.return_label"),
    ("Ich brauche bitte ein Etikett für die Rücksendung des Druckers.", "returns.return_label"),
    ("Pouvez-vous m'envoyer une étiquette pour retourner l'imprimante ?", "returns.return_label"),
    ("We need licences for 20 more users, what would that cost?", "sales.add_seats"),
    ("Wir brauchen Lizenzen für 20 weitere Nutzer, was kostet das?", "sales.add_seats"),
    ("Il nous faudrait des licences pour 20 utilisateurs de plus, quel tarif ?", "sales.add_seats"),
]

# Support mail that fits none of the six intents.
UNRELATED: list[str] = [
    "Our warehouse in Lyon is flooded, please pause all deliveries until further notice.",
    "Can you tell me whether your API has a sandbox for testing?",
    "The dashboard shows the wrong time zone for our team in Singapore.",
    "Our marketing team wants to write a case study about our project with you.",
    "Unser Ansprechpartner hat gewechselt, bitte schicken Sie die Verträge an Frau Weber.",
    "Können Sie uns eine Referenz eines Kunden aus der Chemiebranche nennen?",
    "Est-ce que vous avez des bureaux en Belgique ?",
    "Nous organisons une conférence et cherchons un intervenant de votre équipe.",
]


def training_data() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for intent, by_language in EXAMPLES.items():
        for sentences in by_language.values():
            texts += sentences
            labels += [intent] * len(sentences)
    return texts, labels
