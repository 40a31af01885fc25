"""Per-language catalogs of everything the assistant says (``bot/locales/<lang>.yml``).

Translators edit one file per language. Texts may use the organisation's placeholders
(``{emergency_number}``, ``{helpline}``, ...); buttons keep the same payloads in every language.
"""

from __future__ import annotations

import logging
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.organisation import Organisation

LOCALES_DIR = Path(__file__).resolve().parent / "locales"

logger = logging.getLogger(__name__)


class CatalogError(ValueError):
    """A catalog file is malformed."""


@dataclass(frozen=True)
class Locale:
    """One language's catalog as written by its translator."""

    code: str
    name: str
    direction: str
    responses: Mapping[str, Mapping[str, Any]]
    ui: Mapping[str, str]


def placeholders_in(text: str) -> set[str]:
    """The ``{names}`` a text refers to."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _read_locale(path: Path) -> Locale:
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or {}
    code = path.stem
    if raw.get("language") != code:
        raise CatalogError(f"{path}: 'language' must be {code!r}")
    responses = raw.get("responses") or {}
    for name, response in responses.items():
        if not isinstance(response, dict) or not isinstance(response.get("text"), str):
            raise CatalogError(f"{path}: response {name!r} needs a text")
    return Locale(
        code=code,
        name=str(raw.get("name", code)),
        direction=str(raw.get("direction", "ltr")),
        responses=responses,
        ui={str(key): str(value) for key, value in (raw.get("ui") or {}).items()},
    )


class Catalog:
    """All locales, rendered with the organisation profile."""

    def __init__(self, locales: Mapping[str, Locale], organisation: Organisation) -> None:
        if organisation.default_language not in locales:
            raise CatalogError(
                f"no catalog for the default language {organisation.default_language!r}"
            )
        self.locales = dict(locales)
        self.organisation = organisation

    @classmethod
    def load(cls, organisation: Organisation, directory: Path = LOCALES_DIR) -> Catalog:
        """Read every ``<lang>.yml`` in ``directory``."""
        locales = {path.stem: _read_locale(path) for path in sorted(directory.glob("*.yml"))}
        return cls(locales, organisation)

    @property
    def languages(self) -> list[str]:
        """Codes of the languages the assistant speaks."""
        return sorted(self.locales)

    def supported(self, language: str | None) -> str:
        """``language`` when the assistant speaks it, else the default language."""
        if language in self.locales:
            return language
        return self.organisation.default_language

    def _format(self, text: str, language: str, values: Mapping[str, Any] | None = None) -> str:
        return text.format_map({**(values or {}), **self.organisation.placeholders(language)})

    def _entry(self, section: str, key: str, language: str) -> tuple[Any, str]:
        language = self.supported(language)
        entries = getattr(self.locales[language], section)
        if key in entries:
            return entries[key], language
        default = self.organisation.default_language
        logger.warning("catalog %s has no %s %r; using %s", language, section, key, default)
        fallback = getattr(self.locales[default], section)
        if key not in fallback:
            raise KeyError(f"no {section} {key!r} in any catalog")
        return fallback[key], default

    def response(self, name: str, language: str, **values: Any) -> dict[str, Any]:
        """The message for response ``name`` in ``language``, in Rasa's NLG format.

        ``values`` fill placeholders beyond the organisation's (a reference code, say).
        """
        entry, used = self._entry("responses", name, language)
        buttons = [
            {"title": self._format(button["title"], used, values), "payload": button["payload"]}
            for button in entry.get("buttons") or []
        ]
        if entry.get("language_buttons"):
            buttons += self.language_buttons()
        return {"text": self._format(entry["text"], used, values), "buttons": buttons}

    def ui(self, key: str, language: str) -> str:
        """A text of the web page or of a gateway message, in ``language``."""
        entry, used = self._entry("ui", key, language)
        return self._format(entry, used)

    def direction(self, language: str) -> str:
        """``rtl`` for right-to-left scripts, else ``ltr``."""
        return self.locales[self.supported(language)].direction

    def language_buttons(self) -> list[dict[str, str]]:
        """One button per language, titled in that language's own name."""
        return [
            {"title": name, "payload": f'/choose_language{{"language": "{code}"}}'}
            for code, name in self.language_names().items()
        ]

    def language_names(self) -> dict[str, str]:
        """Each language's own name for itself, for the language picker."""
        return {code: locale.name for code, locale in sorted(self.locales.items())}
