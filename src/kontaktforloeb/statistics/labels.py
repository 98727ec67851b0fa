"""Names for the keys of the statistics' dimensions, in the reader's language."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext

from kontaktforloeb.organisations.models import Organisation, User

from .forms import group_label, holder_label, ruleset_label


class Labels:
    """Names for the keys of each dimension, looked up once per table."""

    def __init__(self, today: date, organisation: Organisation | None = None) -> None:
        self.today = today
        self.organisation = organisation

    def of(self, dimension: str, keys: list[Any]) -> dict[Any, str]:
        if dimension == "holder":
            return {key: holder_label(key, self.today) for key in keys}
        if dimension == "group":
            return {key: group_label(key, self.today) if key else gettext("Ukendt") for key in keys}
        if dimension == "ruleset":
            return {key: f"{ruleset_label(key)} ({key})" for key in keys}
        if dimension == "caseworker":
            users = {
                user.pk: self._caseworker(user)
                for user in User.objects.filter(pk__in=[key for key in keys if key]).select_related(
                    "organisation"
                )
            }
            return {key: users.get(key, gettext("Ingen sagsbehandler")) for key in keys}
        if dimension == "organisation":
            names = dict(
                Organisation.objects.filter(pk__in=[key for key in keys if key]).values_list(
                    "pk", "name"
                )
            )
            return {key: names.get(key, "–") for key in keys}
        return {key: str(key) for key in keys}

    def _caseworker(self, user: User) -> str:
        """The name; with the organisation's where it is another's (an a-kasse's caseworker held
        a member's interview before the handover)."""
        name = user.get_full_name() or user.get_username()
        if self.organisation is not None and user.organisation_id not in (
            None,
            self.organisation.pk,
        ):
            return f"{name} ({user.organisation})"
        return name
