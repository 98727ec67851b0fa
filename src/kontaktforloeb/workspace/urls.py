"""Pages of the workspace app that are not mounted by `kontaktforloeb.web.urls`."""

from django.urls import URLPattern, URLResolver

app_name = "workspace"

urlpatterns: list[URLPattern | URLResolver] = []
