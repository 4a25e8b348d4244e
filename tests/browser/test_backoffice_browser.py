"""The back office in real Chromium (Playwright) against gunicorn: the whole flow of a teamleider,
axe-core on every page, a keyboard-only pass, screenshots; afterwards no BSN in any URL, access log
or application log."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from cases.constants import SIGNAAL_LABEL, Signaal
from tests.backoffice.conftest import WACHTWOORD, Bevolking, bevolking_maken

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).with_name("axe.min.js")
# Where the screenshots go (docs/ when a developer asks for them).
SCHERMAFDRUKKEN = os.environ.get("INBURGERING_SCHERMAFDRUKKEN", "")


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Bevolking, Path]]:
    """A populated test database served by gunicorn, with its access and application logs."""
    bevolking = bevolking_maken(tmp_path, aantal=200, seed=21)
    poort = _vrije_poort()
    logs = tmp_path / "logs"
    logs.mkdir()
    env = {
        **os.environ,
        "INBURGERING_DB_NAME": connection.settings_dict["NAME"],
        "HTTPS": "0",
        "PATH": f"{settings.BASE_DIR / '.venv/bin'}:{os.environ['PATH']}",
    }
    with open(logs / "web.log", "ab") as uit:
        proc = subprocess.Popen(
            ["gunicorn", "inburgering.wsgi", "-b", f"127.0.0.1:{poort}", "-w", "2",
             "--access-logfile", str(logs / "access.log")],
            cwd=settings.BASE_DIR, env=env, stdout=uit, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", poort), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{poort}", bevolking, logs
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _axe(page: Any) -> None:
    """axe-core (WCAG 2.1 A/AA rules) on the page as it is now: no serious or critical violation."""
    resultaat = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}));
        }"""
    )
    ernstig = [v for v in resultaat if v["impact"] in ("serious", "critical")]
    assert not ernstig, f"{page.url}: {ernstig}"


def _schermafdruk(page: Any, naam: str, tmp_path: Path) -> None:
    doel = Path(SCHERMAFDRUKKEN) if SCHERMAFDRUKKEN else tmp_path
    doel.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(doel / f"{naam}.png"), full_page=False)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # The test reads the database between browser steps, while Playwright's event loop runs.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )  # fmt: skip
        try:
            yield b
        finally:
            b.close()


def _inloggen(page: Any, basis: str, wie: str) -> None:
    page.goto(f"{basis}/inloggen/")
    page.fill("#id_username", wie)
    page.fill("#id_password", WACHTWOORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/werkvoorraad/.*"))


def test_de_hele_werkdag_van_een_teamleider(server: tuple[str, Bevolking, Path], browser: Any, tmp_path: Path) -> None:
    basis, b, logs = server
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL", accept_downloads=True)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    bezocht: list[str] = []
    page.on("request", lambda r: bezocht.append(r.url))
    fouten: list[str] = []
    page.on("console", lambda m: fouten.append(m.text) if m.type == "error" else None)

    page.goto(f"{basis}/inloggen/")
    _axe(page)
    _inloggen(page, basis, "tl_a")
    assert "klantmanager=mij" in page.url
    _axe(page)

    # The whole gemeente, then filter on the first signal counter's signal through the select (htmx).
    page.click("nav.ib-tabs >> text=Hele gemeente")
    page.wait_for_selector("nav.ib-tabs a[aria-current=page]:has-text('Hele gemeente')")
    signaal = page.locator("ul.ib-tellers a").first.get_attribute("href")
    code = re.search(r"signaal=([a-z_]+)", signaal or "").group(1)  # type: ignore[union-attr]
    page.select_option("#id_signaal", code)
    page.wait_for_url(re.compile(f".*signaal={code}.*"))
    page.wait_for_selector("#resultaat table tbody tr")
    rijen = page.locator("#resultaat tbody tr").count()
    assert rijen >= 1
    label = SIGNAAL_LABEL[Signaal(code)]
    assert label in page.locator("#resultaat caption").inner_text()  # the list was replaced in place
    _axe(page)
    _schermafdruk(page, "werkvoorraad", tmp_path)

    # Open a dossier, read an uitleg.
    page.locator("#resultaat tbody a[href^='/dossiers/']").first.click()
    page.wait_for_url(re.compile(r".*/dossiers/[0-9a-f-]{36}/$"))
    uitleg = page.locator("details.ib-uitleg", has_text="Uitleg: Status").first
    uitleg.locator("summary").click()
    assert uitleg.locator("li").first.is_visible()
    _axe(page)
    _schermafdruk(page, "dossier", tmp_path)

    # Assign it to km_a, with a reason.
    page.select_option("#toewijzen-aan", "km_a")
    page.fill("#toewijzen-reden", "Past bij haar caseload")
    page.click("form button:text-is('Toewijzen')")
    page.wait_for_selector("text=Toegewezen aan km_a")
    assert page.locator("text=Past bij haar caseload").count() >= 1
    _axe(page)

    # Export exactly the filtered list.
    page.goto(f"{basis}/werkvoorraad/?klantmanager=&signaal={code}")
    with page.expect_download() as download:
        page.click("text=Exporteer deze lijst (CSV)")
    inhoud = Path(download.value.path()).read_bytes().decode("utf-8")
    assert inhoud.startswith("\ufeff")
    regels = list(csv.DictReader(io.StringIO(inhoud[1:]), delimiter=";"))
    assert len(regels) == rijen if rijen < 50 else len(regels) >= rijen
    assert all(code in r["signalen"].split(",") for r in regels)

    # Log out.
    page.click("button:text-is('Uitloggen')")
    page.wait_for_url(re.compile(r".*/inloggen/"))
    assert not fouten, fouten  # no console errors (a CSP violation would be one)

    # No BSN anywhere: not in a URL the browser asked for, nor in the access or application log.
    bsns = {p.bsn for p in b.personen.values()}
    teksten = [*bezocht, (logs / "access.log").read_text(), (logs / "web.log").read_text()]
    assert "GET /werkvoorraad/" in teksten[-2]  # the access log did log
    assert not [bsn for bsn in bsns if any(bsn in t for t in teksten)]


def test_werkvoorraad_met_alleen_het_toetsenbord(server: tuple[str, Bevolking, Path], browser: Any) -> None:
    basis, _, _ = server
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _inloggen(page, basis, "km_a")
    page.goto(f"{basis}/werkvoorraad/?klantmanager=")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Direct naar de inhoud"

    def tab_tot(css: str, maximaal: int = 80) -> None:
        for _ in range(maximaal):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({css!r})"):
                return
        raise AssertionError(f"{css} not reachable with Tab")

    tab_tot("#id_status")
    page.keyboard.press("ArrowDown")  # plichtig → the next status: htmx replaces the list
    page.wait_for_url(re.compile(r".*status=(?!plichtig).+"))
    tab_tot("#resultaat tbody a[href^='/dossiers/']", 200)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/dossiers/[0-9a-f-]{36}/$"))
    tab_tot("details.ib-uitleg > summary")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.parentElement.open")


def test_axe_op_de_overige_paginas(server: tuple[str, Bevolking, Path], browser: Any) -> None:
    """The pages the day's flow does not pass: search result, assignment preview, 404, logboek."""
    basis = server[0]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    _inloggen(page, basis, "tl_a")
    page.fill("#zoek-naam", "zzz-niemand")
    page.click("form.ib-zoeken button")
    page.wait_for_url(re.compile(r".*/zoeken/$"))
    assert page.locator("text=Niet gevonden").count() == 1
    _axe(page)
    page.goto(f"{basis}/werkvoorraad/?klantmanager=&status=alle")
    page.locator("#resultaat tbody input[type=checkbox]").first.check()
    page.click("button:has-text('Gekozen dossiers toewijzen')")
    page.wait_for_url(re.compile(r".*/werkvoorraad/toewijzen/$"))
    assert "U wijst 1 dossier toe" in page.locator("main").inner_text()
    _axe(page)
    page.goto(f"{basis}/dossiers/00000000-0000-4000-8000-000000000000/")
    assert page.locator("h1").inner_text() == "Niet gevonden"
    _axe(page)
    page.click("button:text-is('Uitloggen')")
    page.wait_for_url(re.compile(r".*/inloggen/"))
    page.fill("#id_username", "beheer")
    page.fill("#id_password", WACHTWOORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/logboek/"))
    assert page.locator("table tbody tr").count() >= 3  # the searches and views above
    _axe(page)
