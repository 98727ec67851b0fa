"""Who is acting: a logged-in person or another system holding an organisation's API key.

Every service and selector takes an `Actor`, never a bare request, so the pages and the API share
one set of rules about who may see and do what.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import ApiKey, Organisation, User


@dataclass(frozen=True)
class Actor:
    user: User | None = None
    api_key: ApiKey | None = None
    # An operator at the command line (e.g. `export-case`): sees every case, every read logged.
    operator: str = ""

    @classmethod
    def of_user(cls, user: User) -> Actor:
        return cls(user=user)

    @classmethod
    def of_api_key(cls, key: ApiKey) -> Actor:
        return cls(api_key=key)

    @classmethod
    def of_operator(cls, name: str) -> Actor:
        return cls(operator=name)

    @property
    def organisation(self) -> Organisation | None:
        if self.api_key is not None:
            return self.api_key.organisation
        if self.user is not None:
            return self.user.organisation
        return None

    @property
    def role(self) -> str:
        if self.api_key is not None or self.operator:
            return "system"
        assert self.user is not None
        return self.user.role

    @property
    def is_citizen(self) -> bool:
        return self.user is not None and self.user.is_citizen

    @property
    def is_staff_or_system(self) -> bool:
        """Reads by these are written to the citizen's access log."""
        return not self.is_citizen

    @property
    def system_name(self) -> str:
        return self.api_key.name if self.api_key is not None else self.operator

    def __str__(self) -> str:
        if self.api_key is not None:
            return f"{self.api_key.organisation} (system: {self.api_key.name})"
        return self.operator or str(self.user)
