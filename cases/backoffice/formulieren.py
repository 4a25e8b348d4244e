"""The forms of the back office: every query parameter and every posted field checked, with Dutch
messages; a form that does not validate changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from cases.constants import SIGNAAL_LABEL, Doelgroep, Signaal, Status, Stelsel
from cases.koppelvlak import in_venster
from cases.selectors.werkvoorraad import SORTERINGEN, Filters
from leerroutes.constants import Leerroute

PER_PAGINA = (25, 50, 100, 200)
STATUS_KEUZES = [
    ("plichtig", "plichtig"),
    *[(s.value, s.value) for s in Status if s != Status.PLICHTIG],
    ("alle", "alle"),
]
SORTEER_KEUZES = [("", "urgentie")] + [(k, k) for k in SORTERINGEN] + [(f"-{k}", f"{k} aflopend") for k in SORTERINGEN]


def _keuzes(waarden: Any, leeg: str = "alle") -> list[tuple[str, str]]:
    return [("", leeg)] + [(str(w), str(w)) for w in waarden]


class UtrechtFormulier(forms.Form):
    """A form whose fields render with the NL Design System (Utrecht) classes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for veld in self.fields.values():
            widget = veld.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "utrecht-select utrecht-select--html-select")
            elif isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("class", "utrecht-textarea utrecht-textarea--html-textarea")
            else:
                widget.attrs.setdefault("class", "utrecht-textbox utrecht-textbox--html-input")


class WerkvoorraadFormulier(UtrechtFormulier):
    """The filters of the werkvoorraad as query parameters (backoffice.md)."""

    status = forms.ChoiceField(choices=STATUS_KEUZES, required=False)
    signaal = forms.ChoiceField(choices=[("", "alle")] + [(s.value, SIGNAAL_LABEL[s]) for s in Signaal], required=False)
    stelsel = forms.ChoiceField(choices=_keuzes(Stelsel), required=False)
    doelgroep = forms.ChoiceField(choices=_keuzes(Doelgroep), required=False)
    leerroute = forms.ChoiceField(choices=_keuzes(Leerroute), required=False)
    klantmanager = forms.CharField(max_length=150, required=False)
    termijn_eindigt_voor = forms.DateField(
        required=False, input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"})
    )
    cohort = forms.IntegerField(min_value=2013, max_value=2100, required=False)
    q = forms.CharField(label="Naam", max_length=100, required=False, strip=True)
    sorteer = forms.ChoiceField(choices=SORTEER_KEUZES, required=False)
    pagina = forms.IntegerField(min_value=1, max_value=100_000, required=False)
    per_pagina = forms.TypedChoiceField(
        label="Per pagina", choices=[(n, n) for n in PER_PAGINA], coerce=int, required=False, initial=50
    )

    def clean_termijn_eindigt_voor(self) -> dt.date | None:
        datum: dt.date | None = self.cleaned_data.get("termijn_eindigt_voor")
        if datum is not None and not in_venster(datum):
            raise forms.ValidationError("Kies een datum tussen 1900 en 2100.")
        return datum

    def filters(self) -> Filters:
        d = self.cleaned_data
        return Filters(
            status=d.get("status") or "plichtig",
            signaal=d.get("signaal") or "",
            stelsel=d.get("stelsel") or "",
            doelgroep=d.get("doelgroep") or "",
            leerroute=d.get("leerroute") or "",
            klantmanager=d.get("klantmanager") or "",
            termijn_eindigt_voor=d.get("termijn_eindigt_voor"),
            cohort=d.get("cohort"),
            q=d.get("q") or "",
            sorteer=d.get("sorteer") or "",
        )


class ZoekenFormulier(UtrechtFormulier):
    """Search by BSN (exact, 9 digits) or by name; posted, so the BSN is in no URL or access log."""

    bsn = forms.RegexField(
        regex=r"^\d{9}$",
        required=False,
        error_messages={"invalid": "Een BSN bestaat uit precies 9 cijfers."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    naam = forms.CharField(max_length=100, required=False, strip=True)

    def clean(self) -> dict[str, Any] | None:
        d = super().clean() or {}
        if not d.get("bsn") and not d.get("naam") and not self.errors:
            raise forms.ValidationError("Vul een BSN of een naam in.")
        return d


class ToewijzingFormulier(UtrechtFormulier):
    """Assign to a klantmanager (a username of the gemeente; empty: release), with a reason."""

    klantmanager = forms.CharField(max_length=150, required=False)
    reden = forms.CharField(
        max_length=500,
        strip=True,
        error_messages={"required": "Geef een reden voor de toewijzing."},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ZoekopdrachtFormulier(UtrechtFormulier):
    naam = forms.CharField(max_length=80, strip=True, error_messages={"required": "Geef de zoekopdracht een naam."})
    filters = forms.CharField(max_length=1000, required=False)


class LogboekFormulier(UtrechtFormulier):
    """Filters of the logboek (beheerder)."""

    gebruiker = forms.CharField(max_length=150, required=False)
    handeling = forms.CharField(max_length=25, required=False)
    gemeente = forms.RegexField(
        regex=r"^\d{4}$", required=False, error_messages={"invalid": "Een CBS-code van 4 cijfers."}
    )
    persoon = forms.UUIDField(required=False, error_messages={"invalid": "Het id van een dossier (een UUID)."})
    van = forms.DateField(required=False, input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(required=False, input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"}))
    pagina = forms.IntegerField(min_value=1, max_value=100_000, required=False)
