"""Helpers for store tests: sample answers, and throw-away PostgreSQL databases."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from bot.referrals import ConsentGiven, ReferralForm

POSTGRES_ADMIN_URL = os.environ.get(
    "TURVA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@contextmanager
def postgres_database(admin: Engine) -> Iterator[str]:
    """A new, empty, uniquely named database; dropped (connections and all) afterwards."""
    name = f"turva_test_{os.getpid()}_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def sample_form(**answers: object) -> ReferralForm:
    """A complete referral form; ``answers`` override single answers."""
    values: dict[str, object] = {
        "summary": "I worked in a kitchen and was not paid.",
        "language": "en",
        "exploited_in": "finland",
        "exploitation": "forced_labour",
        "sector": "restaurant",
        "indicators": ["withholding_of_wages", "excessive_overtime"],
        "safe_now": "yes",
        "children": 0,
        "needs": ["legal", "money"],
        "contact_method": "phone",
        "contact_detail": "+358 40 000 0000",
        "heard_from": "own_initiative",
    }
    values.update(answers)
    return ReferralForm.from_values(values)


def consent(language: str = "en") -> ConsentGiven:
    """The person's consent to a referral."""
    return ConsentGiven(wording_version="2026-11", language=language)


def take_away(admin: Engine, name: str) -> None:
    """Make database ``name`` unreachable: end its connections and rename it."""
    with admin.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
        connection.execute(text(f'ALTER DATABASE "{name}" RENAME TO "{name}_away"'))


def bring_back(admin: Engine, name: str) -> None:
    """Undo ``take_away``."""
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}_away" RENAME TO "{name}"'))
