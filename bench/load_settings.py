"""The production settings with the benchmark's URLconf (`load_urls`): only `bench/load.py`
names this module, so /bench-floor/ is never part of the site."""

from kontaktforloeb.settings.production import *  # noqa: F403

ROOT_URLCONF = "load_urls"
