import pytest

from bot.launcher import child_environment, rasa_log_level
from bot.settings import Settings


@pytest.mark.parametrize("requested", ["DEBUG", "debug", "NOTSET", "TRACE", ""])
def test_a_level_that_would_log_message_texts_is_raised_to_info(requested):
    assert rasa_log_level(requested) == "INFO"


@pytest.mark.parametrize(
    ("requested", "used"), [("info", "INFO"), ("WARNING", "WARNING"), ("error", "ERROR")]
)
def test_other_levels_are_kept(requested, used):
    assert rasa_log_level(requested) == used


def test_children_never_get_debug_logging(monkeypatch, tmp_path):
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    assert child_environment(Settings(var_dir=tmp_path))["LOG_LEVEL"] == "INFO"
