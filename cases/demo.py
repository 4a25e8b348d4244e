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

from __future__ import annotations

import bisect
import csv
import datetime as dt
import json
import math
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import BinaryIO, Final

Waarde = str | int | float | bool | list[str]
Record = dict[str, Waarde]

STATUSSEN: Final = ("plichtig", "voldaan", "vrijgesteld", "ontheven", "vervallen")
DOELGROEPEN: Final = ("asiel", "gezin", "overig")
REFERENTIE_PEILDATUM: Final = dt.date(2024, 5, 1)

_WI2021_START: Final = dt.date(2022, 1, 1)
_ONA_VANAF: Final = dt.date(2015, 1, 1)  # besluiten B-5: ONA required when datum_plicht >= 2015-01-01
_PVT_WI2013_VANAF: Final = dt.date(2017, 10, 1)  # besluiten B-5: PVT required when datum_plicht >= 2017-10-01
_CORONA_VAN: Final = dt.date(2020, 3, 13).toordinal()  # besluiten B-3: corona window
_CORONA_TOT: Final = dt.date(2022, 1, 31).toordinal()
_TUR_ASIEL_WI2013_VANAF: Final = dt.date(2020, 5, 1)  # regels.md T-3
_PIP_ACHTERSTAND_TOT: Final = dt.date(2023, 7, 1).toordinal()  # start-up backlog of the gemeenten (assumed)
_KEREN: Final = dt.date(2025, 7, 9).toordinal()  # besluiten B-7: no boete for asielstatushouders from then on
_JAAR: Final = 365.25


def synthetisch_bsn(n: int) -> str:
    """The n-th valid BSN of the synthetic range 98/99xxxxxxx (elfproef holds), 0 <= n < 1,000,000.

    Prefix 99 + n (990000000 ... 999999999); when no check digit fits (remainder 10), prefix 98 + n, whose
    weighted sum differs by 8 and so always fits. Real BSNs are not issued in this range by the demo's choice;
    the tests' factory uses the same function."""
    for begin in (99_000_000, 98_000_000):
        prefix = f"{begin + n:08d}"
        som = sum(int(c) * w for c, w in zip(prefix, range(9, 1, -1), strict=True))
        laatste = som % 11  # elfproef: som - laatste is a multiple of 11
        if laatste < 10:
            return prefix + str(laatste)
    raise AssertionError(n)  # pragma: no cover


# ---------------------------------------------------------------------------------------------------------------
# Published figures (restated; the source file in shared/referentie is named with each table)
# ---------------------------------------------------------------------------------------------------------------

# wi2013_cohorten_peildatum_2024-05-01.csv (Tabel 5, peildatum 2024-05-01): cohort -> (voldaan, ontheven,
# nog_plichtig). Voldaan includes vrijgesteld; vervallen persons are not in the table (besluiten B-10).
TABEL5_WI2013: Final[dict[int, tuple[int, int, int]]] = {
    2013: (7177, 1955, 171),
    2014: (12992, 3677, 352),
    2015: (17991, 5836, 538),
    2016: (21842, 9082, 833),
    2017: (13888, 6441, 989),
    2018: (12401, 3851, 1597),
    2019: (11640, 2825, 2618),
    2020: (11864, 1663, 6253),
    2021: (7458, 743, 17027),
    2022: (253, 5, 1821),
    2023: (67, 2, 395),
    2024: (1, 0, 122),
}
# Cohort 2024 in Tabel 5 only covers 2024-01-01 .. 2024-05-01 (122 days).
_TABEL5_DAGEN_2024: Final = 122

# wi2013_kerncijfers_peildatum_2024-05-01.csv
WI2013_INGEBURGERD: Final = 111_633
WI2013_VRIJGESTELD: Final = 5_941
WI2013_VERVALLEN: Final = 10_289
WI2013_OPGELEGD: Final = 196_659

# wi2013_cohort_2013_peildatum_2018-01-01.csv and wi2013_cohort_2014_peildatum_2018-01-01.csv (R1): per
# doelgroep (asiel, gezin, overig) the totals, voldaan, ontheven and the ontheffing grounds.
R1_TOTAAL: Final[dict[int, tuple[int, int, int]]] = {2013: (4770, 4015, 665), 2014: (10380, 6397, 519)}
R1_VOLDAAN: Final = {2013: (2717, 3165, 446), 2014: (4753, 4594, 326)}
R1_ONTHEVEN: Final = {2013: (985, 115, 98), 2014: (1097, 148, 46)}
R1_MEDISCH: Final = {2013: (112, 59, 60), 2014: (144, 64, 31)}
R1_AGI: Final = {2013: (873, 53, 36), 2014: (953, 79, 15)}
R1_OVERIG: Final = {2013: (0, 3, 2), 2014: (0, 5, 0)}

# wi2021_kerncijfers_peildatum_2024-05-01.csv
WI2021_OOIT_PLICHTIG: Final = 75_753
WI2021_NOG_PLICHTIG: Final = 72_231
WI2021_NOG_PLICHTIG_DOELGROEP: Final = (48_745, 21_977, 1_509)  # asiel, gezin, overig
WI2021_NOG_PLICHTIG_2023: Final = 36_200  # peildatum 2023-05-01, rounded to hundreds in the source
WI2021_MET_PIP_PCT: Final = 63  # nog plichtig met PIP, 2024-05-01 (45,326)
WI2021_MET_PIP_PCT_2023: Final = 43  # 2023-05-01 (15,600)
WI2021_ASIEL_PIP_AANBOD_PCT: Final = 65  # asiel met PIP en aanbod, 2024-05-01 (19,096 / 29,253)
WI2021_ASIEL_PIP_AANBOD_PCT_2023: Final = 40  # 2023-05-01 (3,700 / 9,250)

# wi2021_leerroute_per_doelgroep_peildatum_2024-05-01.csv (Tabel 3): leerroute shares (b1, onderwijs, z) in %.
LEERROUTE_PCT: Final = {"asiel": (58, 15, 27), "gezin": (92, 1, 7), "overig": (85, 1, 14)}

# wi2021_leerbaarheidstoets_vs_leerroute.csv (Tabel 1, column percentages): share 'haalbaar' within the chosen
# route: b1 or onderwijs 31,495 / 36,352; z 990 / 9,106.
LBT_HAALBAAR: Final = {"b1": 31_495 / 36_352, "onderwijs": 31_495 / 36_352, "z": 990 / 9_106}

# ---------------------------------------------------------------------------------------------------------------
# Model assumptions (not published; documented choices)
# ---------------------------------------------------------------------------------------------------------------


def _aandelen(aantallen: tuple[int, int, int]) -> tuple[float, float, float]:
    som = sum(aantallen)
    return (aantallen[0] / som, aantallen[1] / som, aantallen[2] / som)


# Wi2021 inflow per day, derived from the kerncijfers: 75,753 ooit plichtig by 2024-05-01 and ~36,200 nog
# plichtig (~36,700 ooit) by 2023-05-01, assuming a constant monthly inflow from 2023 on: 1,974/month in 2022,
# 3,254/month from 2023 (39,050 a year), continued after the peildatum.
_WI2021_PER_DAG: Final = {2022: 23_690 / 365, 2023: 39_050 / 365}
_WI2021_PER_DAG_LATER: Final = 39_050 / 365
# Doelgroep mix of the Wi2021 inflow: as the nog-plichtig split (95% of ooit plichtig is nog plichtig).
_WI2021_DOELGROEP: Final = _aandelen(WI2021_NOG_PLICHTIG_DOELGROEP)
# Doelgroep mix of Wi2013 cohorts: 2013 and 2014 from R1; later cohorts are not published (assumed, following
# the asylum influx of 2015-2016).
_WI2013_DOELGROEP: Final[dict[int, tuple[float, float, float]]] = {
    2013: _aandelen(R1_TOTAAL[2013]),
    2014: _aandelen(R1_TOTAAL[2014]),
    2015: (0.66, 0.30, 0.04),
    2016: (0.75, 0.22, 0.03),
    2017: (0.65, 0.31, 0.04),
    2018: (0.55, 0.40, 0.05),
    2019: (0.50, 0.44, 0.06),
    2020: (0.50, 0.44, 0.06),
    2021: (0.55, 0.40, 0.05),
    2022: (0.60, 0.35, 0.05),
}

# Within the ended (voldaan + ontheven), the ontheven share differs by doelgroep. Relative factors from R1
# (cohorts 2013 and 2014 together: ontheven / (voldaan + ontheven) per doelgroep over the total ratio).
_ONTHEVEN_FACTOR: Final = {"asiel": 1.5, "gezin": 0.27, "overig": 1.17}
# Vrijgesteld share of 'voldaan' in Tabel 5: 5,941 / (111,633 + 5,941) (kerncijfers).
_VRIJGESTELD_AANDEEL: Final = WI2013_VRIJGESTELD / (WI2013_INGEBURGERD + WI2013_VRIJGESTELD)

# Time curves: (years since datum_plicht, cumulative share of the eventual events of that kind).
_Curve = tuple[tuple[float, float], ...]
_G_VOLDAAN: Final[_Curve] = (
    (0, 0), (0.5, 0.02), (1, 0.08), (1.5, 0.18), (2, 0.30), (2.5, 0.42), (3, 0.58), (3.5, 0.74), (4, 0.83),
    (4.5, 0.88), (5, 0.92), (6, 0.95), (8, 0.98), (10, 1.0),
)  # fmt: skip
_G_ONTHEVEN: Final[_Curve] = (
    (0, 0), (1, 0.02), (2, 0.05), (3, 0.15), (3.5, 0.32), (4, 0.45), (4.5, 0.6), (5, 0.72), (6, 0.86), (7, 0.94),
    (8, 0.98), (9, 1.0),
)  # fmt: skip
_G_VRIJGESTELD: Final[_Curve] = ((0, 0), (0.25, 0.3), (0.5, 0.55), (1, 0.8), (2, 0.95), (3, 1.0))
_G_VERVALLEN: Final[_Curve] = ((0, 0), (8, 1.0))
# Wi2021: the termijn starts at the PIP and the B1-route is harder, so voldaan comes later.
_G_VOLDAAN_21: Final[_Curve] = (
    (0, 0), (0.8, 0), (1, 0.01), (1.5, 0.03), (2, 0.07), (2.5, 0.16), (3, 0.3), (3.5, 0.5), (4, 0.7), (4.5, 0.82),
    (5, 0.9), (6, 0.96), (8, 1.0),
)  # fmt: skip
_G_ONTHEVEN_21: Final[_Curve] = ((0, 0), (0.5, 0.02), (1, 0.05), (2, 0.12), (3, 0.3), (4, 0.6), (5, 0.85), (6, 1.0))
# Wi2021 eventual shares (assumed; calibrated so that ~95% is still plichtig on 2024-05-01 as published).
_WI2021_A_VOLDAAN: Final = 0.68
_WI2021_A_VRIJGESTELD: Final = 0.015
_WI2021_A_ONTHEVEN: Final = 0.20
# Intended upper bound of the eventual share of ended persons (the rest stays plichtig for ever).
_MAX_BEEINDIGD: Final = 0.985
# Plicht wrongly imposed (intrekking of the kennisgeving or vervallen 'onterecht_opgelegd'): a small share,
# larger for Turkish gezins- and overige migranten with datum_plicht in 2022 (herstelactie nov. 2022, T-5).
_ONTERECHT: Final = 0.002
_ONTERECHT_TUR_2022: Final = 0.15
# Kennisgeving delivered with an error, retracted and delivered again (besluiten B-12).
_KENNISGEVING_GECORRIGEERD: Final = 0.0015
_EXAMEN_GECORRIGEERD: Final = 0.015
_VOLDAAN_RECORD: Final = 0.35  # share of voldaan persons that also get DUO's explicit voldaan record

# Approximate population (thousands, CBS 2024) of the larger gemeenten; the others weigh 32 (the average of the
# rest). Statushouders are housed in proportion to population (taakstelling), so this is the skew used.
_INWONERS: Final = {
    "0363": 931, "0599": 664, "0518": 566, "0344": 374, "0014": 244, "0772": 243, "0855": 229, "0034": 226,
    "0758": 187, "0268": 184, "0200": 167, "0202": 167, "0392": 164, "0394": 162, "0307": 161, "0796": 160,
    "0153": 160, "0479": 159, "0193": 133, "0546": 127, "0637": 127, "0080": 127, "0935": 122, "0505": 121,
    "0228": 121, "0484": 114, "1783": 113, "0361": 111, "0114": 108, "0503": 105, "0983": 102, "0150": 102,
    "0828": 95, "0794": 94, "0362": 93, "0439": 93, "0402": 92, "1900": 92, "1883": 91, "1980": 90, "0917": 87,
    "1930": 86, "0995": 83, "0164": 82, "0606": 80, "1674": 78, "0513": 75, "0622": 75, "0141": 74, "0405": 74,
    "0106": 70, "0453": 69, "0748": 69, "0502": 68, "0345": 68, "0537": 67, "0355": 66, "0160": 62, "0203": 61,
    "1952": 61, "1942": 59, "0222": 59, "0957": 59, "0826": 57, "1926": 57, "0400": 56, "0166": 55, "0988": 51,
    "1581": 50,
}  # fmt: skip
_INWONERS_OVERIG: Final = 32

# Nationality mixes (ISO 3166-1 alpha-3) per doelgroep and period; assumed from the well-known composition of
# the asylum and family migration of those years. TUR is only plichtig as asiel from 2020-05-01 under Wi2013
# and for everyone under Wi2021 (regels.md T-3, T-4).
_NATIONALITEITEN: Final[dict[str, tuple[tuple[str, float], ...]]] = {
    "asiel_2013": (("SYR", 30), ("ERI", 22), ("SOM", 10), ("AFG", 8), ("IRQ", 7), ("IRN", 7), ("ETH", 3),
                   ("SDN", 3), ("RUS", 3), ("YEM", 2), ("EGY", 2)),
    "asiel_2015": (("SYR", 50), ("ERI", 22), ("IRQ", 6), ("IRN", 6), ("AFG", 5), ("SOM", 3), ("YEM", 2),
                   ("ETH", 2), ("SDN", 2), ("RUS", 2)),
    "asiel_2018": (("SYR", 38), ("ERI", 15), ("TUR", 12), ("AFG", 8), ("IRN", 8), ("YEM", 7), ("IRQ", 5),
                   ("SOM", 3), ("ETH", 2), ("SDN", 2)),
    "asiel_2022": (("SYR", 40), ("TUR", 15), ("AFG", 13), ("YEM", 9), ("ERI", 8), ("IRQ", 4), ("IRN", 4),
                   ("SOM", 4), ("SDN", 3)),
    "gezin": (("MAR", 16), ("IND", 12), ("TUR", 12), ("CHN", 7), ("THA", 6), ("PHL", 6), ("BRA", 6), ("SUR", 5),
              ("RUS", 5), ("UKR", 5), ("PAK", 5), ("SYR", 5), ("IDN", 5), ("EGY", 4), ("GHA", 4), ("NGA", 4),
              ("IRN", 3), ("AFG", 2)),
    "overig": (("IND", 20), ("CHN", 12), ("RUS", 8), ("UKR", 6), ("BRA", 6), ("PAK", 6), ("MAR", 6), ("PHL", 6),
               ("TUR", 5), ("EGY", 5), ("NGA", 5), ("IDN", 5), ("IRN", 5), ("SYR", 5)),
}  # fmt: skip

_NAMEN: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]] = {
    # region: (male first names, female first names, surnames)
    "arabisch": (
        ("Mohammed", "Ahmad", "Omar", "Ali", "Hassan", "Khaled", "Mahmoud", "Yousef", "Ibrahim", "Samir", "Mustafa",
         "Abdullah", "Bilal", "Tariq", "Rami", "Fadi", "Karim", "Hamza", "Yassin", "Nour"),
        ("Fatima", "Aisha", "Mariam", "Noor", "Rania", "Huda", "Lina", "Hiba", "Amal", "Salma", "Yasmin", "Rasha",
         "Dima", "Reem", "Zainab", "Layla"),
        ("Haddad", "Al-Hassan", "Khalil", "Ibrahim", "Mansour", "Nasser", "Darwish", "Saleh", "Hamdan", "Othman",
         "Aziz", "Al-Ahmad", "Suleiman", "Youssef", "Kassem", "Habib", "Jaber", "Abbas", "Al-Khatib", "Hussein",
         "Barakat", "Sabbagh", "Masri", "Shami"),
    ),
    "marokkaans": (
        ("Mohamed", "Youssef", "Hamza", "Karim", "Rachid", "Said", "Abdelkader", "Mustapha", "Nordin", "Driss"),
        ("Fatima", "Khadija", "Naima", "Malika", "Samira", "Houda", "Loubna", "Salma"),
        ("El Amrani", "Benali", "El Idrissi", "Bouzid", "Ait Taleb", "El Khatib", "Ouali", "Bakkali", "Azzouzi",
         "Chaouki", "Tahiri", "Amrani"),
    ),
    "hoorn_van_afrika": (
        ("Yonas", "Dawit", "Tesfay", "Samuel", "Biniam", "Filmon", "Habtom", "Kidane", "Mehari", "Amanuel", "Berhane",
         "Tekle", "Yohannes", "Robel"),
        ("Helen", "Senait", "Mebrat", "Selam", "Saba", "Ruta", "Tsega", "Hiwet", "Luwam", "Feven", "Eden", "Winta"),
        ("Tesfamariam", "Ghebreyesus", "Habte", "Kahsay", "Tekle", "Berhe", "Woldu", "Gebremedhin", "Haile",
         "Mehari", "Andom", "Yemane", "Asfaha", "Kidane"),
    ),
    "somalisch": (
        ("Abdi", "Mohamed", "Ahmed", "Abdirahman", "Hassan", "Farah", "Omar", "Yusuf"),
        ("Hodan", "Amina", "Fadumo", "Sahra", "Hibo", "Ifrah", "Nasra", "Ubah"),
        ("Abdi", "Farah", "Warsame", "Jama", "Hassan", "Ali", "Osman", "Mohamud", "Aden", "Yusuf"),
    ),
    "turks": (
        ("Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "Emre", "Murat", "Burak", "Serkan", "Yusuf", "Kemal",
         "Ömer"),
        ("Ayşe", "Fatma", "Emine", "Zeynep", "Elif", "Hatice", "Merve", "Esra", "Büşra", "Derya", "Özlem"),
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir", "Arslan",
         "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt"),
    ),
    "perzisch": (
        ("Ahmad", "Mohammad", "Ali", "Reza", "Hossein", "Mehdi", "Farid", "Jawad", "Habib", "Rahim", "Omid", "Navid",
         "Hamid", "Sohrab"),
        ("Zahra", "Maryam", "Fatemeh", "Parisa", "Shirin", "Soraya", "Nargis", "Farzana", "Mina", "Leila", "Roya",
         "Sima"),
        ("Ahmadi", "Hosseini", "Mohammadi", "Rezaei", "Karimi", "Rahimi", "Jafari", "Sultani", "Hakimi", "Noori",
         "Azizi", "Sadat", "Haidari", "Amiri", "Safi", "Popal"),
    ),
    "oost_europees": (
        ("Oleksandr", "Andriy", "Dmytro", "Serhiy", "Ivan", "Mykola", "Yuriy", "Vladimir", "Sergei", "Alexei"),
        ("Olena", "Natalia", "Iryna", "Oksana", "Tetiana", "Yulia", "Svetlana", "Anna", "Maria", "Olga"),
        ("Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Ivanova", "Petrov",
         "Smirnova", "Volkov", "Kuznetsova", "Popov"),
    ),
    "zuid_aziatisch": (
        ("Rahul", "Amit", "Arjun", "Vikram", "Imran", "Faisal", "Sandeep", "Ravi", "Sanjay"),
        ("Priya", "Anjali", "Deepika", "Sana", "Ayesha", "Kavya", "Neha", "Pooja"),
        ("Sharma", "Patel", "Singh", "Kumar", "Khan", "Gupta", "Reddy", "Iyer", "Malik", "Chaudhry", "Rao", "Nair"),
    ),
    "chinees": (
        ("Wei", "Jun", "Hao", "Lei", "Jian", "Ming"),
        ("Mei", "Li", "Xiu", "Yan", "Ying", "Jing"),
        ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou"),
    ),
    "zuidoost_aziatisch": (
        ("Jose", "Mark", "John Paul", "Rizal", "Budi", "Agus", "Somchai"),
        ("Maria", "Angelica", "Kristine", "Siti", "Dewi", "Ayu", "Somsri", "Malee"),
        ("Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Wijaya", "Santoso", "Saetang", "Wongsa", "Srisuk"),
    ),
    "latijns_amerikaans": (
        ("Lucas", "Gabriel", "Rafael", "Carlos", "Juan", "Diego"),
        ("Ana", "Juliana", "Camila", "Gabriela", "Mariana", "Luisa"),
        ("Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Pereira", "Gómez", "Martínez", "Pinas", "Rodríguez"),
    ),
    "west_afrikaans": (
        ("Chinedu", "Emeka", "Kwame", "Kofi", "Samuel", "Daniel", "Ibrahim"),
        ("Ngozi", "Ama", "Abena", "Grace", "Blessing", "Esther"),
        ("Okafor", "Adeyemi", "Mensah", "Asante", "Boateng", "Owusu", "Okeke", "Nwosu"),
    ),
}  # fmt: skip
_NAAMREGIO: Final = {
    "SYR": "arabisch", "IRQ": "arabisch", "YEM": "arabisch", "EGY": "arabisch", "SDN": "arabisch",
    "MAR": "marokkaans", "ERI": "hoorn_van_afrika", "ETH": "hoorn_van_afrika", "SOM": "somalisch", "TUR": "turks",
    "AFG": "perzisch", "IRN": "perzisch", "RUS": "oost_europees", "UKR": "oost_europees", "IND": "zuid_aziatisch",
    "PAK": "zuid_aziatisch", "CHN": "chinees", "PHL": "zuidoost_aziatisch", "IDN": "zuidoost_aziatisch",
    "THA": "zuidoost_aziatisch", "BRA": "latijns_amerikaans", "SUR": "latijns_amerikaans",
    "GHA": "west_afrikaans", "NGA": "west_afrikaans",
}  # fmt: skip

_TAALONDERDELEN: Final = ("lezen", "luisteren", "schrijven", "spreken")
# Chance that one exam attempt fails, per onderdeel (assumed; speaking and writing are the hard ones).
_KANS_ZAKKEN: Final = {
    "lezen": 0.22, "luisteren": 0.2, "schrijven": 0.3, "spreken": 0.35, "knm": 0.18, "ona": 0.12,
}  # fmt: skip
# Wi2013 termijnoverschrijding amounts of besluiten B-7 (table), with an assumed frequency.
_BOETE_WI2013: Final = ((1250, 2), (1000, 2), (875, 2), (750, 2), (625, 1), (500, 2), (375, 1), (250, 1))
_INTREKKING_REDENEN: Final = (
    "Uitslag onjuist doorgegeven; gecorrigeerd door examenbureau.",
    "Examenresultaat bij verkeerde persoon geregistreerd.",
    "Dubbel geregistreerd na storing in de uitwisseling.",
    "Herbeoordeling examen: uitslag gewijzigd.",
)
_INTREKKING_KENNISGEVING: Final = (
    "Ten onrechte inburgeringsplichtig (herstelactie Turkse nationaliteit).",
    "Kennisgeving ten onrechte verstuurd: verblijf voor een tijdelijk doel.",
    "Kennisgeving met onjuiste gegevens; vervangen door een nieuwe kennisgeving.",
)

# ---------------------------------------------------------------------------------------------------------------
# Time curves and calibration
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kromme:
    """A piecewise-linear cumulative curve from 0 to 1 over years since datum_plicht."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    @classmethod
    def van(cls, punten: _Curve) -> _Kromme:
        return cls(tuple(float(x) for x, _ in punten), tuple(float(y) for _, y in punten))

    def waarde(self, t: float) -> float:
        xs, ys = self.xs, self.ys
        if t <= 0.0:
            return 0.0
        if t >= xs[-1]:
            return ys[-1]
        i = bisect.bisect_right(xs, t)
        x0, x1, y0 = xs[i - 1], xs[i], ys[i - 1]
        return y0 + (ys[i] - y0) * (t - x0) / (x1 - x0)

    def invers(self, u: float) -> float:
        """The t with waarde(t) == u, for 0 < u < 1."""
        xs, ys = self.xs, self.ys
        i = bisect.bisect_right(ys, u)
        if i >= len(ys):
            return xs[-1]
        y0, y1, x0 = ys[i - 1], ys[i], xs[i - 1]
        return x0 + (xs[i] - x0) * (u - y0) / (y1 - y0)


_K_VOLDAAN = _Kromme.van(_G_VOLDAAN)
_K_ONTHEVEN = _Kromme.van(_G_ONTHEVEN)
_K_VRIJGESTELD = _Kromme.van(_G_VRIJGESTELD)
_K_VERVALLEN = _Kromme.van(_G_VERVALLEN)
_K_VOLDAAN_21 = _Kromme.van(_G_VOLDAAN_21)
_K_ONTHEVEN_21 = _Kromme.van(_G_ONTHEVEN_21)


@dataclass(frozen=True)
class _Uitkomstmodel:
    """Eventual shares per terminal kind and the curves, for one stelsel and cohort.

    ``snelheid`` scales time (a cohort that finished faster than the shared curves). The voldaan + ontheven
    amplitude is split per doelgroep with ``ontheven_aandeel`` (besluiten B-6 statuses)."""

    voldaan_of_ontheven: float
    ontheven_aandeel: float
    vrijgesteld: float
    vervallen: float
    snelheid: float
    k_voldaan: _Kromme
    k_ontheven: _Kromme
    doelgroep_mix: tuple[float, float, float]

    def ontheven_aandeel_voor(self, doelgroep: str) -> float:
        noemer = sum(m * _ONTHEVEN_FACTOR[d] for m, d in zip(self.doelgroep_mix, DOELGROEPEN, strict=True))
        return min(0.95, self.ontheven_aandeel * _ONTHEVEN_FACTOR[doelgroep] / noemer)

    def amplitudes(self, doelgroep: str) -> tuple[float, float, float, float]:
        """Eventual shares (voldaan, vrijgesteld, ontheven, vervallen) for this doelgroep."""
        r = self.ontheven_aandeel_voor(doelgroep)
        return (self.voldaan_of_ontheven * (1 - r), self.vrijgesteld, self.voldaan_of_ontheven * r, self.vervallen)

    def curves(self) -> tuple[_Kromme, _Kromme, _Kromme, _Kromme]:
        return (self.k_voldaan, _K_VRIJGESTELD, self.k_ontheven, _K_VERVALLEN)

    def kansen(self, doelgroep: str, jaren: float) -> tuple[float, float, float, float, float]:
        """Expected status shares (STATUSSEN order) at ``jaren`` years after datum_plicht."""
        t = jaren * self.snelheid
        a = self.amplitudes(doelgroep)
        k = tuple(ak * c.waarde(t) for ak, c in zip(a, self.curves(), strict=True))
        return (1.0 - sum(k), k[0], k[1], k[2], k[3])


def _referentie_jaren(jaar: int) -> list[float]:
    """Years between mid-month datum_plicht in ``jaar`` and the reference peildatum (for averaging curves)."""
    uit = []
    for maand in range(1, 13):
        d = dt.date(jaar, maand, 15)
        if d <= REFERENTIE_PEILDATUM:
            uit.append((REFERENTIE_PEILDATUM - d).days / _JAAR)
    return uit


def _gemiddeld(kromme: _Kromme, jaren: Sequence[float], snelheid: float) -> float:
    return sum(kromme.waarde(t * snelheid) for t in jaren) / len(jaren)


def _wi2013_model(cohort: int, a_vervallen: float) -> _Uitkomstmodel:
    """Calibrate a Wi2013 cohort to Tabel 5: the expected shares on 2024-05-01 among the non-vervallen equal the
    published voldaan / ontheven / nog plichtig; the cohort's clock runs faster when needed to keep the eventual
    ended share below ``_MAX_BEEINDIGD``."""
    voldaan, ontheven, plichtig = TABEL5_WI2013[min(cohort, 2024)]
    totaal = voldaan + ontheven + plichtig
    jaren = _referentie_jaren(min(cohort, 2024))
    mix = _WI2013_DOELGROEP.get(cohort, _WI2013_DOELGROEP[2022])

    def amplitudes(snelheid: float) -> tuple[float, float, float]:
        q = 1.0 - a_vervallen * _gemiddeld(_K_VERVALLEN, jaren, snelheid)
        a_vd = (1 - _VRIJGESTELD_AANDEEL) * voldaan / totaal * q / _gemiddeld(_K_VOLDAAN, jaren, snelheid)
        a_vr = _VRIJGESTELD_AANDEEL * voldaan / totaal * q / _gemiddeld(_K_VRIJGESTELD, jaren, snelheid)
        a_o = ontheven / totaal * q / _gemiddeld(_K_ONTHEVEN, jaren, snelheid)
        return a_vd, a_vr, a_o

    snelheid = 1.0
    if sum(amplitudes(1.0)) + a_vervallen > _MAX_BEEINDIGD:
        laag, hoog = 1.0, 3.0
        for _ in range(30):
            midden = (laag + hoog) / 2
            if sum(amplitudes(midden)) + a_vervallen > _MAX_BEEINDIGD:
                laag = midden
            else:
                hoog = midden
        snelheid = hoog
    a_vd, a_vr, a_o = amplitudes(snelheid)
    schaal = min(1.0, (1.0 - a_vervallen) / (a_vd + a_vr + a_o))  # never above 1 in total
    a_vd, a_vr, a_o = a_vd * schaal, a_vr * schaal, a_o * schaal
    return _Uitkomstmodel(
        voldaan_of_ontheven=a_vd + a_o,
        ontheven_aandeel=a_o / (a_vd + a_o) if a_vd + a_o else 0.0,
        vrijgesteld=a_vr,
        vervallen=a_vervallen,
        snelheid=snelheid,
        k_voldaan=_K_VOLDAAN,
        k_ontheven=_K_ONTHEVEN,
        doelgroep_mix=mix,
    )


def _vervallen_op_referentie(a_vervallen: float) -> float:
    """Expected number of vervallen Wi2013 persons on 2024-05-01 given Tabel 5 (which excludes them)."""
    totaal = 0.0
    for cohort, rij in TABEL5_WI2013.items():
        model = _wi2013_model(cohort, a_vervallen)
        q = 1.0 - a_vervallen * _gemiddeld(_K_VERVALLEN, _referentie_jaren(cohort), model.snelheid)
        totaal += sum(rij) * (1.0 / q - 1.0)
    return totaal


@dataclass(frozen=True)
class _Kalibratie:
    wi2013: dict[int, _Uitkomstmodel]
    wi2021: _Uitkomstmodel
    wi2013_grootte: dict[int, float]  # cohort size including vervallen (Tabel 5 / share not vervallen)


@cache
def _kalibratie() -> _Kalibratie:
    # The vervallen amplitude is shared by all cohorts and stelsels; it is set so that the Wi2013 total on the
    # reference date equals the kerncijfers (10,289 vervallen).
    laag, hoog = 0.0, 0.5
    for _ in range(25):
        midden = (laag + hoog) / 2
        if _vervallen_op_referentie(midden) < WI2013_VERVALLEN:
            laag = midden
        else:
            hoog = midden
    a_vervallen = (laag + hoog) / 2
    wi2013 = {cohort: _wi2013_model(cohort, a_vervallen) for cohort in TABEL5_WI2013}
    grootte = {}
    for cohort, rij in TABEL5_WI2013.items():
        q = 1.0 - a_vervallen * _gemiddeld(_K_VERVALLEN, _referentie_jaren(cohort), wi2013[cohort].snelheid)
        grootte[cohort] = sum(rij) / q
    a_o = _WI2021_A_ONTHEVEN
    wi2021 = _Uitkomstmodel(
        voldaan_of_ontheven=_WI2021_A_VOLDAAN + a_o,
        ontheven_aandeel=a_o / (_WI2021_A_VOLDAAN + a_o),
        vrijgesteld=_WI2021_A_VRIJGESTELD,
        vervallen=a_vervallen,
        snelheid=1.0,
        k_voldaan=_K_VOLDAAN_21,
        k_ontheven=_K_ONTHEVEN_21,
        doelgroep_mix=_WI2021_DOELGROEP,
    )
    return _Kalibratie(wi2013=wi2013, wi2021=wi2021, wi2013_grootte=grootte)


def _model(stelsel: str, cohort: int) -> _Uitkomstmodel:
    k = _kalibratie()
    if stelsel == "wi2021":
        return k.wi2021
    return k.wi2013[min(cohort, 2024)]


def _instroom_per_dag(stelsel: str, jaar: int) -> float:
    """Published inflow per day (including those whose plicht later vervalt)."""
    if stelsel == "wi2021":
        return _WI2021_PER_DAG.get(jaar, _WI2021_PER_DAG_LATER) if jaar >= 2022 else 0.0
    grootte = _kalibratie().wi2013_grootte
    if jaar >= 2024:
        return grootte[2024] / _TABEL5_DAGEN_2024
    return grootte[jaar] / ((dt.date(jaar, 12, 31) - dt.date(jaar, 1, 1)).days + 1)


def strata(aantal: int, tot_datum: dt.date) -> list[tuple[str, int, int]]:
    """(stelsel, cohort, number of persons) for ``aantal`` persons with datum_plicht up to ``tot_datum``.

    Proportional to the published inflow per day over the days of each cohort year up to ``tot_datum``, with
    whole numbers by the largest-remainder method."""
    gewichten: list[tuple[str, int, float]] = []
    for jaar in range(2013, tot_datum.year + 1):
        eind = min(dt.date(jaar, 12, 31), tot_datum)
        dagen = (eind - dt.date(jaar, 1, 1)).days + 1
        for stelsel in ("wi2013", "wi2021"):
            gewicht = _instroom_per_dag(stelsel, jaar) * dagen
            if gewicht > 0:
                gewichten.append((stelsel, jaar, gewicht))
    som = sum(g for _, _, g in gewichten)
    exact = [aantal * g / som for _, _, g in gewichten]
    hele = [math.floor(x) for x in exact]
    rest = aantal - sum(hele)
    volgorde = sorted(range(len(exact)), key=lambda i: (-(exact[i] - hele[i]), i))
    for i in volgorde[:rest]:
        hele[i] += 1
    return [(s, j, n) for (s, j, _), n in zip(gewichten, hele, strict=True)]


# ---------------------------------------------------------------------------------------------------------------
# Public data types
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Uitkomst:
    """The status the generator intended for a person on ``tot_datum`` (besluiten B-6)."""

    bsn: str
    stelsel: str
    doelgroep: str
    cohort: int
    status: str
    status_datum: dt.date

    def csv_rij(self) -> list[str]:
        return [self.bsn, self.stelsel, self.doelgroep, str(self.cohort), self.status, self.status_datum.isoformat()]


UITKOMST_KOLOMMEN: Final = ("bsn", "stelsel", "doelgroep", "cohort", "status", "status_datum")


@dataclass(frozen=True)
class Persoon:
    records: list[Record]
    uitkomst: Uitkomst
    verwachting: tuple[float, float, float, float, float]  # expected status shares, STATUSSEN order
    pip_op_peildatum: bool  # Wi2021: a PIP dated on or before tot_datum
    aanbod_op_peildatum: bool  # Wi2021: an aanbod started on or before tot_datum


# ---------------------------------------------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------------------------------------------

_PREFIX: Final = {
    "kennisgeving": "K", "verhuizing": "VH", "leerbaarheidstoets": "LBT", "pip": "PIP", "aanbod": "AB",
    "coa_verblijf": "COA", "lesuren": "LU", "examen": "E", "module": "M", "diploma": "D", "voldaan": "VD",
    "vrijstelling": "VS", "ontheffing": "OH", "verlenging": "VL", "vervallen": "VV", "lening": "LN", "boete": "B",
    "intrekking": "I",
}  # fmt: skip


@dataclass
class _Feit:
    datum: int  # ordinal, for ordering only
    record: Record
    ingetrokken: Record | None = None  # for an intrekking: the record it retracts


@dataclass
class _Dossier:
    bsn: str
    stelsel: str
    doelgroep: str
    plicht: int  # ordinal of datum_plicht
    vrouw: bool
    gemeente: str = ""
    inschrijving: int = 0  # ordinal of datum_inschrijving_gemeente (possibly after tot_datum: not delivered)
    ontheffing_grond: str = "medisch"
    voldaan_record: bool = False
    kop: list[_Feit] = field(default_factory=list)  # kennisgeving(s) and their intrekking, in this order
    feiten: list[_Feit] = field(default_factory=list)


def _gemeenten() -> tuple[list[str], list[float]]:
    """Current gemeenten (empty geldig_tot) from cases/data/gemeenten.csv with their population weight."""
    pad = Path(__file__).resolve().parent / "data" / "gemeenten.csv"
    codes: list[str] = []
    with pad.open(encoding="utf-8", newline="") as f:
        for rij in csv.DictReader(f):
            if not (rij.get("geldig_tot") or "").strip():
                codes.append(rij["code"])
    gewichten = [float(_INWONERS.get(c, _INWONERS_OVERIG)) for c in codes]
    return codes, gewichten


def _cumulatief(gewichten: Iterable[float]) -> list[float]:
    uit: list[float] = []
    som = 0.0
    for g in gewichten:
        som += g
        uit.append(som)
    return uit


def _wisseldatum(routes: Sequence[tuple[int, str, list[str]]]) -> int:
    """Dagtekening of the PIP that switched to the final leerroute (the first PIP if there was no switch)."""
    if len(routes) > 1 and routes[1][1] != routes[0][1]:
        return routes[1][0]
    return routes[0][0]


class _Generator:
    def __init__(self, aantal: int, seed: int, tot_datum: dt.date) -> None:
        if not 0 <= aantal <= 1_000_000:
            raise ValueError("aantal moet tussen 0 en 1.000.000 liggen (synthetisch BSN-bereik)")
        if tot_datum < dt.date(2013, 1, 1):
            raise ValueError("tot_datum ligt vóór 2013-01-01: er is dan nog geen Wi2013-plicht")
        self.aantal = aantal
        self.rng = random.Random(seed)
        self.tot = tot_datum.toordinal()
        self.tot_datum = tot_datum
        self._basis = dt.date(1930, 1, 1).toordinal()
        self._iso = [dt.date.fromordinal(o).isoformat() for o in range(self._basis, self.tot + 1)]
        codes, gewichten = _gemeenten()
        self._gemeenten = codes
        self._gemeenten_cum = _cumulatief(gewichten)
        self._volgnummer = 0
        self._nationaliteit_cum = {k: (tuple(n for n, _ in v), _cumulatief(w for _, w in v)) for k, v in
                                   _NATIONALITEITEN.items()}  # fmt: skip

    # -- small helpers ---------------------------------------------------------------------------------------

    def iso(self, ordinal: int) -> str:
        assert ordinal <= self.tot, "no date after tot_datum"
        return self._iso[ordinal - self._basis]

    def dag(self, laag: int, hoog: int) -> int:
        """A uniform day in [laag, hoog] (laag when the range is empty)."""
        if hoog <= laag:
            return laag
        return self.rng.randint(laag, hoog)

    def kans(self, p: float) -> bool:
        return self.rng.random() < p

    def gemeente(self, behalve: str | None = None) -> str:
        while True:
            r = self.rng.random() * self._gemeenten_cum[-1]
            code = self._gemeenten[bisect.bisect_right(self._gemeenten_cum, r)]
            if code != behalve:
                return code

    def bedrag(self, waarde: float) -> str | int | float:
        """An amount in one of the accepted forms: a 2-decimal string, a whole number or a JSON number."""
        r = self.rng.random()
        centen = round(waarde * 100)
        if r < 0.45:
            return f"{centen // 100}.{centen % 100:02d}"
        if centen % 100 == 0 and r < 0.85:
            return centen // 100
        return centen / 100

    def kenmerk(self, soort: str) -> str:
        self._volgnummer += 1
        return f"{_PREFIX[soort]}-{self._volgnummer:08d}"

    def feit(self, d: _Dossier, soort: str, ingang: int, /, **velden: Waarde) -> Record:
        """Add a record of ``soort`` with its fields; ``ingang`` (ordinal) orders the person's facts."""
        record: Record = {"soort": soort, "kenmerk": "", "bsn": d.bsn}
        record.update(velden)
        d.feiten.append(_Feit(ingang, record))
        return record

    # -- the population -----------------------------------------------------------------------------------------

    def personen(self) -> Iterator[Persoon]:
        indeling = strata(self.aantal, self.tot_datum)
        rest = [n for _, _, n in indeling]
        over = self.aantal
        for n in range(self.aantal):
            # Draw a stratum without replacement, so the cohort sizes are exact and persons are interleaved.
            r = self.rng.randrange(over)
            i = 0
            while r >= rest[i]:
                r -= rest[i]
                i += 1
            rest[i] -= 1
            over -= 1
            yield self.persoon(n, indeling[i][0], indeling[i][1])

    def persoon(self, n: int, stelsel: str, cohort: int) -> Persoon:
        rng = self.rng
        begin = dt.date(cohort, 1, 1).toordinal()
        plicht = self.dag(begin, min(dt.date(cohort, 12, 31).toordinal(), self.tot))
        model = _model(stelsel, cohort)
        doelgroep = rng.choices(DOELGROEPEN, weights=model.doelgroep_mix)[0]
        nationaliteit = self.nationaliteit(stelsel, doelgroep, plicht)
        vrouw = self.kans({"asiel": 0.4, "gezin": 0.72, "overig": 0.45}[doelgroep])
        d = _Dossier(synthetisch_bsn(n), stelsel, doelgroep, plicht, vrouw)

        # Intended outcome (see the module docstring).
        jaren_tot = (self.tot - plicht) / _JAAR
        kansen = model.kansen(doelgroep, jaren_tot)
        p_onterecht = _ONTERECHT
        herstel_tur = nationaliteit == "TUR" and doelgroep != "asiel" and stelsel == "wi2021" and cohort == 2022
        if herstel_tur:
            p_onterecht = _ONTERECHT_TUR_2022
        verwachting = (
            kansen[0] * (1 - p_onterecht),
            kansen[1] * (1 - p_onterecht),
            kansen[2] * (1 - p_onterecht),
            kansen[3] * (1 - p_onterecht),
            kansen[4] * (1 - p_onterecht) + p_onterecht,
        )
        status, einde = "plichtig", self.tot
        onterecht = self.kans(p_onterecht)
        if not onterecht:
            a = model.amplitudes(doelgroep)
            u = rng.random()
            for soort, ak, kromme in zip(STATUSSEN[1:], a, model.curves(), strict=True):
                if u < ak:
                    t = kromme.invers(rng.random()) / model.snelheid
                    datum = plicht + round(t * _JAAR)
                    if datum <= self.tot:
                        status, einde = soort, datum
                    break
                u -= ak

        kennisgeving_datum = self.kennisgeving(d, nationaliteit, plicht)
        if stelsel == "wi2013":
            self.wi2013(d, status, einde)
            pip, aanbod = None, None
        else:
            pip, aanbod = self.wi2021(d, status, einde, kennisgeving_datum)
        self.algemeen(d, status, einde)
        if onterecht:
            self.onterecht(d, herstel_tur)
            status, einde = "vervallen", plicht
        if status == "plichtig":
            einde = plicht  # besluiten B-6: status_datum of plichtig is datum_plicht
        uitkomst = Uitkomst(d.bsn, stelsel, doelgroep, cohort, status, dt.date.fromordinal(einde))
        return Persoon(
            records=self.ordenen(d),
            uitkomst=uitkomst,
            verwachting=verwachting,
            pip_op_peildatum=pip is not None,
            aanbod_op_peildatum=aanbod is not None,
        )

    def nationaliteit(self, stelsel: str, doelgroep: str, plicht: int) -> str:
        """ISO alpha-3 nationality by doelgroep and period; TUR only where Turkish nationals are plichtig."""
        jaar = dt.date.fromordinal(plicht).year
        sleutel = doelgroep
        if doelgroep == "asiel":
            periode = max(p for p in (2013, 2015, 2018, 2022) if p <= jaar)
            sleutel = f"asiel_{periode}"
        namen, cum = self._nationaliteit_cum[sleutel]
        while True:
            code = namen[bisect.bisect_right(cum, self.rng.random() * cum[-1])]
            if code != "TUR" or stelsel == "wi2021":
                return code
            if doelgroep == "asiel" and plicht >= _TUR_ASIEL_WI2013_VANAF.toordinal():
                return code

    def ordenen(self, d: _Dossier) -> list[Record]:
        """Kennisgeving first; then the facts by date (one person in ten in delivery order, i.e. shuffled), an
        intrekking always after the fact it retracts. Kenmerken are numbered in file order."""
        feiten = d.feiten
        if self.kans(0.1):
            gewoon = [f for f in feiten if f.ingetrokken is None]
            self.rng.shuffle(gewoon)
            feiten = gewoon + [f for f in feiten if f.ingetrokken is not None]
        else:
            feiten.sort(key=lambda f: (f.datum, f.ingetrokken is not None))
        uit: list[Record] = []
        for f in d.kop + feiten:
            f.record["kenmerk"] = self.kenmerk(str(f.record["soort"]))
            if f.ingetrokken is not None:
                f.record["kenmerk_ingetrokken"] = f.ingetrokken["kenmerk"]
            uit.append(f.record)
        return uit

    # -- kennisgeving and facts common to both stelsels -------------------------------------------------------

    def kennisgeving(self, d: _Dossier, nationaliteit: str, plicht: int) -> int:
        """Add the kennisgeving (sometimes a wrong one, retracted and replaced); returns datum_kennisgeving."""
        rng = self.rng
        regio = _NAMEN[_NAAMREGIO.get(nationaliteit, "arabisch")]
        voornamen = rng.choice(regio[1] if d.vrouw else regio[0])
        if self.kans(0.3):
            voornamen += " " + rng.choice(regio[1] if d.vrouw else regio[0])
        leeftijd = {"asiel": (18, 60, 24), "gezin": (18, 55, 28), "overig": (20, 64, 32)}[d.doelgroep]
        jaren = rng.triangular(*leeftijd)
        geboorte = plicht - round(jaren * _JAAR) - rng.randint(0, 364)
        if geboorte > plicht - 18 * 366:
            geboorte = plicht - 18 * 366
        # DUO sends the kennisgeving within weeks; some got it months later (regels.md K-3).
        kennisgeving = plicht + (rng.randint(3, 40) if self.kans(0.96) else rng.randint(90, 300))
        kennisgeving = min(kennisgeving, self.tot)
        if d.stelsel == "wi2021" and d.doelgroep == "asiel":
            inschrijving = plicht + self.huisvestingsduur()
        else:
            inschrijving = plicht + rng.randint(-30, 20)
        record: Record = {
            "soort": "kennisgeving",
            "kenmerk": "",
            "bsn": d.bsn,
            "achternaam": rng.choice(regio[2]),
            "voornamen": voornamen,
            "geboortedatum": self.iso(geboorte),
            "gemeente": self.gemeente(),
            "doelgroep": d.doelgroep,
            "stelsel": d.stelsel,
            "datum_plicht": self.iso(plicht),
        }
        if self.kans(0.05):
            del record["voornamen"]
        if self.kans(0.92):
            record["datum_kennisgeving"] = self.iso(kennisgeving)
        else:
            kennisgeving = plicht  # the default (koppelvlak §3)
        if inschrijving <= self.tot and (d.stelsel == "wi2021" or self.kans(0.6)):
            record["datum_inschrijving_gemeente"] = self.iso(inschrijving)
        if self.kans(0.97):
            record["nationaliteit"] = nationaliteit
        d.inschrijving = inschrijving
        d.gemeente = str(record["gemeente"])

        if self.kans(_KENNISGEVING_GECORRIGEERD):
            # The first kennisgeving had an error (wrong stelsel or wrong personal data): retracted, then the
            # corrected one is delivered (besluiten B-12).
            fout = dict(record)
            if d.stelsel == "wi2021" and self.kans(0.5):
                fout["stelsel"] = "wi2013"
            else:
                fout["achternaam"] = str(record["achternaam"]) + "e"
                fout["geboortedatum"] = self.iso(geboorte + rng.randint(1, 40))
            intrekking_datum = min(self.tot, kennisgeving + rng.randint(0, 120))
            d.kop.append(_Feit(plicht, fout))
            d.kop.append(_Feit(intrekking_datum, self.intrekking(intrekking_datum, _INTREKKING_KENNISGEVING[2]), fout))
        d.kop.append(_Feit(plicht, record))
        return kennisgeving

    def intrekking(self, datum: int, reden: str) -> Record:
        return {"soort": "intrekking", "kenmerk": "", "kenmerk_ingetrokken": "", "datum": self.iso(datum),
                "reden": reden}  # fmt: skip

    def huisvestingsduur(self) -> int:
        """Days between the asylum permit (datum_plicht) and registration in the gemeente (housing)."""
        r = self.rng.random()
        if r < 0.3:
            return self.rng.randint(0, 60)
        if r < 0.7:
            return self.rng.randint(60, 240)
        return self.rng.randint(240, 450)

    def onterecht(self, d: _Dossier, herstel_tur: bool) -> None:
        """The plicht should never have existed: the kennisgeving is retracted or DUO delivers vervallen with
        reden onterecht_opgelegd (besluiten B-6, B-12). Either way the status is vervallen on every peildatum."""
        laag = d.plicht
        if herstel_tur:
            laag = max(laag, dt.date(2022, 11, 1).toordinal())  # herstelactie nov. 2022 (regels.md T-5)
        datum = self.dag(min(laag, self.tot), self.tot)
        if self.kans(0.6):
            kennisgeving = d.kop[-1]
            reden = _INTREKKING_KENNISGEVING[0] if herstel_tur else _INTREKKING_KENNISGEVING[1]
            d.feiten.append(_Feit(datum, self.intrekking(max(datum, kennisgeving.datum), reden), kennisgeving.record))
        else:
            self.feit(d, "vervallen", datum, datum=self.iso(datum), reden="onterecht_opgelegd")

    def algemeen(self, d: _Dossier, status: str, einde: int) -> None:
        """Verhuizingen, the terminal record and facts after the end of the plicht."""
        rng = self.rng
        gemeente = d.gemeente
        jaren = (self.tot - d.plicht) / _JAAR
        verhuizingen = sum(1 for _ in range(min(6, int(jaren) + 1)) if self.kans(0.07))
        datums = sorted(self.dag(d.plicht + 30, self.tot) for _ in range(verhuizingen))
        for datum in datums:
            if datum <= self.tot:
                gemeente = self.gemeente(behalve=gemeente)
                self.feit(d, "verhuizing", datum, gemeente=gemeente, datum=self.iso(datum))

        if status == "voldaan" and not d.voldaan_record and self.kans(_VOLDAAN_RECORD):
            self.feit(d, "voldaan", einde, datum=self.iso(einde))
        elif status == "vrijgesteld":
            velden: dict[str, Waarde] = {"datum": self.iso(einde)}
            if self.kans(0.5):
                velden["grond"] = "diploma"
            self.feit(d, "vrijstelling", einde, **velden)
        elif status == "ontheven":
            self.feit(d, "ontheffing", einde, datum=self.iso(einde), grond=d.ontheffing_grond)
        elif status == "vervallen":
            jaren_plicht = (einde - d.plicht) / _JAAR
            r = rng.random()
            reden = "vertrek" if r < 0.62 else "naturalisatie" if r < 0.95 else "overlijden"
            if reden == "naturalisatie" and jaren_plicht < 4:
                reden = "vertrek"
            self.feit(d, "vervallen", einde, datum=self.iso(einde), reden=reden)
            if reden == "vertrek" and self.kans(0.04) and einde + 1 <= self.tot:
                # An exam result that arrives after the plicht ended: valid, changes nothing (koppelvlak §3).
                datum = self.dag(einde + 1, min(self.tot, einde + 60))
                self.feit(d, "examen", datum, datum=self.iso(datum), onderdeel="knm", niveau="a2",
                          resultaat="behaald")  # fmt: skip

        if status == "voldaan" and self.kans(0.15):
            # Naturalised years after voldaan: still voldaan (besluiten B-6, first terminal event).
            laag = max(einde + 365, d.plicht + 5 * 366)
            if laag <= self.tot:
                datum = self.dag(laag, self.tot)
                self.feit(d, "vervallen", datum, datum=self.iso(datum), reden="naturalisatie")

        if self.kans(_EXAMEN_GECORRIGEERD):
            examens = [f for f in d.feiten if f.record["soort"] == "examen"]
            if examens:
                # A wrongly delivered result (the opposite outcome), retracted later; it never counts (B-12).
                goed = rng.choice(examens)
                fout = dict(goed.record)
                fout["resultaat"] = "niet_behaald" if goed.record["resultaat"] == "behaald" else "behaald"
                d.feiten.append(_Feit(goed.datum, fout))
                datum = self.dag(goed.datum, min(self.tot, goed.datum + 90))
                d.feiten.append(_Feit(datum, self.intrekking(datum, rng.choice(_INTREKKING_REDENEN)), fout))

    # -- exams, modules and hours -----------------------------------------------------------------------------

    def pogingen(self, d: _Dossier, onderdeel: str, niveau: str, laag: int, behaald: int | None, hoog: int,
                 minimum_gezakt: int = 0) -> int:  # fmt: skip
        """Exam attempts of one onderdeel: failures, then (if ``behaald``) the pass on that day.

        Failures lie in [laag, behaald - 1] (or [laag, hoog] without a pass). Returns the number of failures."""
        kans = _KANS_ZAKKEN[onderdeel] + (0.08 if d.doelgroep == "asiel" else 0.0)
        gezakt = 0
        while gezakt < 6 and self.kans(kans):
            gezakt += 1
        gezakt = max(gezakt, minimum_gezakt)
        boven = (behaald - 1) if behaald is not None else hoog
        if boven < laag:
            gezakt = 0
        datums = sorted(self.dag(laag, boven) for _ in range(gezakt))
        for datum in datums:
            self.feit(d, "examen", datum, datum=self.iso(datum), onderdeel=onderdeel, niveau=niveau,
                      resultaat="niet_behaald")  # fmt: skip
        if behaald is not None:
            self.feit(d, "examen", behaald, datum=self.iso(behaald), onderdeel=onderdeel, niveau=niveau,
                      resultaat="behaald")  # fmt: skip
        return gezakt

    def lesuren(self, d: _Dossier, laag: int, hoog: int, minimum: int = 0, keurmerk_kans: float = 0.88) -> int:
        """Hour reports every 6-14 months in [laag, hoog]; at least ``minimum`` keurmerk hours. Returns the sum."""
        rng = self.rng
        datum = laag + rng.randint(30, 150)
        totaal = 0
        laatste: Record | None = None
        while datum <= hoog:
            uren = rng.randint(60, 300)
            keurmerk = self.kans(keurmerk_kans)
            laatste = self.feit(d, "lesuren", datum, datum=self.iso(datum), uren=uren, keurmerk=keurmerk)
            totaal += uren if keurmerk else 0
            datum += rng.randint(180, 420)
        if totaal < minimum:
            if laatste is None or not laatste["keurmerk"]:
                datum = min(hoog, max(laag, hoog - rng.randint(0, 60)))
                laatste = self.feit(d, "lesuren", datum, datum=self.iso(datum), uren=0, keurmerk=True)
            uren_laatste = laatste["uren"]
            assert isinstance(uren_laatste, int)
            laatste["uren"] = uren_laatste + (minimum - totaal)
            totaal = minimum
        return totaal

    def lening(self, d: _Dossier, laag: int, hoog: int, elip: bool) -> None:
        """Cumulative loan stand (koppelvlak: 0 .. 10,000); ``elip`` makes it end at 9,500 or more."""
        if hoog < laag:
            return
        rng = self.rng
        eind = rng.uniform(9500, 10000) if elip else rng.uniform(800, 9400)
        if elip and self.kans(0.3):
            eind = 10000.0
        stappen = rng.randint(1, 4)
        datums = sorted(self.dag(laag, hoog) for _ in range(stappen))
        delen = [*sorted(rng.random() for _ in range(stappen - 1)), 1.0]
        for datum, deel in zip(datums, delen, strict=True):
            self.feit(d, "lening", datum, datum=self.iso(datum), bedrag_geleend=self.bedrag(round(eind * deel, 2)))

    # -- Wi2013 -----------------------------------------------------------------------------------------------

    def wi2013(self, d: _Dossier, status: str, einde: int) -> None:
        rng = self.rng
        plicht = d.plicht
        datum_plicht = dt.date.fromordinal(plicht)
        onderdelen = ["lezen", "luisteren", "schrijven", "spreken", "knm"]
        if datum_plicht >= _ONA_VANAF:
            onderdelen.append("ona")
        pvt_vereist = datum_plicht >= _PVT_WI2013_VANAF
        jaren = (einde - plicht) / _JAAR
        laag = plicht + min(120, (einde - plicht) // 4)
        pvt_datum: int | None = None
        minimum_uren = 0

        if status == "voldaan":
            pad = rng.random()
            if pad < 0.03:
                # Migrated dossier: only DUO's voldaan record (besluiten B-5).
                self.feit(d, "voldaan", einde, datum=self.iso(einde))
                d.voldaan_record = True
            elif pad < 0.15:
                # Staatsexamen NT2 diploma on the voldaan date, on its own enough; some parts tried before.
                self.feit(d, "diploma", einde, soort_diploma="staatsexamen_nt2", datum=self.iso(einde))
                pvt_datum = self.gedeeltelijk_wi2013(d, onderdelen, pvt_vereist, laag, einde - 1, jaren * 0.5)
            else:
                eisen = onderdelen + (["pvt"] if pvt_vereist else [])
                laatste = rng.choice(eisen)
                for eis in eisen:
                    datum = einde if eis == laatste else self.dag(laag, einde)
                    if eis == "pvt":
                        self.feit(d, "module", datum, onderdeel="pvt", datum_afgerond=self.iso(datum))
                        pvt_datum = datum
                    else:
                        niveau = "b1" if eis in _TAALONDERDELEN and self.kans(0.08) else "a2"
                        self.pogingen(d, eis, niveau, laag, datum, datum)
        else:
            # Not (yet) voldaan: at least one requirement missing, on every day up to the end.
            eind = einde if status != "plichtig" else self.tot
            agi = False
            if status == "ontheven":
                grond = self.ontheffing_grond_wi2013(d.doelgroep)
                if grond == "geleverde_inspanning" and einde - plicht < 700:
                    grond = "medisch"
                agi = grond == "geleverde_inspanning"
                d.ontheffing_grond = grond
            voortgang = (eind - plicht) / _JAAR
            # A terminal event other than voldaan: nothing on or after its day may complete the requirements.
            hoog = eind if status == "plichtig" else eind - 1
            pvt_datum = self.gedeeltelijk_wi2013(d, onderdelen, pvt_vereist, laag, hoog, voortgang, agi=agi)
            if agi:
                minimum_uren = 600  # regels.md ON-2

        # Hours, loan, verlengingen, boetes up to the end of the plicht.
        eind = einde if status != "plichtig" else self.tot
        if self.kans(0.95 if d.doelgroep == "asiel" else 0.8) or minimum_uren:
            self.lesuren(d, plicht, eind, minimum=minimum_uren)
        lening_kans = {"asiel": 0.8, "gezin": 0.3, "overig": 0.25}[d.doelgroep]
        if self.kans(lening_kans):
            lang = (eind - plicht) > 2.5 * _JAAR
            elip = d.doelgroep == "asiel" and lang and self.kans(0.3 if status == "plichtig" else 0.15)
            self.lening(d, plicht + 30, eind, elip)
        termijn_einde = plicht + round(3 * _JAAR) - 1
        termijn_einde = self.verlengingen_wi2013(d, termijn_einde, eind)
        self.boetes_wi2013(d, termijn_einde, eind, pvt_vereist, pvt_datum)

    def gedeeltelijk_wi2013(self, d: _Dossier, onderdelen: list[str], pvt_vereist: bool, laag: int, hoog: int,
                            voortgang: float, agi: bool = False) -> int | None:  # fmt: skip
        """Some requirements met in [laag, hoog], never all of them. Returns the PVT date if completed."""
        if hoog < laag:
            laag = hoog = max(d.plicht, hoog)
        eisen = onderdelen + (["pvt"] if pvt_vereist else [])
        kans_behaald = min(0.9, 0.1 + 0.28 * voortgang)
        behaald = [e for e in eisen if self.kans(kans_behaald)]
        examens_behaald = [e for e in behaald if e != "pvt"]
        if len(behaald) == len(eisen) or (agi and len(examens_behaald) == len(onderdelen)):
            behaald.remove(self.rng.choice(examens_behaald))
        pvt_datum = None
        for eis in eisen:
            if eis == "pvt":
                if eis in behaald:
                    pvt_datum = self.dag(laag, hoog)
                    self.feit(d, "module", pvt_datum, onderdeel="pvt", datum_afgerond=self.iso(pvt_datum))
                continue
            if eis in behaald:
                self.pogingen(d, eis, "a2", laag, self.dag(laag, hoog), hoog)
            elif agi:
                # AGI: every missing part tried at least 4 times (3 from 2023-04-01), regels.md ON-2.
                self.pogingen(d, eis, "a2", laag, None, hoog, minimum_gezakt=4)
            elif self.kans(min(0.9, 0.2 + 0.3 * voortgang)):
                self.pogingen(d, eis, "a2", laag, None, hoog, minimum_gezakt=1)
        return pvt_datum

    def ontheffing_grond_wi2013(self, doelgroep: str) -> str:
        i = DOELGROEPEN.index(doelgroep)
        medisch = R1_MEDISCH[2013][i] + R1_MEDISCH[2014][i]
        agi = R1_AGI[2013][i] + R1_AGI[2014][i]
        overig = R1_OVERIG[2013][i] + R1_OVERIG[2014][i]
        return self.rng.choices(("medisch", "geleverde_inspanning", "overig"), weights=(medisch, agi, overig))[0]

    def verlenging(self, d: _Dossier, besluit: int, grond: str, /, **duur: Waarde) -> None:
        self.feit(d, "verlenging", besluit, besluitdatum=self.iso(besluit), grond=grond, **duur)

    def verlengingen_wi2013(self, d: _Dossier, termijn_einde: int, eind: int) -> int:
        """Verlengingen of every Wi2013 ground of besluiten B-3 within their maxima. Returns the new end."""
        rng = self.rng
        plicht = d.plicht
        hoog = min(eind, self.tot)
        if hoog < plicht:
            return termijn_einde
        einde = termijn_einde
        if d.doelgroep == "asiel" and self.kans(0.1) and hoog > plicht + 365:
            # Alfabetisering: once, at most 2 years.
            besluit = self.dag(plicht + 365, min(hoog, einde))
            maanden = rng.choice((24, 24, 24, 18, 12))
            self.verlenging(d, besluit, "alfabetisering", maanden=maanden)
            einde += round(maanden * 30.44)
        # Corona: for those whose termijn was running in the window; summed at most 10 (generiek) / 12 months.
        laag_c, hoog_c = max(plicht, _CORONA_VAN, einde - 365), min(hoog, _CORONA_TOT, einde)
        if laag_c <= hoog_c and self.kans(0.7):
            eerste = rng.choice((2, 3, 4, 6))
            besluit = self.dag(laag_c, hoog_c)
            self.verlenging(d, besluit, "corona_generiek", maanden=eerste)
            einde += round(eerste * 30.44)
            if self.kans(0.4) and besluit < hoog_c:
                tweede = rng.randint(1, 10 - eerste)
                besluit2 = self.dag(besluit + 1, hoog_c)
                if self.kans(0.3):
                    self.verlenging(d, besluit2, "corona_generiek", weken=tweede * 4)
                else:
                    self.verlenging(d, besluit2, "corona_generiek", maanden=tweede)
                einde += round(tweede * 30.44)
            if self.kans(0.15):
                maanden = rng.randint(2, 12)
                besluit = self.dag(laag_c, hoog_c)
                if maanden <= 6 and self.kans(0.5):
                    self.verlenging(d, besluit, "corona_specifiek", maanden=maanden)
                    rest = rng.randint(1, 12 - maanden)
                    self.verlenging(d, self.dag(besluit, hoog_c), "corona_specifiek", maanden=rest)
                    maanden += rest
                else:
                    self.verlenging(d, besluit, "corona_specifiek", maanden=maanden)
                einde += round(maanden * 30.44)
        # Niet verwijtbaar (300 hours, two attempts): at most 2 years per besluit, near the end of the termijn.
        if hoog > einde - 180 and self.kans(0.25):
            besluit = self.dag(max(plicht, einde - 180), min(hoog, einde + 60))
            vorm = rng.random()
            if vorm < 0.7:
                maanden = rng.choice((6, 12, 12, 18, 24))
                self.verlenging(d, besluit, "niet_verwijtbaar", maanden=maanden)
                einde += round(maanden * 30.44)
            elif vorm < 0.9:
                weken = rng.choice((26, 52, 104))
                self.verlenging(d, besluit, "niet_verwijtbaar", weken=weken)
                einde += weken * 7
            else:
                dagen = rng.randint(90, 730)
                self.verlenging(d, besluit, "niet_verwijtbaar", dagen=dagen)
                einde += dagen
        return self.verlengingen_beide(d, einde, plicht, hoog)

    def verlengingen_beide(self, d: _Dossier, einde: int, laag: int, hoog: int) -> int:
        """Grounds of both stelsels (besluiten B-3); ``tot`` only without a maximum and never after tot_datum."""
        rng = self.rng
        if hoog < laag:
            return einde
        if self.kans(0.012):
            besluit = self.dag(laag, hoog)
            vorm = rng.random()
            if vorm < 0.5:
                self.verlenging(d, besluit, "overlijden_familielid", maanden=rng.randint(1, 3))
            elif vorm < 0.8:
                self.verlenging(d, besluit, "overlijden_familielid", weken=rng.randint(4, 13))
            else:
                self.verlenging(d, besluit, "overlijden_familielid", dagen=rng.randint(30, 93))
            einde += 90
        if d.vrouw and self.kans(0.05):
            besluit = self.dag(laag, hoog)
            vorm = rng.random()
            if vorm < 0.75:
                self.verlenging(d, besluit, "bevalling", weken=16)
            elif vorm < 0.9:
                self.verlenging(d, besluit, "bevalling", dagen=rng.randint(60, 112))
            else:
                self.verlenging(d, besluit, "bevalling", maanden=3)
            einde += 112
        for grond, kans in (("ziekte", 0.03), ("opleiding", 0.008), ("onderbreking_verblijf", 0.008),
                            ("overig", 0.01)):  # fmt: skip
            if self.kans(kans):
                einde = self.verlenging_zonder_maximum(d, grond, einde, laag, hoog)
        # Exam backlog at DUO (end 2023 / 2024, regels.md EXR-3): proportional extra time.
        laag_e, hoog_e = max(laag, dt.date(2023, 10, 1).toordinal()), min(hoog, dt.date(2024, 12, 31).toordinal())
        if laag_e <= hoog_e and hoog_e >= einde - 365 and self.kans(0.2):
            besluit = self.dag(laag_e, hoog_e)
            weken = rng.randint(4, 12)
            self.verlenging(d, besluit, "examencapaciteit", weken=weken)
            einde += weken * 7
        return einde

    def verlenging_zonder_maximum(self, d: _Dossier, grond: str, einde: int, laag: int, hoog: int) -> int:
        rng = self.rng
        besluit = self.dag(laag, hoog)
        tot = max(einde, besluit) + rng.randint(30, 365)
        if tot <= self.tot and self.kans(0.4):
            self.verlenging(d, besluit, grond, tot=self.iso(tot))
            return tot
        maanden = rng.randint(2, 12)
        if self.kans(0.2):
            self.verlenging(d, besluit, grond, dagen=maanden * 30)
        else:
            self.verlenging(d, besluit, grond, maanden=maanden)
        return einde + round(maanden * 30.44)

    def boetes_wi2013(self, d: _Dossier, termijn_einde: int, eind: int, pvt_vereist: bool,
                      pvt_datum: int | None) -> None:  # fmt: skip
        rng = self.rng
        plicht = d.plicht
        # PVT not within a year of registration: boete (besluiten B-7: at most 340).
        if pvt_vereist and (pvt_datum is None or pvt_datum > plicht + 430) and eind > plicht + 430 and self.kans(0.4):
            besluit = self.dag(plicht + 400, min(eind, pvt_datum or eind, plicht + 900))
            self.feit(d, "boete", besluit, besluitdatum=self.iso(besluit), bedrag=self.bedrag(340),
                      soort_boete="pvt")  # fmt: skip
        # Termijnoverschrijding: after the (extended) end; a new termijn of 2 years follows (besluiten B-7).
        besluit = termijn_einde + rng.randint(30, 240)
        for _ in range(2):
            if besluit > eind or besluit > self.tot or not self.kans(0.4):
                break
            if d.doelgroep == "asiel" and besluit >= _KEREN:
                break
            bedrag = rng.choices([b for b, _ in _BOETE_WI2013], weights=[w for _, w in _BOETE_WI2013])[0]
            self.feit(d, "boete", besluit, besluitdatum=self.iso(besluit), bedrag=self.bedrag(bedrag),
                      soort_boete="termijnoverschrijding")  # fmt: skip
            besluit += 2 * 365 + rng.randint(30, 240)

    # -- Wi2021 -----------------------------------------------------------------------------------------------

    def wi2021(self, d: _Dossier, status: str, einde: int, kennisgeving: int) -> tuple[int | None, int | None]:
        """Returns the dates (on or before tot_datum) of the first PIP and of the aanbod, if any."""
        rng = self.rng
        plicht = d.plicht
        inschrijving = d.inschrijving
        eind = self.tot if status == "plichtig" else einde
        route = rng.choices(("b1", "onderwijs", "z"), weights=LEERROUTE_PCT[d.doelgroep])[0]

        # COA stay after the koppeling until housing (asiel).
        if d.doelgroep == "asiel":
            van = plicht + rng.randint(0, 21)
            if van <= self.tot:
                velden: dict[str, Waarde] = {"datum_van": self.iso(van)}
                if van < inschrijving <= self.tot:
                    velden["datum_tot"] = self.iso(inschrijving)
                self.feit(d, "coa_verblijf", van, **velden)

        # PIP: within ~10 weeks of max(kennisgeving, inschrijving) (besluiten B-4), often later; some asiel
        # persons get it while still in the COA.
        basis = max(kennisgeving, inschrijving)
        if d.doelgroep == "asiel" and self.kans(0.2):
            basis = max(kennisgeving, plicht + rng.randint(20, 60))
        # Calibrated to the kerncijfers (nog plichtig met PIP: 43% on 2023-05-01, 63% on 2024-05-01; asiel 60%,
        # others 68%): gemeenten started slowly in 2022-2023, gezins- and overige migranten wait longest.
        te_laat = 0.35 if d.doelgroep == "asiel" else 0.56
        if basis < _PIP_ACHTERSTAND_TOT:
            te_laat += 0.15
        pip = basis + (rng.randint(21, 70) if not self.kans(te_laat) else rng.randint(71, 450))
        pip = max(pip, plicht)
        if status == "voldaan":
            pip = max(plicht, min(pip, einde - 200))
        routes: list[tuple[int, str, list[str]]] = []  # (dagtekening, leerroute, afschalen)
        if pip <= eind:
            routes.append((pip, route, []))
            if self.kans(0.08):
                nieuw = {"b1": "z", "z": "b1", "onderwijs": "b1"}[route]
                wissel = pip + rng.randint(90, 500)
                if wissel < eind - (120 if status == "voldaan" else 0):
                    routes.append((wissel, nieuw, []))
        laatste_route = routes[-1][1] if routes else route
        if laatste_route == "b1" and routes and self.kans(0.1):
            afschaal = routes[-1][0] + rng.randint(365, 800)
            if afschaal < eind - (60 if status == "voldaan" else 0):
                delen = rng.sample(_TAALONDERDELEN, rng.randint(1, 4))
                routes.append((afschaal, "b1", [o for o in _TAALONDERDELEN if o in delen]))

        # Leerbaarheidstoets before the first PIP; 'haalbaar' depends on the route (Tabel 1).
        if self.kans(0.95):
            boven = (routes[0][0] if routes else basis + 30) - 1
            lbt = max(plicht, min(self.dag(max(plicht, basis - 40), boven), boven))
            if lbt <= eind:
                uitslag = "haalbaar" if self.kans(LBT_HAALBAAR[route]) else "niet_haalbaar"
                self.feit(d, "leerbaarheidstoets", lbt, datum=self.iso(lbt), uitslag=uitslag)
        for dagtekening, leerroute, afschalen in routes:
            velden = {"dagtekening": self.iso(dagtekening), "leerroute": leerroute}
            if afschalen:
                velden["afschalen"] = afschalen
            self.feit(d, "pip", dagtekening, **velden)

        # Aanbod (gemeente, asiel; some others), lesuren.
        aanbod: int | None = None
        if routes and (d.doelgroep == "asiel" or self.kans(0.15)):
            eerste_pip = routes[0][0]
            r = rng.random()
            jaar = dt.date.fromordinal(eerste_pip).year
            if jaar <= 2022:
                vertraging = rng.randint(20, 90) if r < 0.25 else rng.randint(90, 300) if r < 0.6 else (
                    rng.randint(300, 600))  # fmt: skip
            else:
                vertraging = rng.randint(14, 90) if r < 0.45 else rng.randint(90, 240) if r < 0.8 else (
                    rng.randint(240, 500))  # fmt: skip
            start = eerste_pip + vertraging
            if start <= eind:
                self.feit(d, "aanbod", start, datum_start=self.iso(start))
                aanbod = start
                grens = 180 if route == "onderwijs" else 90
                if d.doelgroep == "asiel" and vertraging > grens + 30 and self.kans(0.3):
                    # aanbod_uitgebleven (Wi2021, asiel; no maximum).
                    besluit = self.dag(start, min(eind, start + 200))
                    if besluit <= eind:
                        maanden = math.ceil((vertraging - grens) / 30.44)
                        self.verlenging(d, besluit, "aanbod_uitgebleven", maanden=maanden)
        in_coa_na_pip = bool(routes) and d.doelgroep == "asiel" and inschrijving - routes[0][0] >= 90
        if in_coa_na_pip and inschrijving <= eind and self.kans(0.4):
            # azc_verblijf: the time in the COA after the PIP (no maximum).
            besluit = self.dag(inschrijving, min(eind, inschrijving + 200))
            duur = inschrijving - routes[0][0]
            if self.kans(0.3):
                self.verlenging(d, besluit, "azc_verblijf", dagen=duur)
            else:
                self.verlenging(d, besluit, "azc_verblijf", maanden=math.ceil(duur / 30.44))
        les_start = aanbod if aanbod is not None else (routes[0][0] if routes else None)
        if les_start is not None and (aanbod is not None or self.kans(0.5)):
            minimum = 600 if any(a for _, _, a in routes) else 0
            self.lesuren(d, les_start, eind, minimum=minimum, keurmerk_kans=0.95)
        if d.doelgroep != "asiel" and self.kans(0.2):
            self.lening(d, plicht + 30, eind, elip=False)

        # Route requirements (besluiten B-5).
        if status == "voldaan":
            self.voldaan_wi2021(d, routes, einde)
        elif routes:
            hoog = eind if status == "plichtig" else eind - 1
            self.gedeeltelijk_wi2021(d, routes, hoog, (eind - routes[0][0]) / _JAAR)
        if status == "ontheven":
            d.ontheffing_grond = "medisch" if self.kans(0.6) else "overig"

        # Verlengingen and boetes.
        if routes:
            termijn_einde = routes[0][0] + round(3 * _JAAR)
            termijn_einde = self.verlengingen_beide(d, termijn_einde, max(routes[0][0], termijn_einde - 365), eind)
            self.boetes_wi2021(d, termijn_einde, eind, map_vereist=routes[-1][1] != "onderwijs")
        if self.kans(0.02):
            besluit = self.dag(plicht + 60, plicht + 300)
            if besluit <= eind:
                bedrag = 250 if self.kans(0.7) else rng.choice((100, 150, 187.5, 200))
                self.feit(d, "boete", besluit, besluitdatum=self.iso(besluit), bedrag=self.bedrag(bedrag),
                          soort_boete="medewerking")  # fmt: skip
        pip_op = routes[0][0] if routes and routes[0][0] <= self.tot else None
        return pip_op, aanbod

    def eisen_wi2021(self, route: str) -> list[str]:
        if route == "b1":
            return [*_TAALONDERDELEN, "knm", "pvt", "map"]
        if route == "onderwijs":
            return ["taalschakeltraject", "knm", "pvt"]
        return ["z_eindgesprek", "pvt", "map"]

    def vervul(self, d: _Dossier, eis: str, laag: int, datum: int, afgeschaald: bool, afschaal_datum: int) -> None:
        """Meet one Wi2021 requirement on ``datum`` (with failed attempts before it)."""
        if eis in ("pvt", "map", "z_eindgesprek"):
            self.feit(d, "module", datum, onderdeel=eis, datum_afgerond=self.iso(datum))
        elif eis == "taalschakeltraject":
            self.feit(d, "diploma", datum, soort_diploma="taalschakeltraject", datum=self.iso(datum))
        elif eis == "knm":
            self.pogingen(d, "knm", "a2", laag, datum, datum)
        elif afgeschaald:
            # Tried at B1 before the afschalen, passed at A2 after it (or before: it counts from the afschalen on).
            self.pogingen(d, eis, "b1", laag, None, min(datum, afschaal_datum) - 1)
            self.feit(d, "examen", datum, datum=self.iso(datum), onderdeel=eis, niveau="a2", resultaat="behaald")
        else:
            self.pogingen(d, eis, "b2" if self.kans(0.04) else "b1", laag, datum, datum)

    def voldaan_wi2021(self, d: _Dossier, routes: list[tuple[int, str, list[str]]], einde: int) -> None:
        """All requirements of the route in force on ``einde``, the last one on that day (besluiten B-5)."""
        rng = self.rng
        if not routes:  # pragma: no cover - the PIP is always placed before the voldaan date
            self.feit(d, "voldaan", einde, datum=self.iso(einde))
            d.voldaan_record = True
            return
        route = routes[-1][1]
        afschalen = routes[-1][2]
        afschaal_datum = routes[-1][0] if afschalen else einde
        # The route's own requirement is met after the switch, if any (so never complete under an earlier route).
        wissel = _wisseldatum(routes)
        laag = routes[0][0] + 30
        eisen = self.eisen_wi2021(route)
        nt2 = route == "b1" and not afschalen and self.kans(0.2)
        if nt2:
            eisen = ["staatsexamen_nt2", "knm", "pvt", "map"]
        laatste = rng.choice(eisen)
        for eis in eisen:
            eigen = eis in (*_TAALONDERDELEN, "staatsexamen_nt2", "taalschakeltraject", "z_eindgesprek")
            onder = max(laag, wissel + 1) if eigen else laag
            datum = einde if eis == laatste else self.dag(min(onder, einde), einde)
            if eis == "staatsexamen_nt2":
                self.feit(d, "diploma", datum, soort_diploma="staatsexamen_nt2", datum=self.iso(datum))
            else:
                self.vervul(d, eis, min(onder, datum), datum, eis in afschalen, afschaal_datum)
        if route == "z" and self.kans(0.25):
            self.pogingen(d, rng.choice(_TAALONDERDELEN), "a2", laag, None, einde - 1)

    def gedeeltelijk_wi2021(self, d: _Dossier, routes: list[tuple[int, str, list[str]]], hoog: int,
                            voortgang: float) -> None:  # fmt: skip
        """Progress that never completes any route in force on any day up to ``hoog``."""
        rng = self.rng
        route = routes[-1][1]
        afschalen = routes[-1][2]
        afschaal_datum = routes[-1][0] if afschalen else hoog + 1
        laag = routes[0][0] + 30
        if hoog < laag:
            return
        eisen = self.eisen_wi2021(route)
        kans_behaald = min(0.85, 0.05 + 0.3 * voortgang)
        behaald = [e for e in eisen if self.kans(kans_behaald)]
        if len(behaald) == len(eisen):
            behaald.remove(rng.choice(behaald))
        eigen_laag = min(max(laag, _wisseldatum(routes) + 1), hoog)
        for eis in eisen:
            eigen = eis in (*_TAALONDERDELEN, "taalschakeltraject", "z_eindgesprek")
            onder = eigen_laag if eigen else laag
            if eis in behaald:
                self.vervul(d, eis, onder, self.dag(onder, hoog), eis in afschalen, min(afschaal_datum, hoog))
            elif eis in (*_TAALONDERDELEN, "knm") and self.kans(min(0.9, 0.1 + 0.4 * voortgang)):
                niveau = "a2" if eis == "knm" else "b1"
                self.pogingen(d, eis, niveau, onder, None, hoog, minimum_gezakt=1)
                if eis in afschalen and afschaal_datum <= hoog:
                    self.pogingen(d, eis, "a2", afschaal_datum, None, hoog, minimum_gezakt=1)
        if route == "z" and voortgang > 1 and self.kans(0.25):
            self.pogingen(d, rng.choice(_TAALONDERDELEN), "a2", laag, None, hoog)

    def boetes_wi2021(self, d: _Dossier, termijn_einde: int, eind: int, map_vereist: bool) -> None:
        rng = self.rng
        if eind < termijn_einde + 60:
            return
        modules = {r["onderdeel"] for r in (f.record for f in d.feiten) if r["soort"] == "module"}
        besluit = termijn_einde + rng.randint(30, 180)
        if besluit > eind:
            return
        if not (d.doelgroep == "asiel" and besluit >= _KEREN) and self.kans(0.3):
            bedrag = 1000 if self.kans(0.8) else rng.choice((500, 750))
            self.feit(d, "boete", besluit, besluitdatum=self.iso(besluit), bedrag=self.bedrag(bedrag),
                      soort_boete="termijnoverschrijding")  # fmt: skip
        for module in ("pvt", "map") if map_vereist else ("pvt",):
            if module not in modules and self.kans(0.4):
                self.feit(d, "boete", besluit, besluitdatum=self.iso(besluit), bedrag=self.bedrag(340),
                          soort_boete=module)  # fmt: skip


def genereer(aantal: int, seed: int, tot_datum: dt.date) -> Iterator[Persoon]:
    """Yield ``aantal`` persons (BSN n = 0 .. aantal-1) with datum_plicht and every fact on or before
    ``tot_datum``. Deterministic for the same arguments (one ``random.Random(seed)``, no clock)."""
    return _Generator(aantal, seed, tot_datum).personen()


# ---------------------------------------------------------------------------------------------------------------
# Writing and tallying
# ---------------------------------------------------------------------------------------------------------------

_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def json_bytes(record: Record) -> bytes:
    """Compact UTF-8 JSON of one record (the stdlib fallback; the command passes msgspec's encoder)."""
    tekst: str = _JSON.encode(record)
    return tekst.encode()


class RecordSchrijver:
    """Streams records to a binary file as NDJSON (one object a line) or as the JSON batch envelope
    ``{"kenmerk": ..., "records": [...]}``, written incrementally so memory does not grow with the file."""

    def __init__(
        self,
        uit: BinaryIO,
        formaat: str,
        batchkenmerk: str,
        encode: Callable[[Record], bytes] = json_bytes,
    ) -> None:
        if formaat not in ("ndjson", "json"):
            raise ValueError(f"onbekend formaat {formaat!r}: kies ndjson of json")
        self.uit = uit
        self.formaat = formaat
        self.encode = encode
        self.aantal = 0
        if formaat == "json":
            uit.write(b'{"kenmerk":' + _JSON.encode(batchkenmerk).encode() + b',"records":[')

    def schrijf(self, records: Iterable[Record]) -> None:
        encode, uit = self.encode, self.uit
        if self.formaat == "ndjson":
            for record in records:
                uit.write(encode(record))
                uit.write(b"\n")
                self.aantal += 1
            return
        for record in records:
            uit.write(b"\n" if self.aantal == 0 else b",\n")
            uit.write(encode(record))
            self.aantal += 1

    def sluit(self) -> None:
        if self.formaat == "json":
            self.uit.write(b"\n]}\n")


def batchkenmerk(seed: int, aantal: int) -> str:
    return f"DEMO-{seed}-{aantal}"


@dataclass(frozen=True)
class Vergelijking:
    """Observed versus expected share of one status in one stelsel × cohort."""

    stelsel: str
    cohort: int
    status: str
    aantal: int  # persons in the stelsel × cohort
    waargenomen: float
    verwacht: float
    tolerantie: float
    getoetst: bool  # only groups of at least MIN_GROEP persons are held to the tolerance

    @property
    def binnen_tolerantie(self) -> bool:
        return abs(self.waargenomen - self.verwacht) <= self.tolerantie


MIN_GROEP: Final = 200


def tolerantie(verwacht: float, aantal: int) -> float:
    """Two percentage points, widened to 4.5 binomial standard deviations for small groups."""
    return max(0.02, 4.5 * math.sqrt(max(verwacht * (1 - verwacht), 1e-9) / max(aantal, 1)))


@dataclass
class Telling:
    """Tally per stelsel × cohort × status of the intended outcomes, with the model's expectation."""

    tot_datum: dt.date
    aantallen: dict[tuple[str, int], list[int]] = field(default_factory=dict)
    verwacht: dict[tuple[str, int], list[float]] = field(default_factory=dict)
    doelgroepen: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (stelsel, doelgroep, status)
    doelgroepen_cohort: dict[tuple[str, int, str, str], int] = field(default_factory=dict)
    wi2021_plichtig_met_pip: int = 0
    wi2021_asiel_met_pip: int = 0
    wi2021_asiel_met_pip_en_aanbod: int = 0
    records: int = 0

    def tel(self, persoon: Persoon) -> None:
        u = persoon.uitkomst
        sleutel = (u.stelsel, u.cohort)
        aantallen = self.aantallen.setdefault(sleutel, [0, 0, 0, 0, 0])
        aantallen[STATUSSEN.index(u.status)] += 1
        verwacht = self.verwacht.setdefault(sleutel, [0.0, 0.0, 0.0, 0.0, 0.0])
        for i, p in enumerate(persoon.verwachting):
            verwacht[i] += p
        dg = (u.stelsel, u.doelgroep, u.status)
        self.doelgroepen[dg] = self.doelgroepen.get(dg, 0) + 1
        dgc = (u.stelsel, u.cohort, u.doelgroep, u.status)
        self.doelgroepen_cohort[dgc] = self.doelgroepen_cohort.get(dgc, 0) + 1
        if u.stelsel == "wi2021" and u.status == "plichtig" and persoon.pip_op_peildatum:
            self.wi2021_plichtig_met_pip += 1
            if u.doelgroep == "asiel":
                self.wi2021_asiel_met_pip += 1
                self.wi2021_asiel_met_pip_en_aanbod += persoon.aanbod_op_peildatum
        self.records += len(persoon.records)

    @property
    def personen(self) -> int:
        return sum(sum(a) for a in self.aantallen.values())

    def vergelijkingen(self) -> list[Vergelijking]:
        uit = []
        for (stelsel, cohort), aantallen in sorted(self.aantallen.items()):
            n = sum(aantallen)
            for i, status in enumerate(STATUSSEN):
                p = self.verwacht[(stelsel, cohort)][i] / n
                uit.append(
                    Vergelijking(
                        stelsel, cohort, status, n, aantallen[i] / n, p, tolerantie(p, n), getoetst=n >= MIN_GROEP
                    )
                )
        return uit

    def afwijkingen(self) -> list[Vergelijking]:
        return [v for v in self.vergelijkingen() if v.getoetst and not v.binnen_tolerantie]

    def tabel(self) -> list[str]:
        """The tally as text: per stelsel × cohort the count and, per status, observed% (expected%)."""
        kop = f"{'stelsel':8} {'cohort':>6} {'n':>7}  " + "  ".join(f"{s:>17}" for s in STATUSSEN)
        regels = [kop, "-" * len(kop)]
        per_groep: dict[tuple[str, int], list[Vergelijking]] = {}
        for v in self.vergelijkingen():
            per_groep.setdefault((v.stelsel, v.cohort), []).append(v)
        for (stelsel, cohort), rij in per_groep.items():
            cellen = []
            for v in rij:
                teken = " " if not v.getoetst or v.binnen_tolerantie else "!"
                cellen.append(f"{100 * v.waargenomen:6.1f}% ({100 * v.verwacht:5.1f}%){teken}")
            regels.append(f"{stelsel:8} {cohort:>6} {rij[0].aantal:>7}  " + "  ".join(cellen))
        return regels

    def referentie(self) -> list[str]:
        """Comparison with the published tables when ``tot_datum`` is one of their peildata (informative)."""
        if self.tot_datum == REFERENTIE_PEILDATUM:
            return self._tabel5() + self._kerncijfers()
        if self.tot_datum == dt.date(2023, 5, 1):
            return self._wi2021(WI2021_MET_PIP_PCT_2023, WI2021_ASIEL_PIP_AANBOD_PCT_2023, None)
        if self.tot_datum == dt.date(2018, 1, 1):
            return self._r1()
        return []

    def _tabel5(self) -> list[str]:
        regels = ["Wi2013, Tabel 5 (peildatum 2024-05-01; vrijgesteld telt als voldaan, vervallen buiten de tabel):"]
        regels.append(f"{'cohort':>6} {'voldaan':>16} {'ontheven':>16} {'nog plichtig':>16}")
        for cohort, (voldaan, ontheven, plichtig) in TABEL5_WI2013.items():
            a = self.aantallen.get(("wi2013", cohort))
            n = (a[0] + a[1] + a[2] + a[3]) if a else 0
            if not a or n == 0:
                continue
            totaal = voldaan + ontheven + plichtig
            paren = ((a[1] + a[2], voldaan), (a[3], ontheven), (a[0], plichtig))
            cellen = [f"{100 * x / n:6.1f}% ({100 * y / totaal:5.1f}%)" for x, y in paren]
            regels.append(f"{cohort:>6} " + " ".join(f"{c:>16}" for c in cellen))
        return regels

    def _kerncijfers(self) -> list[str]:
        regels = []
        wi2013 = [a for (s, _), a in self.aantallen.items() if s == "wi2013"]
        if wi2013:
            n = sum(sum(a) for a in wi2013)
            vervallen = sum(a[4] for a in wi2013)
            vrijgesteld = sum(a[2] for a in wi2013)
            regels.append(
                f"Wi2013 vervallen {100 * vervallen / n:.1f}% (kerncijfers "
                f"{100 * WI2013_VERVALLEN / WI2013_OPGELEGD:.1f}%), vrijgesteld {100 * vrijgesteld / n:.1f}% "
                f"(kerncijfers {100 * WI2013_VRIJGESTELD / WI2013_OPGELEGD:.1f}%)"
            )
        return regels + self._wi2021(WI2021_MET_PIP_PCT, WI2021_ASIEL_PIP_AANBOD_PCT, WI2021_NOG_PLICHTIG_DOELGROEP)

    def _wi2021(self, met_pip: int, aanbod: int, doelgroepen: tuple[int, int, int] | None) -> list[str]:
        wi2021 = [a for (s, _), a in self.aantallen.items() if s == "wi2021"]
        if not wi2021:
            return []
        n = sum(sum(a) for a in wi2021)
        plichtig = sum(a[0] for a in wi2021)
        regels = []
        if doelgroepen is not None:
            regels.append(
                f"Wi2021 nog plichtig {100 * plichtig / n:.1f}% van ooit plichtig "
                f"(kerncijfers {100 * WI2021_NOG_PLICHTIG / WI2021_OOIT_PLICHTIG:.1f}%)"
            )
        if plichtig and doelgroepen is not None:
            per_dg = [self.doelgroepen.get(("wi2021", dg, "plichtig"), 0) for dg in DOELGROEPEN]
            regels.append(
                "Wi2021 nog plichtig per doelgroep asiel/gezin/overig: "
                + "/".join(f"{100 * x / plichtig:.0f}" for x in per_dg)
                + " (kerncijfers "
                + "/".join(f"{100 * x:.0f}" for x in _aandelen(doelgroepen))
                + ")"
            )
        if plichtig:
            regels.append(
                f"Wi2021 nog plichtig met PIP {100 * self.wi2021_plichtig_met_pip / plichtig:.0f}% "
                f"(kerncijfers {met_pip}%)"
            )
        if self.wi2021_asiel_met_pip:
            regels.append(
                "Wi2021 asiel met PIP en aanbod "
                f"{100 * self.wi2021_asiel_met_pip_en_aanbod / self.wi2021_asiel_met_pip:.0f}% "
                f"(kerncijfers {aanbod}%)"
            )
        return regels

    def _r1(self) -> list[str]:
        """Cohorts 2013 and 2014 per doelgroep on 2018-01-01 (R1, not used for calibration)."""
        regels = ["Wi2013, cohorten 2013 en 2014 per doelgroep (peildatum 2018-01-01, vervallen buiten de tabel):"]
        for cohort in (2013, 2014):
            for i, doelgroep in enumerate(DOELGROEPEN):
                a = [self.doelgroepen_cohort.get(("wi2013", cohort, doelgroep, s), 0) for s in STATUSSEN]
                n = a[0] + a[1] + a[2] + a[3]
                if n == 0:
                    continue
                totaal = R1_TOTAAL[cohort][i]
                voldaan, ontheven = R1_VOLDAAN[cohort][i], R1_ONTHEVEN[cohort][i]
                paren = ((a[1] + a[2], voldaan), (a[3], ontheven), (a[0], totaal - voldaan - ontheven))
                cellen = " ".join(f"{naam} {100 * x / n:.0f}% ({100 * y / totaal:.0f}%)" for naam, (x, y) in
                                  zip(("voldaan", "ontheven", "nog plichtig"), paren, strict=True))  # fmt: skip
                regels.append(f"{cohort} {doelgroep:7} n={n:<6} {cellen}")
        return regels
