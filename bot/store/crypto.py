"""Encryption at rest: the data key ring, and a column type that never stores clear text.

``TURVA_DATA_KEY`` holds one or more Fernet keys separated by commas. The first key encrypts,
every key decrypts: to rotate, put a new key first, run ``python -m bot rotate-key``, then drop
the old key. Without the variable, a key is created once in ``var/data.key`` (mode 0600).
"""

from __future__ import annotations

import base64
import logging
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Text
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.types import TypeDecorator

logger = logging.getLogger(__name__)

KEY_FILE_NAME = "data.key"
_DIALECT_ATTRIBUTE = "_turva_data_keys"


class DataKeyError(ValueError):
    """The data key is missing, malformed, or does not open what it was given."""


class DataKeys:
    """The key ring: the first key encrypts, every key decrypts."""

    def __init__(self, keys: Sequence[bytes | str]) -> None:
        raw = tuple(k.encode("ascii") if isinstance(k, str) else k for k in keys)
        if not raw:
            raise DataKeyError("no data key given")
        try:
            self._fernets = [Fernet(key) for key in raw]
        except (ValueError, TypeError) as error:
            raise DataKeyError("a data key is not a valid Fernet key") from error
        self._raw = raw
        self._ring = MultiFernet(self._fernets)

    @classmethod
    def parse(cls, text: str) -> DataKeys:
        """Keys separated by commas or lines; blank lines and ``#`` comments are skipped."""
        keys = [
            part.strip()
            for line in text.splitlines()
            if not line.strip().startswith("#")
            for part in line.split(",")
            if part.strip()
        ]
        return cls(keys)

    @classmethod
    def generate(cls) -> DataKeys:
        """A ring of one new random key."""
        return cls([Fernet.generate_key()])

    def __len__(self) -> int:
        return len(self._raw)

    def encrypt(self, text: str) -> str:
        """``text`` encrypted with the first key, as URL-safe ASCII."""
        return self._ring.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        """The clear text of a token made by any key of the ring."""
        return self.decrypt_bytes(token.encode("ascii")).decode("utf-8")

    def encrypt_bytes(self, data: bytes) -> bytes:
        return self._ring.encrypt(data)

    def decrypt_bytes(self, token: bytes) -> bytes:
        try:
            return self._ring.decrypt(token)
        except InvalidToken as error:
            raise DataKeyError("no data key opens this value") from error

    def rotate(self, token: str) -> str:
        """The same value encrypted again with the first key."""
        try:
            return self._ring.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken as error:
            raise DataKeyError("no data key opens this value") from error

    def encrypted_with_primary(self, token: str) -> bool:
        """Whether the first key already opens ``token``."""
        try:
            self._fernets[0].decrypt(token.encode("ascii"))
        except InvalidToken:
            return False
        return True

    def derive(self, purpose: str) -> tuple[bytes, ...]:
        """A 32-byte secret for ``purpose`` from every key, the first key's first."""
        return tuple(_hkdf(base64.urlsafe_b64decode(key), purpose) for key in self._raw)


def _hkdf(material: bytes, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode("utf-8")
    ).derive(material)


def load_keys(data_key: str, var_dir: Path) -> DataKeys:
    """The ring from ``TURVA_DATA_KEY``, or from ``var_dir/data.key``, created if missing."""
    if data_key.strip():
        return DataKeys.parse(data_key)
    path = var_dir / KEY_FILE_NAME
    if not path.exists():
        _create_key_file(path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        logger.warning("%s can be read by others (mode %o); it should be 0600", path, mode)
    return DataKeys.parse(path.read_text(encoding="ascii"))


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process made it first
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(Fernet.generate_key() + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    logger.info("created a new data key in %s", path)


def bind_keys(engine: Engine, keys: DataKeys) -> None:
    """Let ``EncryptedText`` columns of ``engine`` use ``keys``."""
    setattr(engine.dialect, _DIALECT_ATTRIBUTE, keys)


def keys_of(dialect: Dialect) -> DataKeys:
    """The ring bound to an engine's dialect; refuses to go on without one."""
    keys = getattr(dialect, _DIALECT_ATTRIBUTE, None)
    if keys is None:
        raise DataKeyError("this engine has no data key: create it with bot.store.open_store")
    return keys


class EncryptedText(TypeDecorator):
    """Text that is encrypted before it reaches the database and decrypted on the way back."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return keys_of(dialect).encrypt(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return keys_of(dialect).decrypt(value)
