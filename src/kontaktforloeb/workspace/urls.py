"""Pages of the workspace app that are not mounted by `kontaktforloeb.web.urls`."""

from django.urls import URLPattern, URLResolver, path

from . import views_worklists

app_name = "workspace"

urlpatterns: list[URLPattern | URLResolver] = [
    path("arbejdsliste/<slug:slug>/", views_worklists.worklist_page, name="worklist"),
    path("overdragelse/", views_worklists.handover_page, name="handover"),
]
