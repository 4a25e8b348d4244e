"""Schemas of the read API (koppelvlak §4). The views build plain dicts; these describe them."""

from __future__ import annotations

import datetime as dt

from rest_framework import serializers

from cases.koppelvlak import PEILDATUM_MELDING, in_venster


class InburgeraarLijstSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.UUIDField(help_text="Publiek id (nooit het BSN).")
    bsn = serializers.CharField()
    achternaam = serializers.CharField()
    voornamen = serializers.CharField()
    gemeente = serializers.CharField(help_text="CBS-code van de gemeente op de peildatum.")
    doelgroep = serializers.ChoiceField(choices=["asiel", "gezin", "overig"])
    stelsel = serializers.ChoiceField(choices=["wi2013", "wi2021"])
    datum_plicht = serializers.DateField()
    cohort = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["plichtig", "voldaan", "vrijgesteld", "ontheven", "vervallen"])
    status_datum = serializers.DateField()
    ontheffing_grond = serializers.CharField(allow_null=True)
    termijn_start = serializers.DateField(allow_null=True)
    termijn_einde = serializers.DateField(allow_null=True)
    termijn_overschreden = serializers.BooleanField()
    verwijtbaar = serializers.BooleanField(allow_null=True)
    boete_mogelijk = serializers.BooleanField()
    boete_bedrag = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    boete_reden = serializers.CharField(allow_null=True)
    agi_mogelijk = serializers.BooleanField()
    elip = serializers.BooleanField()
    pip_deadline = serializers.DateField(allow_null=True)
    signalen = serializers.ListField(child=serializers.CharField())


class FeitInTijdlijnSerializer(serializers.Serializer):  # type: ignore[type-arg]
    soort = serializers.CharField()
    bron = serializers.CharField()
    kenmerk = serializers.CharField()
    ingangsdatum = serializers.DateField()
    ontvangen_op = serializers.DateTimeField()
    batch = serializers.UUIDField(allow_null=True)
    ingetrokken = serializers.BooleanField()
    inhoud = serializers.DictField()


class InburgeraarDetailSerializer(InburgeraarLijstSerializer):
    peildatum = serializers.DateField()
    feiten = FeitInTijdlijnSerializer(many=True)
    uitleg = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    parameters = serializers.ListField(child=serializers.DictField())


_BSN_MELDING = "Een BSN is een tekst van precies 9 cijfers."


class ZoekenSerializer(serializers.Serializer):  # type: ignore[type-arg]
    bsn = serializers.CharField(
        max_length=9,
        min_length=9,
        error_messages={
            "required": "Het veld 'bsn' ontbreekt.",
            "null": _BSN_MELDING,
            "blank": _BSN_MELDING,
            "invalid": _BSN_MELDING,
            "max_length": _BSN_MELDING,
            "min_length": _BSN_MELDING,
        },
    )
    peildatum = serializers.DateField(
        required=False,
        error_messages={
            "invalid": "De peildatum is geen datum; gebruik JJJJ-MM-DD.",
            "null": "De peildatum is geen datum; gebruik JJJJ-MM-DD.",
            "datetime": "De peildatum is een datum zonder tijd: JJJJ-MM-DD.",
        },
    )

    def validate_peildatum(self, waarde: dt.date) -> dt.date:
        if not in_venster(waarde):
            raise serializers.ValidationError(PEILDATUM_MELDING, code="ongeldige_datum")
        return waarde
