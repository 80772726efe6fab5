"""Dari/Persian phrasebook (Arabic script; Afghan Dari spellings such as اطفال for children).

>>> PHRASEBOOK.code, PHRASEBOOK.native_digits
('fa', 'persian')
"""

from simulator.observers.language.phrasebook import Phrasebook

__all__ = ["PHRASEBOOK"]

PHRASEBOOK = Phrasebook(
    code="fa",
    script="arabic",
    native_digits="persian",
    quote=("«", "»"),
    price_styles=("word", "native_word", "sym_after"),
    currency_words={"EUR": "یورو", "USD": "دالر", "GBP": "پوند", "TRY": "لیره"},
    crossing=(
        "{emoji} سفر از {origin} به {dest}",
        "حرکت جدید {origin} ➡️ {dest} {emoji}",
        "{brand} | سفرهای {origin} - {dest} {emoji}",
        "این هفته حرکت به طرف {dest} {emoji}",
    ),
    documents=(
        "{brand} مشاوره 🎓 تحصیل در اروپا: ویزه، پاسپورت، اقامت",
        "اسناد اروپا 📄 خدمات سریع - {brand}",
    ),
    driver_wanted=(
        "به راننده ضرورت است 🚐 {origin} - {dest}، معاش خوب",
        "راننده با تجربه می‌خواهیم، پول هر سفر جدا",
    ),
    claims={
        "safe": ("صد در صد امن", "سفر بی‌خطر ✅"),
        "guaranteed": ("سفر تضمینی", "رسیدن تضمینی 💯"),
        "daily": ("حرکت روزانه",),
        "families": ("خانواده‌ها خوش آمدید",),
        "pay_on_arrival": ("پرداخت بعد از رسیدن",),
        "small_group": ("فقط گروه‌های کوچک",),
        "vip": ("خدمات VIP",),
        "fast": ("سفر سریع",),
    },
    child=("نصف قیمت برای اطفال 👶",),
    price=("قیمت: {price}", "فقط {price}", "{price} برای هر نفر"),
    driver_pay=("معاش {price} برای هر سفر",),
    contact=("📞 {phone}", "تماس {messenger}: {phone}", "زنگ بزنید {phone}"),
    image_contact=("📸 شماره در عکس است", "تماس در تصویر 👆"),
    backup=("⚠️ صفحه قبلی بسته شد، این صفحه جدید است", "حساب پشتیبان ما، اینجا دنبال کنید"),
    closing=("جای محدود!", "در خصوصی پیام بدهید", "خدا نگهدار 🙏"),
    moved=("ما به {platform} رفتیم ➡️ {brand} را جستجو کنید",),
    benign={
        "ngo": (
            "⚠️ صفحه‌هایی که وعده {w} می‌دهند دروغ می‌گویند. هیچ سفر قاچاقی امن نیست. پیش از "
            "تصمیم با ما صحبت کنید: مشوره رایگان و محرمانه.",
            "این هفته در {origin} با خانواده‌هایی دیدیم که برای {w1} پول داده بودند. حقوق خود "
            "را بدانید.",
        ),
        "journalist": (
            "گزارش: قاچاقبران چگونه در شبکه‌های اجتماعی {w1} را تبلیغ می‌کنند",
            "از {dest}: رسیدن مهاجران این هفته. اعلان‌های {w} هنوز پخش می‌شوند.",
        ),
        "travel_agency": (
            "🎓 تحصیل در اروپا از راه قانونی! ویزه تحصیلی، پذیرش، بیمه. مشوره {price}. دفتر "
            "ما در {origin}.",
        ),
        "diaspora_group": (
            "دوستان، از {dest} خبری دارید؟ پسر کاکای ما هفته گذشته از {origin} حرکت کرد. {w}",
            "کمک: کسی در {dest} می‌تواند یک هموطن تازه‌وارد را جای بدهد؟ به صفحه‌های {w} "
            "اعتماد نکنید.",
        ),
        "crypto_user": ("نرخ USDT امروز در {origin} چند است؟ برای خانواده پول می‌فرستم.",),
        "hawala_customer": ("کدام صرافی در {origin} نرخ خوب می‌دهد برای فرستادن پول به خانه؟ 🙏",),
    },
    bios={
        "advertising": (
            "{brand} ✈️ سفر | پیام خصوصی",
            "سفر {emoji} | {place}",
        ),
        "ngo": ("موسسه بشردوستانه: حمایت، کمک حقوقی و معلومات برای مهاجران.",),
        "journalist": ("خبرنگار مهاجرت.",),
        "travel_agency": ("آژانس مسافرتی رسمی در {place}: تکت، ویزه تحصیلی، بیمه.",),
        "diaspora_group": ("صفحه جامعه: خبر و همکاری در {place}.",),
        "crypto_user": ("کریپتو | {place}",),
        "hawala_customer": ("",),
        "seller": ("خرید و فروش در {place}",),
    },
    group_names=("افغان‌های {place}", "اخبار سفر {place}"),
    comment_ask=("قیمت؟", "برای دو نفر چند؟", "خصوصی 📩", "علاقه دارم"),
    comment_reply=("خصوصی را ببینید ✅", "در {messenger} پیام بدهید"),
    comment_general=("🙏🙏", "خدا نگهدارشان باشد", "مواظب باشید", "دروغگو"),
    items={
        "boat": "قایق برای فروش",
        "engine": "موتور قایق برای فروش",
        "vehicle": "موتر برای فروش",
        "equipment": "جلیقه نجات برای فروش",
    },
    listing=("{title}. {capacity}. قیمت {price}. در {place}.",),
)
