"""The NLU training data: every intent in every language, no text taught as two intents."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
NLU_DIR = ROOT / "data" / "nlu"
LANGUAGES = sorted(path.stem for path in NLU_DIR.glob("*.yml"))
MINIMUM_EXAMPLES = 60


def domain_intents() -> list[str]:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]


def examples_by_intent(language: str) -> dict[str, list[dict]]:
    document = yaml.safe_load((NLU_DIR / f"{language}.yml").read_text(encoding="utf-8"))
    found: dict[str, list[dict]] = {}
    for block in document["nlu"]:
        raw = block["examples"]
        if isinstance(raw, str):
            raw = [
                {"text": line.strip()[2:]} for line in raw.splitlines() if line.strip()[:2] == "- "
            ]
        found.setdefault(block["intent"], []).extend(raw)
    return found


def normalised(text: str) -> str:
    """Casefolded, without accents or punctuation: the form in which two examples clash."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", letters).strip()


def test_twenty_languages() -> None:
    assert len(LANGUAGES) == 20


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_intent_has_enough_examples(language: str) -> None:
    found = examples_by_intent(language)
    assert sorted(found) == sorted(domain_intents())
    thin = {
        intent: len(examples)
        for intent, examples in found.items()
        if len(examples) < MINIMUM_EXAMPLES
    }
    assert not thin, f"{language}: fewer than {MINIMUM_EXAMPLES} examples: {thin}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_is_taught_as_two_intents(language: str) -> None:
    seen: dict[str, str] = {}
    clashes = []
    for intent, examples in examples_by_intent(language).items():
        for example in examples:
            key = normalised(example["text"])
            if key in seen and seen[key] != intent:
                clashes.append((example["text"], seen[key], intent))
            seen[key] = intent
    assert not clashes, f"{language}: {clashes}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_choices_name_a_supported_language(language: str) -> None:
    for example in examples_by_intent(language)["choose_language"]:
        assert example.get("metadata", {}).get("language") in LANGUAGES, example


def test_no_text_is_taught_as_two_intents_across_languages() -> None:
    """One model serves every language: "no" cannot be deny in one and affirm in another."""
    intents_of: dict[str, set[str]] = {}
    for language in LANGUAGES:
        for intent, examples in examples_by_intent(language).items():
            for example in examples:
                intents_of.setdefault(example["text"].strip(), set()).add(intent)
    clashes = {text: sorted(found) for text, found in intents_of.items() if len(found) > 1}
    assert not clashes
