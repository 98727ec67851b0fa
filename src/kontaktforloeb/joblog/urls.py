"""Pages of the joblog app."""

from django.urls import URLPattern, URLResolver

app_name = "joblog"

urlpatterns: list[URLPattern | URLResolver] = []
