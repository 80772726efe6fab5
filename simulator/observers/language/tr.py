"""Turkish phrasebook (Turkish facilitators and migrants who lived in Turkey).

>>> PHRASEBOOK.code, PHRASEBOOK.script
('tr', 'latin')
"""

from simulator.observers.language.phrasebook import Phrasebook

__all__ = ["PHRASEBOOK"]

PHRASEBOOK = Phrasebook(
    code="tr",
    script="latin",
    quote=("“", "”"),
    price_styles=("dot_grouped", "word", "sym_after"),
    currency_words={"EUR": "euro", "USD": "dolar", "GBP": "sterlin", "TRY": "TL"},
    crossing=(
        "{emoji} {origin} - {dest} geçiş",
        "Yeni çıkış {origin} ➡️ {dest} {emoji}",
        "{brand} | {origin} {dest} yolculuk {emoji}",
        "Bu hafta {dest} yönüne çıkış var {emoji}",
    ),
    documents=(
        "{brand} Danışmanlık 🎓 Avrupa'da eğitim: vize, pasaport, oturum",
        "Avrupa evrakları 📄 hızlı hizmet - {brand}",
    ),
    driver_wanted=(
        "Şoför aranıyor 🚐 {origin} - {dest}, iyi ücret",
        "Tecrübeli şoför arıyoruz, sefer başı ödeme",
    ),
    claims={
        "safe": ("%100 güvenli", "risksiz yolculuk ✅"),
        "guaranteed": ("garantili geçiş", "varış garantili 💯"),
        "daily": ("her gün çıkış",),
        "families": ("ailelere uygun",),
        "pay_on_arrival": ("ödeme varınca",),
        "small_group": ("sadece küçük gruplar",),
        "vip": ("VIP hizmet",),
        "fast": ("hızlı tekne",),
    },
    child=("çocuklara yarı fiyat 👶",),
    price=("Fiyat: {price}", "Sadece {price}", "kişi başı {price}"),
    driver_pay=("Sefer başı {price}",),
    contact=("📞 {phone}", "İletişim {messenger}: {phone}", "Arayın {phone}"),
    image_contact=("📸 numara resimde", "iletişim fotoğrafta 👆"),
    backup=("⚠️ Eski sayfamız kapandı, yeni sayfamız bu", "Yedek hesabımız, buradan takip edin"),
    closing=("Yer sınırlı!", "Özelden yazın", "Allah kolaylık versin 🙏"),
    moved=("Artık {platform} üzerindeyiz ➡️ {brand} aratın",),
    benign={
        "ngo": (
            "⚠️ {w} vaat eden sayfalar size yalan söylüyor. Hiçbir kaçak geçiş güvenli değil. "
            "Karar vermeden önce bizimle konuşun: ücretsiz ve gizli danışmanlık.",
            "Bu hafta {origin} bölgesinde {w1} için para ödemiş aileler ile görüştük. "
            "Haklarınızı öğrenin.",
        ),
        "journalist": (
            "HABER: Kaçakçılar sosyal medyada {w1} ilanlarını nasıl veriyor",
            "{dest} bölgesinden: bu haftaki varışlar. {w} ilanları hâlâ dolaşıyor.",
        ),
        "travel_agency": (
            "🎓 Avrupa'da eğitim, yasal yoldan! Öğrenci vizesi, kabul, sigorta. Danışmanlık "
            "{price}. Ofis: {origin}.",
        ),
        "diaspora_group": (
            "Arkadaşlar, {dest} tarafından haber var mı? Kuzenimiz geçen hafta {origin} "
            "üzerinden yola çıktı. {w}",
            "Yardımlaşma: {dest} şehrinde yeni gelen bir kardeşimizi kim misafir edebilir? {w} "
            "diyen sayfalara güvenmeyin.",
        ),
        "crypto_user": ("Bugün {origin} tarafında USDT kuru kaç? Aileme para göndereceğim.",),
        "hawala_customer": (
            "Memlekete para göndermek için {origin} bölgesinde iyi kur veren büro var mı? 🙏",
        ),
    },
    bios={
        "advertising": (
            "{brand} ✈️ yolculuk | özelden yazın",
            "Seyahat {emoji} | {place}",
        ),
        "ngo": ("İnsani yardım kuruluşu: göçmenlere koruma, hukuki yardım ve bilgi.",),
        "journalist": ("Göç muhabiri.",),
        "travel_agency": ("{place} lisanslı seyahat acentesi: bilet, öğrenci vizesi, sigorta.",),
        "diaspora_group": ("Topluluk sayfası: {place} haberler ve yardımlaşma.",),
        "crypto_user": ("kripto | {place}",),
        "hawala_customer": ("",),
        "seller": ("{place} alım satım",),
    },
    group_names=("{place} Yardımlaşma", "{place} Yolculuk Haberleri"),
    comment_ask=("fiyat?", "iki kişi kaç?", "özel 📩", "ilgileniyorum"),
    comment_reply=("özelden yazdım ✅", "{messenger} üzerinden yazın"),
    comment_general=("🙏🙏", "Allah korusun", "dikkat edin kardeşler", "yalancılar"),
    items={
        "boat": "Satılık tekne",
        "engine": "Satılık dıştan takma motor",
        "vehicle": "Satılık minibüs",
        "equipment": "Satılık can yeleği",
    },
    listing=("{title}. {capacity}. Fiyat {price}. Yer: {place}.",),
)
