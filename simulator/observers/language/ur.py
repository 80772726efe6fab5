"""Urdu phrasebook (Arabic script, Pakistani usage).

>>> PHRASEBOOK.code, PHRASEBOOK.script
('ur', 'arabic')
"""

from simulator.observers.language.phrasebook import Phrasebook

__all__ = ["PHRASEBOOK"]

PHRASEBOOK = Phrasebook(
    code="ur",
    script="arabic",
    native_digits="",
    quote=('"', '"'),
    price_styles=("word", "sym_after", "code"),
    currency_words={"EUR": "یورو", "USD": "ڈالر", "GBP": "پاؤنڈ"},
    crossing=(
        "{emoji} {origin} سے {dest} کا سفر",
        "نئی روانگی {origin} ➡️ {dest} {emoji}",
        "{brand} | {origin} - {dest} سفر {emoji}",
    ),
    documents=("{brand} کنسلٹنسی 🎓 یورپ میں تعلیم: ویزا، پاسپورٹ، رہائش",),
    driver_wanted=("ڈرائیور چاہئیں 🚐 {origin} - {dest}، اچھی تنخواہ",),
    claims={
        "safe": ("سو فیصد محفوظ",),
        "guaranteed": ("گارنٹی کے ساتھ", "پہنچنے کی گارنٹی 💯"),
        "daily": ("روزانہ روانگی",),
        "families": ("فیملی کے لیے خوش آمدید",),
        "pay_on_arrival": ("پہنچنے کے بعد ادائیگی",),
        "small_group": ("صرف چھوٹے گروپ",),
        "vip": ("VIP سروس",),
        "fast": ("تیز سفر",),
    },
    child=("بچوں کے لیے آدھی قیمت 👶",),
    price=("قیمت: {price}", "صرف {price}"),
    driver_pay=("ہر سفر کے {price}",),
    contact=("📞 {phone}", "رابطہ {messenger}: {phone}"),
    image_contact=("📸 نمبر تصویر میں ہے",),
    backup=("⚠️ پرانا پیج بند ہو گیا، یہ نیا پیج ہے",),
    closing=("محدود جگہیں!", "ان باکس کریں"),
    moved=("اب ہم {platform} پر ہیں ➡️ {brand} تلاش کریں",),
    benign={
        "ngo": (
            "⚠️ جو پیج {w} کا وعدہ کرتے ہیں وہ جھوٹ بولتے ہیں۔ کوئی غیر قانونی سفر محفوظ نہیں۔ "
            "فیصلہ کرنے سے پہلے ہم سے بات کریں: مفت اور خفیہ مشورہ۔",
        ),
        "journalist": ("رپورٹ: اسمگلر سوشل میڈیا پر {w1} کے اشتہار کیسے دیتے ہیں",),
        "travel_agency": (
            "🎓 یورپ میں تعلیم، قانونی طریقے سے! اسٹوڈنٹ ویزا، داخلہ، انشورنس۔ مشاورت {price}۔ "
            "دفتر: {origin}۔",
        ),
        "diaspora_group": (
            "بھائیو، {dest} سے کوئی خبر؟ ہمارا کزن پچھلے ہفتے {origin} سے نکلا تھا۔ {w}",
        ),
        "crypto_user": ("آج {origin} میں USDT کا ریٹ کیا ہے؟ گھر والوں کو پیسے بھیجنے ہیں۔",),
        "hawala_customer": ("{origin} میں کون سا دفتر گھر پیسے بھیجنے کا اچھا ریٹ دیتا ہے؟ 🙏",),
    },
    bios={
        "advertising": (
            "{brand} ✈️ سفر | ان باکس کریں",
            "سفر {emoji} | {place}",
        ),
        "ngo": ("انسانی ہمدردی کی تنظیم: تارکین وطن کے لیے تحفظ، قانونی مدد اور معلومات۔",),
        "journalist": ("ہجرت پر رپورٹر۔",),
        "travel_agency": ("{place} میں لائسنس یافتہ ٹریول ایجنسی: ٹکٹ، اسٹوڈنٹ ویزا، انشورنس۔",),
        "diaspora_group": ("کمیونٹی پیج: {place} میں خبریں اور مدد۔",),
        "crypto_user": ("کرپٹو | {place}",),
        "hawala_customer": ("",),
        "seller": ("{place} میں خرید و فروخت",),
    },
    group_names=("{place} پاکستانی کمیونٹی", "{place} سفر کی خبریں"),
    comment_ask=("قیمت؟", "دو بندوں کا کتنا؟", "ان باکس 📩"),
    comment_reply=("ان باکس چیک کریں ✅",),
    comment_general=("🙏🙏", "اللہ حفاظت کرے", "بھائیو احتیاط کرو"),
    items={
        "boat": "کشتی برائے فروخت",
        "engine": "کشتی کا انجن برائے فروخت",
        "vehicle": "گاڑی برائے فروخت",
        "equipment": "لائف جیکٹس برائے فروخت",
    },
    listing=("{title}۔ {capacity}۔ قیمت {price}۔ {place}۔",),
)
