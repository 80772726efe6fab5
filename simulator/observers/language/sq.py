"""Albanian phrasebook (adverts aimed at young Albanians).

>>> PHRASEBOOK.code, PHRASEBOOK.script
('sq', 'latin')
"""

from simulator.observers.language.phrasebook import Phrasebook

__all__ = ["PHRASEBOOK"]

PHRASEBOOK = Phrasebook(
    code="sq",
    script="latin",
    quote=("“", "”"),
    price_styles=("word", "dot_grouped", "sym_after", "k"),
    currency_words={"EUR": "euro", "GBP": "paund", "USD": "dollarë"},
    crossing=(
        "{emoji} Udhëtim {origin} - {dest}",
        "Nisje e re {origin} ➡️ {dest} {emoji}",
        "{brand} | {origin} drejt {dest} {emoji}",
        "Këtë javë nisemi për {dest} {emoji}",
    ),
    documents=(
        "{brand} Konsulencë 🎓 Studime në Evropë: viza, pasaporta, leje qëndrimi",
        "Dokumente për Evropë 📄 shërbim i shpejtë - {brand}",
    ),
    driver_wanted=(
        "Kërkojmë shoferë 🚐 {origin} - {dest}, pagë e mirë",
        "Kërkojmë shoferë me përvojë, pagesë për çdo udhëtim",
    ),
    claims={
        "safe": ("100% e sigurt", "udhëtim pa rrezik ✅"),
        "guaranteed": ("e garantuar", "mbërritje e garantuar 💯"),
        "daily": ("nisje çdo ditë",),
        "families": ("familjet të mirëpritura",),
        "pay_on_arrival": ("pagesa pas mbërritjes",),
        "small_group": ("vetëm grupe të vogla",),
        "vip": ("shërbim VIP",),
        "fast": ("udhëtim i shpejtë",),
    },
    child=("gjysmë çmimi për fëmijët 👶",),
    price=("Çmimi: {price}", "Vetëm {price}", "{price} për person"),
    driver_pay=("{price} për çdo udhëtim",),
    contact=("📞 {phone}", "Kontakt {messenger}: {phone}", "Na telefononi {phone}"),
    image_contact=("📸 numri në foto", "kontakti në foto 👆"),
    backup=("⚠️ Faqja e vjetër u mbyll, kjo është faqja e re", "Llogaria rezervë, na ndiqni këtu"),
    closing=("Vende të kufizuara!", "Shkruani në privat", "Rrugë të mbarë 🙏"),
    moved=("Tani jemi në {platform} ➡️ kërkoni {brand}",),
    benign={
        "ngo": (
            "⚠️ Faqet që premtojnë {w} ju gënjejnë. Asnjë kalim i paligjshëm nuk është i sigurt. "
            "Flisni me ne para se të vendosni: këshillim falas dhe konfidencial.",
        ),
        "journalist": (
            "REPORTAZH: si reklamohen udhëtimet {w1} në rrjetet sociale",
            "Nga {dest}: mbërritjet e kësaj jave. Njoftimet {w} vazhdojnë të qarkullojnë.",
        ),
        "travel_agency": (
            "🎓 Studime në Evropë, rruga ligjore! Vizë studenti, pranim, sigurim. Konsultim "
            "{price}. Zyra jonë: {origin}.",
        ),
        "diaspora_group": (
            "Vëllezër, ndonjë lajm nga {dest}? Kushëriri ynë u nis nga {origin} javën e kaluar. "
            "{w}",
            "Ndihmë: kush mund të presë një djalë të ardhur rishtas në {dest}? Mos u besoni "
            "faqeve {w}.",
        ),
        "crypto_user": ("Sa është kursi i USDT sot në {origin}? Dërgoj para për familjen.",),
        "hawala_customer": (
            "Cila zyrë në {origin} jep kurs të mirë për të dërguar para në shtëpi? 🙏",
        ),
    },
    bios={
        "advertising": (
            "{brand} ✈️ udhëtime | shkruani në privat",
            "Udhëtim {emoji} | {place}",
        ),
        "ngo": ("Organizatë humanitare: mbrojtje, ndihmë ligjore dhe informacion për emigrantët.",),
        "journalist": ("Gazetar, migracioni.",),
        "travel_agency": (
            "Agjenci udhëtimi e licencuar në {place}: bileta, viza studimi, sigurime.",
        ),
        "diaspora_group": ("Faqe komuniteti: lajme dhe ndihmë në {place}.",),
        "crypto_user": ("kripto | {place}",),
        "hawala_customer": ("",),
        "seller": ("Shitblerje në {place}",),
    },
    group_names=("Shqiptarët në {place}", "Lajme udhëtimi {place}"),
    comment_ask=("çmimi?", "sa për 2 veta?", "inbox 📩", "më intereson"),
    comment_reply=("shiko inbox ✅", "shkruaj në {messenger}"),
    comment_general=("🙏🙏", "Zoti i ruajttë", "kujdes vëllezër", "mashtrues"),
    items={
        "boat": "Shitet varkë",
        "engine": "Shitet motor jashtëbordi",
        "vehicle": "Shitet furgon",
        "equipment": "Shiten jelekë shpëtimi",
    },
    listing=("{title}. {capacity}. Çmimi {price}. Në {place}.",),
)
