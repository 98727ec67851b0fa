"""Kalender og ledige tider, mounted at /kalender/."""

from django.urls import path

from . import views

app_name = "booking"

urlpatterns = [
    path("", views.calendar_week, name="week"),
    path("team/", views.team_week, name="team"),
    path("medarbejder/<int:caseworker_id>/", views.caseworker_week, name="caseworker_week"),
    path("tider/<int:slot_id>/", views.slot_toggle, name="slot_toggle"),
    path("arbejdstider/", views.pattern_list, name="patterns"),
    path("arbejdstider/ny/", views.pattern_edit, name="pattern_new"),
    path("arbejdstider/<int:pattern_id>/", views.pattern_edit, name="pattern_edit"),
    path("arbejdstider/<int:pattern_id>/slet/", views.pattern_delete, name="pattern_delete"),
    path("undtagelser/ny/", views.exception_new, name="exception_new"),
    path("undtagelser/<int:exception_id>/slet/", views.exception_delete, name="exception_delete"),
]
