"""`/api/v1/cv/…`: a citizen's CV for organisation systems and logged-in people."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["cv"])
