"""Script and alphabet evidence, written from the languages' orthographies."""

import unicodedata

import pytest

from bot.language.orthography import (
    KNOWN,
    evidence,
    for_models,
    main_script,
    script_of,
    weigh,
    written_in,
)

LANGUAGES = sorted(KNOWN)  # the 20 languages of the organisation profile
CYRILLIC = {"ru", "uk", "bg"}
LATIN = set(LANGUAGES) - CYRILLIC - {"ar", "fa", "th", "zh"}


def pointed_to(text):
    """The languages every telling letter of ``text`` allows (None when nothing is telling)."""
    found = list(evidence(text))
    return set.intersection(*map(set, found)) if found else None


def test_script_of_letters_only():
    assert script_of("a") == "LATIN"
    assert script_of("ж") == "CYRILLIC"
    assert script_of("ب") == "ARABIC"
    assert script_of("ก") == "THAI"
    assert script_of("帮") == "CJK"
    assert script_of("1") is None
    assert script_of("!") is None


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("ขอความช่วยเหลือ", {"th"}),
        ("请帮帮我", {"zh"}),
        ("где я", CYRILLIC),
        ("أين أنا", {"ar", "fa"}),
        ("where am I", LATIN),
    ],
)
def test_one_script_narrows_to_its_languages(text, languages):
    assert written_in(text, LANGUAGES) == (languages, text)


def test_non_latin_script_wins_a_mixed_text_and_only_its_words_are_scored():
    assert written_in("hello ขอความช่วยเหลือ ok", LANGUAGES) == ({"th"}, "ขอความช่วยเหลือ")
    assert written_in("Работаю на Hesburger", LANGUAGES) == (CYRILLIC, "Работаю на")


def test_a_few_non_latin_letters_in_a_latin_text_do_not_decide():
    candidates, focus = written_in("my boss Дмитрий took my passport and my phone", LANGUAGES)
    assert candidates == LATIN
    assert "Дмитрий" not in focus


def test_main_script():
    assert main_script("hello ขอบคุณ") == "THAI"
    assert main_script("my boss Дмитрий took my passport and my phone") == "LATIN"
    assert main_script("Привет, my name is John") == "CYRILLIC"
    assert main_script("123 👍") is None


def test_script_no_configured_language_writes_leaves_all_possible():
    assert written_in("도와주세요", LANGUAGES) == (set(LANGUAGES), "도와주세요")


def test_language_of_unknown_script_stays_possible():
    candidates, _ = written_in("ขอความช่วยเหลือ", ["th", "xx"])
    assert candidates == {"th", "xx"}


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("người", {"vi"}),
        ("đi", {"vi"}),
        ("mulțumesc", {"ro"}),
        ("kapı", {"tr"}),
        ("İzmir", {"tr"}),
        ("proszę", {"pl"}),
        ("¿qué?", {"es"}),
        ("pão", {"pt", "vi"}),
        ("мы", {"ru"}),
        ("це", None),
        ("її", {"uk"}),
        ("пʼять", {"uk"}),
        ("съм", {"bg"}),
        ("объявление", None),
        ("день", {"ru", "uk"}),
        ("шофьор", None),
        ("گرسنه", {"fa"}),
        ("می\u200cخواهم", {"fa"}),
        ("كتاب", None),
    ],
)
def test_telling_letters_and_spellings(text, languages):
    assert pointed_to(text) == languages


def test_evidence_reads_decomposed_and_upper_case_text():
    assert pointed_to(unicodedata.normalize("NFD", "NGƯỜI")) == {"vi"}


def test_weigh_lowers_languages_that_do_not_write_the_letters():
    weighed = weigh({"tl": 0.5, "vi": 0.4, "en": 0.1}, "email người", penalty=0.2)
    assert max(weighed, key=weighed.get) == "vi"
    assert sum(weighed.values()) == pytest.approx(1.0)


def test_weigh_leaves_text_without_telling_letters_and_unknown_languages_alone():
    assert weigh({"en": 0.6, "fi": 0.4}, "hello", penalty=0.2) == {"en": 0.6, "fi": 0.4}
    weighed = weigh({"de": 0.5, "fi": 0.5}, "straße päivä", penalty=0.2)
    assert weighed["de"] == pytest.approx(weighed["fi"])


def test_for_models_composes_and_uses_romanian_cedillas():
    assert for_models(unicodedata.normalize("NFD", "päivää")) == "päivää"
    assert for_models("mulțumesc, Ștefan") == "mulţumesc, Ştefan"
