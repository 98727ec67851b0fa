"""CPR numbers: format, date part and century; masked everywhere until staff open the case."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kontaktforloeb.cases.cpr import cpr_birth_date, mask_cpr, normalise_cpr


@pytest.mark.parametrize(
    ("value", "digits"),
    [("010190-1234", "0101901234"), ("0101901234", "0101901234"), (" 290200-4321 ", "2902004321")],
)
def test_valid_numbers_are_normalised_to_ten_digits(value, digits):
    assert normalise_cpr(value) == digits


@pytest.mark.parametrize(
    ("cpr", "born"),
    [
        ("0101901234", date(1990, 1, 1)),  # 7th digit 1: 1900s
        ("0101054234", date(2005, 1, 1)),  # 7th digit 4, year ≤ 36: 2000s
        ("0101504234", date(1950, 1, 1)),  # 7th digit 4, year > 36: 1900s
        ("0101105234", date(2010, 1, 1)),  # 7th digit 5, year ≤ 57: 2000s
        ("0101685234", date(1868, 1, 1)),  # 7th digit 5, year > 57: 1800s
        ("2902009234", date(2000, 2, 29)),  # 7th digit 9, leap day 2000
    ],
)
def test_the_century_follows_the_seventh_digit(cpr, born):
    assert cpr_birth_date(cpr) == born


@pytest.mark.parametrize("value", ["", "12345", "01019O1234", "010190-12345", "01-01-90-1234"])
def test_malformed_numbers_are_refused_with_a_message_in_danish(value):
    with pytest.raises(ValidationError) as caught:
        normalise_cpr(value)
    assert caught.value.messages == ["Et CPR-nummer består af 10 cifre, fx 010190-1234."]


@pytest.mark.parametrize("value", ["3201901234", "0013901234", "2902011234", "0000001234"])
def test_impossible_birth_dates_are_refused(value):
    with pytest.raises(ValidationError) as caught:
        normalise_cpr(value)
    assert "gyldig fødselsdato" in caught.value.messages[0]


def test_messages_are_in_english_for_english_users():
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            normalise_cpr("12345")
        assert caught.value.messages == ["A CPR number has 10 digits, e.g. 010190-1234."]
        with pytest.raises(ValidationError) as caught:
            normalise_cpr("3201901234")
        assert caught.value.messages == [
            "The first 6 digits of a CPR number must be a valid date of birth (DDMMYY)."
        ]


def test_masking_hides_the_serial_number():
    assert mask_cpr("0101901234") == "010190-****"
