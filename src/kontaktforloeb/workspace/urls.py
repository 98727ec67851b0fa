"""Pages of the workspace app that are not mounted by `kontaktforloeb.web.urls`."""

from django.urls import URLPattern, URLResolver, path

from . import (
    actions,
    actions_consequences,
    actions_exemptions,
    actions_moves,
    meetings,
    views_rules,
    views_worklists,
)
from .actions_trials import trial_change

app_name = "workspace"

urlpatterns: list[URLPattern | URLResolver] = [
    path("arbejdsliste/<slug:slug>/", views_worklists.worklist_page, name="worklist"),
    path("overdragelse/", views_worklists.handover_page, name="handover"),
    path("regler/aendringer/", views_rules.rules_diff_page, name="rules_diff"),
    # The caseworker's day and the actions on a case.
    path("moeder/", meetings.meetings_day, name="meetings_day"),
    path("<int:citizen_id>/frist/", actions.deadline_new, name="deadline_new"),
    path("<int:citizen_id>/indkald/", actions.summons_new, name="summons_new"),
    path(
        "<int:citizen_id>/moeder/<int:booking_id>/udfald/",
        actions.outcome_new,
        name="outcome_new",
    ),
    path("<int:citizen_id>/selvbooking/", actions.selfbooking_edit, name="selfbooking_edit"),
    path("<int:citizen_id>/planlaeg/", actions.planned_new, name="planned_new"),
    path(
        "<int:citizen_id>/anmodninger/<int:request_id>/",
        actions.request_handle,
        name="request_handle",
    ),
    path("<int:citizen_id>/registrer/<slug:action>/", actions.event_new, name="event_new"),
    path(
        "<int:citizen_id>/konsekvens/<slug:consequence>/<str:day>/afgoer/",
        actions_consequences.consequence_decide_view,
        name="consequence_decide",
    ),
    path("<int:citizen_id>/undtagelse/", actions_exemptions.exemption_new, name="exemption_new"),
    path("<int:citizen_id>/flytning/", actions_moves.move_new, name="move_new"),
    path("<int:citizen_id>/forsoeg/", trial_change, name="trial_change"),
    path(
        "<int:citizen_id>/undtagelse/afslut/",
        actions_exemptions.exemption_end,
        name="exemption_end",
    ),
    path(
        "<int:citizen_id>/undtagelse/tilbud/",
        actions_exemptions.offer_exemption_new,
        name="offer_exemption_new",
    ),
    path(
        "<int:citizen_id>/undtagelse/tilbud/afslut/",
        actions_exemptions.offer_exemption_end_view,
        name="offer_exemption_end",
    ),
]
