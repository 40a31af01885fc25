"""Sticky language choice for a conversation.

A conversation keeps its language unless a message clearly says otherwise. Short replies
("ok", "1", "yes", an emoji) never switch; a short message switches only when it is in a non-Latin
script the conversation's language is not written in (a first "hello", then "我需要帮助"); an
explicit choice by the person always wins;
a channel's hint (browser or app locale) only breaks a near tie on the first message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.language import orthography
from bot.language.detector import Guess, letter_count

# Below this many letters a message is too short to switch an established language.
MIN_LETTERS_TO_SWITCH = 12
# Confidence the top guess needs to switch an established language.
SWITCH_CONFIDENCE = 0.75
# A first message whose top guess is below this, or this close to the second, is uncertain.
CERTAIN_CONFIDENCE = 0.5
CLOSE_MARGIN = 0.2


@dataclass(frozen=True)
class Decision:
    """The language to answer in, and whether the person should be asked to confirm it."""

    language: str
    certain: bool
    alternatives: Sequence[str] = field(default_factory=tuple)


def _switches(text: str, top: Guess, current: str) -> bool:
    """Whether a message in a conversation with a language is clearly in another one."""
    if top.language == current or top.confidence < SWITCH_CONFIDENCE:
        return False
    if letter_count(text) >= MIN_LETTERS_TO_SWITCH:
        return True
    # A short message in a non-Latin script the current language is not written in ("我需要帮助"
    # after "hello") is clear too; Latin words ("ok", "hello") turn up in every language.
    script = orthography.main_script(text)
    return script not in (None, orthography.LATIN) and script != orthography.SCRIPT.get(current)


def _prefer_on_ties(ranked: Sequence[Guess], preferred: Sequence[str | None]) -> list[Guess]:
    """Among guesses as likely as the top one ("ok", "no" in many languages), the channel's
    hint and then the default language come first."""
    tied = [guess for guess in ranked if ranked[0].confidence - guess.confidence < 1e-9]
    for language in preferred:
        chosen = next((guess for guess in tied if guess.language == language), None)
        if chosen:
            return [chosen, *[guess for guess in ranked if guess is not chosen]]
    return list(ranked)


def choose(
    text: str,
    ranked: Sequence[Guess],
    current: str | None,
    default: str,
    hint: str | None = None,
) -> Decision:
    """Decide the language for the reply to ``text`` given the ranked guesses for it."""
    if current:
        if ranked and _switches(text, ranked[0], current):
            return Decision(ranked[0].language, certain=True)
        return Decision(current, certain=True)
    if not ranked:
        return Decision(hint or default, certain=False)
    ranked = _prefer_on_ties(ranked, [hint, default])
    top = ranked[0]
    close = [g.language for g in ranked[1:4] if top.confidence - g.confidence < CLOSE_MARGIN]
    if hint and hint in close:
        return Decision(
            hint, certain=False, alternatives=(top.language, *[c for c in close if c != hint])
        )
    certain = top.confidence >= CERTAIN_CONFIDENCE and not close
    return Decision(top.language, certain=certain, alternatives=tuple(close))
