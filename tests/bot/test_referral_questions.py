"""Typed answers, the summary and the store's form, in the person's language."""

import pytest

from bot.language import service
from bot.referral_questions import SKIPPED, Answers, referral_form, required_slots
from bot.store.vocabulary import IloIndicator


@pytest.fixture(scope="module")
def answers():
    return Answers(service.catalog())


def test_sector_asked_only_for_forced_labour():
    assert "sector" in required_slots({"exploitation": "forced_labour"})
    assert "sector" not in required_slots({"exploitation": "sexual"})
    assert "sector" not in required_slots({})


def test_contact_detail_asked_only_when_someone_may_reach_out():
    assert "contact_detail" in required_slots({"contact_method": "phone"})
    assert "contact_detail" not in required_slots({"contact_method": "only_chat"})
    assert required_slots({})[-1] == "consent"


@pytest.mark.parametrize(
    ("slot", "text", "value"),
    [
        ("place", "In Finland", "finland"),
        ("place", "finland", "finland"),
        ("sector", "restaurant", "restaurant"),
        ("sector", "berry picking", "berry_picking"),
        ("exploitation", "forced to work", "forced_labour"),
        ("children", "I have 2 kids", "2"),
        ("children", "99", "20"),
        ("needs", "health care please", "health"),
    ],
)
def test_typed_answers_in_english(answers, slot, text, value):
    assert answers.choice(slot, text, "en") == value


def test_typed_answer_in_finnish_button_words(answers):
    title = answers.label("place", "finland", "fi")
    assert answers.choice("place", title.upper(), "fi") == "finland"


def test_unrecognised_answer_is_none(answers):
    assert answers.choice("place", "blue", "en") is None
    assert answers.choice("sector", "", "en") is None


def test_yes_and_no_by_button_title(answers):
    assert answers.yes_no("Yes", "en") == "yes"
    assert answers.yes_no("no", "en") == "no"
    assert answers.yes_no("maybe", "en") is None


def test_summary_lists_what_was_answered(answers):
    slots = {
        "place": "finland",
        "exploitation": "forced_labour",
        "sector": "restaurant",
        "documents_taken": "yes",
        "debt": "no",
        "safe_now": SKIPPED,
        "needs_selected": ["housing", "legal"],
        "contact_method": "phone",
        "contact_detail": "040 123 4567 after 18",
        "story": "They kept my passport",
    }
    summary = answers.summary(slots, "en")
    assert "In Finland" in summary and "Restaurant or kitchen" in summary
    assert "someone keeps your passport or ID" in summary and "you owe money" not in summary
    assert "A safe place to stay, Legal help" in summary
    assert "040 123 4567 after 18" in summary and "They kept my passport" in summary
    assert "Safe now" not in summary


def test_summary_when_nothing_was_answered(answers):
    assert answers.summary({"place": SKIPPED}, "en") == service.catalog().ui(
        "summary_nothing", "en"
    )


def test_store_form_from_slots():
    form = referral_form(
        {
            "place": "finland",
            "exploitation": "forced_labour",
            "sector": "restaurant",
            "documents_taken": "yes",
            "threats": "no",
            "children": "2",
            "needs_selected": ["housing"],
            "contact_method": SKIPPED,
            "preferred_language": "same",
            "story": "words",
        },
        "fi",
    )
    assert form.exploited_in == "finland" and form.sector == "restaurant"
    assert form.indicators == (IloIndicator.RETENTION_OF_DOCUMENTS,)
    assert form.children == 2 and form.needs == ("housing",)
    assert form.contact_method == "only_chat" and form.language == "fi"
    assert form.summary == "words"


def test_consent_wording_version_follows_the_text(answers):
    english, finnish = answers.consent("en"), answers.consent("fi")
    assert english.language == "en" and english.wording_version.startswith("en-")
    assert english.wording_version != finnish.wording_version
