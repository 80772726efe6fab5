"""Kurdish phrasebook (Sorani in Arabic script, the usage of Iraqi Kurds).

>>> PHRASEBOOK.code, PHRASEBOOK.script
('ku', 'arabic')
"""

from simulator.observers.language.phrasebook import Phrasebook

__all__ = ["PHRASEBOOK"]

PHRASEBOOK = Phrasebook(
    code="ku",
    script="arabic",
    native_digits="arabic_indic",
    quote=("«", "»"),
    price_styles=("word", "sym_after"),
    currency_words={"EUR": "یۆرۆ", "USD": "دۆلار", "GBP": "پاوەن"},
    crossing=(
        "{emoji} گەشت لە {origin} بۆ {dest}",
        "ڕۆیشتنی نوێ {origin} ➡️ {dest} {emoji}",
        "{brand} | گەشتەکانی {origin} - {dest} {emoji}",
    ),
    documents=("{brand} ڕاوێژکاری 🎓 خوێندن لە ئەوروپا: ڤیزا، پاسپۆرت، مۆڵەتی نیشتەجێبوون",),
    driver_wanted=("شۆفێرمان پێویستە 🚐 {origin} - {dest}، مووچەی باش",),
    claims={
        "safe": ("سەد لە سەد سەلامەت",),
        "guaranteed": ("گەرەنتی", "گەیشتن گەرەنتییە 💯"),
        "daily": ("هەموو ڕۆژێک ڕۆیشتن",),
        "families": ("خێزانەکان بەخێربێن",),
        "pay_on_arrival": ("پارەدان دوای گەیشتن",),
        "small_group": ("تەنها گرووپی بچووک",),
        "vip": ("خزمەتی VIP",),
        "fast": ("گەشتی خێرا",),
    },
    child=("بۆ منداڵان نیوەی نرخ 👶",),
    price=("نرخ: {price}", "تەنها {price}"),
    driver_pay=("{price} بۆ هەر گەشتێک",),
    contact=("📞 {phone}", "پەیوەندی {messenger}: {phone}"),
    image_contact=("📸 ژمارەکە لە وێنەکەدایە",),
    backup=("⚠️ پەڕەی کۆن داخرا، ئەمە پەڕەی نوێیە",),
    closing=("شوێن سنووردارە!", "لە تایبەت نامە بنێرن"),
    moved=("ئێستا لە {platform}ین ➡️ {brand} بگەڕێن",),
    benign={
        "ngo": (
            "⚠️ ئەو پەڕانەی بەڵێنی {w} دەدەن درۆ دەکەن. هیچ گەشتێکی قاچاخ سەلامەت نییە. پێش "
            "بڕیاردان قسە لەگەڵ ئێمە بکەن.",
        ),
        "journalist": ("ڕاپۆرت: قاچاخچییەکان چۆن لە تۆڕە کۆمەڵایەتییەکان ڕیکلامی {w1} دەکەن",),
        "travel_agency": (
            "🎓 خوێندن لە ئەوروپا بە ڕێگای یاسایی! ڤیزای خوێندکار، وەرگرتن، بیمە. ڕاوێژ {price}. "
            "ئۆفیس: {origin}.",
        ),
        "diaspora_group": (
            "هاوڕێیان، هیچ هەواڵێک لە {dest} هەیە؟ ئامۆزاکەمان هەفتەی ڕابردوو لە {origin} ڕۆیشت. "
            "{w}",
        ),
        "crypto_user": ("نرخی USDT ئەمڕۆ لە {origin} چەندە؟",),
        "hawala_customer": ("کام سەڕاف لە {origin} نرخی باش دەدات بۆ ناردنی پارە بۆ ماڵەوە؟ 🙏",),
    },
    bios={
        "advertising": (
            "{brand} ✈️ گەشت | نامەی تایبەت",
            "گەشت {emoji} | {place}",
        ),
        "ngo": ("ڕێکخراوی مرۆیی: پاراستن و یارمەتی یاسایی بۆ کۆچبەران.",),
        "journalist": ("ڕۆژنامەنووسی کۆچ.",),
        "travel_agency": ("ئاژانسی گەشتی مۆڵەتدار لە {place}: بلیت، ڤیزای خوێندن، بیمە.",),
        "diaspora_group": ("پەڕەی کۆمەڵگا: هەواڵ و یارمەتی لە {place}.",),
        "crypto_user": ("کریپتۆ | {place}",),
        "hawala_customer": ("",),
        "seller": ("کڕین و فرۆشتن لە {place}",),
    },
    group_names=("کوردانی {place}", "هەواڵی گەشت {place}"),
    comment_ask=("نرخ؟", "بۆ دوو کەس چەندە؟", "تایبەت 📩"),
    comment_reply=("تایبەتەکەت ببینە ✅",),
    comment_general=("🙏🙏", "خودا بیانپارێزێت", "ئاگاداربن برایان"),
    items={
        "boat": "بەلەم بۆ فرۆشتن",
        "engine": "مەکینەی بەلەم بۆ فرۆشتن",
        "vehicle": "ئۆتۆمبێل بۆ فرۆشتن",
        "equipment": "جلیتی ڕزگاربوون بۆ فرۆشتن",
    },
    listing=("{title}. {capacity}. نرخ {price}. لە {place}.",),
)
