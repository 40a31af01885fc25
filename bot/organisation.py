"""The organisation profile: names, numbers and places that differ between deployments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml


class ProfileError(ValueError):
    """The organisation profile is missing a field or has one of the wrong kind."""


@dataclass(frozen=True)
class Organisation:
    """What the assistant says about who runs it and how to reach help."""

    names: Mapping[str, str]
    emergency_number: str
    helpline: str
    website: str
    offices: str
    office_open: str
    office_close: str
    default_language: str
    detect_languages: tuple[str, ...]

    def name(self, language: str) -> str:
        """The organisation's name in ``language``, or in the default language."""
        return self.names.get(language) or self.names[self.default_language]

    def placeholders(self, language: str) -> dict[str, str]:
        """Values for the ``{placeholders}`` that catalog texts may use."""
        return {
            "organisation": self.name(language),
            "emergency_number": self.emergency_number,
            "helpline": self.helpline,
            "website": self.website,
            "offices": self.offices,
            "office_open": self.office_open,
            "office_close": self.office_close,
        }


def load_organisation(path: Path) -> Organisation:
    """Read and check the profile at ``path``."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or {}
    try:
        names = raw["name"]
        default_language = str(raw["default_language"])
        organisation = Organisation(
            names={str(code): str(text) for code, text in names.items()},
            emergency_number=str(raw["emergency_number"]),
            helpline=str(raw["helpline"]),
            website=str(raw["website"]),
            offices=str(raw["offices"]),
            office_open=str(raw["office_open"]),
            office_close=str(raw["office_close"]),
            default_language=default_language,
            detect_languages=tuple(str(code) for code in raw["detect_languages"]),
        )
    except (KeyError, AttributeError, TypeError) as error:
        raise ProfileError(f"{path}: missing or malformed field {error}") from error
    if default_language not in organisation.names:
        raise ProfileError(f"{path}: no name in the default language {default_language!r}")
    return organisation
