"""Every string in every language, with the same placeholders and buttons."""

import re

import pytest
import yaml

from bot.catalog import Catalog, CatalogError, placeholders_in
from bot.organisation import load_organisation
from bot.referral_questions import ORDER
from bot.settings import PROJECT_ROOT

ORGANISATION = load_organisation(PROJECT_ROOT / "bot" / "organisation.yml")
CATALOG = Catalog.load(ORGANISATION)
DEFAULT = CATALOG.locales[ORGANISATION.default_language]
OTHERS = [code for code in CATALOG.languages if code != ORGANISATION.default_language]


def domain_responses() -> set[str]:
    with open(PROJECT_ROOT / "domain.yml", encoding="utf-8") as handle:
        return set(yaml.safe_load(handle)["responses"])


def test_default_catalog_has_every_domain_response():
    assert domain_responses() <= set(DEFAULT.responses)


def test_every_response_the_code_sends_is_in_the_catalog():
    sent = set()
    for path in [*(PROJECT_ROOT / "actions").glob("*.py"), *(PROJECT_ROOT / "bot").rglob("*.py")]:
        sent |= set(re.findall(r"\bresponse=[\"'](utter_\w+)", path.read_text(encoding="utf-8")))
    questions = {f"utter_ask_{slot}" for slot in ORDER if slot != "consent"}
    assert sent and sent <= set(DEFAULT.responses)
    assert questions <= set(DEFAULT.responses)


@pytest.mark.parametrize("code", OTHERS)
def test_every_response_and_ui_text_is_translated(code):
    locale = CATALOG.locales[code]
    assert set(locale.responses) == set(DEFAULT.responses), "responses differ from the default"
    assert set(locale.ui) == set(DEFAULT.ui), "page and error texts differ from the default"


@pytest.mark.parametrize("code", OTHERS)
def test_placeholders_and_buttons_match_the_default(code):
    locale = CATALOG.locales[code]
    for name, response in DEFAULT.responses.items():
        translated = locale.responses[name]
        assert placeholders_in(translated["text"]) == placeholders_in(response["text"]), name
        payloads = [button["payload"] for button in response.get("buttons") or []]
        assert [b["payload"] for b in translated.get("buttons") or []] == payloads, name
    for key, text in DEFAULT.ui.items():
        assert placeholders_in(locale.ui[key]) == placeholders_in(text), key


@pytest.mark.parametrize("code", CATALOG.languages)
def test_every_language_renders_every_text(code):
    for name in DEFAULT.responses:
        assert CATALOG.response(name, code, code="ABCDE-FGHJK", summary="-")["text"]
    for key in DEFAULT.ui:
        assert CATALOG.ui(key, code)


@pytest.mark.parametrize("code", CATALOG.languages)
def test_safety_texts_carry_both_numbers(code):
    for name in ("utter_greet", "utter_danger", "utter_default", "utter_goodbye"):
        text = CATALOG.response(name, code)["text"]
        assert ORGANISATION.emergency_number in text and ORGANISATION.helpline in text, name
    unavailable = CATALOG.ui("error_unavailable", code)
    assert ORGANISATION.emergency_number in unavailable and ORGANISATION.helpline in unavailable


def test_danger_names_the_emergency_number_before_the_helpline():
    for code in CATALOG.languages:
        text = CATALOG.response("utter_danger", code)["text"]
        assert text.index(ORGANISATION.emergency_number) < text.index(ORGANISATION.helpline)


def test_unknown_language_falls_back_to_the_default():
    assert CATALOG.supported("xx") == ORGANISATION.default_language
    assert CATALOG.response("utter_cost", "xx") == CATALOG.response("utter_cost", "en")


def test_extra_values_fill_placeholders(tmp_path):
    (tmp_path / "en.yml").write_text(
        'language: en\nresponses:\n  utter_code:\n    text: "Code {code}. Call {helpline}."\n',
        encoding="utf-8",
    )
    catalog = Catalog.load(ORGANISATION, tmp_path)
    text = catalog.response("utter_code", "en", code="KX7P")["text"]
    assert text == f"Code KX7P. Call {ORGANISATION.helpline}."


def test_malformed_catalog_is_refused(tmp_path):
    (tmp_path / "en.yml").write_text("language: en\nresponses:\n  utter_x: {}\n", encoding="utf-8")
    with pytest.raises(CatalogError):
        Catalog.load(ORGANISATION, tmp_path)


def test_catalog_language_must_match_its_file_name(tmp_path):
    (tmp_path / "en.yml").write_text("language: fi\n", encoding="utf-8")
    with pytest.raises(CatalogError):
        Catalog.load(ORGANISATION, tmp_path)


def test_language_picker_lists_every_language_in_its_own_name():
    buttons = CATALOG.response("utter_choose_language", "fi")["buttons"]
    titles = {button["title"] for button in buttons}
    assert titles == set(CATALOG.language_names().values())
    assert '/choose_language{"language": "fi"}' in {button["payload"] for button in buttons}


@pytest.mark.parametrize("code", CATALOG.languages)
def test_organisation_is_named_in_every_language(code):
    assert code in ORGANISATION.names, f"bot/organisation.yml has no name in {code}"
