"""The published figures the population follows (the seeds' tables restated, each with its source),
the names, nationalities and gemeenten it draws from, and the synthetic BSN range."""

from __future__ import annotations

import datetime as dt
from typing import Final

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
