"""Turn a channel's locale (an Accept-Language header, an app's language code) into a hint."""

from __future__ import annotations

from collections.abc import Iterable


def hint_from_accept_language(header: str | None, supported: Iterable[str]) -> str | None:
    """The first supported language in an Accept-Language header, by its quality order."""
    if not header:
        return None
    choices = set(supported)
    weighted = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        code = tag.split("-")[0].strip().lower()
        if code in choices and quality > 0:
            weighted.append((-quality, position, code))
    return min(weighted)[2] if weighted else None
