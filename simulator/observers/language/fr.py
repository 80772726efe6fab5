"""French phrasebook, as written online by West African and Maghrebi French speakers.

>>> PHRASEBOOK.code, PHRASEBOOK.quote
('fr', ('«\\xa0', '\\xa0»'))
"""

from simulator.observers.language.phrasebook import Phrasebook

__all__ = ["PHRASEBOOK"]

PHRASEBOOK = Phrasebook(
    code="fr",
    script="latin",
    quote=("«\u00a0", "\u00a0»"),
    price_styles=("sym_after", "space_grouped", "word", "k"),
    currency_words={"EUR": "euros", "GBP": "livres", "USD": "dollars", "XOF": "FCFA"},
    crossing=(
        "{emoji} Départ {origin} ➡️ {dest}",
        "Nouveau départ pour {dest} {emoji}",
        "{brand} : voyages {origin} – {dest} {emoji}",
        "On part cette semaine pour {dest} {emoji}",
        "{emoji} Direction {dest} depuis {origin}, il reste des places",
    ),
    documents=(
        "{brand} Consulting 🎓 Étudier en Europe : visas, passeports, titres de séjour",
        "Papiers pour l'Europe 📄 service rapide — {brand}",
        "{brand} agence de voyage : visa travail et études pour {dest}, dossier complet",
    ),
    driver_wanted=(
        "Recherche chauffeurs 🚐 {origin} – {dest}, bien payé",
        "On cherche des chauffeurs sérieux, payé par voyage (secteur {origin})",
    ),
    claims={
        "safe": ("100% sécurisé", "voyage sans risque ✅"),
        "guaranteed": ("départ garanti", "arrivée garantie 💯"),
        "daily": ("départs tous les jours",),
        "families": ("familles bienvenues",),
        "pay_on_arrival": ("paiement à l'arrivée", "tu paies quand tu arrives"),
        "small_group": ("petits groupes seulement",),
        "vip": ("service VIP",),
        "fast": ("bateau rapide",),
    },
    child=("enfants moitié prix 👶", "-50% pour les enfants"),
    price=(
        "Prix : {price}",
        "Seulement {price} 💶",
        "{price} par personne",
        "{price} tout compris",
    ),
    driver_pay=("Payé {price} par voyage", "{price} le voyage, cash"),
    contact=(
        "📞 {phone}",
        "Contact {messenger} : {phone}",
        "Appelez le {phone}",
        "Infos en privé ou au {phone}",
    ),
    image_contact=("📸 numéro sur la photo", "Contact sur l'image 👆"),
    backup=(
        "⚠️ Ancienne page fermée, voici la nouvelle",
        "Page de secours, abonnez-vous ici",
    ),
    closing=("Places limitées !", "Écrivez en privé", "Que Dieu nous protège 🙏", "Réservez vite"),
    moved=("On est maintenant sur {platform} ➡️ cherchez {brand}",),
    benign={
        "ngo": (
            "⚠️ Les pages qui promettent {w} vous mentent. Aucune traversée n'est sûre. "
            "Parlez-nous avant de décider : conseil gratuit et confidentiel.",
            "Cette semaine à {origin}, nous avons rencontré des familles qui avaient payé pour "
            "{w1}. Connaissez vos droits : des voies légales existent.",
            "Sauvetage : des bateaux sont partis vers {dest} par mauvais temps. {w} ne rend "
            "aucun bateau sûr.",
        ),
        "journalist": (
            "ENQUÊTE : comment le {w1} depuis {origin} se vend sur les réseaux sociaux",
            "Reportage à {dest} : les arrivées de la semaine. Les annonces {w} circulent toujours.",
        ),
        "travel_agency": (
            "🎓 Étudier en Europe, la voie légale ! Dossier visa étudiant, inscription, "
            "assurance. Consultation {price}. Agence à {origin}.",
            "✈️ Billets {origin} – {dest}, aide au visa officielle. {w1} ? Seulement avec de "
            "vrais papiers. Frais de dossier {price}.",
        ),
        "diaspora_group": (
            "Frères et sœurs, des nouvelles de {dest} ? Notre cousin est parti de {origin} la "
            "semaine dernière. {w}",
            "Entraide : qui peut accueillir un frère à {dest} ? Méfiez-vous des pages {w}.",
            "Prières pour les familles qui attendent des nouvelles à {origin} 🙏 {w}",
        ),
        "crypto_user": (
            "Taux USDT aujourd'hui à {origin} ? C'est pour envoyer à la famille, pas pour {w1}",
        ),
        "hawala_customer": (
            "Quel bureau à {origin} donne un bon taux pour envoyer au pays ? 🙏",
            "Envoyé de l'argent à maman depuis {dest}, reçu en une heure. {w1}",
        ),
    },
    bios={
        "advertising": (
            "{brand} ✈️ voyages | écrivez en privé",
            "Voyage {emoji} | {place} | gens sérieux seulement",
        ),
        "ngo": (
            "Association humanitaire : protection, aide juridique et information pour les "
            "personnes en migration.",
        ),
        "journalist": ("Journaliste, migrations et Méditerranée.",),
        "travel_agency": (
            "Agence de voyage agréée à {place} : billets, visas étudiants, assurance.",
        ),
        "diaspora_group": ("Page communautaire : nouvelles, entraide et solidarité à {place}.",),
        "crypto_user": ("crypto | trading | {place}",),
        "hawala_customer": ("",),
        "seller": ("Achat et vente à {place}",),
    },
    group_names=("Entraide {place}", "Infos voyage {place}", "Ivoiriens et Guinéens de {place}"),
    comment_ask=("prix ?", "combien pour 2 personnes ?", "inbox 📩", "intéressé", "c'est quand ?"),
    comment_reply=("regarde ton inbox ✅", "on t'a écrit en privé", "écris sur {messenger}"),
    comment_general=(
        "🙏🙏",
        "Que Dieu les protège",
        "faites attention les frères",
        "arnaque",
        "👍",
    ),
    items={
        "boat": "Bateau à vendre",
        "engine": "Moteur hors-bord à vendre",
        "vehicle": "Fourgon à vendre",
        "equipment": "Gilets de sauvetage à vendre",
    },
    listing=(
        "{title}. {capacity}. Prix {price}. À récupérer à {place}.",
        "{title} bon état, {capacity}. {price} à débattre. {place}",
    ),
)
