"""What a text's script and letters alone say about its language.

lingua scores the n-grams each language's model knows and skips the ones it does not, so a
letter a language never writes (Vietnamese ư, Romanian ș, Turkish ı) costs that language
nothing: "backdrop người" comes out Tagalog. These tables add that evidence from each
language's standard alphabet. They are written from the orthographies, not learnt from data, and
describe only the languages in ``KNOWN``; any other configured language is left alone by them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator, Mapping
from functools import lru_cache

LATIN = "LATIN"
# The script each language is ordinarily written in (the first word of its letters' Unicode
# names; CJK for Chinese characters, HIRAGANA for Japanese kana).
_WRITERS = {
    LATIN: "af az bs ca cs cy da de en eo es et eu fi fr ga gl hr hu id is it la lt lv mi ms nb "
    "nl nn no pl pt ro sk sl so sq sv sw tl tr vi yo zu",
    "ARABIC": "ar fa ur ps",
    "CYRILLIC": "ru uk bg be sr mk kk mn",
    "THAI": "th",
    "CJK": "zh",
    "HIRAGANA": "ja",
    "HANGUL": "ko",
    "GREEK": "el",
    "HEBREW": "he",
    "DEVANAGARI": "hi mr ne",
    "BENGALI": "bn",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "ETHIOPIC": "am ti",
    "TAMIL": "ta",
    "KHMER": "km",
    "LAO": "lo",
    "MYANMAR": "my",
}
SCRIPT = {code: script for script, codes in _WRITERS.items() for code in codes.split()}
# Latin words (names, brands, English terms, links) turn up in messages in every language; a
# non-Latin script decides the language once it holds this share of the letters.
NON_LATIN_SHARE = 0.25

# Languages whose alphabets the tables below describe completely.
KNOWN = frozenset(
    {"fi", "sv", "en", "et", "ro", "pl", "tl", "so", "es", "fr"}
    | {"pt", "tr", "vi", "ru", "uk", "bg", "ar", "fa", "th", "zh"}
)


def _users(table: Mapping[str, str]) -> dict[str, frozenset[str]]:
    return {
        letter: frozenset(languages.split())
        for letters, languages in table.items()
        for letter in letters
    }


# Letter (lower case, or as typed) -> the languages of KNOWN whose standard spelling uses it.
LETTERS = _users(
    {
        "ä": "fi sv et",
        "ö": "fi sv et tr",
        "å": "sv fi",
        "ü": "et tr es pt fr",
        "õ": "et pt vi",
        "šž": "et fi",
        "ã": "pt vi",
        "ç": "fr pt tr",
        "ñ": "es tl",
        "ığ": "tr",
        "ş": "tr ro",
        "șțţ": "ro",
        "ă": "ro vi",
        "â": "ro fr pt vi tr tl",
        "î": "ro fr tr tl",
        "û": "fr tr tl",
        "ąćęłńśźż": "pl",
        "ó": "pl es pt vi tl",
        "áíú": "es pt vi tl",
        "é": "fr es pt vi tl sv",
        "àô": "fr pt vi tl",
        "ê": "fr pt vi tl",
        "èù": "fr vi tl",
        "ìò": "vi tl",
        "ëïÿœæ": "fr",
        "ýđơư": "vi",
        "ыэё": "ru",
        "іїєґ": "uk",
        "ѝ": "bg",
        # Persian letters and letter forms; Persian text often has Arabic ي ك too (Arabic
        # keyboards), so those two say nothing.
        "پچژگیکۀ": "fa",
        "\u200c": "fa",  # zero-width non-joiner, part of Persian spelling (می‌شود)
        "۰۱۲۳۴۵۶۷۸۹": "fa",  # Persian digits (Arabic uses ٠١٢٣...)
        "¿¡": "es",
        "İ": "tr",
    }
)
# Marks that in KNOWN only Vietnamese puts on a Latin letter: hook above, dot below, horn.
_VIETNAMESE_MARKS = frozenset("\u0309\u0323\u031b")
_VIETNAMESE = frozenset({"vi"})

_CYRILLIC_CONSONANT = "бвгджзйклмнпрстфхцчшщ"
# Spellings (on lower-case text) that point to some languages of KNOWN only.
PATTERNS = [
    # Russian writes ъ only before е ё ю я; Bulgarian writes it as a vowel anywhere.
    (re.compile(r"ъ(?![еёюя])"), frozenset({"bg"})),
    # Bulgarian writes ь only before о; Russian and Ukrainian end words and syllables with it.
    (re.compile(r"ь(?!о)"), frozenset({"ru", "uk"})),
    # Ukrainian separates a consonant from я ю є ї with an apostrophe where Russian writes ъ/ь.
    (re.compile(rf"[{_CYRILLIC_CONSONANT}]['’ʼ][яюєї]"), frozenset({"uk"})),
]


# lingua's Romanian model was learnt mostly from text that writes ş ţ with a cedilla (the
# pre-Unicode-5 habit), so the comma-below letters today's keyboards type are n-grams it has barely
# seen: "pașaport" comes out Tagalog, "paşaport" Romanian.
_FOR_MODELS = str.maketrans({"ș": "ş", "ț": "ţ", "Ș": "Ş", "Ț": "Ţ"})


def for_models(text: str) -> str:
    """``text`` in the form lingua's models know: composed letters, Romanian cedillas.

    Decomposed input (a letter followed by combining accents, as some phone keyboards send)
    otherwise loses its accented n-grams: NFD "tôi cần giúp đỡ" comes out Portuguese.
    """
    return unicodedata.normalize("NFC", text).translate(_FOR_MODELS)


@lru_cache(maxsize=8192)
def script_of(char: str) -> str | None:
    """The Unicode script of a letter (``LATIN``, ``CYRILLIC``, ...), None for a non-letter."""
    if not unicodedata.category(char).startswith("L"):
        return None
    name = unicodedata.name(char, "")
    if name.startswith(("CJK", "IDEOGRAPHIC")):
        return "CJK"
    if name.startswith("KATAKANA"):
        return "HIRAGANA"
    return name.split(" ", 1)[0] or None


def _letters_per_script(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for char in text:
        script = script_of(char)
        if script:
            counts[script] = counts.get(script, 0) + 1
    return counts


def _main_script(counts: Mapping[str, int]) -> str | None:
    non_latin = {script: n for script, n in counts.items() if script != LATIN}
    if not non_latin:
        return LATIN if counts else None
    chosen = max(non_latin, key=non_latin.__getitem__)
    if LATIN in counts and non_latin[chosen] < NON_LATIN_SHARE * sum(counts.values()):
        return LATIN
    return chosen


def main_script(text: str) -> str | None:
    """The script a text is written in: a non-Latin one that holds ``NON_LATIN_SHARE`` of the
    letters, else Latin; None without letters."""
    return _main_script(_letters_per_script(text))


def written_in(text: str, languages: Collection[str]) -> tuple[set[str], str]:
    """The languages whose script the text is written in, and the words in that script.

    In a text that mixes scripts only the words of its main script are worth scoring. A script
    no language in ``languages`` writes leaves every language possible; a language of unknown
    script is possible whatever the script.
    """
    counts = _letters_per_script(text)
    chosen = _main_script(counts)
    if chosen is None:
        return set(languages), text
    candidates = {code for code in languages if SCRIPT.get(code, chosen) == chosen}
    if not candidates:
        return set(languages), text
    if len(counts) == 1:
        return candidates, text
    words = [word for word in text.split() if any(script_of(c) == chosen for c in word)]
    return candidates, " ".join(words)


def evidence(text: str) -> Iterator[frozenset[str]]:
    """For each telling letter or spelling in ``text``, the languages of KNOWN that write it."""
    composed = unicodedata.normalize("NFC", text)
    for char in composed:
        users = LETTERS.get(char) or LETTERS.get(char.lower())
        if users is None and script_of(char) == LATIN:
            marks = unicodedata.normalize("NFD", char)[1:]
            if _VIETNAMESE_MARKS.intersection(marks) or len(marks) >= 2:
                users = _VIETNAMESE
        if users is not None:
            yield users
    lowered = composed.lower()
    for pattern, users in PATTERNS:
        for _ in pattern.finditer(lowered):
            yield users


def weigh(confidences: Mapping[str, float], text: str, penalty: float) -> dict[str, float]:
    """Confidences scaled by ``penalty`` for each kind of telling letter a language lacks.

    Kinds, not occurrences: a letter that recurs is one keyboard habit or one loanword, not new
    evidence (Arabic typed on a Persian keyboard has many ی). The result sums to 1.
    """
    observed = set(evidence(text))
    if not observed:
        return dict(confidences)
    weighed = {}
    for code, value in confidences.items():
        misses = sum(1 for users in observed if code in KNOWN and code not in users)
        weighed[code] = value * penalty**misses
    total = sum(weighed.values())
    return {code: value / total for code, value in weighed.items()} if total else dict(confidences)
