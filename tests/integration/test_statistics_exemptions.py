"""The one-in-four rule (R66, R67) on the known population: the rolling share is the exemption
form's number, the months and groups are cut from the same rows, the 2026-07-01 start of the
rule, the warning before the limit (a setting) and the offers of the municipality."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from kontaktforloeb.cases.exemptions import (
    Share,
    exemption_share,
    exemption_share_by_day,
    exemption_share_by_group,
)
from kontaktforloeb.statistics import exemptions
from kontaktforloeb.statistics.scope import Month
from tests.support import statistics_population as sp
from tests.support.statistics_population import TODAY, Population


@pytest.fixture
def pop(db: None) -> Iterator[Population]:
    population = sp.build()
    with sp.on(TODAY):
        yield population


def shares(rows) -> dict[str, tuple[int, int, str]]:
    return {
        row.key.param: (row.share.exempted, row.share.citizens, row.status)
        for row in rows
        if row.share.citizens or row.status != "none"
    }


def test_the_rolling_share_is_the_exemption_forms_number(pop):
    for organisation, kind in ((pop.jc, "interviews"), (pop.jc, "offer"), (pop.ak, "interviews")):
        page = exemptions.rolling(organisation, kind, TODAY)
        form, _ = exemption_share(organisation, kind=kind, on=TODAY)
        assert page == form
        parts = exemption_share_by_group(organisation, kind=kind, on=TODAY)
        assert sum(p.exempted for p in parts.values()) == form.exempted
        assert sum(p.citizens for p in parts.values()) == form.citizens
    # The municipality: K1-K6, K8, K9 (jobparat) and D1, S21 (dagpenge, handed over in the
    # year); K7 is aktivitetsparat, which may not be excused. It excused K6.
    share = exemptions.rolling(pop.jc, "interviews", TODAY)
    assert (share.exempted, share.citizens, share.limit) == (1, 10, 25)
    assert exemptions.status_of(share) == "within"
    # The a-kasse excused D1 of its two members, with the manager's approval: above the limit.
    share = exemptions.rolling(pop.ak, "interviews", TODAY)
    assert (share.exempted, share.citizens) == (1, 2)
    assert exemptions.status_of(share) == "above"
    # Offers: the municipality excused K1.
    share = exemptions.rolling(pop.jc, "offer", TODAY)
    assert (share.exempted, share.citizens) == (1, 10)


def test_per_month_the_share_on_the_months_last_day(pop):
    rows = exemptions.monthly(pop.jc, "interviews", Month(2026, 11), TODAY)
    assert rows[0].key.param == "2025-12"
    # Before 1 July 2026 the rule did not exist; at July's end K5 had begun, at August's K1, K2,
    # K3, K8 and S21 (handed over 1 August) too; K6 was excused on 1 September.
    assert shares(rows) == {
        "2026-07": (0, 1, "within"),
        "2026-08": (0, 6, "within"),
        "2026-09": (1, 8, "within"),
        "2026-10": (1, 8, "within"),
        "2026-11": (1, 10, "within"),
    }
    assert rows[-1].share == exemptions.rolling(pop.jc, "interviews", TODAY)
    assert rows[5].status == "none" and rows[5].day == date(2026, 5, 31)
    akasse = exemptions.monthly(pop.ak, "interviews", Month(2026, 11), TODAY)
    # An exemption counts from the day it was decided: D1 on 10 August.
    assert shares(akasse) == {
        "2026-07": (0, 1, "within"),
        "2026-08": (1, 2, "above"),
        "2026-09": (1, 2, "above"),
        "2026-10": (1, 2, "above"),
        "2026-11": (1, 2, "above"),
    }


def test_per_group(pop):
    rows = {row.key: row.share for row in exemptions.by_group(pop.jc, "interviews", TODAY)}
    assert {key: (s.exempted, s.citizens) for key, s in rows.items()} == {
        "dagpenge": (0, 2),
        "kontanthjaelp_jobparat": (1, 8),
    }


def test_the_warning_comes_before_the_limit(pop, settings):
    share = exemptions.rolling(pop.jc, "interviews", TODAY)  # 10 %
    assert exemptions.status_of(share) == "within"
    settings.STATISTICS_EXEMPTION_WARN_PERCENT = 10
    assert exemptions.status_of(share) == "warning"
    settings.STATISTICS_EXEMPTION_WARN_PERCENT = 11
    assert exemptions.status_of(share) == "within"


def test_the_people_behind_the_share(pop):
    from kontaktforloeb.organisations.access import Actor

    manager = Actor.of_user(pop.manager)
    exempted = exemptions.listed(manager, pop.jc, "interviews", TODAY, "exempted")
    assert [plan.citizen.first_name for plan in exempted] == ["K6"]
    population = exemptions.listed(manager, pop.jc, "interviews", TODAY, "citizens")
    assert population.count() == 10
    dagpenge = exemptions.listed(manager, pop.jc, "interviews", TODAY, "citizens", "dagpenge")
    assert sorted(plan.citizen.first_name for plan in dagpenge) == ["D1", "S21"]
    # Through the gate: another organisation's manager sees none of them.
    stranger = Actor.of_user(pop.ak_manager)
    assert not exemptions.listed(stranger, pop.jc, "interviews", TODAY, "citizens").filter(
        citizen__akasse__isnull=True
    )


def test_offers_are_the_municipalitys_only(pop):
    assert exemptions.kinds_of(pop.jc) == ("interviews", "offer")
    assert exemptions.kinds_of(pop.ak) == ("interviews",)


def test_an_exemption_counts_from_the_day_it_was_decided(pop):
    # D1 began on 3 August and was excused on 10 August: on 9 August one of two members had
    # begun and none was excused yet. Today's number (the form's) is unchanged by this.
    before, _ = exemption_share(pop.ak, on=date(2026, 8, 9))
    assert (before.exempted, before.citizens) == (0, 2)
    after, _ = exemption_share(pop.ak, on=date(2026, 8, 10))
    assert (after.exempted, after.citizens) == (1, 2)


def test_the_months_ends_in_one_query_are_the_forms_shares_on_those_days(pop):
    # Every month's end of the year, the rule's first day and the day before, S21's handover,
    # the day before and of D1's exemption, and today.
    days = [Month(2025, 12).plus(step).last for step in range(11)]
    days += [date(2026, 6, 30), date(2026, 7, 1), date(2026, 8, 1), date(2026, 8, 9)]
    days += [date(2026, 8, 10), date(2026, 9, 1), TODAY]
    for organisation in (pop.jc, pop.ak, pop.other_jc):
        for kind in exemptions.kinds_of(organisation):
            found = exemption_share_by_day(organisation, kind=kind, days=days)
            assert found == {
                day: exemption_share(organisation, kind=kind, on=day)[0] for day in days
            }, (organisation, kind)
    assert exemption_share_by_day(pop.jc, days=[date(2026, 6, 30)]) == {
        date(2026, 6, 30): Share(0, 0, 0)
    }


def test_the_administrators_overview_is_each_organisations_form_share(pop):
    for kind in exemptions.KINDS:
        for day in (date(2026, 6, 30), date(2026, 8, 9), date(2026, 8, 10), TODAY):
            rows = exemptions.per_organisation(kind, day)
            assert {row.key for row in rows} == (
                {pop.jc, pop.other_jc} if kind == "offer" else {pop.jc, pop.other_jc, pop.ak}
            )
            for row in rows:
                assert row.share == exemption_share(row.key, kind=kind, on=day)[0], (kind, day)
    overview = {row.key: row.share for row in exemptions.per_organisation("interviews", TODAY)}
    assert (overview[pop.jc].exempted, overview[pop.jc].citizens) == (1, 10)
    assert (overview[pop.ak].exempted, overview[pop.ak].citizens) == (1, 2)
