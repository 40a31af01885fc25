"""The process-wide detector and catalog, built on first use (never at import)."""

from __future__ import annotations

from functools import lru_cache

from bot.catalog import Catalog
from bot.language.detector import LanguageDetector, language_requests_from_nlu, phrases_from_nlu
from bot.organisation import Organisation, load_organisation
from bot.settings import Settings


@lru_cache(maxsize=1)
def organisation() -> Organisation:
    """The organisation profile named by the settings."""
    return load_organisation(Settings.from_env().organisation_file)


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """Every locale, rendered with the organisation profile."""
    return Catalog.load(organisation())


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """The language detector (about 500 MB; loaded once, when first needed)."""
    return LanguageDetector(organisation().detect_languages, phrases_from_nlu())


@lru_cache(maxsize=1)
def language_requests() -> dict[str, str]:
    """Phrases that ask for a language by name, mapped to a language the assistant speaks."""
    spoken = catalog().locales
    return {text: code for text, code in language_requests_from_nlu().items() if code in spoken}
