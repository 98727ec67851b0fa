"""Staff pages of the joblog, under `/sager/joblog/`."""

from django.urls import URLPattern, URLResolver, path

from . import staff_views

app_name = "joblog_staff"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff_views.staff_inactive, name="inactive"),
    path("<int:citizen_id>/", staff_views.staff_citizen_joblog, name="citizen"),
    path("<int:citizen_id>/krav/", staff_views.staff_requirement_set, name="requirement"),
]
