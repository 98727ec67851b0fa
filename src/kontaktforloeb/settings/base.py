"""Settings shared by every environment.

Every value that differs between machines comes from the environment; each one is documented
where it is read and in docs/operations.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("KONTAKTFORLOEB_VAR_DIR", BASE_DIR / "var"))

# SECRET_KEY: required in production (see production.py); development gets a fixed local one.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-kontaktforloeb")
DEBUG = False
# DEMO_MODE: the one-click demo log-in page. Only dev settings switch it on; production refuses it.
DEMO_MODE = False
# ALLOWED_HOSTS: comma-separated host names the site answers to.
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "mozilla_django_oidc",
    "kontaktforloeb.organisations",
    "kontaktforloeb.cases",
    "kontaktforloeb.audit",
    "kontaktforloeb.booking",
    "kontaktforloeb.notifications",
    "kontaktforloeb.cv",
    "kontaktforloeb.joblog",
    "kontaktforloeb.offers",
    "kontaktforloeb.selfservice",
    "kontaktforloeb.workspace",
    "kontaktforloeb.statistics",
    "kontaktforloeb.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kontaktforloeb.web.ratelimit.RateLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kontaktforloeb.web.middleware.SecurityHeadersMiddleware",
    # AxesMiddleware must be last: it answers locked-out log-ins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kontaktforloeb.urls"
WSGI_APPLICATION = "kontaktforloeb.wsgi.application"
ASGI_APPLICATION = "kontaktforloeb.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kontaktforloeb.web.context_processors.site",
            ],
        },
    },
]

# DATABASE_URL: e.g. postgres://postgres@127.0.0.1:5432/kontaktforloeb. Unset: SQLite under var/.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kontaktforloeb.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A kept connection is checked before a request uses it, so after a database restart
        # the next request connects afresh instead of failing on the dead connection.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers, so check-then-write inside one is race-free.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisations.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses log-ins while an account or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "kontaktforloeb.organisations.oidc.MitIDBackend",
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:start"
LOGOUT_REDIRECT_URL = "web:start"

# django-axes: lock an account+address out after AXES_FAILURE_LIMIT failed log-ins for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"

# MitID through an OpenID Connect broker. Every OIDC_* value comes from the environment.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid mitid ssn")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
# OIDC_OP_ISSUER: the broker's issuer; when set, ID tokens from any other issuer are refused.
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_TIMEOUT = 10  # seconds for each call to the broker; a hung broker must not hang a worker
OIDC_CALLBACK_CLASS = "kontaktforloeb.organisations.oidc.MitIDCallbackView"
# OIDC_CPR_CLAIM: the claim that carries the citizen's CPR number (broker specific).
OIDC_CPR_CLAIM = os.environ.get("OIDC_CPR_CLAIM", "dk:gov:cpr")
OIDC_CREATE_USER = False  # the backend maps to known citizens only
OIDC_STORE_ID_TOKEN = False
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = 15 * 60

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "kf_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages come from npm (package.json); their dist folders are served as static files.
STATICFILES_DIRS = [
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# STATISTICS_EXEMPTION_WARN_PERCENT: from which exemption share (per cent) the managers' page warns
# that R66's limit of 25 % is near (read in kontaktforloeb.statistics.exemptions).
STATISTICS_EXEMPTION_WARN_PERCENT = int(os.environ.get("STATISTICS_EXEMPTION_WARN_PERCENT", "20"))

# --- Notifications and webhooks (read in kontaktforloeb.notifications; docs/operations.md) -------
# NOTIFICATIONS_SMS_BACKEND: dotted path of the SMS sender (kontaktforloeb.notifications.sms). The
# default only logs the text; `kontaktforloeb.notifications.gatewayapi.GatewayApiSms` sends it
# through GatewayAPI with the GATEWAYAPI_* settings below (docs/operations.md, "SMS").
NOTIFICATIONS_SMS_BACKEND = os.environ.get(
    "NOTIFICATIONS_SMS_BACKEND", "kontaktforloeb.notifications.sms.LoggingSms"
)
# GATEWAYAPI_BASE_URL: GatewayAPI's host; its EU platform unless the account is on gatewayapi.com.
GATEWAYAPI_BASE_URL = os.environ.get("GATEWAYAPI_BASE_URL", "https://gatewayapi.eu")
# GATEWAYAPI_TOKEN: the API token (GatewayAPI dashboard, API keys). Required to send.
GATEWAYAPI_TOKEN = os.environ.get("GATEWAYAPI_TOKEN", "")
# GATEWAYAPI_SENDER: the sender shown on the phone, up to 11 letters and digits or 15 digits;
# empty leaves it to the account's default.
GATEWAYAPI_SENDER = os.environ.get("GATEWAYAPI_SENDER", "")
# GATEWAYAPI_TIMEOUT_SECONDS: how long one send may take before it counts as failed (retried).
GATEWAYAPI_TIMEOUT_SECONDS = float(os.environ.get("GATEWAYAPI_TIMEOUT_SECONDS", "10"))
# GATEWAYAPI_WEBHOOK_SECRET: the authentication token set on the delivery-status webhook in
# GatewayAPI's dashboard; reports must carry a JWT signed with it. Empty: /sms/gatewayapi/status/
# does not exist.
GATEWAYAPI_WEBHOOK_SECRET = os.environ.get("GATEWAYAPI_WEBHOOK_SECRET", "")
# NOTIFICATIONS_MAX_ATTEMPTS: tries per message or webhook call before it is marked failed.
NOTIFICATIONS_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_MAX_ATTEMPTS", "8"))
# NOTIFICATIONS_RETRY_SECONDS: the first back-off; each further failure doubles it.
NOTIFICATIONS_RETRY_SECONDS = int(os.environ.get("NOTIFICATIONS_RETRY_SECONDS", "60"))
# NOTIFICATIONS_LEASE_SECONDS: how long a worker's claim on a row lasts. A row still "sending"
# after this is taken to belong to a worker that died and is tried again. Keep it well above
# EMAIL_TIMEOUT and WEBHOOK_TIMEOUT_SECONDS so a slow but live send is never sent twice.
NOTIFICATIONS_LEASE_SECONDS = int(os.environ.get("NOTIFICATIONS_LEASE_SECONDS", "900"))
# Reminders go out only from NOTIFICATIONS_SEND_FROM_HOUR to NOTIFICATIONS_SEND_UNTIL_HOUR,
# Danish time (R52: 09:00-22:00).
NOTIFICATIONS_SEND_FROM_HOUR = 9
NOTIFICATIONS_SEND_UNTIL_HOUR = 22
# WEBHOOK_TIMEOUT_SECONDS: how long one webhook call may take before it counts as failed.
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
# EMAIL_TIMEOUT: seconds for each SMTP conversation; a hung relay must not hang a worker.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# DEFAULT_FROM_EMAIL: the sender of receipts and reminders (production reads it again).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@kontaktforloeb.dk")


def _rate(name: str, default: str) -> tuple[int, int]:
    """``RATE_LIMIT_<NAME>=requests/seconds`` from the environment, e.g. ``20/60``."""
    requests, _, seconds = os.environ.get(f"RATE_LIMIT_{name.upper()}", default).partition("/")
    return int(requests), int(seconds)


# Rate limits (kontaktforloeb.web.ratelimit): requests a client may make in a window of seconds.
# Log-in per address; booking per person; registering per person, key or address; the API per
# person or organisation key (a case system registering a day's unemployed may send thousands).
RATE_LIMITS = {
    "login": _rate("login", "20/60"),
    "booking": _rate("booking", "30/60"),
    "registration": _rate("registration", "600/60"),
    "api": _rate("api", "6000/60"),
}
# REDIS_URL: the cache shared by every worker process (rate-limit counters). Without it each
# process counts on its own, which is right for one process and too lenient for several.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"}
    ),
}
# How many proxies in front of the app append to X-Forwarded-For (0: none, REMOTE_ADDR is the
# client); production sets it, as for the log-in lock-out.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# API keys of organisation systems travel in this header.
API_KEY_HEADER = "X-API-Key"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
