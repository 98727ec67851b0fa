"""The managers' pages (mounted at /statistik/): Rettidighed, Undtagelser (the 25 % rule), Hvad nu
hvis and Kapacitet (the capacity forecast)."""

from django.urls import path

from . import views, views_capacity, views_whatif

app_name = "statistics"

urlpatterns = [
    path("", views.index, name="index"),
    path("rettidighed/", views.timeliness_page, name="timeliness"),
    path("rettidighed/borgere/", views.timeliness_people, name="timeliness_people"),
    path("rettidighed/<slug:slug>.csv", views.timeliness_csv, name="timeliness_csv"),
    path("undtagelser/", views.exemptions_page, name="exemptions"),
    path("undtagelser/borgere/", views.exemptions_people, name="exemptions_people"),
    path("undtagelser/<slug:slug>.csv", views.exemptions_csv, name="exemptions_csv"),
    path("hvad-nu-hvis/", views_whatif.whatif_page, name="whatif"),
    path("kapacitet/", views_capacity.capacity_page, name="capacity"),
    path("kapacitet/borgere/", views_capacity.capacity_people, name="capacity_people"),
    path("kapacitet/<slug:slug>.csv", views_capacity.capacity_csv, name="capacity_csv"),
]
