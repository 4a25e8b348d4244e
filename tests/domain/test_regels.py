"""Table tests of the pure rules (besluiten B-2 … B-9, B-15) with hand-computed dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from cases.domain.berekening import bereken
from cases.domain.dossier import (
    Boete,
    Diploma,
    Dossier,
    Examen,
    Gebeurtenis,
    Kennisgeving,
    Lening,
    Lesuren,
    Module,
    Periode,
    Pip,
    Verlenging,
)
from cases.domain.parameters import Parameter, Regelparameters
from cases.domain.termijn import termijn

D = dt.date.fromisoformat
P = Regelparameters()


def wi2013(plicht: str, doelgroep: str = "gezin", **facts: object) -> Dossier:
    kg = Kennisgeving("wi2013", doelgroep, D(plicht), D(plicht))
    return Dossier(kennisgeving=kg, datum_plicht=D(plicht), **facts)  # type: ignore[arg-type]


def wi2021(
    plicht: str = "2022-03-14", doelgroep: str = "asiel", pip: str | None = "2022-07-01", **facts: object
) -> Dossier:
    kg = Kennisgeving("wi2021", doelgroep, D(plicht), D("2022-04-01"), D("2022-05-02"))
    pips = (Pip(D(pip), "b1", volgorde=1),) if pip else ()
    facts.setdefault("pips", pips)
    return Dossier(kennisgeving=kg, datum_plicht=D(plicht), **facts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("plicht", "einde"),
    [("2015-01-10", "2018-01-09"), ("2016-02-29", "2019-02-27"), ("2013-03-01", "2016-02-29")],
)
def test_b2_wi2013_rekenvoorbeelden(plicht: str, einde: str) -> None:
    t = termijn(wi2013(plicht), P)
    assert (t.start, t.einde) == (D(plicht), D(einde))


def test_b2_wi2021_rekenvoorbeeld_en_geen_pip() -> None:
    t = termijn(wi2021(), P)
    assert (t.start, t.einde) == (D("2022-07-02"), D("2025-07-01"))
    assert termijn(wi2021(pip=None), P).einde is None


def test_b2_tweede_pip_verschuift_de_termijn_niet_ook_als_het_eerder_binnenkwam() -> None:
    pips = (Pip(D("2023-01-15"), "z", volgorde=1), Pip(D("2022-07-01"), "b1", volgorde=2))
    assert termijn(wi2021(pips=pips), P).einde == D("2025-07-01")


def test_b3_uitlegvoorbeeld_bevalling() -> None:
    d = wi2021(verlengingen=(Verlenging(D("2025-02-03"), "bevalling", weken=16),))
    uitkomst = bereken(d, D("2025-06-01"))
    assert uitkomst.termijn_einde == D("2025-10-21")
    tekst = " ".join(uitkomst.uitleg["termijn_einde"])
    assert "2022-07-01 + 3 jaar = 2025-07-01" in tekst and "bevalling" in tekst and "2025-02-03" in tekst


def test_b3_kalenderrekenkunde_en_tot() -> None:
    # datum_plicht 2015-03-01 → einde 2018-02-28; + 6 maanden = 2018-08-28 (B-3).
    d = wi2013("2015-03-01", verlengingen=(Verlenging(D("2017-12-01"), "ziekte", maanden=6, volgorde=1),))
    assert termijn(d, P).einde == D("2018-08-28")
    # A `tot` earlier than the running einde changes nothing; a later one sets it.
    vroeg = replace(
        d, verlengingen=(*d.verlengingen, Verlenging(D("2018-01-01"), "ziekte", tot=D("2018-05-01"), volgorde=2))
    )
    assert termijn(vroeg, P).einde == D("2018-08-28")
    laat = replace(
        d, verlengingen=(*d.verlengingen, Verlenging(D("2018-01-01"), "ziekte", tot=D("2019-01-31"), volgorde=2))
    )
    assert termijn(laat, P).einde == D("2019-01-31")


def test_b3_verlenging_voor_het_eerste_pip_telt_niet() -> None:
    d = wi2021(verlengingen=(Verlenging(D("2022-06-01"), "ziekte", maanden=3),))
    assert termijn(d, P).einde == D("2025-07-01")


def test_b7_boete_en_verlenging_op_dezelfde_dag_en_daarna() -> None:
    boete = Boete(D("2018-06-01"), Decimal("500"), "termijnoverschrijding", volgorde=2)
    zelfde_dag = Verlenging(D("2018-06-01"), "ziekte", maanden=3, volgorde=3)
    later = Verlenging(D("2019-01-01"), "ziekte", maanden=3, volgorde=4)
    d = wi2013("2015-01-10", boetes=(boete,), verlengingen=(zelfde_dag,))
    assert termijn(d, P).einde == D("2020-06-01")  # besluitdatum + 2 jaar, without − 1 dag
    d = replace(d, verlengingen=(zelfde_dag, later))
    assert termijn(d, P).einde == D("2020-09-01")


def test_b7_wi2021_nieuwe_termijn_naar_behaalde_examens() -> None:
    examens = tuple(Examen(D("2024-01-10"), o, "b1", "behaald") for o in ("lezen", "luisteren"))
    d = wi2021(examens=examens, boetes=(Boete(D("2025-08-01"), Decimal("1000"), "termijnoverschrijding"),))
    assert termijn(d, P).einde == D("2026-08-01")  # 2 taalexamens → 1 jaar


def test_b5_b6_voldaan_wi2013_en_vervallen_daarna() -> None:
    examens = tuple(
        Examen(D("2016-05-01"), o, "a2", "behaald") for o in ("lezen", "luisteren", "schrijven", "spreken", "knm")
    )
    d = wi2013("2014-06-01", examens=examens, vervallen=(Gebeurtenis(D("2020-01-01"), "naturalisatie"),))
    uitkomst = bereken(d, D("2024-05-01"))
    assert (uitkomst.status, uitkomst.status_datum) == ("voldaan", D("2016-05-01"))
    # ONA is required from datum_plicht 2015-01-01.
    assert (
        bereken(
            replace(
                d, kennisgeving=replace(d.kennisgeving, datum_plicht=D("2015-01-01")), datum_plicht=D("2015-01-01")
            ),
            D("2024-05-01"),
        ).status
        == "vervallen"
    )  # type: ignore[arg-type]


def test_b5_routewissel_na_voldaan_verandert_de_datum_niet() -> None:
    taal = tuple(
        Examen(D("2024-03-01"), o, "b1", "behaald") for o in ("lezen", "luisteren", "schrijven", "spreken", "knm")
    )
    modules = (Module("pvt", D("2023-05-01")), Module("map", D("2023-06-01")))
    pips = (Pip(D("2022-07-01"), "b1", volgorde=1), Pip(D("2024-06-01"), "z", volgorde=2))
    d = wi2021(pips=pips, examens=taal, modules=modules)
    uitkomst = bereken(d, D("2025-01-01"))
    assert (uitkomst.status, uitkomst.status_datum) == ("voldaan", D("2024-03-01"))


def test_b5_afschalen_telt_a2_vanaf_het_pip_met_afschalen() -> None:
    a2 = (Examen(D("2023-01-10"), "spreken", "a2", "behaald"),)
    b1 = tuple(Examen(D("2023-02-01"), o, "b1", "behaald") for o in ("lezen", "luisteren", "schrijven", "knm"))
    modules = (Module("pvt", D("2023-01-01")), Module("map", D("2023-01-02")))
    pips = (Pip(D("2022-07-01"), "b1", volgorde=1), Pip(D("2023-09-01"), "b1", frozenset({"spreken"}), volgorde=2))
    uitkomst = bereken(wi2021(pips=pips, examens=a2 + b1, modules=modules), D("2024-01-01"))
    assert (uitkomst.status, uitkomst.status_datum) == ("voldaan", D("2023-09-01"))


def test_b6_voorrang_op_dezelfde_dag_en_onterecht_opgelegd() -> None:
    dag = D("2019-01-01")
    d = wi2013("2015-01-10", ontheffingen=(Gebeurtenis(dag, "medisch"),), vrijstellingen=(Gebeurtenis(dag, "diploma"),))
    assert bereken(d, D("2020-01-01")).status == "vrijgesteld"
    d = replace(d, vervallen=(Gebeurtenis(dag, "vertrek"),))
    assert bereken(d, D("2020-01-01")).status == "vervallen"
    onterecht = replace(d, vervallen=(Gebeurtenis(D("2023-01-01"), "onterecht_opgelegd"),))
    for peildatum in ("2015-06-01", "2024-01-01"):
        u = bereken(onterecht, D(peildatum))
        assert (u.status, u.status_datum) == ("vervallen", D("2015-01-10"))
    ingetrokken = replace(d, kennisgeving=None)
    assert bereken(ingetrokken, D("2016-01-01")).status == "vervallen"


def test_b7_verwijtbaarheid_en_boetetabel_wi2013() -> None:
    base = wi2013("2015-01-10")  # einde 2018-01-09
    peil = D("2018-06-01")
    u = bereken(base, peil)
    assert (u.termijn_overschreden, u.verwijtbaar, u.boete_bedrag) == (True, True, Decimal("1250"))
    lessen = (Lesuren(D("2016-01-01"), 320, True),)
    pogingen = tuple(
        Examen(D("2016-06-01") + dt.timedelta(days=i), o, "a2", "niet_behaald")
        for o in ("lezen", "luisteren", "schrijven", "spreken", "knm")
        for i in range(2)
    ) + (Examen(D("2016-07-01"), "ona", "a2", "niet_behaald"),)
    u = bereken(replace(base, lesuren=lessen, examens=pogingen), peil)
    assert (u.verwijtbaar, u.boete_mogelijk, u.boete_reden) == (False, False, "niet_verwijtbaar")
    u = bereken(replace(base, lesuren=(Lesuren(D("2016-01-01"), 200, True),), examens=pogingen), peil)
    assert (u.verwijtbaar, u.boete_bedrag) == (True, Decimal("375"))
    een_keer = tuple(e for e in pogingen if e.datum.day == 1)
    u = bereken(replace(base, lesuren=(Lesuren(D("2016-01-01"), 100, False),), examens=een_keer), peil)
    assert u.boete_bedrag == Decimal("1000")


def test_b7_keren_2025_07_08_vs_2025_07_09() -> None:
    d = wi2021()  # einde 2025-07-01, asiel
    assert bereken(d, D("2025-07-08")).boete_mogelijk is True
    u = bereken(d, D("2025-07-09"))
    assert (u.termijn_overschreden, u.boete_mogelijk, u.boete_reden) == (True, False, "keren_2025")
    assert bereken(replace(d, kennisgeving=replace(d.kennisgeving, doelgroep="gezin")), D("2025-07-09")).boete_mogelijk  # type: ignore[arg-type]


def test_b8_agi_2023_03_31_vs_2023_04_01() -> None:
    lessen = (Lesuren(D("2016-01-01"), 650, True),)
    drie = tuple(Examen(D("2016-06-01") + dt.timedelta(days=i), "spreken", "a2", "niet_behaald") for i in range(3))
    behaald = tuple(
        Examen(D("2016-05-01"), o, "a2", "behaald") for o in ("lezen", "luisteren", "schrijven", "knm", "ona")
    )
    d = wi2013("2015-01-10", lesuren=lessen, examens=drie + behaald)
    assert bereken(d, D("2023-03-31")).agi_mogelijk is False
    u = bereken(d, D("2023-04-01"))
    assert u.agi_mogelijk is True and "agi_mogelijk" in u.signalen


def test_b9_elip_9499_99_vs_9500() -> None:
    d = wi2013("2016-01-01", doelgroep="asiel", leningen=(Lening(D("2017-01-01"), Decimal("9499.99")),))
    assert bereken(d, D("2018-01-01")).elip is False
    d = replace(d, leningen=(*d.leningen, Lening(D("2017-06-01"), Decimal("9500.00"))))
    u = bereken(d, D("2018-01-01"))
    assert u.elip is True and "elip" in u.signalen


def test_b4_pip_deadline_en_signalen() -> None:
    d = wi2021(pip=None)  # max(2022-04-01, 2022-05-02) + 10 weken = 2022-07-11
    assert bereken(d, D("2022-06-27")).pip_deadline == D("2022-07-11")
    assert "pip_deadline_nadert" in bereken(d, D("2022-06-27")).signalen
    assert "pip_deadline_nadert" not in bereken(d, D("2022-06-26")).signalen
    assert "pip_te_laat" in bereken(d, D("2022-07-12")).signalen
    assert bereken(wi2013("2015-01-10"), D("2016-01-01")).pip_deadline is None


def test_bereken_is_puur_en_de_uitleg_noemt_het_getal_van_de_parameter() -> None:
    """A what-if: other parameters give other values and an uitleg with their numbers; the table that
    was passed in is not changed, and the used rows come back with the outcome."""
    d = wi2021(pip=None)
    anders = Regelparameters(
        [
            *(p for p in P.rijen if p.naam != "pip_deadline_weken"),
            Parameter("pip_deadline_weken", 12, D("2013-01-01"), "wat als"),
        ]
    )
    voor = dict(anders.gebruikt)
    u = bereken(d, D("2022-06-27"), anders)
    assert u.pip_deadline == D("2022-07-25")
    assert u.uitleg["pip_deadline"] == [
        "max(datum kennisgeving, inschrijving gemeente) 2022-05-02 + 12 weken = 2022-07-25 (B-4)"
    ]
    assert anders.gebruikt == voor  # nothing recorded on the caller's table
    assert ("pip_deadline_weken", 12) in {(p.naam, p.waarde) for p in u.parameters}
    assert bereken(d, D("2022-06-27"), anders) == u  # the same outcome again: nothing carried over


def test_b3_voorstel_aanbod_uitgebleven_groeit_mee() -> None:
    d = wi2021()  # PIP 2022-07-01, grens 2022-10-01
    assert bereken(d, D("2022-10-01")).signalen == ()
    u = bereken(d, D("2022-11-15"))
    assert {"aanbod_uitgebleven", "verlenging_voorgesteld"} <= set(u.signalen)
    assert "2 maanden" in u.uitleg["voorstellen"][0]
    met_aanbod = replace(d, aanbod=(Periode(D("2022-12-02")),))
    # 2022-10-01 + 2 maanden = 2022-12-01 < 2022-12-02: rounded up to 3 months.
    assert "3 maanden" in bereken(met_aanbod, D("2023-06-01")).uitleg["voorstellen"][0]


def test_b15_termijn_eindigt_binnenkort_en_overschreden_wi2021() -> None:
    d = wi2021()
    assert "termijn_eindigt_binnenkort" in bereken(d, D("2025-01-01")).signalen
    u = bereken(d, D("2025-07-02"))
    assert {"termijn_overschreden", "pvt_niet_tijdig", "map_niet_tijdig"} <= set(u.signalen)


def test_b5_duo_voldaan_zonder_afleiding_geeft_status_wijkt_af() -> None:
    d = wi2013("2015-01-10", voldaan=(Gebeurtenis(D("2017-01-01")),))
    u = bereken(d, D("2018-01-01"))
    assert (u.status, u.status_datum) == ("voldaan", D("2017-01-01"))
    assert u.signalen == ("status_wijkt_af",)


def test_staatsexamen_diploma_voor_de_plicht() -> None:
    d = wi2013("2015-01-10", diplomas=(Diploma("staatsexamen_nt2", D("2014-06-01")),))
    u = bereken(d, D("2016-01-01"))
    assert (u.status, u.status_datum) == ("voldaan", D("2015-01-10"))


def test_parameters_die_gebruikt_zijn_worden_getoond() -> None:
    u = bereken(wi2013("2015-01-10"), D("2016-01-01"))
    assert any(p.naam == "termijn_jaren" for p in u.parameters)
