"""Pashto phrasebook (Arabic script, Afghan usage).

>>> PHRASEBOOK.code, PHRASEBOOK.script
('ps', 'arabic')
"""

from simulator.observers.language.phrasebook import Phrasebook

__all__ = ["PHRASEBOOK"]

PHRASEBOOK = Phrasebook(
    code="ps",
    script="arabic",
    native_digits="persian",
    quote=("«", "»"),
    price_styles=("word", "native_word", "sym_after"),
    currency_words={"EUR": "یورو", "USD": "ډالر", "GBP": "پونډ", "TRY": "لیره"},
    crossing=(
        "{emoji} له {origin} څخه {dest} ته سفر",
        "نوی حرکت {origin} ➡️ {dest} {emoji}",
        "{brand} | د {origin} - {dest} سفرونه {emoji}",
        "پدې اونۍ {dest} ته حرکت {emoji}",
    ),
    documents=(
        "{brand} مشوره 🎓 په اروپا کې زده کړه: ویزه، پاسپورټ، اقامه",
        "د اروپا اسناد 📄 چټک خدمت - {brand}",
    ),
    driver_wanted=(
        "ډرایوران په کار دي 🚐 {origin} - {dest}، ښه معاش",
        "تجربه لرونکي ډرایوران غواړو، د هر سفر پیسې",
    ),
    claims={
        "safe": ("سل په سلو کې خوندي", "بې خطره سفر ✅"),
        "guaranteed": ("تضمین شوی سفر", "رسیدل تضمین دي 💯"),
        "daily": ("هره ورځ حرکت",),
        "families": ("کورنیو ته ښه راغلاست",),
        "pay_on_arrival": ("پیسې د رسیدو وروسته",),
        "small_group": ("یوازې کوچنۍ ډلې",),
        "vip": ("VIP خدمت",),
        "fast": ("چټک سفر",),
    },
    child=("ماشومانو ته نیمه بیه 👶",),
    price=("بیه: {price}", "یوازې {price}", "{price} فی نفر"),
    driver_pay=("د هر سفر {price}",),
    contact=("📞 {phone}", "اړیکه {messenger}: {phone}", "زنګ ووهئ {phone}"),
    image_contact=("📸 شمېره په عکس کې ده", "اړیکه په انځور کې 👆"),
    backup=("⚠️ زړه پاڼه بنده شوه، دا نوې پاڼه ده", "دا زموږ بدیل حساب دی، دلته مو تعقیب کړئ"),
    closing=("ځایونه محدود دي!", "په خصوصي کې پیغام راکړئ", "د خدای په امان 🙏"),
    moved=("موږ {platform} ته لاړو ➡️ {brand} ولټوئ",),
    benign={
        "ngo": (
            "⚠️ هغه پاڼې چې د {w} وعده کوي درواغ وايي. هیڅ قاچاقي سفر خوندي نه دی. له پرېکړې "
            "مخکې له موږ سره خبرې وکړئ: وړیا او پټه مشوره.",
            "پدې اونۍ مو په {origin} کې له هغو کورنیو سره ولیدل چې د {w1} لپاره یې پیسې "
            "ورکړې وې. خپل حقونه وپېژنئ.",
        ),
        "journalist": (
            "راپور: قاچاقبر څنګه په ټولنیزو رسنیو کې د {w1} اعلانونه کوي",
            "له {dest} څخه: پدې اونۍ د مهاجرینو رسیدل. د {w} اعلانونه لا هم خپرېږي.",
        ),
        "travel_agency": (
            "🎓 په اروپا کې زده کړه، قانوني لاره! د محصلینو ویزه، داخله، بیمه. مشوره {price}. "
            "دفتر په {origin} کې.",
        ),
        "diaspora_group": (
            "ورونو، له {dest} څخه څه خبر شته؟ زموږ تربور تېره اونۍ له {origin} څخه روان شو. {w}",
            "مرسته: څوک کولی شي په {dest} کې یو نوی راغلی ورور ځای کړي؟ په {w} پاڼو باور مه کوئ.",
        ),
        "crypto_user": ("نن په {origin} کې د USDT نرخ څو دی؟ کورنۍ ته پیسې لېږم.",),
        "hawala_customer": ("په {origin} کې کوم صراف ښه نرخ ورکوي چې کور ته پیسې ولېږو؟ 🙏",),
    },
    bios={
        "advertising": (
            "{brand} ✈️ سفرونه | خصوصي پیغام",
            "سفر {emoji} | {place}",
        ),
        "ngo": ("بشري مرستندویه موسسه: د مهاجرینو ساتنه، حقوقي مرسته او معلومات.",),
        "journalist": ("د مهاجرت خبریال.",),
        "travel_agency": ("په {place} کې رسمي د سفر اداره: ټکټ، د زده کړې ویزه، بیمه.",),
        "diaspora_group": ("د ټولنې پاڼه: خبرونه او مرسته په {place} کې.",),
        "crypto_user": ("کریپټو | {place}",),
        "hawala_customer": ("",),
        "seller": ("په {place} کې پېر او پلور",),
    },
    group_names=("په {place} کې افغانان", "د {place} د سفر خبرونه"),
    comment_ask=("بیه؟", "دوه کسانو ته څومره؟", "خصوصي 📩", "علاقه لرم"),
    comment_reply=("خصوصي وګوره ✅", "په {messenger} پیغام راکړه"),
    comment_general=("🙏🙏", "خدای دې یې وساتي", "ورونو پام کوئ", "درواغجن دي"),
    items={
        "boat": "کښتۍ د پلور لپاره",
        "engine": "د کښتۍ انجن د پلور لپاره",
        "vehicle": "موټر د پلور لپاره",
        "equipment": "د ژغورنې جاکټونه د پلور لپاره",
    },
    listing=("{title}. {capacity}. بیه {price}. په {place} کې.",),
)
