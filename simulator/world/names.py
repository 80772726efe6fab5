"""Name pools and spelling variants: how one person's name gets written several ways.

Police files rarely spell a name the same way twice: Arabic, Persian, Tigrinya or Pashto names are
transliterated by ear (Mohamed, Mohammed, Muhammad), accents drop in databases (Traoré, Traore) and
clerks make typos. This module holds the *data* behind
:class:`simulator.world.identities.IdentityFactory`:

* built-in Latin-script pools for name traditions whose Faker locale writes names in Arabic script
  or has no person data (Faker's ``ar_*`` and ``fa_IR`` give Arabic script; ``sq_AL`` and ``am_ET``
  fall back to US names). Each entry is ``"Canonical|Variant|Variant"``: the spellings are common
  public transliterations, written for this project; none is taken from a real person;
* the Faker locale used for every other nationality (its names are Latin script or transliterated
  here from Cyrillic and Greek);
* small functions that turn one spelling into its usual alternates.

Example
-------
>>> name_style("TN").pool
'maghreb'
>>> fold_accents("Traoré Şahin")
'Traore Sahin'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "FAMILY_POOLS",
    "FEMALE_POOLS",
    "MALE_POOLS",
    "NameStyle",
    "alternates",
    "fold_accents",
    "name_style",
    "spellings",
    "transliterate",
]


def _pool(text: str) -> tuple[tuple[str, ...], ...]:
    """Parse ``"A|A2|A3, B|B2"`` into ``(("A", "A2", "A3"), ("B", "B2"))``."""
    return tuple(tuple(part.strip() for part in entry.split("|")) for entry in text.split(","))


MALE_POOLS: dict[str, tuple[tuple[str, ...], ...]] = {
    "maghreb": _pool(
        "Mohamed|Mohammed|Muhammad|Mohamad, Ahmed|Ahmad|Hmed, Abdelkader|Abd al-Qadir|Abdulkadir,"
        "Abdallah|Abdullah|Abdellah, Youssef|Yousef|Youcef|Yusuf, Karim|Kareem, Khaled|Khalid,"
        "Mourad|Murad, Nabil|Nabeel, Hichem|Hisham|Hicham, Mehdi|Mahdi, Bilel|Bilal,"
        "Walid|Waleed|Oualid, Samir|Sameer, Rachid|Rashid, Hamza|Hamzah, Omar|Umar|Omer,"
        "Hassan|Hasan, Houcine|Hussein|Hocine, Mustapha|Mustafa|Moustafa, Ayoub|Ayyub|Ayub,"
        "Ismail|Smail|Ismael, Brahim|Ibrahim|Ebrahim, Fethi|Fathi, Tarek|Tariq|Tarik,"
        "Abderrahmane|Abd al-Rahman|Abdulrahman, Noureddine|Nur al-Din|Nourdine,"
        "Abdelaziz|Abd al-Aziz|Abdulaziz, Salem|Salim|Slim"
    ),
    "mashreq": _pool(
        "Mohammed|Muhammad|Mohamed|Mohammad, Ahmad|Ahmed, Abd al-Qadir|Abdelkader|Abdul Qadir,"
        "Mahmoud|Mahmud|Mahmood, Mustafa|Moustafa|Mostafa, Hussein|Husain|Hussain, Omar|Umar,"
        "Khalid|Khaled, Yusuf|Youssef|Yousef, Ibrahim|Ebrahim, Hamza|Hamzah, Ali|Aly,"
        "Hassan|Hasan, Tariq|Tarek|Tarik, Rami|Ramy, Fadi|Fady, Osama|Usama|Oussama,"
        "Abdullah|Abdallah|Abdulla, Abd al-Rahman|Abdulrahman|Abdelrahman, Mazen|Mazin,"
        "Walid|Waleed, Jamal|Gamal|Jamaal, Ayman|Aiman|Eyman, Bassam|Basam, Ziad|Ziyad|Zeyad"
    ),
    "sudan": _pool(
        "Adam|Adem, Ishag|Ishaq|Ishak, Abakar|Abbakar|Abubakar, Osman|Othman|Uthman,"
        "Babiker|Babikir|Babekir, Elnour|El Nour|Al-Nur, Abdelrahim|Abd al-Rahim|Abdulrahim,"
        "Suleiman|Sulaiman|Souleymane, Hamid|Hamed, Yagoub|Yaqub|Yacoub, Musa|Mousa|Moussa,"
        "Elfadil|El Fadil|Al-Fadil, Mohamed|Mohammed|Muhammad, Ahmed|Ahmad"
    ),
    "kurdish": _pool(
        "Rebwar|Rebuar, Karwan|Karwaan, Hiwa|Hewa, Shvan|Shivan|Shwan, Dilshad|Dilshaad,"
        "Azad|Azaad, Sherzad|Shirzad, Aram|Araam, Bakhtiyar|Bakhtiar|Baxtiyar, Hemin|Hemn,"
        "Kawa|Kawe, Soran|Sorran, Zana|Zanna, Barzan|Berzan"
    ),
    "persian": _pool(
        "Mohammad|Mohammed|Muhammad|Mohamad, Reza|Riza, Hossein|Hussein|Hosein, Mehdi|Mahdi,"
        "Ali|Aly, Amir|Ameer, Hamid|Hameed, Saeed|Saeid|Said, Javad|Jawad, Morteza|Murtaza,"
        "Behrouz|Behruz, Farhad|Farhaad, Kourosh|Kurosh|Koorosh, Dariush|Daryoush"
    ),
    "afghan": _pool(
        "Mohammad|Muhammad|Mohammed, Ahmad|Ahmed, Abdul Rahim|Abdurrahim|Abd al-Rahim,"
        "Gul Agha|Gulagha, Najibullah|Najeebullah, Zabihullah|Zabiullah|Zabeehullah,"
        "Hamidullah|Hameedullah, Rahmatullah|Rahmatulla, Sayed|Sayyed|Syed, Khalid|Khaled,"
        "Jawad|Javad, Farid|Fareed, Wahid|Waheed, Nasir|Naser|Nasser, Rashid|Rasheed,"
        "Shafiq|Shafeeq, Mirwais|Mir Wais|Mirways, Ehsan|Ihsan"
    ),
    "bengali": _pool(
        "Mohammad|Md.|Muhammad|Mohammed, Abdur Rahman|Abdur Rahaman|Abdul Rahman,"
        "Rafiqul|Rofiqul|Rafikul, Shahidul|Shohidul|Shahedul, Aminul|Amenul, Kamrul|Komrul,"
        "Jahangir|Jahangeer, Mizanur|Mizanor, Nazrul|Nozrul, Habibur|Habibor, Sohel|Shohel|Suhel,"
        "Rubel|Rubal, Masud|Masood|Mashud"
    ),
    "horn": _pool(
        "Yonas|Yohannes|Jonas, Tesfaye|Tesfay|Tesfai, Berhane|Birhane|Berhani, Mehari|Mehary,"
        "Kidane|Kidani, Habtom|Habtu, Samuel|Samwel, Dawit|Dawet, Filmon|Filimon|Philemon,"
        "Merhawi|Merhawe, Amanuel|Emmanuel|Amaniel, Aklilu|Akililu, Ermias|Ermiyas, Tekle|Teklay"
    ),
    "somali": _pool(
        "Abdirahman|Abdirahmaan|Abdulrahman, Mohamed|Maxamed|Mohammed,"
        "Abdullahi|Cabdullahi|Abdulahi, Ahmed|Axmed, Hassan|Xasan, Ali|Cali, Omar|Cumar,"
        "Yusuf|Yuusuf, Ismail|Ismaaciil, Farah|Faarax"
    ),
    "sahel": _pool(
        "Mamadou|Mamadu, Ousmane|Usman|Ousman, Moussa|Musa|Mussa, Abdoulaye|Abdulai|Abdoulay,"
        "Ibrahima|Ibrahim, Amadou|Ahmadou|Amadu, Souleymane|Suleiman|Sulayman,"
        "Boubacar|Abubakar|Bubacarr, Cheikh|Sheikh|Sheik, Modou|Modu, Lamine|Lamin|Al-Amin,"
        "Seydou|Seidou|Saidu, Adama|Adamma, Issa|Isa, Aliou|Aliu|Alieu, Oumar|Umar|Omar,"
        "Kalilou|Khalilou|Kalilu, Youssouf|Yousouf|Yusuf, Bakary|Bakari|Bakarry"
    ),
    "albanian": _pool(
        "Arben|Arbën, Besnik|Besnick, Ermal|Ermall, Gjergj|Gjergji, Ardit|Arditi,"
        "Florian|Florjan, Klodian|Klodjan, Erion|Erjon, Dritan|Dritani, Altin|Altini,"
        "Gëzim|Gezim, Ilir|Iliri, Bledar|Bledi, Endrit|Endriti, Fatmir|Fatmiri, Kujtim|Kujtimi"
    ),
}

FEMALE_POOLS: dict[str, tuple[tuple[str, ...], ...]] = {
    "maghreb": _pool(
        "Fatma|Fatima|Fatmah, Amel|Amal, Nour|Nur|Noor, Samira|Sameera, Leila|Layla|Laila,"
        "Khadija|Khadidja|Khadijah, Houda|Huda|Hoda, Meriem|Maryam|Myriam, Sonia|Sonya"
    ),
    "mashreq": _pool(
        "Fatima|Fatma|Fatimah, Aisha|Aicha|Ayesha, Maryam|Mariam|Meriem, Nour|Nur|Noor,"
        "Rania|Ranya, Huda|Houda|Hoda, Layla|Leila|Laila, Zainab|Zeinab|Zaynab, Rasha|Racha"
    ),
    "sudan": _pool("Awadia|Awadiya, Fatima|Fatma, Hawa|Hawwa, Amna|Amina|Aminah, Safia|Safiya"),
    "kurdish": _pool("Shilan|Shilaan, Dilan|Delal, Nazdar|Nazdaar, Rozhin|Rojin, Avin|Aveen"),
    "persian": _pool(
        "Zahra|Zahraa, Maryam|Mariam, Fatemeh|Fatima|Fatemah, Sara|Sarah, Narges|Nargis, Shirin"
    ),
    "afghan": _pool("Marzia|Marziya, Fatima|Fatema, Zahra|Zahraa, Nargis|Narges, Soraya|Suraya"),
    "bengali": _pool("Nasrin|Nasreen, Fatema|Fatima, Shirin|Sirin, Rokeya|Rokeya, Taslima|Toslima"),
    "horn": _pool("Selam|Salam, Helen|Hellen, Mebrat|Mebrahtu, Saba|Sabaa, Rahel|Rachel"),
    "somali": _pool("Hodan|Xodan, Faduma|Fadumo|Fatima, Amina|Aamina, Hawa|Xaawo, Sahra|Sahro"),
    "sahel": _pool(
        "Aminata|Aminatou, Fatoumata|Fatumata|Fatou, Mariama|Mariam, Awa|Aawa, Kadiatou"
    ),
    "albanian": _pool("Elira|Elirë, Anila|Anilë, Besa|Bessa, Drita|Dritë, Mirela|Mirella"),
}

FAMILY_POOLS: dict[str, tuple[tuple[str, ...], ...]] = {
    "maghreb": _pool(
        "Ben Salah|Bensalah|Ben Saleh, Trabelsi|Trabulsi|Tarabulsi, Jebali|Jbali|Al-Jabali,"
        "Gharbi|Al-Gharbi, Mejri|Majri, Ben Ammar|Benammar|Bin Ammar, Chaabane|Shaaban|Chabane,"
        "Belkacem|Belgacem, Benali|Ben Ali|Bin Ali, El Amrani|Amrani|Al-Amrani, Haddad|Hadad,"
        "Mansouri|Al-Mansouri|Mansuri, Khelifi|Khalifi|Khlifi, Saidi|Al-Saidi, Bouzid|Abu Zaid,"
        "Warfalli|Al-Warfalli|El Werfalli, Ghariani|Al-Ghariani|Gheriani, Misrati|Al-Misrati"
    ),
    "mashreq": _pool(
        "Al-Masri|El-Masry|Masri, Haddad|Hadad, Al-Khatib|Khatib|El Khatib, Darwish|Darwiche,"
        "Al-Jabouri|Al-Jubouri|Jabouri, Al-Tamimi|Tamimi, Shaheen|Shahin|Chahine,"
        "Nasser|Nasir|Naser, Al-Sayed|El-Sayed|Elsayed, Abdel Fattah|Abd al-Fattah|Abdelfattah,"
        "Mansour|Mansur, Saleh|Salih, Al-Obeidi|Obeidi|Al-Ubaydi, Qasim|Kassem|Qassem,"
        "Hamdan|Hamdane, Othman|Osman|Uthman, Abu Layla|Abou Leila|Abu Leila"
    ),
    "kurdish": _pool(
        "Ahmed|Ahmad, Mahmud|Mahmoud, Rasul|Rasool|Rassoul, Abdullah|Abdulla, Qadir|Kadir|Kader,"
        "Hama|Hamah, Aziz|Azeez, Karim|Kareem, Barzani|Barazani, Omar|Umar"
    ),
    "persian": _pool(
        "Hosseini|Husseini, Mohammadi|Muhammadi|Mohamadi, Rezaei|Rezaee|Rezai, Ahmadi|Ahmadee,"
        "Karimi|Kareemi, Jafari|Jaafari, Rahimi|Raheemi, Moradi|Muradi, Heidari|Haidari|Heydari,"
        "Sadeghi|Sadeqi, Ghorbani|Qorbani, Rostami|Rustami, Nazari|Nazary, Azizi|Azeezi"
    ),
    "afghan": _pool(
        "Ahmadzai|Ahmadzay, Popalzai|Popalzay, Sultani|Soltani, Hakimi|Hakeemi, Rahimi|Raheemi,"
        "Safi|Saafi, Mohmand|Momand, Hussaini|Hosseini|Husaini, Stanikzai|Stanekzai,"
        "Amiri|Ameeri, Wardak|Wardag, Shinwari|Shinwary, Noori|Nuri"
    ),
    "bengali": _pool(
        "Hossain|Hussain|Hosen, Rahman|Rahaman|Rohman, Islam|Islaam, Uddin|Uddeen|Udin,"
        "Ahmed|Ahmad, Chowdhury|Choudhury|Chaudhuri, Miah|Mia, Sarkar|Sarker, Alam|Aalam,"
        "Talukder|Talukdar, Bhuiyan|Bhuiya|Bhuyan"
    ),
    "horn": _pool(
        "Ghermay|Germay|Ghirmay, Woldemariam|Wolde Mariam|Weldemariam, Tesfamariam|Tesfa Mariam,"
        "Haile|Hayle, Asmelash|Asmelesh, Kahsay|Kahsai, Negash|Negasi, Abraha|Abrha,"
        "Gebremedhin|Ghebremedhin|Gebre Medhin, Tekle|Teklay, Berhe|Birhe"
    ),
    "somali": _pool(
        "Warsame|Warsama, Hersi|Xirsi, Farah|Faarax, Jama|Jaamac, Abdi|Cabdi, Nur|Nuur,"
        "Osman|Cismaan, Aden|Aadan"
    ),
    "sahel": _pool(
        "Diallo|Jallow|Djallo, Traoré|Traore, Koné|Kone|Konneh, Touré|Toure|Turay,"
        "Camara|Kamara, Keïta|Keita, Coulibaly|Kulibali|Koulibaly, Cissé|Cisse|Sise,"
        "Ndiaye|N'Diaye|Njie, Diop|Jobe, Sow|Sowe, Ba|Bah, Barry|Bary|Bari, Sylla|Silla,"
        "Fofana|Fofanah, Sangaré|Sangare, Ouédraogo|Ouedraogo|Wedraogo, Diarra|Jarra, Bamba"
    ),
    "albanian": _pool(
        "Hoxha|Hodja|Hoxa, Shehu|Sheu, Berisha|Berishaj, Krasniqi|Krasnici, Gashi|Gashaj,"
        "Leka|Lekaj, Çela|Cela, Dervishi|Dervishaj, Muça|Muca, Kola|Kolaj, Prifti|Priftaj,"
        "Marku|Markaj, Bajrami|Bajramaj"
    ),
}
# Sudanese names are given name + father's name (+ grandfather's), so the family pool is the
# given-name pool.
FAMILY_POOLS["sudan"] = MALE_POOLS["sudan"]


@dataclass(frozen=True, slots=True)
class NameStyle:
    """How names of one nationality are drawn.

    ``pool`` names a built-in pool (``MALE_POOLS`` ...) or is empty; ``locale`` is the Faker locale
    used when ``pool`` is empty; ``patronymic`` is the chance a father's name is inserted
    (Arabic and Horn naming), ``script`` says whether Faker's names need transliteration, and
    ``mix`` names a second pool drawn with chance ``mix_share`` (Kurdish names among Iraqis).
    """

    pool: str = ""
    locale: str = "en_GB"
    patronymic: float = 0.0
    script: str = "latin"
    mix: str = ""
    mix_share: float = 0.0


_STYLES: dict[str, NameStyle] = {
    **dict.fromkeys(("TN", "DZ", "MA", "LY", "MR"), NameStyle("maghreb", patronymic=0.3)),
    **dict.fromkeys(
        ("EG", "SY", "LB", "JO", "PS", "SA", "AE", "YE", "KW", "QA"),
        NameStyle("mashreq", patronymic=0.3),
    ),
    # Many Iraqis on the Channel and Belarus routes are Kurds from the Kurdistan Region.
    "IQ": NameStyle("mashreq", patronymic=0.3, mix="kurdish", mix_share=0.4),
    "SD": NameStyle("sudan", patronymic=0.6),
    "SS": NameStyle("sudan", patronymic=0.6),
    "TD": NameStyle("sudan", patronymic=0.4),
    "IR": NameStyle("persian"),
    "AF": NameStyle("afghan", patronymic=0.2),
    "BD": NameStyle("bengali"),
    "ER": NameStyle("horn", patronymic=0.5),
    "ET": NameStyle("horn", patronymic=0.5),
    "SO": NameStyle("somali", patronymic=0.5),
    **dict.fromkeys(("SN", "ML", "GN", "CI", "BF", "NE", "GM", "CM"), NameStyle("sahel")),
    **dict.fromkeys(("AL", "XK"), NameStyle("albanian")),
    "PK": NameStyle(locale="en_PK"),
    "IN": NameStyle(locale="en_IN"),
    "NG": NameStyle(locale="en_NG"),
    "GH": NameStyle(locale="tw_GH"),
    "KE": NameStyle(locale="en_KE"),
    "TR": NameStyle(locale="tr_TR"),
    "FR": NameStyle(locale="fr_FR"),
    "BE": NameStyle(locale="fr_BE"),
    "GB": NameStyle(locale="en_GB"),
    "IE": NameStyle(locale="en_IE"),
    "US": NameStyle(locale="en_US"),
    "IT": NameStyle(locale="it_IT"),
    "MT": NameStyle(locale="mt_MT"),
    "DE": NameStyle(locale="de_DE"),
    "AT": NameStyle(locale="de_AT"),
    "CH": NameStyle(locale="de_CH"),
    "NL": NameStyle(locale="nl_NL"),
    "ES": NameStyle(locale="es_ES"),
    "PT": NameStyle(locale="pt_PT"),
    "PL": NameStyle(locale="pl_PL"),
    "HU": NameStyle(locale="hu_HU"),
    "RO": NameStyle(locale="ro_RO"),
    "LT": NameStyle(locale="lt_LT"),
    "LV": NameStyle(locale="lv_LV"),
    "CZ": NameStyle(locale="cs_CZ"),
    "SK": NameStyle(locale="sk_SK"),
    "SI": NameStyle(locale="sl_SI"),
    "SE": NameStyle(locale="sv_SE"),
    "DK": NameStyle(locale="da_DK"),
    "NO": NameStyle(locale="no_NO"),
    "FI": NameStyle(locale="fi_FI"),
    "VN": NameStyle(locale="vi_VN"),
    "AZ": NameStyle(locale="az_AZ"),
    "UZ": NameStyle(locale="uz_UZ"),
    # Serbo-Croatian names: Faker has no Latin-script Serbian or Bosnian person data; the Croatian
    # pool shares most given and family names.
    **dict.fromkeys(("HR", "RS", "BA", "ME"), NameStyle(locale="hr_HR")),
    "GR": NameStyle(locale="el_GR", script="greek"),
    "CY": NameStyle(locale="el_CY", script="greek"),
    **dict.fromkeys(("RU", "BY"), NameStyle(locale="ru_RU", script="cyrillic")),
    "UA": NameStyle(locale="uk_UA", script="cyrillic"),
    "BG": NameStyle(locale="bg_BG", script="cyrillic"),
    "MK": NameStyle(locale="mk_MK", script="cyrillic"),
}

#: The style for a nationality this module does not know: English-language names.
DEFAULT_STYLE = NameStyle(locale="en_GB")


def name_style(nationality: str) -> NameStyle:
    """The naming style of an ISO alpha-2 nationality (English names if unknown).

    >>> name_style("RU").script
    'cyrillic'
    >>> name_style("ZZ").locale
    'en_GB'
    """
    return _STYLES.get(nationality.upper(), DEFAULT_STYLE)


_SPECIAL_FOLDS = str.maketrans(
    {
        **{"ß": "ss", "ı": "i", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"},
        **{"æ": "ae", "ɛ": "e", "Ɛ": "E", "ɔ": "o", "Ɔ": "O", "ʼ": "'"},
    }
)


# The three spelling functions below are pure functions of strings, called for every name part of
# every person (and every handle): memoised, a name pool's spellings are worked out once per world
# instead of once per person. The caches are bounded; results are immutable (str and tuples).
@lru_cache(maxsize=1 << 16)
def fold_accents(text: str) -> str:
    """Drop diacritics the way many databases and keyboards do.

    >>> fold_accents("Gëzim Çela, Nguyễn Đức")
    'Gezim Cela, Nguyen Duc'
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_FOLDS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Digraph spellings used when a name crosses into English or German usage.
_DIGRAPHS = (
    ("ş", "sh"),
    ("Ş", "Sh"),
    ("ç", "ch"),
    ("Ç", "Ch"),
    ("ğ", "gh"),
    ("ö", "oe"),
    ("Ö", "Oe"),
    ("ü", "ue"),
    ("Ü", "Ue"),
    ("ä", "ae"),
    ("Ä", "Ae"),
    ("ë", "e"),
)
# Spelling alternations heard in transliterated names (long vowels, French ou and dj, ph).
_ALTERNATIONS = (("ee", "i"), ("oo", "u"), ("ou", "u"), ("ph", "f"), ("dj", "j"))


@lru_cache(maxsize=1 << 16)
def alternates(word: str) -> tuple[str, ...]:
    """Plausible other spellings of one Latin-script name (without the word itself).

    >>> alternates("Şahin")
    ('Sahin', 'Shahin')
    >>> alternates("Rasheed")
    ('Rashid',)
    """
    found: list[str] = []
    folded = fold_accents(word)
    found.append(folded)
    digraphed = word
    for old, new in _DIGRAPHS:
        digraphed = digraphed.replace(old, new)
    found.append(fold_accents(digraphed))
    for old, new in _ALTERNATIONS:
        if old in folded[1:]:
            found.append(folded[0] + folded[1:].replace(old, new))
            break
    return tuple(dict.fromkeys(item for item in found if item != word))


@lru_cache(maxsize=1 << 16)
def spellings(entry: tuple[str, ...]) -> tuple[str, ...]:
    """All spellings of a pool entry: its listed ones, then folded and alternated forms.

    >>> spellings(("Traoré", "Traore"))
    ('Traoré', 'Traore')
    """
    extra = (alt for spelling in entry for alt in alternates(spelling))
    return tuple(dict.fromkeys((*entry, *extra)))


# Two common romanisations per Cyrillic letter: a BGN/PCGN-like one and a French/German-like one.
_CYRILLIC = {
    "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "w"), "г": ("g", "g"), "ґ": ("g", "g"),
    "д": ("d", "d"), "е": ("e", "e"), "ё": ("yo", "jo"), "є": ("ye", "je"), "ж": ("zh", "j"),
    "з": ("z", "s"), "и": ("i", "i"), "і": ("i", "i"), "ї": ("yi", "ji"), "й": ("y", "i"),
    "к": ("k", "k"), "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"), "о": ("o", "o"),
    "п": ("p", "p"), "р": ("r", "r"), "с": ("s", "ss"), "т": ("t", "t"), "у": ("u", "ou"),
    "ф": ("f", "f"), "х": ("kh", "h"), "ц": ("ts", "tz"), "ч": ("ch", "tch"), "ш": ("sh", "ch"),
    "щ": ("shch", "sch"), "ъ": ("", ""), "ы": ("y", "y"), "ь": ("", ""), "э": ("e", "e"),
    "ю": ("yu", "ju"), "я": ("ya", "ja"), "ѓ": ("gj", "g"), "ќ": ("kj", "k"), "љ": ("lj", "l"),
    "њ": ("nj", "n"), "џ": ("dzh", "dj"), "ѕ": ("dz", "dz"), "ј": ("j", "y"), "ʼ": ("", "'"),
    "'": ("", "'"),
}  # fmt: skip
_GREEK = {
    "α": ("a", "a"), "ά": ("a", "a"), "β": ("v", "b"), "γ": ("g", "gh"), "δ": ("d", "dh"),
    "ε": ("e", "e"), "έ": ("e", "e"), "ζ": ("z", "z"), "η": ("i", "e"), "ή": ("i", "e"),
    "θ": ("th", "th"), "ι": ("i", "i"), "ί": ("i", "i"), "ϊ": ("i", "i"), "ΐ": ("i", "i"),
    "κ": ("k", "c"), "λ": ("l", "l"), "μ": ("m", "m"), "ν": ("n", "n"), "ξ": ("x", "ks"),
    "ο": ("o", "o"), "ό": ("o", "o"), "π": ("p", "p"), "ρ": ("r", "r"), "σ": ("s", "s"),
    "ς": ("s", "s"), "τ": ("t", "t"), "υ": ("y", "i"), "ύ": ("y", "i"), "ϋ": ("y", "i"),
    "φ": ("f", "ph"), "χ": ("ch", "kh"), "ψ": ("ps", "ps"), "ω": ("o", "o"), "ώ": ("o", "o"),
}  # fmt: skip


def transliterate(text: str, script: str, scheme: int = 0) -> str:
    """Romanise Cyrillic or Greek text with one of two common schemes (0 or 1).

    >>> transliterate("Всеволод Сорокин", "cyrillic")
    'Vsevolod Sorokin'
    >>> transliterate("Βαλάντης", "greek")
    'Valantis'
    """
    table = _CYRILLIC if script == "cyrillic" else _GREEK if script == "greek" else {}
    out: list[str] = []
    for char in text:
        lower = char.lower()
        if lower in table:
            latin = table[lower][scheme]
            out.append(latin[:1].upper() + latin[1:] if char != lower else latin)
        else:
            out.append(char)
    return "".join(out)
