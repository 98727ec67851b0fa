"""The state machine's steps and the kinds the engine sorts before it (engine ``_work``)."""

from kontaktforloeb.rules.engine import DECISIONS, STEPS
from kontaktforloeb.rules.events import EVENT_TYPES


def test_the_kinds_sorted_before_the_state_machine_are_the_ones_it_has_steps_for() -> None:
    # ``_work`` appends these to the steps by name, and tests the rest against STEPS; the kinds
    # it handles itself must not be steps, or the course would never see them.
    assert {"booking_deadline_issued", "booked", "interview_held", "group_changed"} <= STEPS
    handled_elsewhere = {
        "registered",
        "dagpenge_paid",
        "sick",
        "cv_published",
        "cv_approved",
        "akasse_participation",
        "job_start_documented",
        # Facts of the case the plan does not depend on: who holds the case, what was decided.
        "moved",
        "consequence_decided",
    }
    assert STEPS.isdisjoint(handled_elsewhere)
    # The decisions of the law since 2026 are gathered apart; an interview exemption is also a
    # step, since it closes booking deadlines (R65).
    assert {"interviews_exempted"} == STEPS & DECISIONS
    assert STEPS | handled_elsewhere | DECISIONS == set(EVENT_TYPES)
