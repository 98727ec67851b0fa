"""Pages of the selfservice app that are not mounted by `kontaktforloeb.web.urls`."""

from django.urls import URLPattern, URLResolver

app_name = "selfservice"

urlpatterns: list[URLPattern | URLResolver] = []
