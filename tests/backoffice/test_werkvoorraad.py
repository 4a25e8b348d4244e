"""The werkvoorraad, its CSV, named searches and assignments against the domain and the logboek."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import pytest
from django.db import connection
from django.db.utils import IntegrityError, InternalError

from cases.models import HuidigeToewijzing, Toewijzing, Verwerking, Zoekopdracht
from tests.backoffice.conftest import Bevolking


def _csv(response: object) -> list[dict[str, str]]:
    inhoud = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert inhoud.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(inhoud[1:]), delimiter=";"))


def test_lijst_en_csv_zijn_precies_wie_vandaag_bij_de_gemeente_hoort(bevolking: Bevolking) -> None:
    """Held equal to the domain (B-13 `gemeente_op` today) on a demo population with verhuizingen and
    retracted kennisgevingen: `status=alle` lists everyone of the gemeente, the default the plichtigen."""
    b = bevolking
    assert any(d.verhuizingen for d in b.dossiers.values())
    assert any(d.kennisgeving is None for d in b.dossiers.values())
    client = b.client("km_a")
    verwacht = {str(b.personen[pid].uuid) for pid in b.van(b.gemeente_a)}
    rijen = _csv(client.get("/werkvoorraad/export.csv?status=alle"))
    assert {r["id"] for r in rijen} == verwacht
    assert list(rijen[0])[:12] == [
        "id", "bsn", "achternaam", "voornamen", "gemeente", "stelsel", "doelgroep", "status", "termijn_einde",
        "pip_deadline", "signalen", "klantmanager",
    ]  # fmt: skip
    assert {r["gemeente"] for r in rijen} == {b.gemeente_a}
    plichtig = {r["id"] for r in _csv(client.get("/werkvoorraad/export.csv"))}
    assert plichtig == {r["id"] for r in rijen if r["status"] == "plichtig"} and plichtig
    # The page shows the same count and pages through all of them.
    pagina = client.get("/werkvoorraad/?status=alle&per_pagina=25")
    assert f"<strong>{len(verwacht)}</strong> dossiers" in pagina.content.decode()


def test_elke_weergave_komt_in_het_logboek_per_persoon(bevolking: Bevolking) -> None:
    b = bevolking
    client = b.client("km_a")
    km = b.medewerkers["km_a"]
    client.get("/werkvoorraad/?status=alle&per_pagina=25")
    lijst = Verwerking.objects.filter(handeling="lijst_bekeken", gebruikersnaam="km_a")
    assert lijst.count() == min(25, len(b.van(b.gemeente_a)))
    assert set(lijst.values_list("gemeente", "rol").distinct()) == {(b.gemeente_a, "klantmanager")}
    _csv(client.get("/werkvoorraad/export.csv?status=alle"))
    assert Verwerking.objects.filter(handeling="export").count() == len(b.van(b.gemeente_a))
    persoon = b.personen[min(b.van(b.gemeente_a))]
    r = client.get(f"/dossiers/{persoon.uuid}/", HTTP_TRACEPARENT=f"00-{'ab' * 16}-{'cd' * 8}-01")
    assert r["X-Trace-Id"] == "ab" * 16
    bekeken = Verwerking.objects.get(handeling="dossier_bekeken")
    assert (bekeken.inburgeraar_id, bekeken.gebruiker_id, bekeken.trace_id) == (persoon.pk, km.user_id, "ab" * 16)
    client.post("/zoeken/", {"bsn": "111222333"})
    mis = Verwerking.objects.get(handeling="gezocht", inburgeraar__isnull=True)
    assert len(mis.bsn_pseudoniem) == 64 and "111222333" not in mis.bsn_pseudoniem
    # Append-only in the database, whoever asks.
    with pytest.raises((IntegrityError, InternalError)), connection.cursor() as cursor:
        cursor.execute("UPDATE cases_verwerking SET gebruikersnaam = 'x'")


def test_filters_tellers_en_volgorde(bevolking: Bevolking) -> None:
    b = bevolking
    client = b.client("km_a")
    r = client.get("/werkvoorraad/?status=alle")
    tellers = r.context["tellers"]
    assert tellers, "the demo population carries signals"
    code, _, aantal, _ = tellers[0]
    gefilterd = _csv(client.get(f"/werkvoorraad/export.csv?status=alle&signaal={code}"))
    assert len(gefilterd) == aantal and all(code in rij["signalen"].split(",") for rij in gefilterd)
    # Urgency first: overschreden, then the earliest deadline.
    rijen = client.get("/werkvoorraad/?per_pagina=200").context["rijen"]
    sleutels = [
        (
            not r["projectie"].termijn_overschreden,
            min(d for d in (r["projectie"].pip_deadline, r["projectie"].termijn_einde) if d)
            if (r["projectie"].pip_deadline or r["projectie"].termijn_einde)
            else None,
        )
        for r in rijen
    ]
    eerst = [s for s in sleutels if s[1] is not None]
    assert eerst == sorted(eerst, key=lambda s: (s[0], s[1]))
    # Three-state sorting: ascending → descending → urgency.
    kop = next(k for k in r.context["kolommen"] if k["label"] == "Naam")
    assert "sorteer=naam" in kop["link"]
    oplopend = client.get("/werkvoorraad/?status=alle&sorteer=naam")
    kop = next(k for k in oplopend.context["kolommen"] if k["label"] == "Naam")
    assert kop["aria_sort"] == "ascending" and "sorteer=-naam" in kop["link"]
    namen = [r["persoon"].achternaam for r in oplopend.context["rijen"]]
    assert namen == sorted(namen)
    aflopend = client.get("/werkvoorraad/?status=alle&sorteer=-naam")
    kop = next(k for k in aflopend.context["kolommen"] if k["label"] == "Naam")
    assert kop["aria_sort"] == "descending" and "sorteer" not in kop["link"]
    assert 'aria-sort="descending"' in aflopend.content.decode()


def test_fout_filter_geeft_400_in_het_nederlands_en_geen_lijst(bevolking: Bevolking) -> None:
    client = bevolking.client("km_a")
    r = client.get("/werkvoorraad/?signaal=bestaat_niet&cohort=twintig")
    assert r.status_code == 400
    tekst = r.content.decode()
    assert "Deze filters kloppen niet" in tekst and "Selecteer een geldige keuze" in tekst
    assert Verwerking.objects.count() == 0
    assert client.get("/werkvoorraad/export.csv?termijn_eindigt_voor=2024-13-01").status_code == 400


def test_htmx_krijgt_alleen_de_lijst(bevolking: Bevolking) -> None:
    client = bevolking.client("km_a")
    deel = client.get("/werkvoorraad/?status=alle&pagina=2", HTTP_HX_REQUEST="true")
    assert deel.status_code == 200 and "<html" not in deel.content.decode() and "<table" in deel.content.decode()
    assert deel["Vary"].find("HX-Request") >= 0
    heel = client.get(
        "/werkvoorraad/?status=alle&pagina=2", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in heel.content.decode()
    assert "Content-Security-Policy" in heel and "script-src 'self'" in heel["Content-Security-Policy"]


def test_benoemde_zoekopdrachten(bevolking: Bevolking) -> None:
    client = bevolking.client("km_a")
    r = client.post(
        "/werkvoorraad/zoekopdrachten/", {"naam": "PIP dringend", "filters": "signaal=pip_te_laat&pagina=3"}
    )
    assert r.status_code == 302 and r["Location"] == "/werkvoorraad/?signaal=pip_te_laat"
    z = Zoekopdracht.objects.get()
    assert (z.naam, z.filters, z.medewerker.user.username) == ("PIP dringend", "signaal=pip_te_laat", "km_a")
    client.post("/werkvoorraad/zoekopdrachten/", {"naam": "PIP dringend", "filters": "status=alle"})
    assert Zoekopdracht.objects.count() == 1  # the same name twice is refused, not overwritten
    client.post("/werkvoorraad/zoekopdrachten/", {"naam": "fout", "filters": "signaal=onzin"})
    assert Zoekopdracht.objects.count() == 1
    assert "PIP dringend" in client.get("/werkvoorraad/").content.decode()
    # Another medewerker cannot delete it.
    bevolking.client("km_a2").post(f"/werkvoorraad/zoekopdrachten/{z.pk}/verwijderen/")
    assert Zoekopdracht.objects.count() == 1
    client.post(f"/werkvoorraad/zoekopdrachten/{z.pk}/verwijderen/")
    assert Zoekopdracht.objects.count() == 0


def test_toewijzen_met_voorbeeld_reden_en_historie(bevolking: Bevolking) -> None:
    b = bevolking
    tl = b.client("tl_a")
    # Step 1: the preview says how many and to whom; nothing changes yet.
    voorbeeld = tl.post("/werkvoorraad/toewijzen/", {"filters": "status=alle", "alles": "1", "klantmanager": "km_a2"})
    assert voorbeeld.status_code == 200 and voorbeeld.context["aantal"] == len(b.van(b.gemeente_a))
    assert Toewijzing.objects.count() == 0
    # Without a reason: refused, nothing stored.
    zonder = tl.post(
        "/werkvoorraad/toewijzen/",
        {"filters": "status=alle", "alles": "1", "klantmanager": "km_a2", "bevestigd": "1", "reden": " "},
    )
    assert zonder.status_code == 400 and "Geef een reden" in zonder.content.decode()
    assert Toewijzing.objects.count() == 0
    tl.post(
        "/werkvoorraad/toewijzen/",
        {"filters": "status=alle", "alles": "1", "klantmanager": "km_a2", "bevestigd": "1", "reden": "Herverdeling"},
    )
    assert HuidigeToewijzing.objects.filter(klantmanager=b.medewerkers["km_a2"]).count() == len(b.van(b.gemeente_a))
    assert Verwerking.objects.filter(handeling="toegewezen").count() == len(b.van(b.gemeente_a))
    # Ticked ones to km_a: only those change; history grows, never rewritten.
    gekozen = [str(b.personen[pid].uuid) for pid in sorted(b.van(b.gemeente_a))[:3]]
    tl.post(
        "/werkvoorraad/toewijzen/",
        {"filters": "status=alle", "id": gekozen, "klantmanager": "km_a", "bevestigd": "1", "reden": "Ziekte km_a2"},
    )
    assert HuidigeToewijzing.objects.filter(klantmanager=b.medewerkers["km_a"]).count() == 3
    assert Toewijzing.objects.count() == len(b.van(b.gemeente_a)) + 3
    mijn = b.client("km_a").get("/werkvoorraad/export.csv?status=alle&klantmanager=mij")
    assert {r["id"] for r in _csv(mijn)} == set(gekozen)
    # An id of another gemeente is ignored (not assigned, not revealed).
    vreemd = str(b.personen[min(b.van(b.gemeente_b))].uuid)
    tl.post(
        "/werkvoorraad/toewijzen/",
        {"filters": "status=alle", "id": [vreemd, str(uuid.uuid4())], "klantmanager": "km_a", "bevestigd": "1",
         "reden": "poging"},
    )  # fmt: skip
    assert not HuidigeToewijzing.objects.filter(inburgeraar__uuid=vreemd).exists()
    with pytest.raises((IntegrityError, InternalError)), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_toewijzing")


def test_klantmanager_wijst_alleen_zichzelf_toe(bevolking: Bevolking) -> None:
    b = bevolking
    persoon = b.personen[min(b.van(b.gemeente_a))]
    b.client("km_a").post(f"/dossiers/{persoon.uuid}/toewijzen/", {"reden": "Ik pak hem op", "klantmanager": "km_a2"})
    assert HuidigeToewijzing.objects.get(inburgeraar=persoon).klantmanager == b.medewerkers["km_a"]
    pagina = b.client("km_a").get(f"/dossiers/{persoon.uuid}/").content.decode()
    assert "Ik pak hem op" in pagina  # the history on the dossier


def test_teamleider_ziet_een_overzicht_per_klantmanager(bevolking: Bevolking) -> None:
    b = bevolking
    gekozen = [str(b.personen[pid].uuid) for pid in sorted(b.van(b.gemeente_a))[:5]]
    tl = b.client("tl_a")
    tl.post(
        "/werkvoorraad/toewijzen/",
        {"filters": "status=alle", "id": gekozen, "klantmanager": "km_a2", "bevestigd": "1", "reden": "Start"},
    )
    overzicht = tl.get("/werkvoorraad/").context["overzicht"]
    plichtig = {r["id"]: r for r in _csv(tl.get("/werkvoorraad/export.csv"))}
    per_km = {r["klantmanager_naam"]: r["aantal"] for r in overzicht}
    assert sum(per_km.values()) == len(plichtig)
    assert per_km.get("km_a2", 0) == sum(1 for r in plichtig.values() if r["klantmanager"] == "km_a2")
    assert sum(r["overschreden"] for r in overzicht) == sum(
        1 for r in plichtig.values() if "termijn_overschreden" in r["signalen"].split(",")
    )
    assert (
        "overzicht" not in b.client("km_a").get("/werkvoorraad/").content.decode().lower()
        or not b.client("km_a").get("/werkvoorraad/").context["overzicht"]
    )


def _teller_statements(client: object, url: str) -> tuple[object, list[str]]:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as gevangen:
        r = client.get(url)  # type: ignore[attr-defined]
    return r, [q["sql"] for q in gevangen.captured_queries if "unnest(x.signalen" in q["sql"]]


def test_lengte_en_tellers_uit_de_cache_nooit_ouder_dan_de_gegevens(
    bevolking: Bevolking, django_capture_on_commit_callbacks: Any
) -> None:
    """The list's length and counters are cached under the data version: a second look reads them
    from the cache (Redis here, as in production); an assignment, a recompute and a write outside
    the application each make the next look count again, with the new figures."""
    from django.core.cache import cache
    from django.utils import timezone

    from cases.herberekening import projecties_herberekenen
    from cases.services.toewijzing import toewijzen

    cache.clear()
    b = bevolking
    client = b.client("km_a")
    eerste, geteld = _teller_statements(client, "/werkvoorraad/?klantmanager=mij")
    voor = eerste.context["pagina"].paginator.count  # type: ignore[attr-defined]
    assert len(geteld) == 1
    tweede, geteld = _teller_statements(client, "/werkvoorraad/?klantmanager=mij")
    assert geteld == [] and tweede.context["pagina"].paginator.count == voor  # type: ignore[attr-defined]

    # An assignment (the application's own writer): counted again at once, with the new length.
    vrij = {r["id"] for r in _csv(client.get("/werkvoorraad/export.csv?klantmanager=geen"))}
    ids = sorted(p.pk for p in b.personen.values() if str(p.uuid) in vrij)[:3]
    km = b.medewerkers["km_a"]
    with django_capture_on_commit_callbacks(execute=True):
        toewijzen(door=km, aan=km, inburgeraar_ids=ids, reden="test", trace_id="t")
    derde, geteld = _teller_statements(client, "/werkvoorraad/?klantmanager=mij")
    assert len(geteld) == 1 and derde.context["pagina"].paginator.count == voor + 3  # type: ignore[attr-defined]

    # A write outside the application (the trigger moves the version) and a recompute (its own move).
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_projectie SET status = 'voldaan' WHERE inburgeraar_id = %s", [ids[0]])
    vierde, geteld = _teller_statements(client, "/werkvoorraad/?klantmanager=mij")
    assert len(geteld) == 1 and vierde.context["pagina"].paginator.count == voor + 2  # type: ignore[attr-defined]
    with django_capture_on_commit_callbacks(execute=True):
        projecties_herberekenen(ids=[ids[0]], vandaag=timezone.localdate())
    vijfde, geteld = _teller_statements(client, "/werkvoorraad/?klantmanager=mij")
    assert len(geteld) == 1 and vijfde.context["pagina"].paginator.count == voor + 3  # type: ignore[attr-defined]


def test_zonder_bereikbare_cache_werkt_de_lijst_gewoon(bevolking: Bevolking, settings: object) -> None:
    settings.CACHES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    b = bevolking
    client = b.client("km_a")
    r = client.get("/werkvoorraad/?status=alle")
    assert r.status_code == 200
    assert r.context["pagina"].paginator.count == len(b.van(b.gemeente_a))


def test_een_bekende_verhuizing_haalt_de_persoon_op_de_dag_zelf_van_de_lijst(
    bevolking: Bevolking, tmp_path: object
) -> None:
    """The list reads today's gemeente from the projection, the scope (`zichtbare_inburgeraars`)
    from the gemeente periods: on the day a move delivered earlier takes effect — before the nightly
    recompute — the person leaves the old gemeente's list exactly as he leaves its scope, and the
    list stays within the scope on every day."""
    import datetime as dt
    import json
    from pathlib import Path

    from django.core.management import call_command
    from django.utils import timezone

    from cases.herberekening import projecties_herberekenen
    from cases.models import Inburgeraar
    from cases.selectors import in_gemeente_op
    from cases.selectors.werkvoorraad import Filters, werkvoorraad

    b = bevolking
    vandaag = timezone.localdate()
    morgen = vandaag + dt.timedelta(days=1)
    km = b.medewerkers["km_a"]
    verhuizer = b.personen[min(b.van(b.gemeente_a))]
    pad = Path(str(tmp_path)) / "verhuizing.ndjson"
    record = {"soort": "verhuizing", "kenmerk": "T-VERH-1", "bsn": verhuizer.bsn, "gemeente": b.gemeente_b}
    pad.write_text(json.dumps({**record, "datum": morgen.isoformat()}) + "\n")
    call_command("importeer", str(pad), "--bron", "DUO", "--fouten", str(Path(str(tmp_path)) / "f.json"))
    projecties_herberekenen(ids=[verhuizer.pk], vandaag=vandaag)  # the recompute of today

    def lijst(dag: dt.date) -> set[int]:
        return set(werkvoorraad(km, Filters(status="alle"), dag).values_list("pk", flat=True))

    def scope(dag: dt.date) -> set[int]:
        return set(
            Inburgeraar.objects.filter(in_gemeente_op(b.gemeente_a, dag), datum_plicht__lte=dag).values_list(
                "pk", flat=True
            )
        )

    assert verhuizer.pk in lijst(vandaag) and verhuizer.pk in scope(vandaag)
    assert verhuizer.pk not in lijst(morgen) and verhuizer.pk not in scope(morgen)
    for dag in (vandaag, morgen):
        assert lijst(dag) <= scope(dag)
    assert lijst(vandaag) == scope(vandaag)
