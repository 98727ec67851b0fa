"""`kontaktforloeb create-api-key ORG`: a key for an organisation's system, printed once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from kontaktforloeb.organisations.api_keys import api_key_create
from kontaktforloeb.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Create an API key for an organisation (by name, id or municipality code). The key is "
        "printed once; only its hash is stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="name, id or municipality code")
        parser.add_argument("--name", default="case system", help="what the key is for")

    def handle(self, *args: Any, **options: Any) -> None:
        value = options["organisation"].strip()
        query = Q(name__iexact=value)
        if value.isdigit():
            query |= Q(pk=int(value)) | Q(municipality_code=int(value))
        matches = list(Organisation.objects.filter(query))
        if len(matches) != 1:
            raise CommandError(
                f"No organisation matches {value!r}."
                if not matches
                else f"{value!r} matches more than one organisation; use its id."
            )
        key, clear = api_key_create(organisation=matches[0], name=options["name"])
        self.stderr.write(f"API key for {key.organisation} ({key.name}). It is shown only once:")
        self.stdout.write(clear)
