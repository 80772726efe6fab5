"""English phrasebook: adverts, benign posts, comments and listings (a lingua franca online).

>>> PHRASEBOOK.code, PHRASEBOOK.script
('en', 'latin')
"""

from simulator.observers.language.phrasebook import Phrasebook

__all__ = ["PHRASEBOOK"]

PHRASEBOOK = Phrasebook(
    code="en",
    script="latin",
    quote=('"', '"'),
    price_styles=("sym_before", "k", "code", "sym_after"),
    currency_words={"EUR": "euro", "GBP": "pounds", "USD": "dollars"},
    crossing=(
        "{emoji} {dest} trip from {origin}",
        "{emoji} New departures {origin} ➡️ {dest}",
        "{brand} | {origin} to {dest} {emoji}",
        "TRIPS TO {dest} {emoji} leaving this week",
        "{emoji} Going to {dest}? We take you from {origin}",
    ),
    documents=(
        "{brand} consultancy 🎓 study in Europe: visas, passports, residence cards",
        "Papers for Europe 📄✈️ fast service by {brand}",
        "{brand} travel office: work and study visas for {dest}, all documents ready",
    ),
    driver_wanted=(
        "Drivers wanted 🚐 {origin} – {dest}, good pay",
        "Looking for experienced drivers, paid per trip ({origin} area)",
        "JOB: drivers needed now, {origin} → {dest}",
    ),
    claims={
        "safe": ("100% safe", "safe trip ✅", "no risk"),
        "guaranteed": ("guaranteed", "arrival guaranteed 💯"),
        "daily": ("daily departures", "leaving every day"),
        "families": ("families welcome",),
        "pay_on_arrival": ("pay on arrival", "you pay only when you arrive"),
        "small_group": ("small groups only",),
        "vip": ("VIP service",),
        "fast": ("fast boat", "quick trip"),
    },
    child=("children half price 👶", "kids 50% off"),
    price=("Price {price}", "Only {price} 💶", "{price} per person", "{price} all inclusive"),
    driver_pay=("Pay {price} per trip", "{price} each trip, cash"),
    contact=(
        "📞 {phone}",
        "Call or {messenger}: {phone}",
        "Contact {phone} ({messenger} only)",
        "Info on {messenger} {phone}",
    ),
    image_contact=(
        "📸 number in the picture",
        "Contact in the photo 👆",
        "See picture for contact",
    ),
    backup=(
        "⚠️ Our old page was closed, this is our new page",
        "Backup account! Follow us here",
    ),
    closing=("Limited places!", "DM for details", "Book now 🔥", "Message us in private"),
    moved=("We moved to {platform} ➡️ search {brand}", "Follow us on {platform}: {brand}"),
    benign={
        "ngo": (
            "⚠️ Pages promising {w} are lying to you. No sea crossing is safe. "
            "Talk to us before you decide: free and confidential advice.",
            "Our team met families in {origin} this week. Many paid for a {w1} offer and were "
            "left behind. Know your rights: legal pathways exist.",
            "Rescue update: boats left the coast towards {dest} in bad weather. Words like {w} "
            "do not make a boat safe.",
        ),
        "journalist": (
            "REPORT: how {w1} trips from {origin} are advertised on social media, our "
            "investigation",
            "On the ground in {dest}: arrivals this week. Survivors told us adverts with {w} keep "
            "circulating online.",
            "Thread 🧵 What {w} really means in smuggling adverts, and why families believe it",
        ),
        "travel_agency": (
            "🎓 Study in Europe, the legal way! Student visa files, university admission, "
            "insurance. Consultation {price}. Office in {origin}.",
            "✈️ Official flights {origin} – {dest} and visa support. {w1}? Only with real papers. "
            "File fee {price}.",
        ),
        "diaspora_group": (
            "Brothers and sisters, any news from {dest}? Our cousin left {origin} last week. {w}",
            "Community help: who can host a newcomer in {dest}? Do not trust pages saying {w}.",
            "Prayers for the families waiting for news in {origin} 🙏 {w}",
        ),
        "crypto_user": (
            "USDT rate today in {origin}? Just sending money to family, not for any {w1}",
            "Best app to send stablecoins home from {dest}? Fees are crazy",
        ),
        "hawala_customer": (
            "Which money office in {origin} gives a good rate to send money home? 🙏",
            "Sent money to my mother from {dest} today, arrived in one hour. {w1}",
        ),
    },
    bios={
        "advertising": (
            "{brand} ✈️ trips and travel | DM for info",
            "Travel {emoji} | {place} | serious people only",
        ),
        "ngo": (
            "Humanitarian organisation. Protection, legal aid and information for people on the "
            "move.",
        ),
        "journalist": ("Reporter covering migration and the Mediterranean. Views my own.",),
        "travel_agency": ("Licensed travel agency in {place}: flights, student visas, insurance.",),
        "diaspora_group": ("Community page: news, help and solidarity in {place}.",),
        "crypto_user": ("crypto | trading | {place}",),
        "hawala_customer": ("",),
        "seller": ("Buy and sell in {place}",),
    },
    group_names=("{place} Community Help", "Travel & News {place}", "Africans in {place}"),
    comment_ask=(
        "price?",
        "how much for 2 people?",
        "inbox 📩",
        "interested",
        "when is the next one?",
    ),
    comment_reply=("check your inbox ✅", "DM sent", "write on {messenger}"),
    comment_general=("🙏🙏", "God protect them", "be careful brothers", "these are liars", "👍"),
    items={
        "boat": "Boat for sale",
        "engine": "Outboard engine for sale",
        "vehicle": "Van for sale",
        "equipment": "Life jackets for sale",
    },
    listing=(
        "{title}. {capacity}. Price {price}. Pick-up in {place}.",
        "{title} in good condition, {capacity}. {price}, no time wasters. {place}",
    ),
)
