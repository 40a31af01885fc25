"""``rotate-key`` re-encrypts every stored value, so an old key can be dropped."""

from __future__ import annotations

from pathlib import Path

from cryptography.fernet import Fernet

from bot import referrals
from bot.__main__ import main
from bot.store import Store
from bot.store.crypto import DataKeys
from bot.store.database import create_engine_for
from bot.store.rotation import encrypted_columns, rotate_keys
from tests.bot.store.helpers import consent, sample_form

pytest_plugins = ["tests.bot.store.fixtures"]


def store_with(keys: DataKeys, database_url: str, tmp_path: Path) -> Store:
    return Store(create_engine_for(database_url, keys), keys, tmp_path / "outbox")


def test_every_free_text_column_is_encrypted() -> None:
    assert encrypted_columns() == {
        "handoff_messages": ["text"],
        "handoffs": ["summary"],
        "notes": ["text"],
        "referral_additions": ["text"],
        "referrals": ["contact_detail", "summary"],
    }


def test_rotation_lets_the_old_key_go(database_url: str, tmp_path: Path) -> None:
    old, new = Fernet.generate_key(), Fernet.generate_key()
    before = store_with(DataKeys([old]), database_url, tmp_path)
    result = referrals.record(
        before,
        sample_form(),
        conversation_id="c",
        submission_id="s",
        channel="webchat",
        consent=consent(),
    )
    referrals.append(before, result.reference_code, "added later")
    before.close()

    during = store_with(DataKeys([new, old]), database_url, tmp_path)
    counts = rotate_keys(during)
    assert counts["referrals"] == 1 and counts["referral_additions"] == 1
    assert rotate_keys(during)["referrals"] == 0  # already done: nothing to do again
    # The code's hash moves to the new key when the code is next used.
    assert referrals.find(during, result.reference_code) is not None
    during.close()

    after = store_with(DataKeys([new]), database_url, tmp_path)
    view = referrals.find(after, result.reference_code)
    assert view.form == sample_form()
    assert [a.text for a in view.additions] == ["added later"]
    after.close()


def test_the_rotate_key_command(settings, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TURVA_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("TURVA_DATA_KEY", f"{Fernet.generate_key().decode()},{settings.data_key}")
    monkeypatch.setenv("TURVA_VAR_DIR", str(settings.var_dir))

    assert main(["rotate-key"]) == 0
    assert "referrals: 0 re-encrypted" in capsys.readouterr().out
