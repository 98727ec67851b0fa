"""Rate limits: log-in, booking, registration and the API answer 429 when one client asks too
often, so nobody can guess passwords, empty a calendar or flood the event log from one place.

Each limit is a number of requests in a fixed window of seconds (`settings.RATE_LIMITS`, e.g.
``{"login": (20, 60)}``), counted per client in the ``ratelimit`` cache: a logged-in person by
their user, an organisation's system by its API key (a digest of it; the key itself is never
stored), anyone else by their address (behind a proxy, the address the proxy saw, as for the
log-in lock-out). Only the requests that do the thing are counted: the POST of the log-in form,
of booking, rebooking and cancelling, and of registering; every request to the API.

The counter is the cache's atomic ``incr`` on a key that expires with its window. In production
the cache is Redis (`REDIS_URL`), shared by every worker; a process-local cache would let each
worker grant the limit again. The answer is 429 with ``Retry-After`` and a message in the
client's language: a page for people, ``{"detail": ...}`` for the API.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext, ngettext

API_PREFIX = "/api/v1/"

# The pages whose POST is limited, by view name.
_LIMITED_VIEWS = {
    "web:login": "login",
    "selfservice:book": "booking",
    "selfservice:book_details": "booking",
    "selfservice:meeting_rebook": "booking",
    "selfservice:meeting_cancel": "booking",
    "registration:register": "registration",
}

# The API's operations that book or register, by path; every API request also counts as "api".
_LIMITED_API = (
    (re.compile(r"^citizens/\d+/bookings$"), "booking"),
    (re.compile(r"^bookings/\d+/(rebook|cancel)$"), "booking"),
    (re.compile(r"^citizens/?$"), "registration"),
)


@dataclass(frozen=True)
class Refusal:
    limit: str
    retry_after: int


def _client(request: HttpRequest) -> str:
    """Who is counted: the person, the organisation's key, or the address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    key = request.headers.get("X-API-Key", "")
    if key:
        return "key:" + hashlib.sha256(key.encode()).hexdigest()[:24]
    return f"addr:{client_address(request)}"


def client_address(request: HttpRequest) -> str:
    """The client's address: behind ``TRUSTED_PROXY_COUNT`` proxies, the one the first proxy saw
    in ``X-Forwarded-For`` (the entries before it can be made up by the client)."""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return str(hops[-proxies])
    return str(request.META.get("REMOTE_ADDR", ""))


def limits_of(request: HttpRequest, view_name: str | None) -> list[str]:
    """The limits this request counts against, in the order they are checked."""
    path = request.path
    if path.startswith(API_PREFIX):
        rest = path[len(API_PREFIX) :]
        named = [
            name
            for pattern, name in _LIMITED_API
            if request.method == "POST" and pattern.match(rest)
        ]
        return [*named, "api"]
    if request.method == "POST" and view_name in _LIMITED_VIEWS:
        return [_LIMITED_VIEWS[view_name]]
    return []


def check(
    limits: list[str], client: str, now: float | None = None, cache: BaseCache | None = None
) -> Refusal | None:
    """Count one request of ``client`` against each limit; the first one exceeded, if any."""
    configured: dict[str, tuple[int, int]] = settings.RATE_LIMITS
    cache = caches["ratelimit"] if cache is None else cache
    moment = time.time() if now is None else now
    for limit in limits:
        if limit not in configured:
            continue
        allowed, seconds = configured[limit]
        window = int(moment // seconds)
        key = f"rl:{limit}:{client}:{window}"
        cache.add(key, 0, timeout=seconds + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: this request opens a new window
            cache.add(key, 1, timeout=seconds + 1)
            count = 1
        if count > allowed:
            return Refusal(limit, max(1, int((window + 1) * seconds - moment)))
    return None


def _message(refusal: Refusal) -> str:
    return ngettext(
        "For mange forespørgsler. Vent %(seconds)d sekund, og prøv igen.",
        "For mange forespørgsler. Vent %(seconds)d sekunder, og prøv igen.",
        refusal.retry_after,
    ) % {"seconds": refusal.retry_after}


def refused(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"detail": _message(refusal)}, status=429)
    else:
        response = render(
            request,
            "web/too_many_requests.html",
            {"message": _message(refusal), "title": gettext("For mange forespørgsler")},
            status=429,
        )
    response["Retry-After"] = str(refusal.retry_after)
    return response


class RateLimitMiddleware:
    """After the session, the language and the user are known; before the view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        limits = limits_of(request, match.view_name if match is not None else None)
        if not limits:
            return None
        refusal = check(limits, _client(request))
        return refused(request, refusal) if refusal is not None else None
