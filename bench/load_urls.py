"""The site's URLs and /bench-floor/, a bare Django JSON view: the framework floor of
`bench/load.py` (the same server, middleware and settings, no session, no query)."""

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path

from kontaktforloeb.urls import handler400, handler403, handler404, handler500
from kontaktforloeb.urls import urlpatterns as site


def floor(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


urlpatterns: list[URLPattern | URLResolver] = [path("bench-floor/", floor), *site]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
