"""Fixed value lists of koppelvlak v1 for exam attempts."""

from __future__ import annotations

from enum import StrEnum


class Onderdeel(StrEnum):
    LEZEN = "lezen"
    LUISTEREN = "luisteren"
    SCHRIJVEN = "schrijven"
    SPREKEN = "spreken"
    KNM = "knm"
    ONA = "ona"


class Niveau(StrEnum):
    A1 = "a1"
    A2 = "a2"
    B1 = "b1"
    B2 = "b2"


class Resultaat(StrEnum):
    BEHAALD = "behaald"
    NIET_BEHAALD = "niet_behaald"
