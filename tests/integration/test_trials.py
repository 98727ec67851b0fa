"""The 2027 trials (RULES-2026 R73, provisional) where a course begins: the a-kasse trial is
assigned with the registration outside the 19 free-choice municipalities; inside them the citizen
chooses once who holds the first four months, and only the municipality changes it, with a
reason; another actor sees the citizens who chose it only during its period, they book with it
and it summons them, while the a-kasse does not hold those interviews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from kontaktforloeb.booking.errors import NotAllowed
from kontaktforloeb.booking.models import Booking
from kontaktforloeb.booking.services import booking_create, meeting_record_outcome
from kontaktforloeb.cases.exemptions import (
    ApprovalRequired,
    NotHolder,
    exemption_share,
    interviews_exempt,
)
from kontaktforloeb.cases.models import CaseEvent, Citizen, PlanItem
from kontaktforloeb.cases.plans import plan_recompute
from kontaktforloeb.cases.registration import Registration, citizen_register
from kontaktforloeb.cases.selectors import citizens_visible_to
from kontaktforloeb.cases.trials import TrialRefused, trial_assign, trial_state
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation, User
from kontaktforloeb.workspace.actions import due_interviews
from tests.support import factories
from tests.support.calendar import at, slot_of, weekday_free_times

TODAY = date(2027, 2, 1)  # a Monday; interview 1 is due by Monday 15 February 2027
REASON = "Borgeren ringede og vil hellere gå til samtaler hos Jobformidling Øst"


@pytest.fixture
def clock():
    with time_machine.travel(at(TODAY, 8), tick=False) as traveller:
        yield traveller


@dataclass
class Trials:
    world: Any
    actor: Organisation
    worker: User
    other_actor: Organisation


@pytest.fixture
def trials(world, clock) -> Trials:
    """Jobformidling Øst, another actor København names, with a caseworker and free times; and
    an actor of Aarhus that København's citizens cannot choose."""
    actor = factories.anden_aktoer("Jobformidling Øst", serves=(world.jc_kbh,))
    worker = factories.staff(actor, username="aktoer-oest")
    other = factories.anden_aktoer("Jobhuset Vest", serves=(world.jc_aarhus,))
    weekday_free_times((worker, world.ak_one_worker, world.jc_kbh_worker), start=TODAY, weeks=8)
    return Trials(world, actor, worker, other)


def register(
    municipality: Organisation,
    akasse: Organisation | None,
    *,
    cpr: str,
    group: str = "dagpenge",
    first_day: date = TODAY,
    actor: Actor | None = None,
) -> Citizen:
    user = User.objects.create_user(username=f"borger-{cpr}", role=User.Role.CITIZEN)
    registered = citizen_register(
        actor=actor or Actor.of_user(user),
        registration=Registration(
            cpr=cpr,
            first_name="Ida",
            last_name=f"Olesen{cpr[-4:]}",
            municipality=municipality,
            group=group,
            first_day=first_day,
            akasse=akasse,
        ),
        user=user,
    )
    return Citizen.objects.get(pk=registered.pk)


def trials_of(citizen: Citizen) -> list[dict[str, Any]]:
    return [e.data for e in citizen.events.filter(type="trial_assigned").order_by("id")]


@pytest.fixture
def ida(trials) -> Citizen:
    """A member of a-kasse one in København (free choice), registered today on dagpenge."""
    return register(trials.world.jc_kbh, trials.world.ak_one, cpr="1503851234")


def choose(client, citizen: Citizen, value: str):
    client.force_login(citizen.user)
    return client.post(reverse("selfservice:trial_choice"), {"holder": value})


def chose_actor(client, trials: Trials, citizen: Citizen) -> None:
    response = choose(client, citizen, f"anden_aktoer:{trials.actor.pk}")
    assert response.status_code == 302
    client.logout()
    citizen.refresh_from_db()


# --- Assignment at registration -----------------------------------------------------------------


def test_outside_the_19_a_new_dagpenge_spell_is_in_the_akasse_trial_from_its_registration(
    trials,
):
    world = trials.world
    citizen = register(world.jc_aarhus, world.ak_one, cpr="1604861234")
    assert [e.type for e in citizen.events.order_by("id")] == ["registered", "trial_assigned"]
    event = citizen.events.get(type="trial_assigned")
    assert event.date == TODAY and event.data == {"trial": "akasse4", "holder": "akasse"}
    document = citizen.plan.document_da
    assert document["trial"]["trial"] == "akasse4" and document["ignored_events"] == []
    assert document["handover"]["date"] == "2027-06-01"  # after four months, not three
    # The caseworker who registers a walk-in gets the same, in the same transaction.
    walk_in = register(
        world.jc_aarhus, world.ak_two, cpr="1705871234", actor=Actor.of_user(world.jc_aarhus_worker)
    )
    assert trials_of(walk_in) == [{"trial": "akasse4", "holder": "akasse"}]


def test_in_a_free_choice_municipality_nothing_is_assigned_and_the_citizen_is_asked(
    client, trials, ida
):
    assert trials_of(ida) == []
    state = trial_state(ida)
    assert state is not None and state.trial == "frit_valg" and state.choice_open
    assert state.deadline == date(2027, 2, 15)
    client.force_login(ida.user)
    for page in ("registration:receipt", "selfservice:plan", "web:citizen_home"):
        text = client.get(reverse(page)).content.decode()
        assert reverse("selfservice:trial_choice") in text, page
        assert "Vælg hvem der skal holde dine første 4 måneder" in text
        assert "mandag 15. februar 2027" in text


def test_no_trial_for_a_spell_of_2026_or_for_kontanthjaelp(trials, clock):
    world = trials.world
    clock.move_to(at(date(2027, 1, 5), 9))
    autumn = register(world.jc_aarhus, world.ak_one, cpr="1806881234", first_day=date(2026, 12, 28))
    assert trials_of(autumn) == [] and autumn.plan.document_da["trial"] is None
    assert trial_state(autumn) is None
    clock.move_to(at(TODAY, 9))
    help_ = register(world.jc_aarhus, None, cpr="1907891234", group="kontanthjaelp_jobparat")
    assert trials_of(help_) == [] and trial_state(help_) is None
    in_kbh = register(world.jc_kbh, None, cpr="2008901234", group="kontanthjaelp_jobparat")
    assert trial_state(in_kbh) is None


def test_the_list_of_municipalities_is_the_parameter_not_ours(trials):
    """Gentofte (157) is one of the 19; Aarhus (751) is not."""
    gentofte = factories.jobcenter(157, "Gentofte Kommune")
    citizen = register(gentofte, trials.world.ak_one, cpr="2109911234")
    assert trials_of(citizen) == [] and trial_state(citizen).trial == "frit_valg"


def test_only_the_trials_service_records_a_trial(client, trials, ida):
    world = trials.world
    key = factories.api_key(world.jc_kbh)
    event = {"type": "trial_assigned", "date": "2027-02-01", "trial": "frit_valg"}
    response = client.post(
        f"/api/v1/citizens/{ida.pk}/events",
        {"events": [{**event, "holder": "jobcenter"}]},
        content_type="application/json",
        headers={"X-API-Key": key},
    )
    assert response.status_code == 403 and "trials service" in response.json()["detail"]
    assert trials_of(ida) == []


# --- The citizen's choice, once --------------------------------------------------------------


def test_the_page_compares_the_three_choices(client, trials, ida):
    client.force_login(ida.user)
    page = client.get(reverse("selfservice:trial_choice")).content.decode()
    for text in (
        "Hvem skal holde dine første 4 måneder?",
        "A-kassen: A-kasse Et",
        "Kommunen: Jobcenter København",
        "En anden aktør: Jobformidling Øst",
        "Bagefter",
        "Her er møderne",
        "der er ingen overgang",
        "Foreløbig",
        "Du vælger én gang, senest mandag 15. februar 2027",
    ):
        assert text in page, text
    assert "Jobhuset Vest" not in page  # not one of København's actors
    client.cookies["kf_language"] = "en"
    english = client.get(reverse("selfservice:trial_choice")).content.decode()
    assert "Who should hold your first 4 months?" in english
    assert "You choose once, by Monday 15 February 2027" in english


def test_the_citizen_chooses_once_and_then_reads_who_can_change_it(client, trials, ida):
    response = choose(client, ida, f"anden_aktoer:{trials.actor.pk}")
    assert response.status_code == 302
    ida.refresh_from_db()
    assert ida.other_actor == trials.actor
    assert trials_of(ida) == [
        {"trial": "frit_valg", "holder": "anden_aktoer", "actor_id": trials.actor.pk}
    ]
    interviews = PlanItem.objects.filter(citizen=ida, kind="interview").order_by("number")
    assert [i.holder for i in interviews[:2]] == ["anden_aktoer", "anden_aktoer"]
    page = client.get(reverse("selfservice:trial_choice")).content.decode()
    assert "Dit valg af forløb" in page and "Jobformidling Øst" in page
    assert "kan kun ændres af kommunens medarbejdere" in page
    assert 'name="holder"' not in page  # no second choice offered
    # A second choice is refused and changes nothing.
    again = choose(client, ida, "jobcenter")
    assert again.status_code == 200
    assert "Du har allerede valgt" in again.content.decode()
    assert len(trials_of(ida)) == 1
    # The links to choose are gone.
    assert (
        reverse("selfservice:trial_choice")
        not in client.get(reverse("selfservice:plan")).content.decode()
    )


def test_the_choice_page_is_for_the_free_choice_trial_only(client, trials):
    world = trials.world
    aarhus = register(world.jc_aarhus, world.ak_one, cpr="2210921234")
    client.force_login(aarhus.user)
    assert client.get(reverse("selfservice:trial_choice")).status_code == 404
    client.force_login(world.jc_kbh_worker)
    assert client.get(reverse("selfservice:trial_choice")).status_code == 404


def test_a_citizen_cannot_choose_an_actor_the_municipality_does_not_name(trials, ida):
    with pytest.raises(TrialRefused):
        trial_assign(
            actor=Actor.of_user(ida.user),
            citizen=ida,
            trial="frit_valg",
            holder="anden_aktoer",
            other_actor=trials.other_actor,
        )
    with pytest.raises(TrialRefused):  # nor the a-kasse trial, which follows Aarhus, not here
        trial_assign(actor=Actor.of_user(ida.user), citizen=ida, trial="akasse4", holder="akasse")
    assert trials_of(ida) == []


def test_after_the_deadline_the_citizen_can_no_longer_choose(client, trials, ida, clock):
    clock.move_to(at(date(2027, 2, 16), 9))
    client.force_login(ida.user)
    page = client.get(reverse("selfservice:trial_choice")).content.decode()
    assert "Fristen for at vælge er passeret" in page
    assert (
        reverse("selfservice:trial_choice")
        not in client.get(reverse("selfservice:plan")).content.decode()
    )
    response = choose(client, ida, "jobcenter")
    assert response.status_code == 200 and trials_of(ida) == []


# --- The municipality's change, with a reason ------------------------------------------------


def test_the_municipality_changes_the_choice_with_a_reason(client, trials, ida):
    world = trials.world
    choose(client, ida, "akasse")
    url = reverse("workspace:trial_change", args=[ida.pk])
    client.force_login(world.jc_kbh_worker)
    case = client.get(reverse("web:case_detail", args=[ida.pk])).content.decode()
    assert "Forsøg med frit valg" in case and url in case
    without = client.post(url, {"holder": f"anden_aktoer:{trials.actor.pk}", "reason": " "})
    assert without.status_code == 200 and "Skriv en begrundelse" in without.content.decode()
    assert len(trials_of(ida)) == 1
    response = client.post(url, {"holder": f"anden_aktoer:{trials.actor.pk}", "reason": REASON})
    assert response.status_code == 302
    ida.refresh_from_db()
    assert ida.other_actor == trials.actor
    assert trials_of(ida)[-1] == {
        "trial": "frit_valg",
        "holder": "anden_aktoer",
        "actor_id": trials.actor.pk,
        "reason": REASON,
    }
    document = ida.plan.document_da
    assert document["trial"]["holder"] == "anden_aktoer" and document["ignored_events"] == []
    assert any(REASON in reason["text"] for reason in document["trial"]["because"])
    case = client.get(reverse("web:case_detail", args=[ida.pk])).content.decode()
    assert "Jobformidling Øst holder de første 4 måneder" in case and REASON in case
    # The citizen reads that the municipality changed it, and why.
    client.force_login(ida.user)
    page = client.get(reverse("selfservice:trial_choice")).content.decode()
    assert "Ændret af kommunen" in page and REASON in page


def test_only_the_municipality_has_the_change(client, trials, ida):
    world = trials.world
    chose_actor(client, trials, ida)
    url = reverse("workspace:trial_change", args=[ida.pk])
    for user in (world.ak_one_worker, trials.worker, world.jc_aarhus_worker, ida.user):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
        assert client.post(url, {"holder": "jobcenter", "reason": REASON}).status_code == 404
    assert len(trials_of(ida)) == 1
    client.force_login(world.ak_one_worker)
    case = client.get(reverse("web:case_detail", args=[ida.pk])).content.decode()
    assert url not in case


def test_after_interview_1_is_held_the_choice_stays_and_the_page_says_why(client, trials, ida):
    world = trials.world
    choose(client, ida, "akasse")
    slot = slot_of(world.ak_one_worker, date(2027, 2, 3), 9)
    booking = booking_create(
        actor=Actor.of_user(world.ak_one_worker),
        citizen=ida,
        slot_id=slot.pk,
        interview=1,
        channel="in_person",
        topic="job_search",
        summons=True,
    )
    with time_machine.travel(at(date(2027, 2, 4), 9), tick=False):
        meeting_record_outcome(
            actor=Actor.of_user(world.ak_one_worker), booking=booking, outcome="held"
        )
        with pytest.raises(TrialRefused) as refused:
            trial_assign(
                actor=Actor.of_user(world.jc_kbh_worker),
                citizen=ida,
                trial="frit_valg",
                holder="jobcenter",
                reason=REASON,
            )
        assert "den første samtale er allerede holdt" in refused.value.message_da
        client.force_login(world.jc_kbh_worker)
        page = client.get(reverse("workspace:trial_change", args=[ida.pk])).content.decode()
        assert "Valget kan ikke længere ændres" in page and 'name="reason"' not in page
    assert len(trials_of(ida)) == 1


def test_a_live_meeting_with_the_first_holder_is_cancelled_before_a_change(trials, ida):
    world = trials.world
    trial_assign(actor=Actor.of_user(ida.user), citizen=ida, trial="frit_valg", holder="akasse")
    booking_create(
        actor=Actor.of_user(world.ak_one_worker),
        citizen=ida,
        slot_id=slot_of(world.ak_one_worker, date(2027, 2, 3), 9).pk,
        interview=1,
        channel="in_person",
        topic="job_search",
        summons=True,
    )
    with pytest.raises(TrialRefused, match="aflyses"):
        trial_assign(
            actor=Actor.of_user(world.jc_kbh_worker),
            citizen=ida,
            trial="frit_valg",
            holder="anden_aktoer",
            other_actor=trials.actor,
            reason=REASON,
        )


# --- The other actor's access, only during its period ----------------------------------------


def test_the_actor_sees_the_case_only_during_its_period(client, trials, ida, clock):
    url = reverse("web:case_detail", args=[ida.pk])
    client.force_login(trials.worker)
    assert client.get(url).status_code == 404  # before the choice
    chose_actor(client, trials, ida)
    client.force_login(trials.worker)
    page = client.get(url)
    assert page.status_code == 200 and ida.name in page.content.decode()
    assert list(citizens_visible_to(Actor.of_user(trials.worker))) == [ida]
    # Its worklist has the first interview, not booked.
    home = client.get(reverse("web:staff_home")).content.decode()
    assert ida.name in home
    # Another actor, and the actor for another citizen of København: not theirs.
    other_worker = factories.staff(trials.other_actor, username="aktoer-vest")
    client.force_login(other_worker)
    assert client.get(url).status_code == 404
    # After the handover in the stored plan (1 June 2027) the case is the municipality's alone.
    clock.move_to(at(date(2027, 6, 1), 9))
    plan_recompute(ida)
    client.force_login(trials.worker)
    assert client.get(url).status_code == 404
    assert not citizens_visible_to(Actor.of_user(trials.worker)).exists()
    client.force_login(trials.world.jc_kbh_worker)
    assert client.get(url).status_code == 200


def test_the_actor_leaves_when_the_choice_is_changed_away_from_it(client, trials, ida):
    chose_actor(client, trials, ida)
    trial_assign(
        actor=Actor.of_user(trials.world.jc_kbh_worker),
        citizen=ida,
        trial="frit_valg",
        holder="jobcenter",
        reason="Borgeren vil hellere gå i kommunen",
    )
    ida.refresh_from_db()
    assert ida.other_actor is None
    client.force_login(trials.worker)
    assert client.get(reverse("web:case_detail", args=[ida.pk])).status_code == 404


# --- Booking with the actor ------------------------------------------------------------------


def test_the_citizen_books_with_the_actor_and_the_akasse_does_not_hold_it(client, trials, ida):
    world = trials.world
    chose_actor(client, trials, ida)
    slot = slot_of(trials.worker, date(2027, 2, 4), 9)
    client.force_login(ida.user)
    book = client.get(reverse("selfservice:book", args=[1])).content.decode()
    assert f'value="{slot.pk}"' in book
    response = client.post(
        reverse("selfservice:book_details", args=[1]) + f"?tid={slot.pk}",
        {"tid": slot.pk, "channel": "in_person", "topic": "job_search", "topic_text": ""},
    )
    assert response.status_code == 302
    booking = Booking.objects.get(citizen=ida)
    assert booking.organisation == trials.actor and booking.holder == "anden_aktoer"
    assert booking.caseworker == trials.worker
    assert PlanItem.objects.get(citizen=ida, kind="interview", number=1).status == "booked"
    # The a-kasse holds none of these interviews: nothing to summon to, and it may not.
    assert due_interviews(ida, "akasse") == []
    with pytest.raises(NotAllowed):
        booking_create(
            actor=Actor.of_user(world.ak_one_worker),
            citizen=ida,
            slot_id=slot_of(world.ak_one_worker, date(2027, 2, 5), 9).pk,
            interview=2,
            channel="in_person",
            topic="job_search",
            summons=True,
        )


def test_the_actor_summons_and_records_the_interview(client, trials, ida):
    chose_actor(client, trials, ida)
    slot = slot_of(trials.worker, date(2027, 2, 8), 10, 30)
    client.force_login(trials.worker)
    summons = reverse("workspace:summons_new", args=[ida.pk])
    form = client.get(summons + "?samtale=1").content.decode()
    assert f'value="{slot.pk}"' in form
    response = client.post(
        summons,
        {
            "interview": "1",
            "slot": slot.pk,
            "channel": "in_person",
            "topic": "job_search",
            "topic_text": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    booking = Booking.objects.get(citizen=ida)
    assert booking.summoned and booking.organisation == trials.actor
    notes = "Ida vil søge job som laborant."
    with time_machine.travel(at(date(2027, 2, 8), 12), tick=False):
        meeting_record_outcome(
            actor=Actor.of_user(trials.worker), booking=booking, outcome="held", notes=notes
        )
    held = CaseEvent.objects.get(citizen=ida, type="interview_held")
    assert held.data["holder"] == "anden_aktoer" and held.organisation == trials.actor
    assert PlanItem.objects.get(citizen=ida, kind="interview", number=1).status == "held"
    # The municipality reads the actor's notes from the handover on, not before (R4); the
    # a-kasse never does.
    case = reverse("web:case_detail", args=[ida.pk])
    with time_machine.travel(at(date(2027, 2, 9), 9), tick=False):
        client.force_login(trials.world.jc_kbh_worker)
        assert notes not in client.get(case).content.decode()
        client.force_login(trials.world.ak_one_worker)
        assert notes not in client.get(case).content.decode()
    with time_machine.travel(at(date(2027, 6, 1), 9), tick=False):
        client.force_login(trials.world.jc_kbh_worker)
        assert notes in client.get(case).content.decode()


def test_the_actor_records_only_its_own_interviews(client, trials, ida):
    chose_actor(client, trials, ida)
    key = factories.api_key(trials.actor)
    for holder, status in (("jobcenter", 403), ("akasse", 403)):
        response = client.post(
            f"/api/v1/citizens/{ida.pk}/events",
            {
                "events": [
                    {
                        "type": "interview_held",
                        "date": "2027-02-01",
                        "holder": holder,
                        "channel": "in_person",
                    }
                ]
            },
            content_type="application/json",
            headers={"X-API-Key": key},
        )
        assert response.status_code == status, holder
    assert not CaseEvent.objects.filter(citizen=ida, type="interview_held").exists()
    # And a citizen of another: 404, as for any citizen that is not theirs.
    bo = trials.world.bo
    response = client.get(f"/api/v1/citizens/{bo.pk}", headers={"X-API-Key": key})
    assert response.status_code == 404


def test_deadlines_and_summons_move_with_time(trials, ida):
    """The plan's dates for the actor's interviews are those of the a-kasse trial."""
    trial_assign(
        actor=Actor.of_user(ida.user),
        citizen=ida,
        trial="frit_valg",
        holder="anden_aktoer",
        other_actor=trials.actor,
    )
    interviews = {
        i.number: i for i in PlanItem.objects.filter(citizen=ida, kind=PlanItem.Kind.INTERVIEW)
    }
    assert interviews[1].deadline == TODAY + timedelta(days=14)
    assert interviews[2].deadline == date(2027, 5, 31)
    handover = PlanItem.objects.get(citizen=ida, kind=PlanItem.Kind.HANDOVER)
    assert handover.holder == "anden_aktoer" and handover.deadline == date(2027, 6, 1)


def test_the_actor_excuses_within_its_own_period_with_its_own_share(client, trials, ida):
    """R65, R66: another actor exempts from its period's interviews after the first; its share
    is its own (one citizen of one: above 25 %, so its manager approves)."""
    world = trials.world
    chose_actor(client, trials, ida)
    booking = booking_create(
        actor=Actor.of_user(trials.worker),
        citizen=ida,
        slot_id=slot_of(trials.worker, date(2027, 2, 2), 9).pk,
        interview=1,
        channel="in_person",
        topic="job_search",
        summons=True,
    )
    with time_machine.travel(at(date(2027, 2, 2), 12), tick=False):
        meeting_record_outcome(actor=Actor.of_user(trials.worker), booking=booking, outcome="held")
        with pytest.raises(NotHolder):
            interviews_exempt(actor=Actor.of_user(world.ak_one_worker), citizen=ida, reason=REASON)
        with pytest.raises(ApprovalRequired):
            interviews_exempt(actor=Actor.of_user(trials.worker), citizen=ida, reason=REASON)
        manager = factories.staff(trials.actor, role=User.Role.MANAGER, username="aktoer-leder")
        interviews_exempt(actor=Actor.of_user(manager), citizen=ida, reason=REASON, approve=True)
        before, _ = exemption_share(trials.actor)
        assert (before.exempted, before.citizens) == (1, 1)
        assert PlanItem.objects.get(citizen=ida, kind="interview", number=2).status == "exempted"
        client.force_login(trials.worker)
        case = client.get(reverse("web:case_detail", args=[ida.pk])).content.decode()
        assert "besluttet af Jobformidling Øst" in case


def test_the_actor_caseworker_logs_in_and_keeps_a_calendar_of_free_times(client, trials):
    """Another actor's caseworker logs in like other staff and has a calendar of its own."""
    response = client.post(
        reverse("web:login"),
        {"username": "aktoer-oest", "password": factories.PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("web:staff_home")
    week = client.get(reverse("booking:week") + "?uge=2027-W05")
    assert week.status_code == 200 and "kl. 09.00" in week.content.decode()
    patterns = client.get(reverse("booking:patterns"))
    assert patterns.status_code == 200
    # Not another organisation's caseworker's week.
    other = reverse("booking:caseworker_week", args=[trials.world.ak_one_worker.pk])
    assert client.get(other).status_code == 404
