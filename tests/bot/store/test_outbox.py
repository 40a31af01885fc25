"""The outbox keeps items durably, encrypted, one file each, and forgets them when told."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.store.crypto import DataKeys
from bot.store.outbox import Outbox

NAME_A, NAME_B = "a" * 64, "b" * 64


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox(tmp_path / "outbox", DataKeys.generate())


def test_items_come_back_in_order_and_go_when_removed(outbox: Outbox) -> None:
    outbox.put(NAME_A, {"n": 1})
    outbox.put(NAME_B, {"n": 2})

    assert list(outbox.items()) == [(NAME_A, {"n": 1}), (NAME_B, {"n": 2})]
    assert outbox.get(NAME_A) == {"n": 1}
    outbox.remove(NAME_A)
    assert list(outbox.items()) == [(NAME_B, {"n": 2})]
    assert outbox.get(NAME_A) is None
    outbox.remove(NAME_A)  # removing twice is harmless


def test_the_same_name_is_one_item(outbox: Outbox) -> None:
    outbox.put(NAME_A, {"n": 1})
    outbox.put(NAME_A, {"n": 1})
    assert len(outbox) == 1


def test_files_are_private_and_no_temporary_file_is_left(outbox: Outbox) -> None:
    path = outbox.put(NAME_A, {"text": "clear words"})

    assert [p.name for p in outbox.directory.iterdir()] == [path.name]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(outbox.directory).st_mode) == 0o700
    assert b"clear words" not in path.read_bytes()


def test_an_unreadable_item_is_left_in_place(outbox: Outbox, tmp_path: Path) -> None:
    outbox.put(NAME_A, {"n": 1})
    other = Outbox(outbox.directory, DataKeys([Fernet.generate_key()]))
    assert list(other.items()) == []
    assert len(other) == 1


def test_only_digests_name_items(outbox: Outbox) -> None:
    with pytest.raises(ValueError):
        outbox.put("../escape", {})


def test_rotation_re_encrypts_items(tmp_path: Path) -> None:
    old, new = Fernet.generate_key(), Fernet.generate_key()
    Outbox(tmp_path, DataKeys([old])).put(NAME_A, {"n": 1})

    assert Outbox(tmp_path, DataKeys([new, old])).rotate() == 1
    assert Outbox(tmp_path, DataKeys([new])).get(NAME_A) == {"n": 1}
