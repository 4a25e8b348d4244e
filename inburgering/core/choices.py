"""Bridges between the plain enums of the domain and Django's `choices`."""

from __future__ import annotations

from enum import StrEnum


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """Model/form choices from a StrEnum; the label is the value with spaces."""
    return [(member.value, member.value.replace("_", " ")) for member in enum]
