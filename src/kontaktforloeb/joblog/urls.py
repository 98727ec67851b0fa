"""The citizen's joblog pages, under `/min-side/joblog/`."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "joblog"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.joblog_list, name="list"),
    path("ny/", views.joblog_add, name="add"),
    path("<int:entry_id>/ret/", views.joblog_edit, name="edit"),
    path("<int:entry_id>/slet/", views.joblog_delete, name="delete"),
    path("joblog.csv", views.joblog_export, name="export"),
]
