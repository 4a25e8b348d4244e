"""Synthetic population of inburgeraars as koppelvlak v1 records, for demos and load tests.

Pure Python (stdlib only, no Django): ``genereer`` yields one ``Persoon`` at a time with all its records
(kennisgeving first) and the outcome the generator intended for the peildatum ``tot_datum`` (besluiten B-5/B-6).
Memory does not grow with the number of inburgeraars, so 300,000 of them (3-4 million records) stream to a file.

How a person is made:
1. Stelsel and cohort are allocated exactly (largest remainder) in proportion to the published inflow; the
   datum_plicht is uniform within the cohort year (up to ``tot_datum``); doelgroep follows the cohort's mix.
2. The intended outcome is drawn from a competing-risks model: the first terminal event (voldaan, vrijgesteld,
   ontheven, vervallen) has probability ``A_k`` and happens ``T`` years after datum_plicht, with ``T`` from a
   per-kind time curve. The amplitudes are calibrated per cohort so that on the reference peildatum 2024-05-01
   the expected shares equal Tabel 5 (Wi2013) and the Wi2021 kerncijfers; any other ``tot_datum`` simply cuts
   the same process at another date. If the event lies after ``tot_datum`` the person is still plichtig.
3. Facts are then built to imply exactly that outcome: the completing exam/module/diploma on the voldaan date
   and never a complete set before it, no terminal record before the terminal date; facts after the terminal
   event (a naturalisatie after voldaan, an exam after vertrek) are valid and do not change the status.

Every record is valid under koppelvlak §3 on its own and against its person's kennisgeving. The expected
status probabilities per person are returned too, so a tally can be checked against the model.
"""

from cases.demo.cijfers import (
    DOELGROEPEN,
    LBT_HAALBAAR,
    LEERROUTE_PCT,
    R1_AGI,
    R1_MEDISCH,
    R1_ONTHEVEN,
    R1_OVERIG,
    R1_TOTAAL,
    R1_VOLDAAN,
    REFERENTIE_PEILDATUM,
    STATUSSEN,
    TABEL5_WI2013,
    WI2013_INGEBURGERD,
    WI2013_OPGELEGD,
    WI2013_VERVALLEN,
    WI2013_VRIJGESTELD,
    WI2021_ASIEL_PIP_AANBOD_PCT,
    WI2021_ASIEL_PIP_AANBOD_PCT_2023,
    WI2021_MET_PIP_PCT,
    WI2021_MET_PIP_PCT_2023,
    WI2021_NOG_PLICHTIG,
    WI2021_NOG_PLICHTIG_2023,
    WI2021_NOG_PLICHTIG_DOELGROEP,
    WI2021_OOIT_PLICHTIG,
    Record,
    Waarde,
    synthetisch_bsn,
)
from cases.demo.generator import genereer
from cases.demo.model import UITKOMST_KOLOMMEN, Persoon, Uitkomst, strata
from cases.demo.uitvoer import MIN_GROEP, RecordSchrijver, Telling, Vergelijking, batchkenmerk, json_bytes, tolerantie

__all__ = [
    "DOELGROEPEN",
    "LBT_HAALBAAR",
    "LEERROUTE_PCT",
    "MIN_GROEP",
    "R1_AGI",
    "R1_MEDISCH",
    "R1_ONTHEVEN",
    "R1_OVERIG",
    "R1_TOTAAL",
    "R1_VOLDAAN",
    "REFERENTIE_PEILDATUM",
    "STATUSSEN",
    "TABEL5_WI2013",
    "UITKOMST_KOLOMMEN",
    "WI2013_INGEBURGERD",
    "WI2013_OPGELEGD",
    "WI2013_VERVALLEN",
    "WI2013_VRIJGESTELD",
    "WI2021_ASIEL_PIP_AANBOD_PCT",
    "WI2021_ASIEL_PIP_AANBOD_PCT_2023",
    "WI2021_MET_PIP_PCT",
    "WI2021_MET_PIP_PCT_2023",
    "WI2021_NOG_PLICHTIG",
    "WI2021_NOG_PLICHTIG_2023",
    "WI2021_NOG_PLICHTIG_DOELGROEP",
    "WI2021_OOIT_PLICHTIG",
    "Persoon",
    "Record",
    "RecordSchrijver",
    "Telling",
    "Uitkomst",
    "Vergelijking",
    "Waarde",
    "batchkenmerk",
    "genereer",
    "json_bytes",
    "strata",
    "synthetisch_bsn",
    "tolerantie",
]
