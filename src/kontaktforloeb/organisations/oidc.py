"""Citizens log in with MitID through an OpenID Connect broker (authorisation code flow).

The broker's userinfo response (or, without a userinfo endpoint, its ID token) carries the
citizen's CPR number in the claim named by `OIDC_CPR_CLAIM`. Only citizens the system already
knows (registered by a jobcentre or an a-kasse) can log in; the first log-in links a new citizen
user account to the case, later log-ins reuse it. Nobody is created from a log-in.

mozilla-django-oidc drives the protocol; this module tightens it:

- the ID token must be signed with the configured algorithm by a key from the broker's JWKS,
  be addressed to us (`aud`), carry `exp` and `iat`, and come from `OIDC_OP_ISSUER` when that is
  set; userinfo must be about the same `sub` as the ID token;
- anything wrong on the broker's side (bad token, refused code, broker unreachable) is a refused
  log-in with a message on the log-in page, never an error page;
- the CPR number is never logged and never becomes a user name.
"""

from __future__ import annotations

import enum
import logging
import secrets
from datetime import datetime, timedelta
from typing import Any, cast

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from .models import User

logger = logging.getLogger(__name__)


class Refusal(enum.StrEnum):
    """Why a MitID log-in was refused (logged, and shown to the citizen in plain words)."""

    UNKNOWN_CITIZEN = "unknown_citizen"
    NO_CPR = "no_cpr"
    INACTIVE = "inactive"
    PROTOCOL = "protocol"


# The backend notes on the request why it refused, so the callback view can say so.
_REFUSAL_ATTRIBUTE = "mitid_refusal"


class MitIDRefused(Exception):
    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


def cpr_from_claims(claims: dict[str, Any]) -> str | None:
    """The ten digits of the CPR number in the claims, or None when it is missing or malformed."""
    from kontaktforloeb.cases.cpr import normalise_cpr

    value = claims.get(settings.OIDC_CPR_CLAIM)
    if not isinstance(value, str):
        return None
    try:
        return normalise_cpr(value)
    except ValidationError:
        return None


# The session key under which a MitID log-in of an unknown person waits for their registration.
REGISTRATION_SESSION_KEY = "mitid_registration"
REGISTRATION_MINUTES = 30


def remember_for_registration(request: HttpRequest, cpr: str, claims: dict[str, Any]) -> None:
    """Keep the CPR number and name MitID vouched for, for the registration that follows."""
    given = str(claims.get("given_name") or "").strip()
    family = str(claims.get("family_name") or "").strip()
    if not (given and family):
        parts = str(claims.get("name") or "").split()
        given, family = (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else ("", "")
    request.session[REGISTRATION_SESSION_KEY] = {
        "cpr": cpr,
        "first_name": given,
        "last_name": family,
        "at": timezone.now().isoformat(),
    }


def registration_pending(request: HttpRequest) -> dict[str, str] | None:
    """The MitID identity waiting to register, if it is recent enough."""
    pending = request.session.get(REGISTRATION_SESSION_KEY)
    if not isinstance(pending, dict) or "cpr" not in pending:
        return None
    try:
        at = datetime.fromisoformat(str(pending.get("at")))
    except ValueError:
        return None
    if timezone.now() - at > timedelta(minutes=REGISTRATION_MINUTES):
        return None
    return {key: str(value) for key, value in pending.items()}


def citizen_user_for_cpr(cpr: str) -> User:
    """The user account of the known citizen with this CPR number, linking a new one on the first
    log-in. Raises MitIDRefused when no citizen has the number or the account may not log in."""
    from kontaktforloeb.cases.models import Citizen

    with transaction.atomic():
        # The row lock (PostgreSQL) or the IMMEDIATE transaction (SQLite) makes two simultaneous
        # first log-ins link one account, not two.
        citizen = Citizen.objects.select_for_update().filter(cpr=cpr).first()
        if citizen is None:
            raise MitIDRefused(Refusal.UNKNOWN_CITIZEN)
        if citizen.user_id is None:
            user = User.objects.create_user(
                # A random name: a hash of a CPR number is no pseudonym (there are too few of them).
                username=f"mitid-{secrets.token_hex(10)}",
                first_name=citizen.first_name,
                last_name=citizen.last_name,
                email=citizen.email,
                role=User.Role.CITIZEN,
            )
            citizen.user = user
            citizen.save(update_fields=["user"])
            return user
        user = User.objects.get(pk=citizen.user_id)
    if not user.is_active or not user.is_citizen:
        raise MitIDRefused(Refusal.INACTIVE)
    return user


class MitIDBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Authenticates the citizen whose CPR number the broker vouches for."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or "nonce" not in kwargs:
            # Only MitIDCallbackView authenticates here; a password form never reaches the broker.
            return None
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except MitIDRefused as refused:
            self._refuse(request, refused.reason)
            return None
        except (
            SuspiciousOperation,
            jwt.PyJWTError,
            requests.RequestException,
            KeyError,
            ValueError,
        ) as error:
            # A token that fails verification, a refused code, or a broker that does not answer.
            logger.warning("MitID log-in refused: %s: %s", type(error).__name__, error)
            self._refuse(request, Refusal.PROTOCOL)
            return None
        return user

    def _refuse(self, request: HttpRequest, reason: Refusal) -> None:
        logger.info("MitID log-in refused: %s", reason.value)
        setattr(cast(Any, request), _REFUSAL_ATTRIBUTE, reason)

    def get_payload_data(self, token: str | bytes, key: Any) -> dict[str, Any]:
        """Verify a JWT from the broker: signature, algorithm, audience and (when configured)
        issuer. Unsigned tokens are never accepted, whatever OIDC_ALLOW_UNSECURED_JWT says."""
        algorithm = self.OIDC_RP_SIGN_ALGO
        header = jwt.get_unverified_header(token)
        if header.get("alg") != algorithm:
            raise SuspiciousOperation(f"token algorithm {header.get('alg')!r} is not {algorithm}")
        issuer = getattr(settings, "OIDC_OP_ISSUER", "") or None
        return jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=issuer,
            options={"require": ["sub", "aud"]},
            leeway=30,
        )

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """The ID token's claims, completed by the userinfo endpoint when there is one."""
        if not self.OIDC_OP_USER_ENDPOINT:
            return payload
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if not isinstance(userinfo, dict) or userinfo.get("sub") != payload.get("sub"):
            # OpenID Connect Core 5.3.2: userinfo about someone else must not be used.
            raise SuspiciousOperation("userinfo is not about the subject of the ID token")
        return {**payload, **userinfo}

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        for claim in ("exp", "iat"):
            if claim not in payload:
                raise SuspiciousOperation(f"the ID token has no {claim!r}")
        claims = self.get_userinfo(access_token, id_token, payload)
        cpr = cpr_from_claims(claims)
        if cpr is None:
            raise MitIDRefused(Refusal.NO_CPR)
        try:
            return citizen_user_for_cpr(cpr)
        except MitIDRefused as refused:
            if refused.reason == Refusal.UNKNOWN_CITIZEN:
                # A person MitID vouches for whom the system does not know yet: they may
                # register as unemployed ("Meld dig ledig"), with the CPR number MitID gave.
                remember_for_registration(self.request, cpr, claims)
            raise

    def get_user(self, user_id: int) -> User | None:
        # A session made by a MitID log-in only ever holds a citizen.
        return User.objects.filter(pk=user_id, role=User.Role.CITIZEN, is_active=True).first()


class MitIDCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """Where the broker sends the citizen back. A refused log-in lands on the log-in page with a
    message saying why, in the citizen's language.

    The flow is mozilla-django-oidc's, with two differences. The callback authenticates with
    MitIDBackend alone rather than through every backend in AUTHENTICATION_BACKENDS: django-axes
    is there to stop password guessing, and counting refused MitID log-ins (which carry no user
    name) would lock every citizen behind the same address out of MitID after a few refusals;
    MitID itself guards against guessing. And a callback with an unknown or used `state` (a
    second tab, a reloaded page, an expired session) is a refused log-in, not an error page.
    """

    def get(self, request: HttpRequest) -> HttpResponse:
        state = request.GET.get("state")
        states = request.session.get("oidc_states")
        entry = states.pop(state, None) if isinstance(states, dict) and state else None
        if entry is not None:
            # Each state is good for one attempt, whatever its outcome.
            request.session.save()
        code = request.GET.get("code")
        if request.GET.get("error") or not code or entry is None:
            if request.user.is_authenticated:
                logout(request)
            return self.login_failure()
        # Reload the session after the slow calls to the broker, as mozilla-django-oidc does, so
        # that a log-in in another tab meanwhile is not overwritten.
        request.session = request.session.__class__(request.session.session_key)
        user = MitIDBackend().authenticate(
            request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
        if user is None or not user.is_active:
            return self.login_failure()
        user.backend = f"{MitIDBackend.__module__}.{MitIDBackend.__qualname__}"
        self.user = user
        response: HttpResponse = self.login_success()
        return response

    @property
    def failure_url(self) -> str:
        return reverse("web:login")

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, _REFUSAL_ATTRIBUTE, None)
        if reason == Refusal.UNKNOWN_CITIZEN and registration_pending(self.request):
            return HttpResponseRedirect(reverse("registration:register"))
        if reason == Refusal.UNKNOWN_CITIZEN:
            text = _(
                "Du blev logget ind med MitID, men vi kan ikke finde dig som ledig i "
                "kontaktforløbet. Kontakt kommunen, hvis du mener, det er en fejl."
            )
        elif reason == Refusal.INACTIVE:
            text = _("Din konto er spærret. Kontakt kommunen.")
        else:
            text = _(
                "Log-in med MitID lykkedes ikke. Prøv igen. Bliver det ved, så kontakt kommunen."
            )
        messages.error(self.request, text)
        return HttpResponseRedirect(self.failure_url)
