"""Writes of the shared kernel."""

from __future__ import annotations

from collections.abc import Iterable

from inburgering.core.models import SCOPES, ApiToken, token_hash


def api_token_aanmaken(*, bron: str, scopes: Iterable[str], naam: str = "", actor: str) -> tuple[ApiToken, str]:
    """Create a token for `bron`; returns the row and the bare token (shown once, stored hashed)."""
    gekozen = sorted(set(scopes))
    onbekend = [s for s in gekozen if s not in SCOPES]
    if onbekend or not gekozen:
        raise ValueError(f"Onbekende scope {', '.join(onbekend)}; kies uit {', '.join(SCOPES)}.")
    sleutel = ApiToken.nieuw_token()
    token = ApiToken.objects.create(
        bron_id=bron,
        naam=naam or f"aangemaakt door {actor}",
        sleutel_hash=token_hash(sleutel),
        prefix=sleutel[:8],
        scopes=gekozen,
    )
    return token, sleutel
