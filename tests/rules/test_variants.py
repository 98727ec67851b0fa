"""What-if variants: a base ruleset (or the law in force) with some parameter values replaced,
computed by the same engine under a synthetic ruleset id."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from kontaktforloeb.rules import deadlines, plan
from kontaktforloeb.rules.events import parse_events
from kontaktforloeb.rules.rulesets import VARIANTS, UnknownRuleset, register_variant
from kontaktforloeb.rules.snapshot import snapshot_on, with_values
from tests.rules.strategies import case, days

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _dagpenge(start: date) -> list[dict[str, Any]]:
    return [
        {"type": "registered", "date": start.isoformat(), "group": "dagpenge"},
        *(
            {
                "type": "dagpenge_paid",
                "date": (start + timedelta(days=30 * month + 29)).isoformat(),
                "from": (start + timedelta(days=30 * month)).isoformat(),
                "to": (start + timedelta(days=30 * month + 29)).isoformat(),
                "hours": 160,
            }
            for month in range(8)
        ),
    ]


def _holders(result: Any) -> list[str]:
    return [interview.holder for interview in result.interviews]


def test_a_variant_without_values_is_its_base() -> None:
    register_variant("WHATIF-test-none", "RS2026-07", ())
    events = parse_events(_dagpenge(date(2026, 8, 3)))
    as_of = date(2026, 11, 1)
    base = deadlines(events, as_of, "RS2026-07")
    same = deadlines(events, as_of, "WHATIF-test-none")
    assert [(i.number, i.holder, i.deadline, i.status) for i in same.interviews] == [
        (i.number, i.holder, i.deadline, i.status) for i in base.interviews
    ]
    assert same.handover == base.handover


def test_a_variant_replaces_a_value_for_its_spells_only() -> None:
    register_variant("WHATIF-test-four", "RS2026-07", (("interviews/dagpenge_akasse_count", 4),))
    events = parse_events(_dagpenge(date(2026, 8, 3)))
    as_of = date(2026, 11, 1)
    assert _holders(plan(events, as_of, "RS2026-07")).count("akasse") == 2
    assert _holders(plan(events, as_of, "WHATIF-test-four")).count("akasse") == 4
    found = deadlines(events, as_of, "WHATIF-test-four")
    assert [i.holder for i in found.interviews].count("akasse") == 4
    # The law itself is untouched.
    assert snapshot_on(date(2026, 8, 3)).integer("interviews/dagpenge_akasse_count") == 2
    assert _holders(plan(events, as_of)).count("akasse") == 2


def test_the_law_in_force_with_a_value_reaches_the_windows_open_on_a_change_of_law() -> None:
    # R60: a LEAFLET-2024 spell begun in May 2026 has its a-kasse window open on 1 July 2026,
    # which RS2026-07 then governs: the variant's value reaches that window too.
    register_variant("WHATIF-test-law", "", (("interviews/dagpenge_akasse_count", 5),))
    events = parse_events(_dagpenge(date(2026, 5, 4)))
    as_of = date(2026, 9, 1)
    today = plan(events, as_of)
    variant = plan(events, as_of, "WHATIF-test-law")
    assert today.ruleset_id == variant.ruleset_id == "LEAFLET-2024"
    assert _holders(today).count("akasse") == 2
    assert _holders(variant).count("akasse") == 5


def test_a_hypothetical_snapshot_is_marked_and_shared() -> None:
    base = snapshot_on(date(2026, 8, 3))
    values = (("handover/dagpenge_hours_threshold", "300.00"),)
    derived = with_values(base, values)
    assert derived.hypothetical and not base.hypothetical
    assert derived.hours("handover/dagpenge_hours_threshold") == 30000
    assert base.hours("handover/dagpenge_hours_threshold") == 41000
    assert with_values(base, values) is derived
    assert with_values(base, ()) is base
    # A parameter that is not in force on the span stays absent.
    early = with_values(base, (("trials/early_period_months", 5),))
    assert not early.has("trials/early_period_months")


def test_a_variant_of_an_unknown_ruleset_is_refused() -> None:
    with pytest.raises(UnknownRuleset):
        register_variant("WHATIF-test-bad", "RS1999", ())
    assert "WHATIF-test-bad" not in VARIANTS


@SETTINGS
@given(case(), days)
def test_the_law_in_force_as_a_variant_is_the_law_in_force(
    raw: list[dict[str, Any]], as_of: date
) -> None:
    register_variant("WHATIF-test-law-none", "", ())
    events = parse_events(raw)
    today = deadlines(events, as_of)
    same = deadlines(events, as_of, "WHATIF-test-law-none")
    assert same.ruleset_id == today.ruleset_id
    assert [(i.number, i.holder, i.deadline, i.status) for i in same.interviews] == [
        (i.number, i.holder, i.deadline, i.status) for i in today.interviews
    ]
    assert same.consequences == today.consequences
