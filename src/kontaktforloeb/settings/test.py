"""The test suite: SQLite (or DATABASE_URL), fast hashing, plain static storage."""

from .base import *  # noqa: F403
from .base import PASSWORD_HASHERS, STORAGES

DEMO_MODE = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# SQLite tests use a file rather than memory, so a task worker a test starts (another process)
# sees the same database. One file per test process, in the system's temporary directory.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os
    import tempfile
    from pathlib import Path

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"kontaktforloeb-test-{os.getpid()}.sqlite3")
    }

# The suite logs in and books far more often from one address than anyone would; the tests of the
# limits themselves set their own.
RATE_LIMITS = dict.fromkeys(RATE_LIMITS, (1_000_000, 60))  # noqa: F405
