from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kontaktforloeb.rules.parameters import (
    Citation,
    Parameter,
    ParameterError,
    ParameterValue,
    default_parameters,
    load_parameter_text,
)

GOOD = """\
description: Interviews.
values:
  - from: 2024-01-01
    value: 3
    citation: {text: LAB § 31, url: "https://example.org/lab"}
"""


def test_a_good_file_loads_with_its_citation() -> None:
    parameter = load_parameter_text(GOOD, "interviews/count")
    value = parameter.value_on(date(2024, 5, 1))
    assert value is not None and value.value == 3
    assert value.citation.text == "LAB § 31"


def test_a_value_without_a_citation_is_refused() -> None:
    text = "description: X.\nvalues:\n  - from: 2024-01-01\n    value: 3\n"
    with pytest.raises(ParameterError, match="citation"):
        load_parameter_text(text, "x")


def test_a_citation_without_a_url_is_refused() -> None:
    text = GOOD.replace(', url: "https://example.org/lab"', "")
    with pytest.raises(ParameterError, match="url"):
        load_parameter_text(text, "x")


def test_a_duplicate_key_is_refused() -> None:
    text = GOOD.replace("    value: 3\n", "    value: 3\n    value: 4\n")
    with pytest.raises(ParameterError, match="duplicate key 'value'"):
        load_parameter_text(text, "x")


@pytest.mark.parametrize("bad", ["2024-1-1", "01/01/2024", "2024-02-30", "20240101"])
def test_a_date_that_is_not_iso_is_refused(bad: str) -> None:
    with pytest.raises(ParameterError, match="date"):
        load_parameter_text(GOOD.replace("2024-01-01", bad), "x")


def test_a_product_decision_needs_its_explanation() -> None:
    with pytest.raises(ParameterError, match="explanation"):
        load_parameter_text("decision: true\n" + GOOD, "x")


def test_every_shipped_parameter_loads_and_every_decision_explains_itself() -> None:
    parameters = default_parameters()
    in_force = parameters.in_force(date(2024, 6, 1))
    assert len(in_force) >= 25
    decisions = [p for p, _ in in_force if p.decision]
    names = {p.name for p in decisions}
    assert {
        "time/holiday_shift",
        "handover/day",
        "interviews/first_interview_rule_after_benefit_change",
        "booking/sickness_reissue",
        "interviews/target_date_algorithm",
        "time/default_daily_hours_full_time",
    } <= names
    for parameter in decisions:
        assert parameter.explanation("da") and parameter.explanation("en")


@given(
    st.lists(
        st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)), min_size=1, unique=True
    ),
    st.dates(min_value=date(1999, 1, 1), max_value=date(2041, 1, 1)),
)
def test_lookup_returns_the_latest_value_on_or_before_the_date(
    starts: list[date], day: date
) -> None:
    values = tuple(
        ParameterValue(start, start.isoformat(), Citation("c", "https://x"))
        for start in sorted(starts)
    )
    parameter = Parameter("p", "d", False, "", "", values)
    found = parameter.value_on(day)
    earlier = [start for start in starts if start <= day]
    if not earlier:
        assert found is None
    else:
        assert found is not None and found.effective_from == max(earlier)
