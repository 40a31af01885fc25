"""Reference codes are unguessable, easy to read aloud and type, and forgiving to input."""

from __future__ import annotations

import re

import pytest

from bot import reference_codes as codes

LOOK_ALIKE_GROUPS = ["0OQD", "1IL", "2Z", "5S", "8B", "6G", "UV"]


def test_codes_are_two_groups_of_five_from_the_alphabet() -> None:
    for _ in range(200):
        code = codes.generate()
        assert re.fullmatch(rf"[{codes.ALPHABET}]{{5}}-[{codes.ALPHABET}]{{5}}", code)


def test_enough_entropy() -> None:
    assert codes.ENTROPY_BITS >= 45
    assert len({codes.generate() for _ in range(2000)}) == 2000


def test_the_alphabet_has_at_most_one_of_each_look_alike_group() -> None:
    for group in LOOK_ALIKE_GROUPS:
        assert sum(c in codes.ALPHABET for c in group) <= 1, group


def test_input_is_normalised() -> None:
    code = "A2C5D-8E6UF"
    for typed in (
        "a2c5d-8e6uf",
        "A2C5D8E6UF",
        " a2c5d 8e6uf ",
        "A2C-5D8-E6U-F",
        "A2C5D_8E6UF",
        "a2c5d\t8e6uf\n",
    ):
        assert codes.normalise(typed) == "A2C5D8E6UF"
        assert codes.display(typed) == code


def test_look_alikes_are_read_as_the_character_that_stays() -> None:
    assert codes.normalise("az cs0-bgvo q") == codes.normalise("A2C5D-86UDD")
    assert codes.normalise("ＡＺＣＳ０ＢＧＶＯＱ") == "A2C5D86UDD"  # full-width phone keyboards


@pytest.mark.parametrize(
    "typed", ["", "A2C5D", "A2C5D-8E6UF-X", "A2C5D-8E6U1", "A2C5D-8E6U!", "ÄÖ"]
)
def test_what_cannot_be_a_code_is_refused(typed: str) -> None:
    with pytest.raises(codes.InvalidCodeError):
        codes.normalise(typed)


def test_derived_codes_are_stable_and_keyed() -> None:
    first = codes.derive(b"k" * 32, "submission")
    assert codes.derive(b"k" * 32, "submission") == first
    assert codes.derive(b"j" * 32, "submission") != first
    assert codes.derive(b"k" * 32, "other") != first
    assert codes.display(first) == first


def test_only_a_keyed_hash_is_kept_and_it_matches_however_typed() -> None:
    code = codes.generate()
    digest = codes.digest(b"k" * 32, code)

    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert codes.normalise(code) not in digest
    assert codes.digest(b"k" * 32, code.lower().replace("-", " ")) == digest
    assert codes.digest(b"j" * 32, code) != digest
