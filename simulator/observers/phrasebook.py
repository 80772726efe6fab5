"""Readable chat text for seized phones: the world's message summaries in the writers' language.

The world records what each message says as a short English summary (``detail.summary``) plus
structured fields (a code word, a price, a wallet, a shared number). A seized phone shows the real
text, written in the language the two people share. This module turns a summary into that text:
known phrasings are translated into French or Arabic (as Tunisian and West African users would
type them, loosely), structured fields are appended the way people paste them, and anything
unknown stays in English.

Example
-------
>>> render("arrived OK", "fr", {"code_word": "falcon-33"})
'bien arrivé, OK falcon-33'
>>> render("9 people tonight from Sfax", "ar", {})
'9 أشخاص الليلة من Sfax'
>>> render("something new", "fr", {})
'something new'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

__all__ = ["LANGUAGES", "PHRASES", "chat_language", "render"]

#: (English pattern, {language: template}); templates use the pattern's named groups.
PHRASES: tuple[tuple[str, dict[str, str]], ...] = (
    (r"how much for (?P<a>.+) to (?P<b>.+)\?", {
        "fr": "salut, c'est combien pour {a} - {b} ?", "ar": "السلام، بقداش من {a} ل {b}؟"}),
    (r"(?P<n>\d+) (?P<cur>[A-Z]{3}), safe", {
        "fr": "{n} {cur}, c'est sûr 100%", "ar": "{n} {cur}، مضمونة 100%"}),
    (r"ok for (?P<n>\d+), we pay by (?P<how>\w+)", {
        "fr": "ok pour {n}, on paie par {how}", "ar": "باهي {n}، نخلصو ب{how}"}),
    (r"agreed, I send you the details", {
        "fr": "d'accord, je t'envoie les détails", "ar": "متفقين، نبعثلك التفاصيل"}),
    (r"too expensive for us", {"fr": "c'est trop cher pour nous", "ar": "غالية برشا علينا"}),
    (r"we try again", {"fr": "on va réessayer", "ar": "باش نعاودو"}),
    (r"(?P<n>\d+) people tonight from (?P<place>.+)", {
        "fr": "{n} personnes ce soir depuis {place}", "ar": "{n} أشخاص الليلة من {place}"}),
    (r"be ready, the car comes for you", {
        "fr": "soyez prêts, la voiture vient vous chercher", "ar": "كونو حاضرين، الكرهبة جاية"}),
    (r"money for (?P<name>.+) is here", {
        "fr": "l'argent pour {name} est arrivé", "ar": "فلوس {name} وصلت"}),
    (r"pay out", {"fr": "tu peux payer", "ar": "خلّص"}),
    (r"release the money", {"fr": "libère l'argent", "ar": "سيّب الفلوس"}),
    (r"the money is with the broker", {
        "fr": "l'argent est chez le hawaladar", "ar": "الفلوس عند الصراف"}),
    (r"sent, here is the transaction", {
        "fr": "envoyé, voici la transaction", "ar": "بعثت، هاذي المعاملة"}),
    (r"arrived OK", {"fr": "bien arrivé, OK", "ar": "وصلت OK الحمد لله"}),
    (r"we are in the house, waiting", {
        "fr": "on est dans la maison, on attend", "ar": "احنا في الدار، نستناو"}),
    (r"call this man, he is serious", {
        "fr": "appelle ce monsieur, il est sérieux", "ar": "كلم هالراجل، راهو جدي"}),
    (r"your document", {"fr": "ton document", "ar": "الوثيقة متاعك"}),
    (r"where are you", {"fr": "t'es où ?", "ar": "وينك؟"}),
    (r"call me", {"fr": "appelle-moi", "ar": "كلمني"}),
    (r"tomorrow", {"fr": "demain", "ar": "غدوة"}),
    (r"ok", {"fr": "ok", "ar": "باهي"}),
    (r"the group is ready", {"fr": "le groupe est prêt", "ar": "المجموعة واجدة"}),
    (r"send the list", {"fr": "envoie la liste", "ar": "ابعث الليستة"}),
    (r"money received", {"fr": "argent reçu", "ar": "الفلوس وصلت"}),
    (r"police at the port", {"fr": "police au port", "ar": "البوليس في المرسى"}),
    (r"change of plan", {"fr": "changement de plan", "ar": "تبدل البرنامج"}),
    (r"need a new number", {"fr": "il faut un nouveau numéro", "ar": "لازمني نومرو جديد"}),
)  # fmt: skip

_COMPILED = tuple((re.compile(rf"^{pattern}$"), templates) for pattern, templates in PHRASES)

#: Languages with translations; any other language falls back to the English summary.
LANGUAGES = ("en", "fr", "ar")

# How structured fields are pasted after the text.
_SUFFIXES = (("code_word", " {}"), ("code_name", " ({})"), ("shared_contact", " {}"))
_NEWLINE_SUFFIXES = ("wallet", "document")


def chat_language(sender: Sequence[str], receiver: Sequence[str]) -> str:
    """The language two people write in: the sender's first language the receiver shares.

    Falls back to English, then to the sender's first language, when they share none.

    >>> chat_language(["ar", "fr"], ["fr"]), chat_language(["ps"], ["ar"]), chat_language([], [])
    ('fr', 'ps', 'en')
    """
    for language in sender:
        if language in receiver:
            return language
    if "en" in sender and "en" in receiver:
        return "en"
    return sender[0] if sender else "en"


def render(summary: str, language: str, detail: dict[str, Any]) -> str:
    """The text as it appears on the phone for a message ``summary`` in ``language``."""
    text = summary
    if language != "en":
        for pattern, templates in _COMPILED:
            match = pattern.match(summary)
            if match and language in templates:
                text = templates[language].format(**match.groupdict())
                break
    for key, form in _SUFFIXES:
        if detail.get(key):
            text += form.format(detail[key])
    for key in _NEWLINE_SUFFIXES:
        if detail.get(key):
            text += f"\n{detail[key]}"
    return text
