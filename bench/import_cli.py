"""Benchmark: the importeer CLI against a COPY of the same typed rows (issue: batch import).

    python bench/import_cli.py [--records N] [--ci]

Generates a demo population with at least N records (default 200,000; --ci: 20,000), imports
it with `manage.py importeer` into a fresh database, and prints records/s, the peak RSS of the
import process, and — measured in the same run, in the same database — the rate of a plain
COPY of the same records as typed rows (the stored register and detail rows) into unindexed
tables with the same columns, and the ratio. Target: >= 25 % of the COPY rate.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import copy_basislijn, import_invoer, machine, run_measured, server

DOEL = 0.25


def main() -> None:
    n, werk, pad = import_invoer(beschrijving=__doc__, standaard=200_000, database="bench_import")

    gemeten = run_measured(
        [
            sys.executable,
            "manage.py",
            "importeer",
            str(pad),
            "--bron",
            "DUO",
            "--fouten",
            str(werk / "import.fouten.json"),
        ]
    )
    regels = dict(r.split(": ") for r in gemeten.stdout.strip().splitlines())
    if regels.get("fouten") != "0" or int(regels["verwerkt"]) != n:
        raise SystemExit(f"import niet foutloos: {regels} (zie {werk / 'import.fouten.json'})")
    import_rate = n / gemeten.seconds

    aantal, copy_seconden, geindexeerd_seconden = copy_basislijn()
    assert aantal == n
    copy_rate = n / copy_seconden
    ratio = import_rate / copy_rate
    print(f"bench/import_cli.py  {dt.date.today()}  {machine()}")
    print(f"server: {server()}")
    print(f"records: {n}")
    print(f"importeer (end-to-end, process start included): {gemeten.seconds:.1f} s = {import_rate:,.0f} records/s")
    print(f"peak RSS importeer: {gemeten.peak_rss / 1e6:.0f} MB")
    print(f"baseline COPY of the same typed rows, unindexed: {copy_seconden:.2f} s = {copy_rate:,.0f} records/s")
    oordeel = ("ok" if ratio >= DOEL else "NOT MET") if n >= 200_000 else "judged at >= 200,000 records only"
    print(
        f"for comparison, COPY into copies with the same indexes and checks: {geindexeerd_seconden:.2f} s = "
        f"{n / geindexeerd_seconden:,.0f} records/s ({copy_seconden / geindexeerd_seconden:.0%} of the baseline)"
    )
    print(f"ratio: {ratio:.1%} of COPY (target >= {DOEL:.0%}: {oordeel})")


if __name__ == "__main__":
    main()
