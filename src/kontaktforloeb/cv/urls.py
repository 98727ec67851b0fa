"""Pages of the cv app."""

from django.urls import URLPattern, URLResolver

app_name = "cv"

urlpatterns: list[URLPattern | URLResolver] = []
