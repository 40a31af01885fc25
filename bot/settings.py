"""One typed settings object, read from the environment (see README, "Configuration")."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from error


@dataclass(frozen=True)
class Settings:
    """Where Turva listens, what it talks to and which organisation it serves."""

    host: str = "127.0.0.1"
    port: int = 8080
    rasa_port: int = 5005
    actions_port: int = 5055
    rasa_url: str = "http://127.0.0.1:5005"
    actions_url: str = "http://127.0.0.1:5055"
    gateway_url: str = "http://127.0.0.1:8080"
    rasa_token: str = field(default="", repr=False)
    internal_token: str = field(default="", repr=False)
    organisation_file: Path = PROJECT_ROOT / "bot" / "organisation.yml"
    var_dir: Path = PROJECT_ROOT / "var"
    rasa_timeout: float = 30.0
    # Secrets stay out of repr(), so a logged Settings shows no password or key.
    database_url: str = field(default="", repr=False)  # empty: SQLite file var/turva.db
    data_key: str = field(default="", repr=False)  # empty: var/data.key, made on first use
    retention_conversation_days: int = 30
    retention_message_days: int = 365
    retention_referral_days: int = 730
    retention_audit_days: int = 1825

    @classmethod
    def from_env(cls) -> Settings:
        """Read every ``TURVA_*`` variable, with the embedded defaults of CONTRACT.md."""
        env = os.environ
        host = env.get("TURVA_HOST", "127.0.0.1")
        rasa_port = _int("TURVA_RASA_PORT", 5005)
        actions_port = _int("TURVA_ACTIONS_PORT", 5055)
        port = _int("TURVA_PORT", 8080)
        local = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        return cls(
            host=host,
            port=port,
            rasa_port=rasa_port,
            actions_port=actions_port,
            rasa_url=env.get("TURVA_RASA_URL", f"http://{local}:{rasa_port}"),
            actions_url=env.get("TURVA_ACTIONS_URL", f"http://{local}:{actions_port}"),
            gateway_url=env.get("TURVA_GATEWAY_URL", f"http://{local}:{port}"),
            rasa_token=env.get("TURVA_RASA_TOKEN", ""),
            internal_token=env.get("TURVA_INTERNAL_TOKEN", ""),
            organisation_file=Path(
                env.get("TURVA_ORGANISATION_FILE", PROJECT_ROOT / "bot" / "organisation.yml")
            ),
            var_dir=Path(env.get("TURVA_VAR_DIR", PROJECT_ROOT / "var")),
            rasa_timeout=float(env.get("TURVA_RASA_TIMEOUT", "30")),
            database_url=env.get("TURVA_DATABASE_URL", ""),
            data_key=env.get("TURVA_DATA_KEY", ""),
            retention_conversation_days=_int("TURVA_RETENTION_CONVERSATION_DAYS", 30),
            retention_message_days=_int("TURVA_RETENTION_MESSAGE_DAYS", 365),
            retention_referral_days=_int("TURVA_RETENTION_REFERRAL_DAYS", 730),
            retention_audit_days=_int("TURVA_RETENTION_AUDIT_DAYS", 1825),
        )
