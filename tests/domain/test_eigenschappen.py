"""Property tests (hypothesis) of the rules: dates are where rules break."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cases.domain.berekening import bereken
from cases.domain.dossier import Dossier, Examen, Gebeurtenis, Kennisgeving, Module, Pip, Verhuizing, Verlenging
from cases.domain.parameters import Regelparameters
from cases.domain.status import status_op
from cases.domain.termijn import termijn

P = Regelparameters()
datums = st.dates(min_value=dt.date(2013, 1, 1), max_value=dt.date(2030, 12, 31))
gronden_zonder_maximum = st.sampled_from(["ziekte", "examencapaciteit", "opleiding", "overig"])


@st.composite
def verlengingen(draw: st.DrawFn, na: dt.date) -> Verlenging:
    besluit = draw(st.dates(min_value=na, max_value=na + dt.timedelta(days=3000)))
    vorm = draw(st.sampled_from(["maanden", "weken", "dagen", "tot"]))
    if vorm == "tot":
        return Verlenging(besluit, draw(gronden_zonder_maximum), tot=draw(datums), volgorde=draw(st.integers(1, 10**6)))
    return Verlenging(besluit, "ziekte", **{vorm: draw(st.integers(1, 30))}, volgorde=draw(st.integers(1, 10**6)))


@st.composite
def dossiers(draw: st.DrawFn) -> Dossier:
    stelsel = draw(st.sampled_from(["wi2013", "wi2021"]))
    plicht = draw(
        st.dates(min_value=dt.date(2022 if stelsel == "wi2021" else 2013, 1, 1), max_value=dt.date(2026, 1, 1))
    )
    kg = Kennisgeving(stelsel, draw(st.sampled_from(["asiel", "gezin", "overig"])), plicht, plicht)
    pips: tuple[Pip, ...] = ()
    if stelsel == "wi2021":
        pips = tuple(
            Pip(plicht + dt.timedelta(days=d), draw(st.sampled_from(["b1", "onderwijs", "z"])), volgorde=i)
            for i, d in enumerate(draw(st.lists(st.integers(0, 400), max_size=2)))
        )
    examens = tuple(
        Examen(plicht + dt.timedelta(days=d), o, n, r, i)
        for i, (d, o, n, r) in enumerate(
            draw(
                st.lists(
                    st.tuples(
                        st.integers(0, 2000),
                        st.sampled_from(["lezen", "luisteren", "schrijven", "spreken", "knm"]),
                        st.sampled_from(["a2", "b1"]),
                        st.sampled_from(["behaald", "niet_behaald"]),
                    ),
                    max_size=8,
                )
            )
        )
    )
    modules = tuple(
        Module(o, plicht + dt.timedelta(days=d))
        for o, d in draw(st.lists(st.tuples(st.sampled_from(["pvt", "map"]), st.integers(0, 2000)), max_size=2))
    )
    ontheffingen = tuple(
        Gebeurtenis(plicht + dt.timedelta(days=d), "medisch") for d in draw(st.lists(st.integers(0, 3000), max_size=1))
    )
    return Dossier(
        kennisgeving=kg,
        datum_plicht=plicht,
        pips=pips,
        examens=examens,
        modules=modules,
        ontheffingen=ontheffingen,
        verlengingen=tuple(draw(st.lists(verlengingen(plicht), max_size=3))),
    )


@settings(max_examples=300, deadline=None)
@given(dossiers())
def test_einde_nooit_voor_start(d: Dossier) -> None:
    t = termijn(d, P)
    if t.start is not None:
        assert t.einde is not None and t.einde >= t.start


@settings(max_examples=300, deadline=None)
@given(dossiers(), st.data())
def test_een_verlenging_verkort_de_termijn_nooit(d: Dossier, data: st.DataObject) -> None:
    extra = data.draw(verlengingen(d.datum_plicht))
    voor = termijn(d, P).einde
    na = termijn(replace(d, verlengingen=(*d.verlengingen, extra)), P).einde
    if voor is not None:
        assert na is not None and na >= voor


@settings(max_examples=300, deadline=None)
@given(dossiers(), datums, st.data())
def test_feiten_na_de_peildatum_veranderen_de_status_niet(d: Dossier, peildatum: dt.date, data: st.DataObject) -> None:
    later = data.draw(st.dates(min_value=peildatum + dt.timedelta(days=1), max_value=dt.date(2035, 1, 1)))
    uitgebreid = replace(
        d,
        examens=(*d.examens, Examen(later, "lezen", "b1", "behaald", 10**7)),
        modules=(*d.modules, Module("pvt", later)),
        ontheffingen=(*d.ontheffingen, Gebeurtenis(later, "overig")),
        vervallen=(Gebeurtenis(later, "vertrek"),),
        verlengingen=(*d.verlengingen, Verlenging(later, "ziekte", maanden=2, volgorde=10**7)),
        voldaan=(Gebeurtenis(later),),
    )
    assert status_op(uitgebreid, peildatum, P) == status_op(d, peildatum, P)
    assert bereken(uitgebreid, peildatum).termijn_einde == bereken(d, peildatum).termijn_einde


@settings(max_examples=100, deadline=None)
@given(dossiers(), datums)
def test_berekenen_is_deterministisch(d: Dossier, peildatum: dt.date) -> None:
    a, b = bereken(d, peildatum), bereken(d, peildatum)
    assert (a.status, a.termijn_einde, a.signalen, a.boete_bedrag) == (
        b.status,
        b.termijn_einde,
        b.signalen,
        b.boete_bedrag,
    )
    assert a.boete_bedrag is None or a.boete_bedrag > Decimal(0)


gemeenten = st.sampled_from(["0344", "0363", "0599", "0518"])


@given(
    verhuizingen=st.lists(st.tuples(datums, gemeenten, st.integers(1, 50)), max_size=8, unique_by=lambda t: t[2]),
    begin=gemeenten,
    ingetrokken=st.booleans(),
    dagen=st.lists(datums, min_size=1, max_size=10),
)
@settings(max_examples=300, deadline=None)
def test_gemeente_perioden_sluiten_aan_en_geven_de_gemeente_van_b13(
    verhuizingen: list[tuple[dt.date, str, int]], begin: str, ingetrokken: bool, dagen: list[dt.date]
) -> None:
    """besluiten B-13 as periods: contiguous from date.min to open end, neighbours differ, and on
    every day the period names what the rule says directly (the last verhuizing on or before the
    day, of one day the last received; else the kennisgeving's — also a retracted one's)."""
    kg = Kennisgeving("wi2021", "gezin", dt.date(2022, 1, 1), dt.date(2022, 1, 1), gemeente=begin)
    dossier = Dossier(
        None if ingetrokken else kg,
        kg.datum_plicht,
        verhuizingen=tuple(Verhuizing(d, g, volgorde=v) for d, g, v in verhuizingen),
        gemeente_kennisgeving=begin,
    )
    perioden = dossier.gemeente_perioden
    assert perioden[0].van == dt.date.min and perioden[-1].tot is None
    for eerder, later in itertools.pairwise(perioden):
        assert eerder.tot == later.van and eerder.van < eerder.tot and eerder.gemeente != later.gemeente
    for dag in dagen:
        eerder_verhuisd = [(d, v, g) for d, g, v in verhuizingen if d <= dag]
        verwacht = max(eerder_verhuisd)[2] if eerder_verhuisd else begin
        assert dossier.gemeente_op(dag) == verwacht
