"""Language identification restricted to the languages the assistant speaks.

Three sources: the script, which settles a language that is the only one written in it (Thai,
Chinese) and narrows the rest (Cyrillic, Arabic, Latin); phrases people actually type (the NLU
training examples, so "hello" or "hei" are known for certain, and a phrase of several languages
narrows to those); and lingua's statistical models, corrected by the letters each language's
alphabet has or lacks.
See docs/language-detection.md for the measurements behind each step.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.language import orthography
from bot.settings import PROJECT_ROOT

NLU_DIR = PROJECT_ROOT / "data" / "nlu"
_EXAMPLE_LINE = re.compile(r"^\s*-\s+(.*)$")
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}")
# What a telling letter a language does not write leaves of that language's confidence (chosen
# on the even lines of the langid test data; see docs/language-detection.md).
LETTER_PENALTY = 0.2


@dataclass(frozen=True)
class Guess:
    """A candidate language with a confidence between 0 and 1."""

    language: str
    confidence: float


def normalise(text: str) -> str:
    """Lower case, no punctuation or symbols, single spaces: the form phrases are compared in."""
    kept = [
        char if unicodedata.category(char)[0] in "LMN" else " "
        for char in unicodedata.normalize("NFC", text.casefold())
    ]
    return " ".join("".join(kept).split())


def letter_count(text: str) -> int:
    """How many letters (of any script) ``text`` holds."""
    return sum(1 for char in text if unicodedata.category(char).startswith("L"))


LANGUAGE_REQUEST_INTENT = "choose_language"


def _examples(directory: Path) -> Iterator[tuple[str, str, str, dict]]:
    """(file language, intent, plain text, example metadata) for every NLU example."""
    for path in sorted(directory.glob("*.yml")):
        with open(path, encoding="utf-8") as handle:
            document = yaml.safe_load(handle) or {}
        for block in document.get("nlu", []):
            examples = block.get("examples", "")
            if isinstance(examples, str):
                items = [
                    {"text": m.group(1)}
                    for m in map(_EXAMPLE_LINE.match, examples.splitlines())
                    if m
                ]
            else:
                items = examples
            for item in items:
                plain = _ANNOTATION.sub(lambda m: m.group(1) or m.group(2), str(item["text"]))
                yield path.stem, str(block.get("intent")), plain, item.get("metadata") or {}


def phrases_from_nlu(directory: Path = NLU_DIR) -> dict[str, set[str]]:
    """Map each normalised training example to the languages whose file holds it."""
    phrases: dict[str, set[str]] = {}
    for language, intent, text, _ in _examples(directory):
        key = normalise(text)
        if key and intent != LANGUAGE_REQUEST_INTENT:
            phrases.setdefault(key, set()).add(language)
    return phrases


def language_requests_from_nlu(directory: Path = NLU_DIR) -> dict[str, str]:
    """Map each normalised way of asking for a language ("suomeksi") to that language."""
    return {
        normalise(text): str(metadata["language"])
        for _, intent, text, metadata in _examples(directory)
        if intent == LANGUAGE_REQUEST_INTENT and "language" in metadata
    }


class LanguageDetector:
    """Rank the supported languages for a text."""

    def __init__(self, languages: Iterable[str], phrases: Mapping[str, set[str]]) -> None:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        self.languages = sorted(languages)
        self._phrases = {key: langs & set(self.languages) for key, langs in phrases.items()}
        lingua_languages = [
            Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
            for code in self.languages
        ]
        self._lingua = (
            LanguageDetectorBuilder.from_languages(*lingua_languages)
            .with_preloaded_language_models()
            .build()
        )

    def rank(self, text: str) -> list[Guess]:
        """Candidates, most likely first; empty when the text carries no language."""
        key = normalise(text)
        if not key or letter_count(key) == 0:
            return []
        candidates, focus = orthography.written_in(text, self.languages)
        # A phrase is evidence for the languages written in its script ("hello" in the Chinese
        # examples says nothing about Chinese). A phrase only other scripts' languages have is
        # their romanised form ("salam", "3andi", "spasibo"): evidence for those.
        phrase_of = self._phrases.get(key, set())
        known = (phrase_of & candidates) or phrase_of
        if known:
            candidates = known
        if len(candidates) == 1:
            return [Guess(next(iter(candidates)), 1.0)]
        guesses = self._statistics(focus, candidates)
        if known:
            # A phrase of several languages ("no", "да") is as likely in each (so the first
            # message stays uncertain); the models only put the likeliest first.
            order = [g.language for g in guesses] + sorted(known - {g.language for g in guesses})
            return [Guess(code, 1.0 / len(known)) for code in order]
        return guesses

    def _statistics(self, text: str, candidates: set[str]) -> list[Guess]:
        """lingua's confidences among ``candidates``, weighed by the letters of ``text``."""
        values = self._lingua.compute_language_confidence_values(orthography.for_models(text))
        kept = {
            code: float(value.value)
            for value in values
            if (code := value.language.iso_code_639_1.name.lower()) in candidates
            and value.value > 0
        }
        total = sum(kept.values())
        if not total:
            return []
        weighed = orthography.weigh(
            {code: value / total for code, value in kept.items()}, text, LETTER_PENALTY
        )
        guesses = [Guess(code, value) for code, value in weighed.items() if value > 0]
        return sorted(guesses, key=lambda guess: (-guess.confidence, guess.language))
