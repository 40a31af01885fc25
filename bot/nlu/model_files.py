"""Fitted scikit-learn objects in Rasa's model storage, written and read with skops.

skops refuses to load types it does not trust, so a tampered model file cannot run code; each
component names the few types beyond skops' defaults that its fitted object holds.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import skops.io
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

logger = logging.getLogger(__name__)


def save(fitted: Any, model_storage: ModelStorage, resource: Resource, filename: str) -> None:
    """Write ``fitted`` into the component's resource."""
    with model_storage.write_to(resource) as directory:
        skops.io.dump(fitted, directory / filename)


def load(
    model_storage: ModelStorage, resource: Resource, filename: str, trusted: Sequence[str]
) -> Any | None:
    """The fitted object, or None when nothing was trained into this resource."""
    try:
        with model_storage.read_from(resource) as directory:
            return skops.io.load(directory / filename, trusted=list(trusted))
    except ValueError:
        logger.debug("No trained %s in %s.", filename, resource.name)
        return None
