"""What changed between two rulesets, for people (R71): every parameter whose value differs, with
both values, citations and effective dates, and what a provisional side rests on (R70)."""

from datetime import date

import pytest

from kontaktforloeb.rules.diff import LABELS, ParameterChange, ruleset_diff, show
from kontaktforloeb.rules.parameters import default_parameters
from kontaktforloeb.rules.rulesets import RULESETS, UnknownRuleset

LAB_2024 = "https://www.retsinformation.dk/eli/lta/2024/280"
LOV_1750 = "https://www.retsinformation.dk/eli/lta/2025/1750"


def changes(source: str, target: str) -> dict[str, ParameterChange]:
    return {change.name: change for change in ruleset_diff(source, target).changes}


def test_the_2026_reform_halves_the_dagpenge_interviews_with_both_citations() -> None:
    found = changes("LEAFLET-2024", "RS2026-07")
    akasse = found["interviews/dagpenge_akasse_count"]
    assert (akasse.before.value, akasse.after.value) == (3, 2)
    assert akasse.label("da") == "Samtaler med a-kassen i de første 3 måneder"
    assert akasse.label("en") == "Interviews with the a-kasse in the first 3 months"
    assert (akasse.before.shown("da"), akasse.after.shown("da")) == ("3 samtaler", "2 samtaler")
    assert akasse.after.shown("en") == "2 interviews"
    assert akasse.before.citation is not None and akasse.after.citation is not None
    assert akasse.before.citation.text == "LAB § 31, stk. 1 (LBK nr. 280 af 1/3/2024)"
    assert akasse.before.citation.url == LAB_2024
    assert "lov nr. 1750" in akasse.after.citation.text and akasse.after.citation.url == LOV_1750
    assert (akasse.before.effective_from, akasse.after.effective_from) == (
        date(2024, 1, 1),
        date(2026, 7, 1),
    )
    assert akasse.before.provisional is None and akasse.after.provisional is None
    assert akasse.description.startswith("Job interviews the a-kasse holds")
    jobcenter = found["interviews/dagpenge_jobcenter_count"]
    assert (jobcenter.before.value, jobcenter.after.value) == (3, 2)


def test_exemptions_become_possible_and_the_offer_duty_appears() -> None:
    found = changes("LEAFLET-2024", "RS2026-07")
    allowed = found["exemptions/interviews_allowed"]
    assert (allowed.before.shown("da"), allowed.after.shown("da")) == ("nej", "ja")
    assert (allowed.before.shown("en"), allowed.after.shown("en")) == ("no", "yes")
    for name in ("offers/duty_months", "offers/duty_groups"):
        offer = found[name]
        assert not offer.before.present and offer.after.present, name
        assert offer.before.shown("da") == "ingen" and offer.before.shown("en") == "none"
        assert offer.before.citation is None and offer.before.effective_from is None
        assert offer.after.citation is not None and offer.after.citation.url == LOV_1750
    assert found["offers/duty_months"].after.shown("da") == "6 måneder"
    assert found["offers/duty_groups"].after.shown("en") == (
        "dagpenge recipients, job-ready recipients of kontanthjælp, "
        "education-ready recipients of kontanthjælp"
    )
    assert found["offers/duty"].after.value is True
    # Values that stay the same are not listed.
    assert "interviews/dagpenge_first_interview_days" not in found
    assert "cv/deadline_days_dagpenge" not in found


def test_2027_shows_the_trials_and_that_the_law_is_provisional() -> None:
    result = ruleset_diff("RS2026-07", "RS2027")
    assert result.source.provisional is None
    assert result.target.provisional is not None
    assert "politisk aftale" in (result.target.provisional_reason("da") or "")
    assert "political agreement" in (result.target.provisional_reason("en") or "")
    found = {change.name: change for change in result.changes}
    assert {
        "law/provisional",
        "trials/early_period_months",
        "trials/free_choice_municipalities",
        "trials/handover_hours",
        "trials/period",
    } <= found.keys()
    law = found["law/provisional"]
    assert (law.before.value, law.after.value) == (False, True)
    assert law.before.provisional is None and law.after.provisional is not None
    hours = found["trials/handover_hours"]
    assert hours.after.shown("da") == "570,33 timer" and hours.after.shown("en") == "570.33 hours"
    assert "pressemeddelelse" in (hours.after.provisional_reason("da") or "")
    assert found["trials/period"].after.shown("da") == "1. januar 2027 – 31. december 2029"
    municipalities = found["trials/free_choice_municipalities"].after.shown("da")
    assert "København" in municipalities and "Ærø" in municipalities
    # Every side of the provisional ruleset is provisional, with its own reason or the law's.
    assert all(change.after.provisional is not None for change in result.changes)
    assert all(change.before.provisional is None for change in result.changes)


def test_an_inherited_value_of_a_provisional_ruleset_is_provisional_with_the_law_s_reason() -> None:
    result = ruleset_diff("RS2027", "RS2020")
    cv = {change.name: change for change in result.changes}["cv/deadline_days_dagpenge"]
    assert cv.before.value == 21 and cv.before.effective_from == date(2024, 1, 1)
    assert cv.before.provisional == result.source.provisional
    assert cv.after.provisional is None


def test_the_same_ruleset_twice_has_no_changes() -> None:
    for ruleset_id in RULESETS:
        assert ruleset_diff(ruleset_id, ruleset_id).changes == ()


def test_an_unknown_ruleset_is_refused_by_name() -> None:
    with pytest.raises(UnknownRuleset, match="RS1999"):
        ruleset_diff("RS1999", "RS2027")
    with pytest.raises(UnknownRuleset, match="nope"):
        ruleset_diff("LEAFLET-2024", "nope")


def test_every_parameter_file_has_a_label_in_danish_and_english() -> None:
    # Every parameter has a value in force on the last day there is.
    names = {parameter.name for parameter, _ in default_parameters().in_force(date.max)}
    missing = sorted(names - LABELS.keys())
    assert not missing, f"no label for {missing}"
    assert not sorted(LABELS.keys() - names), "a label for a parameter that does not exist"
    for name, (da, en) in LABELS.items():
        assert da.strip() and en.strip() and da != en, name


def test_values_are_written_for_reading() -> None:
    day = date(2026, 7, 1)
    assert show("handover/dagpenge_hours_threshold", "410.00", "da", day) == "410,00 timer"
    assert show("handover/dagpenge_hours_threshold", "410.00", "en", day) == "410.00 hours"
    assert show("time/default_daily_hours_full_time", "7.40", "da", day) == "7,40 timer"
    assert show("exemptions/share_limit_percent", 25, "da", day) == "25 %"
    assert show("exemptions/share_limit_percent", 25, "en", day) == "25%"
    assert show("booking/minimum_deadline_days", 1, "en", day) == "1 day"
    assert show("words/kommunen_from", "2026-02-01", "da", day) == "1. februar 2026"
    assert show("words/kommunen_from", "2026-02-01", "en", day) == "1 February 2026"
    assert show("handover/day", "first_day_of_next_month", "en", day) == (
        "the first day of the following month"
    )
    assert show("offers/duty", False, "da", day) == "nej"
    # The names of the uddannelseshjælp groups changed on 1 July 2025 (R69).
    group = ["uddannelseshjaelp_aktivitetsparat"]
    assert show("exemptions/groups", group, "da", date(2024, 1, 1)) == (
        "aktivitetsparate uddannelseshjælpsmodtagere"
    )
    assert show("exemptions/groups", group, "da", day) == (
        "aktivitetsparate kontanthjælpsmodtagere under 30 uden uddannelse"
    )
