"""Reference codes: what a person writes down to come back to their referral anonymously.

Ten characters from an alphabet without look-alikes, shown as ``XXXXX-XXXXX``: easy to read
aloud and to type on a phone, and 46 bits of entropy. The database keeps only an HMAC of a code,
keyed by a secret derived from the data key, so the database alone cannot give a code back.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import unicodedata

# No 0/O/Q, 1/I/L, B, G, S, V, Z: each is mistaken for a character that stays.
ALPHABET = "23456789ACDEFHJKMNPRTUWXY"
LENGTH = 10
GROUP = 5
ENTROPY_BITS = LENGTH * math.log2(len(ALPHABET))

# What a person may type instead of a character of the alphabet.
LOOKALIKES = {"0": "D", "O": "D", "Q": "D", "B": "8", "G": "6", "S": "5", "V": "U", "Z": "2"}
_SEPARATORS = frozenset("-_.")  # and any white space

HASH_PURPOSE = "turva reference code hash v1"
DERIVE_PURPOSE = "turva reference code derivation v1"


class InvalidCodeError(ValueError):
    """Text that cannot be a reference code."""


def generate() -> str:
    """A new random code, formatted."""
    return display("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def derive(secret: bytes, material: str) -> str:
    """The code that ``material`` gives under ``secret``: a retried submission gets its code back.

    Unguessable without ``secret``; uniform over the alphabet up to a bias below 2**-200.
    """
    number = int.from_bytes(hmac.new(secret, material.encode("utf-8"), "sha256").digest(), "big")
    characters = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        characters.append(ALPHABET[index])
    return display("".join(characters))


def normalise(text: str) -> str:
    """The ten canonical characters of what a person typed; raises ``InvalidCodeError``."""
    folded = unicodedata.normalize("NFKC", text).upper()
    characters = [LOOKALIKES.get(c, c) for c in folded if c not in _SEPARATORS and not c.isspace()]
    if len(characters) != LENGTH or any(c not in ALPHABET for c in characters):
        raise InvalidCodeError("not a reference code")
    return "".join(characters)


def display(code: str) -> str:
    """A code as it is shown: ``XXXXX-XXXXX``."""
    canonical = normalise(code)
    return f"{canonical[:GROUP]}-{canonical[GROUP:]}"


def digest(secret: bytes, code: str) -> str:
    """What the database keeps of a code: its HMAC-SHA256 under ``secret``, in hex."""
    return hmac.new(secret, normalise(code).encode("ascii"), hashlib.sha256).hexdigest()
