"""The report counts exactly what was recorded in the period, and nothing else."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import update

from bot import referrals
from bot.__main__ import main
from bot.reports import figures
from bot.reports.render import chart, render
from bot.store import Store
from bot.store.models import Conversation, Referral
from bot.store.vocabulary import ReferralStatus
from tests.bot.store.helpers import consent, sample_form

pytest_plugins = ["tests.bot.store.fixtures"]

START, END = date(2026, 1, 1), date(2026, 3, 31)
IN_PERIOD = datetime(2026, 2, 10, 9, 30, tzinfo=timezone.utc)

# Five referrals with known answers: three exploited in Finland in restaurant work, two abroad.
KNOWN = [
    {"exploited_in": "finland", "sector": "restaurant", "children": 2, "heard_from": "police"},
    {"exploited_in": "finland", "sector": "restaurant", "children": 0, "language": "fi"},
    {"exploited_in": "finland", "sector": "restaurant", "children": None, "language": "fi"},
    {
        "exploited_in": "abroad",
        "exploitation": "sexual",
        "sector": None,
        "children": 1,
        "heard_from": "victim_support",
        "language": "ru",
        "needs": ["housing"],
    },
    {
        "exploited_in": "abroad",
        "sector": "berry_picking",
        "children": 3,
        "heard_from": None,
        "language": "th",
    },
]


def put(store: Store, number: int, when: datetime, **answers) -> int:
    result = referrals.record(
        store,
        sample_form(**answers),
        conversation_id=f"conv-{number}",
        submission_id="s",
        channel="webchat",
        consent=consent(),
    )
    with store.transaction() as session:
        session.execute(
            update(Referral)
            .where(Referral.id == result.referral_id)
            .values(created_at=when, status_changed_at=when)
        )
        session.execute(
            update(Conversation).where(Conversation.id == f"conv-{number}").values(created_at=when)
        )
    return result.referral_id


@pytest.fixture
def period_store(store: Store) -> Store:
    ids = [put(store, n, IN_PERIOD, **answers) for n, answers in enumerate(KNOWN)]
    referrals.change_status(store, ids[0], "in_contact")
    referrals.change_status(store, ids[0], "admitted")  # now: after the period
    with store.transaction() as session:
        session.execute(
            update(Referral).where(Referral.id == ids[1]).values(status=ReferralStatus.ADMITTED)
        )
        # An anonymous conversation in which nobody agreed to anything.
        session.add(
            Conversation(id="anonymous", channel="telegram", language="ar", created_at=IN_PERIOD)
        )
    # Before and after the period: not counted.
    put(store, 90, datetime(2025, 12, 31, 23, 59, tzinfo=timezone.utc))
    put(store, 91, datetime(2026, 4, 1, 0, 0, tzinfo=timezone.utc))
    return store


def test_the_figures_of_the_period(period_store: Store) -> None:
    report = figures(period_store, START, END)

    assert report["period"] == {"from": "2026-01-01", "to": "2026-03-31"}
    assert report["conversations"] == 6  # five with a referral, one anonymous
    assert report["referrals"] == 5
    assert report["clients"] == 1  # admitted during the period
    assert report["children"] == {"referrals_with_children": 3, "total": 6}
    assert report["exploited_in"] == {
        "finland": 3,
        "abroad": 2,
        "both": 0,
        "unsure": 0,
        "not_answered": 0,
    }
    assert report["exploitation"]["forced_labour"] == 4
    assert report["exploitation"]["sexual"] == 1
    assert sum(report["exploitation"].values()) == 5
    assert report["sectors"] == {
        "restaurant": 3,
        "cleaning": 0,
        "berry_picking": 1,
        "farming": 0,
        "construction": 0,
        "beauty": 0,
        "domestic": 0,
        "other": 0,
        "not_answered": 0,
    }
    assert report["heard_from"]["own_initiative"] == 2
    assert report["heard_from"]["police"] == 1
    assert report["heard_from"]["victim_support"] == 1
    assert report["heard_from"]["not_answered"] == 1
    assert report["languages"] == {"en": 1, "fi": 2, "ru": 1, "th": 1}
    assert report["conversation_languages"] == {"ar": 1, "en": 1, "fi": 2, "ru": 1, "th": 1}
    assert report["needs"]["housing"] == 1 and report["needs"]["legal"] == 4


def test_an_anonymous_conversation_counts_as_a_conversation_only(store: Store) -> None:
    with store.transaction() as session:
        session.add(Conversation(id="a", channel="webchat", language="so", created_at=IN_PERIOD))

    report = figures(store, START, END)

    assert report["conversations"] == 1
    assert report["conversation_languages"] == {"so": 1}
    assert report["referrals"] == report["clients"] == 0
    assert report["children"] == {"referrals_with_children": 0, "total": 0}
    for section in ("exploited_in", "exploitation", "sectors", "heard_from", "needs"):
        assert sum(report[section].values()) == 0, section
    assert report["languages"] == {}


def test_a_period_that_ends_before_it_starts_is_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        figures(store, END, START)


def test_text_json_csv_and_chart(period_store: Store, tmp_path: Path) -> None:
    report = figures(period_store, START, END)

    assert json.loads(render(report, "json")) == report
    table = list(csv.reader(io.StringIO(render(report, "csv"))))
    assert table[0] == ["section", "item", "value"]
    assert ["exploited_in", "finland", "3"] in table
    assert ["referrals", "", "5"] in table
    text = render(report, "text")
    assert "New referrals: 5" in text
    assert "Sectors of forced labour:" in text
    with pytest.raises(ValueError):
        render(report, "xml")

    chart(report, tmp_path / "chart.png")
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_report_command(period_store: Store, settings, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TURVA_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("TURVA_DATA_KEY", settings.data_key)
    monkeypatch.setenv("TURVA_VAR_DIR", str(settings.var_dir))
    png = tmp_path / "report.png"

    arguments = ["report", "--from", "2026-01-01", "--to", "2026-03-31", "--format", "json"]
    assert main([*arguments, "--chart", str(png)]) == 0

    assert json.loads(capsys.readouterr().out)["referrals"] == 5
    assert png.stat().st_size > 1000
    assert main(["report", "--from", "2026-03-31", "--to", "2026-01-01"]) == 2
    with pytest.raises(SystemExit):
        main(["report", "--from", "yesterday", "--to", "2026-01-01"])
