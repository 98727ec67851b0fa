"""Development and `make demo`: SQLite under var/, debug pages, the demo log-in page."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
DEMO_MODE = True
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"
