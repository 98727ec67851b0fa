"""`kontaktforloeb recompute-plans`: the stored plans after a change of law (RULES-2026 R60, R70).

A deployment with new rulesets or parameter values is simulated by storing plans as the old code
worked them out (LEAFLET-2024 for every window, as before RS2026-07 existed) and giving them and
their rows another parameter hash, as a release with other parameter files would find them.
"""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from kontaktforloeb.cases import plans
from kontaktforloeb.cases.management.commands.recompute_plans import Progress
from kontaktforloeb.cases.models import CitizenPlan, PlanItem
from kontaktforloeb.cases.plans import parameter_hash, plans_recompute_stale, plans_refresh_due
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.rules import plan as engine_plan
from tests.support import factories

TODAY = date(2026, 9, 1)
# S21: a LEAFLET-2024 dagpenge spell from May 2026; its a-kasse window {2-3} is open on 1 July 2026.
MAY_2026 = [
    {"type": "registered", "date": "2026-05-04", "group": "dagpenge"},
    {"type": "interview_held", "date": "2026-05-12", "holder": "akasse", "channel": "in_person"},
]
AUGUST_2026 = [{"type": "registered", "date": "2026-08-03", "group": "kontanthjaelp_jobparat"}]
OCTOBER_2023 = [{"type": "registered", "date": "2023-10-02", "group": "kontanthjaelp_jobparat"}]
AUGUST_2026_DAGPENGE = [{"type": "registered", "date": "2026-08-10", "group": "dagpenge"}]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _old_law(events, as_of, ruleset=None):
    """The plan as the release before RS2026-07 worked it out: every window LEAFLET-2024."""
    return engine_plan(events, as_of, ruleset or "LEAFLET-2024")


@pytest.fixture
def deployed(world, monkeypatch):
    """Four citizens with stored plans: Anna's (May 2026, the old law), Bo's (August 2026) and
    Dora's (October 2023, RS2020) made with other parameter values, Carl's with this release's."""
    with monkeypatch.context() as patched:
        patched.setattr(plans, "plan", _old_law)
        case_events_append(
            actor=Actor.of_user(world.ak_one_worker), citizen=world.anna, events=MAY_2026
        )
    case_events_append(
        actor=Actor.of_user(world.jc_aarhus_worker), citizen=world.bo, events=AUGUST_2026
    )
    dora = factories.citizen(world.jc_kbh, first_name="Dora")
    case_events_append(actor=Actor.of_user(world.jc_kbh_worker), citizen=dora, events=OCTOBER_2023)
    carl = factories.citizen(world.jc_kbh, world.ak_one, first_name="Carl")
    case_events_append(
        actor=Actor.of_user(world.ak_one_worker), citizen=carl, events=AUGUST_2026_DAGPENGE
    )
    stale = [world.anna, world.bo, dora]
    CitizenPlan.objects.filter(citizen__in=stale).update(parameter_hash="old")
    PlanItem.objects.filter(citizen__in=stale).update(parameter_hash="old")
    return {"anna": world.anna, "bo": world.bo, "dora": dora, "carl": carl}


def _akasse_interviews(citizen):
    rows = PlanItem.objects.filter(citizen=citizen, kind="interview", holder="akasse")
    return [(row.number, row.ruleset_id) for row in rows.order_by("number")]


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("recompute_plans", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_recomputes_exactly_the_stale_plans_and_says_which_changed(deployed):
    anna, carl = deployed["anna"], deployed["carl"]
    assert _akasse_interviews(anna) == [
        (1, "LEAFLET-2024"),
        (2, "LEAFLET-2024"),
        (3, "LEAFLET-2024"),
    ]
    carl_computed = CitizenPlan.objects.get(citizen=carl).computed_at
    with time_machine.travel(date(2026, 9, 1), tick=True):  # a later computed_at shows a write
        out, err = _run()
    assert "Recomputed 3 plans" in out
    assert "changed in substance: 1 " in out  # Anna's: R60 takes her a-kasse window to 2
    assert "interviews following another ruleset: 1 " in out
    assert "unchanged: 2" in out
    assert "No stale plans are left." in out
    # R60: the a-kasse window {2-3}, open on 1 July 2026, needs one interview more, not two.
    assert _akasse_interviews(anna) == [(1, "LEAFLET-2024"), (2, "RS2026-07")]
    stored = CitizenPlan.objects.get(citizen=anna)
    assert stored.ruleset_id == "LEAFLET-2024"  # the spell's own ruleset
    assert [i["ruleset"] for i in stored.document_da["interviews"]] == [
        "LEAFLET-2024",
        *["RS2026-07"] * 4,
    ]
    assert set(PlanItem.objects.values_list("parameter_hash", flat=True)) == {parameter_hash()}
    assert set(CitizenPlan.objects.values_list("parameter_hash", flat=True)) == {parameter_hash()}
    assert CitizenPlan.objects.get(citizen=carl).computed_at == carl_computed  # not stale
    # Not a terminal: a plain line before the work and one a batch, with the rate and the rest.
    lines = err.splitlines()
    assert lines[0] == "Stale (other parameter values): 3 plans; recomputing 3."
    assert lines[-1].startswith("recomputed 3/3 (100%), ")
    assert "plans/s, about 0 s left" in lines[-1]


def test_stopped_halfway_it_goes_on_with_the_plans_still_stale(deployed, monkeypatch):
    out, _ = _run("--batch", "1", "--limit", "1")
    assert "Recomputed 1 plan " in out
    assert "Still stale: 2 plans; run it again to go on." in out
    assert CitizenPlan.objects.filter(parameter_hash="old").count() == 2
    # A failure in the second batch loses that batch only: the first is stored.
    recompute_batch = plans._recompute_batch
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the machine went down")
        return recompute_batch(*args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(plans, "_recompute_batch", failing)
        with pytest.raises(RuntimeError):
            _run("--batch", "1")
    assert CitizenPlan.objects.filter(parameter_hash="old").count() == 1
    assert PlanItem.objects.filter(parameter_hash="old").exists()
    out, _ = _run()
    assert "Recomputed 1 plan " in out
    assert "No stale plans are left." in out
    assert not PlanItem.objects.filter(parameter_hash="old").exists()
    # Anna's plan changed in the first run; the runs together recomputed each stale plan once.
    assert _akasse_interviews(deployed["anna"]) == [(1, "LEAFLET-2024"), (2, "RS2026-07")]
    out, _ = _run()
    assert out.strip() == (
        "No stored plan was made with other parameter values: nothing to recompute."
    )


def test_a_second_full_run_finds_nothing_to_do(deployed):
    first = plans_recompute_stale(batch=2)
    assert (first.stale, first.recomputed, first.changed, first.other_rules, first.left) == (
        3,
        3,
        1,
        1,
        0,
    )
    again = plans_recompute_stale(batch=2)
    assert (again.stale, again.recomputed, again.changed) == (0, 0, 0)


def test_dry_run_counts_and_changes_nothing(deployed):
    out, _ = _run("--dry-run")
    assert (
        f"Would recompute 3 of the 3 stored plans made with other parameter values than this release's ({parameter_hash()})."
        in out
    )
    assert "spell's ruleset LEAFLET-2024: 1" in out
    assert "spell's ruleset RS2020: 1" in out
    assert "spell's ruleset RS2026-07: 1" in out
    assert CitizenPlan.objects.filter(parameter_hash="old").count() == 3
    assert _akasse_interviews(deployed["anna"])[-1] == (3, "LEAFLET-2024")
    out, _ = _run("--dry-run", "--limit", "2")
    assert "Would recompute 2 of the 3" in out


def test_enqueue_hands_it_to_the_task_worker(deployed):
    out, _ = _run("--enqueue", "--batch", "2")  # the test settings run tasks at once
    assert out.startswith("Enqueued as task ")
    assert not CitizenPlan.objects.filter(parameter_hash="old").exists()


def test_the_nightly_job_recomputes_stale_plans_too(deployed):
    assert plans_refresh_due(TODAY) == 3
    assert not CitizenPlan.objects.filter(parameter_hash="old").exists()
    assert plans_refresh_due(TODAY) == 0


def test_on_a_terminal_the_progress_is_a_bar_redrawn_in_place(deployed):
    class Terminal(StringIO):
        def isatty(self):
            return True

    from django.core.management.base import OutputWrapper

    terminal = Terminal()
    progress = Progress(OutputWrapper(terminal))
    plans_recompute_stale(batch=2, progress=progress)
    progress.close()
    drawn = terminal.getvalue()
    assert "\r[" + "#" * 20 + "-" * 10 + "] 2/3 (67%), " in drawn
    assert "\r[" + "#" * 30 + "] 3/3 (100%), " in drawn
    assert drawn.endswith("\n")


def test_bad_numbers_are_refused(deployed):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1"):
        _run("--batch", "0")
