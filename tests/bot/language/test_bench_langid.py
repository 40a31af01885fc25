"""bench/langid.py reads the langid data and runs the real detectors over it."""

import importlib.util
import subprocess
import sys
import unicodedata

import pytest

from bot.settings import PROJECT_ROOT

BENCH = PROJECT_ROOT / "bench" / "langid.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_langid", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.fixture
def data(tmp_path):
    for name, lines in {
        "single-words": {"fi": "talo\n\nkissa\n", "ro": "ţară\n"},
        "word-pairs": {"fi": "iso talo\n"},
        "sentences": {"ru": "Мы живём в большом городе.\n"},
    }.items():
        (tmp_path / name).mkdir()
        for language, text in lines.items():
            (tmp_path / name / f"{language}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "chat_openers.tsv").write_text(
        "lang\ttext\nfi\ttarvitsen apua nyt\nxx\tnot a profile language\nth\tช่วยด้วย\n",
        encoding="utf-8",
    )
    return tmp_path


def test_items_keep_their_set_language_and_line(bench, data):
    items = bench.load_items(data, ["fi", "ro", "ru", "th"], limit=None)
    assert [(i.set, i.language, i.line, i.text) for i in items] == [
        ("single-words", "fi", 0, "talo"),
        ("single-words", "fi", 2, "kissa"),
        ("single-words", "ro", 0, "ţară"),
        ("word-pairs", "fi", 0, "iso talo"),
        ("sentences", "ru", 0, "Мы живём в большом городе."),
        ("openers", "fi", 0, "tarvitsen apua nyt"),
        ("openers", "th", 2, "ช่วยด้วย"),
    ]
    assert len(bench.load_items(data, ["fi"], limit=1)) == 3


def test_variants_change_texts_as_real_input_does(bench, data):
    ro = bench.load_items(data, ["ro"], limit=None, variant="ro-comma")
    assert ro[0].text == "țară"
    decomposed = bench.load_items(data, ["ro"], limit=None, variant="decomposed")
    assert decomposed[0].text == unicodedata.normalize("NFD", "ţară")
    plain = bench.load_items(data, ["ro", "th"], limit=None, variant="no-accents")
    assert [i.text for i in plain] == ["tara", "ช่วยด้วย"]


@pytest.mark.parametrize("system", ["turva-stats", "langdetect"])
def test_worker_runs_a_detector_over_every_item(bench, data, system):
    result = bench.worker(system, data, limit=None, variant="as-is")
    outcomes = result["outcomes"]
    assert len(outcomes) == 7
    assert outcomes[-1][0] == "th"
    assert all(ms >= 0 for *_, ms in outcomes)
    assert result["load_mb"] >= 0


def test_prints_the_tables(data):
    done = subprocess.run(
        [sys.executable, str(BENCH), "--data", str(data), "--systems", "turva-stats"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert "Accuracy % per set" in done.stdout
    assert "Issue targets" in done.stdout
    assert "Accuracy % per language" in done.stdout
