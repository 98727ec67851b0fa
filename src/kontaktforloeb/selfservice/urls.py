"""The citizen's pages under /min-side/ (the start page and "Hvem har set mine data" are mounted
by `kontaktforloeb.web.urls` as `web:citizen_home` and `web:citizen_access_log`)."""

from django.urls import URLPattern, URLResolver, path

from . import trials, views

app_name = "selfservice"

urlpatterns: list[URLPattern | URLResolver] = [
    path("plan/", views.plan_page, name="plan"),
    path("book/<int:interview>/", views.book, name="book"),
    path("book/<int:interview>/om-samtalen/", views.book_details, name="book_details"),
    path("moeder/", views.meetings, name="meetings"),
    path("moeder/<int:booking_id>/", views.meeting, name="meeting"),
    path("moeder/<int:booking_id>/kvittering/", views.receipt, name="receipt"),
    path("moeder/<int:booking_id>/kalender.ics", views.meeting_ics_download, name="meeting_ics"),
    path("moeder/<int:booking_id>/ombook/", views.meeting_rebook, name="meeting_rebook"),
    path("moeder/<int:booking_id>/afbud/", views.meeting_cancel, name="meeting_cancel"),
    path(
        "moeder/<int:booking_id>/forberedelse/",
        views.meeting_preparation,
        name="meeting_preparation",
    ),
    path("forberedelse/", views.preparation, name="preparation"),
    path("bed-om-en-samtale/", views.interview_request, name="interview_request"),
    path("beskeder/", views.inbox, name="inbox"),
    path("beskeder/<int:message_id>/", views.message, name="message"),
    path("indstillinger/", views.settings_page, name="settings"),
    # R73: who holds the first four months in the free-choice trial (from 2027).
    path("valg-af-forloeb/", trials.trial_choice, name="trial_choice"),
]
