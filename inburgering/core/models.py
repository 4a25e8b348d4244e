"""Shared kernel models: API tokens per bron (koppelvlak v1 §1)."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

SCOPES = ("aanleveren", "lezen")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A token of one bron with its scopes. Only the SHA-256 of the token is stored."""

    bron = models.ForeignKey("cases.Bron", on_delete=models.PROTECT, related_name="tokens")
    naam = models.CharField(max_length=100, blank=True)
    sleutel_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False, help_text="De eerste tekens, om het token te herkennen.")
    scopes = ArrayField(models.CharField(max_length=20, choices=[(s, s) for s in SCOPES]), default=list)
    actief = models.BooleanField(default=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "API-token"
        verbose_name_plural = "API-tokens"

    def __str__(self) -> str:
        return f"{self.bron_id} {self.prefix}… ({', '.join(self.scopes)})"

    @classmethod
    def nieuw_token(cls) -> str:
        return secrets.token_urlsafe(32)
