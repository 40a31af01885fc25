from bot.gateway.locale_hint import hint_from_accept_language


def test_first_supported_language_by_quality():
    header = "de-DE,de;q=0.9,fi;q=0.8,en;q=0.7"
    assert hint_from_accept_language(header, ["en", "fi"]) == "fi"


def test_quality_beats_order():
    assert hint_from_accept_language("en;q=0.5, fi;q=0.9", ["en", "fi"]) == "fi"


def test_nothing_supported_or_no_header():
    assert hint_from_accept_language("de,fr", ["en", "fi"]) is None
    assert hint_from_accept_language(None, ["en"]) is None
    assert hint_from_accept_language("fi;q=0", ["fi"]) is None
