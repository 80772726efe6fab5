"""Arabic phrasebook (Arabic script; Maghrebi and Levantine wording as seen in North African posts).

>>> PHRASEBOOK.code, PHRASEBOOK.script, PHRASEBOOK.native_digits
('ar', 'arabic', 'arabic_indic')
"""

from simulator.observers.language.phrasebook import Phrasebook

__all__ = ["PHRASEBOOK"]

PHRASEBOOK = Phrasebook(
    code="ar",
    script="arabic",
    native_digits="arabic_indic",
    quote=("«", "»"),
    price_styles=("word", "sym_after", "native_word"),
    currency_words={"EUR": "يورو", "USD": "دولار", "GBP": "جنيه", "TND": "دينار"},
    crossing=(
        "{emoji} رحلة من {origin} إلى {dest}",
        "خرجة جديدة {origin} ➡️ {dest} {emoji}",
        "{brand} | رحلات {origin} - {dest} {emoji}",
        "خرجة هذا الأسبوع نحو {dest} {emoji}",
        "{emoji} تحب تمشي لـ {dest}؟ نخرجوك من {origin}",
    ),
    documents=(
        "{brand} للاستشارات 🎓 الدراسة في أوروبا: فيزا، جوازات، إقامات",
        "أوراق أوروبا 📄 خدمة سريعة - {brand}",
        "مكتب {brand} للسفر: فيزا عمل ودراسة إلى {dest}، ملف كامل",
    ),
    driver_wanted=(
        "مطلوب سواق 🚐 {origin} - {dest}، خلاص باهي",
        "نحبو سواقين عندهم خبرة، الخلاص على كل رحلة ({origin})",
    ),
    claims={
        "safe": ("آمنة 100%", "رحلة بلا خطر ✅"),
        "guaranteed": ("مضمونة 100%", "الوصول مضمون 💯"),
        "daily": ("خرجات كل يوم",),
        "families": ("العائلات مرحبا بيها",),
        "pay_on_arrival": ("الخلاص بعد الوصول",),
        "small_group": ("مجموعات صغيرة برك",),
        "vip": ("خدمة VIP",),
        "fast": ("شقف سريع",),
    },
    child=("الصغار بنص السوم 👶", "تخفيض 50% للأطفال"),
    price=("السوم: {price}", "{price} فقط 💶", "{price} للشخص", "{price} كل شي محسوب"),
    driver_pay=("الخلاص {price} على الرحلة", "{price} للرحلة كاش"),
    contact=(
        "📞 {phone}",
        "للتواصل {messenger}: {phone}",
        "كلمنا على {phone}",
        "اتصل على الرقم {phone}",
    ),
    image_contact=("📸 الرقم في الصورة", "التواصل في الصورة 👆"),
    backup=(
        "⚠️ الصفحة القديمة تسكرت، هذي الصفحة الجديدة",
        "صفحة احتياطية، تابعونا هنا",
    ),
    closing=("الأماكن محدودة!", "راسلونا في الخاص", "ربي يسهل 🙏", "احجز توا"),
    moved=("ولينا على {platform} ➡️ لوج على {brand}",),
    benign={
        "ngo": (
            "⚠️ الصفحات اللي تقول {w} تكذب عليكم. ما فماش رحلة بحر آمنة. احكي معانا قبل ما "
            "تقرر: استشارة مجانية وسرية.",
            "هذا الأسبوع في {origin} قابلنا عائلات خلصت على {w1} وتخلاو عليهم. اعرف حقوقك: "
            "فما طرق قانونية.",
            "إنقاذ: قوارب خرجت نحو {dest} والبحر هايج. كلمات كيف {w} ما تخلي حتى قارب آمن.",
        ),
        "journalist": (
            "تحقيق: كيفاش يتباع {w1} من {origin} في مواقع التواصل",
            "من {dest}: وصول قوارب هذا الأسبوع. الناجين قالولنا إعلانات {w} مازالت تدور.",
        ),
        "travel_agency": (
            "🎓 الدراسة في أوروبا بالطريق القانوني! ملفات الفيزا، التسجيل، التأمين. "
            "الاستشارة {price}. مكتبنا في {origin}.",
            "✈️ تذاكر {origin} - {dest} ومساعدة في الفيزا الرسمية. {w1}؟ كان بالأوراق. "
            "مصاريف الملف {price}.",
        ),
        "diaspora_group": (
            "يا جماعة، فما أخبار من {dest}؟ ولد عمنا خرج من {origin} الجمعة اللي فاتت. {w}",
            "تعاون: شكون ينجم يستقبل خونا في {dest}؟ ردوا بالكم من صفحات {w}.",
            "دعواتكم للعائلات اللي تستنى في الأخبار في {origin} 🙏 {w}",
        ),
        "crypto_user": ("سعر USDT اليوم في {origin}؟ باش نبعث للعائلة موش لـ {w1}",),
        "hawala_customer": (
            "أما مكتب في {origin} يعطي سعر باهي باش نبعث فلوس للبلاد؟ 🙏",
            "بعثت فلوس لأمي من {dest} اليوم ووصلت في ساعة. {w1}",
        ),
    },
    bios={
        "advertising": (
            "{brand} ✈️ رحلات | راسلونا في الخاص",
            "سفر {emoji} | {place} | الجديين فقط",
        ),
        "ngo": ("منظمة إنسانية: حماية ومساعدة قانونية ومعلومات للمهاجرين.",),
        "journalist": ("صحفي مختص في الهجرة والمتوسط.",),
        "travel_agency": ("وكالة أسفار مرخصة في {place}: تذاكر، فيزا دراسة، تأمين.",),
        "diaspora_group": ("صفحة الجالية: أخبار وتعاون وتضامن في {place}.",),
        "crypto_user": ("كريبتو | تداول | {place}",),
        "hawala_customer": ("",),
        "seller": ("بيع وشراء في {place}",),
    },
    group_names=("جالية {place}", "أخبار السفر {place}", "تعاون {place}"),
    comment_ask=("بقداش؟", "قداش لزوز؟", "خاص 📩", "مهتم", "وقتاش الخرجة الجاية؟"),
    comment_reply=("شوف الخاص ✅", "بعثتلك في الخاص", "كلمنا على {messenger}"),
    comment_general=("🙏🙏", "ربي يحميهم", "ردوا بالكم يا خوتي", "كذابين", "👍"),
    items={
        "boat": "قارب للبيع",
        "engine": "محرك بحري للبيع",
        "vehicle": "فورقون للبيع",
        "equipment": "سترات نجاة للبيع",
    },
    listing=(
        "{title}. {capacity}. السوم {price}. في {place}.",
        "{title} حالتو باهية، {capacity}. {price}. {place}",
    ),
)
