"""The export as the registration system writes it, and the other files of a simulation.

Export rows (Dutch headers and labels, ``dd-mm-jjjj uu:mm`` local times), the Excel
workbook, the mapping file the loader reads, and the rows of ``truth.json``.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ipgar_metrics import config
from ipgar_metrics.simulation._case import ORDER, Case
from ipgar_metrics.simulation._time import EPOCH, export_time, iso


def export_date(iso_date: str) -> str:
    """A date as the export writes it (``dd-mm-jjjj``)."""
    d = date.fromisoformat(iso_date)
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


#: Export headers (Dutch, as the registration system writes them) per canonical column.
EXPORT_HEADERS: dict[str, str] = {
    "case_id": "Casusnummer",
    "activity": "Activiteit",
    "timestamp": "Datum",
    "org": "Organisatie",
    "case_manager": "Casusregisseur",
    "life_domain": "Leefgebied",
    "outcome": "Uitkomst",
    "event_id": "Registratienummer",
    "report_source": "Bron melding",
    "risk_category": "Risicocategorie",
    "ideology": "Ideologie",
    "registered_at": "Geregistreerd op",
    "intervention_type": "Type interventie",
}


CANONICAL_OUT = tuple(EXPORT_HEADERS)


#: Export labels per canonical code (the registration system's words).
EXPORT_LABELS: dict[str, dict[str, str]] = {
    "activity": {
        "melding": "Melding ontvangen",
        "info_aanvraag": "Informatie opgevraagd",
        "info_ontvangen": "Informatie ontvangen",
        "ivgr_advies": "Bespreking IVG-R",
        "ptor_besluit": "Besluit PTO-R",
        "preventief_gesprek": "Preventief gesprek",
        "instroom": "Instroom",
        "notificatie": "Notificatie verzonden",
        "regisseur_toegewezen": "Casusregisseur toegewezen",
        "contact": "Contact",
        "interventie_start": "Start interventie",
        "interventie_eind": "Einde interventie",
        "itatr_agendering": "Agendering ITAT-R",
        "netwerkoverleg": "Netwerkoverleg",
        "leefgebiedenscan": "Leefgebiedenscan",
        "detentie_start": "Detentie",
        "detentie_eind": "Einde detentie",
        "uitgereisd_start": "Uitgereisd",
        "uitgereisd_eind": "Teruggekeerd",
        "statisch_start": "Status statisch",
        "statisch_eind": "Einde status statisch",
        "uitstroom": "Uitstroom",
    },
    "outcome": {
        "MAP": "MAP",
        "CTER": "CTER",
        "overig": "Overig",
        "opnemen": "Opnemen",
        "niet_opnemen": "Niet opnemen",
        "meer_informatie": "Meer informatie nodig",
        "tussenvariant": "Tussenvariant",
        "opname": "Opname",
        "geen_opname": "Geen opname",
        "aanhouden": "Aanhouden",
        "statisch": "Statisch",
        "risico_afgenomen": "Risico afgenomen",
        "doelen_bereikt": "Doelen bereikt",
        "overgedragen": "Overgedragen",
        "verhuisd": "Verhuisd",
        "langdurig_gedetineerd": "Langdurig gedetineerd",
        "uitgereisd": "Uitgereisd",
        "overleden": "Overleden",
        "geslaagd": "Geslaagd",
        "poging": "Poging",
        "geweigerd": "Geweigerd",
        "probleem": "Probleem",
        "geen_probleem": "Geen probleem",
    },
    "org": {
        "oov": "Gemeente Amsterdam - OOV",
        "politie": "Politie Eenheid Amsterdam",
        "om": "Openbaar Ministerie",
        "reclassering": "Reclassering Nederland",
        "dji": "DJI",
        "ggz": "GGZ",
        "ggd": "GGD Amsterdam",
        "verslavingszorg": "Verslavingszorg",
        "buurtteam": "Buurtteam",
        "wpi": "WPI",
        "leerplicht": "Leerplicht",
        "jeugdzorg": "Jeugdzorg",
        "onderwijs": "Onderwijs",
        "lse": "LSE",
        "familiesteunpunt": "Familiesteunpunt Radicalisering",
        "theologisch": "Theologisch expert",
    },
    "life_domain": {
        "inkomen": "Inkomen",
        "dagbesteding": "Dagbesteding/werk/school",
        "wonen": "Wonen",
        "zorg": "Zorg",
        "netwerk": "Sociaal netwerk",
        "ideologie": "Ideologie/identiteit",
    },
    "report_source": {"MAP": "MAP", "CTER": "CTER", "overig": "Overig"},
    "intervention_type": {
        "schuldhulp": "Schuldhulpverlening",
        "uitkering": "Aanvraag uitkering",
        "werktraject": "Werktraject",
        "schoolbegeleiding": "Schoolbegeleiding",
        "woonbegeleiding": "Woonbegeleiding",
        "urgentie": "Urgentieverklaring",
        "behandeling": "Behandeling",
        "verslavingszorg": "Verslavingszorg",
        "familiegesprek": "Familiegesprek",
        "mentor": "Mentor",
        "theologisch_gesprek": "Theologisch gesprek",
        "exitprogramma": "Exitprogramma",
    },
    "risk_category": {
        "uitreiziger": "(Potentiële) uitreiziger",
        "verijdeld": "Verijdelde uitreiziger",
        "ronselaar": "Ronselaar/aanjager",
        "terugkeerder": "Terugkeerder",
        "aanslag": "Aanslagrisico NL",
    },
    "ideology": {
        "jihadistisch": "Jihadistisch",
        "rechts": "Rechts-extremistisch",
        "links": "Links-extremistisch",
        "single_issue": "Single issue",
    },
}


EXPORT_TIME_FORMAT = "%d-%m-%Y %H:%M"


EXCEL_MAX_ROWS = 1_048_575  # one sheet, less the header row


def sort_events(case: Case) -> None:
    """Put the case's events in the order of the export (time, then process order)."""
    case.events.sort(key=lambda e: (e.minute, ORDER.get(e.activity, 99)))


def canonical_rows(case: Case, registered: list[int]) -> list[tuple[str, ...]]:
    """Rows of ``events.csv``; ``registered``: the day each event was registered."""
    rows: list[tuple[str, ...]] = []
    sort_events(case)
    # a joint meeting (networks) is numbered apart, so the other ids stay as they were
    k = meetings = 0
    for n, ev in enumerate(case.events):
        if ev.activity == "netwerkoverleg":
            meetings += 1
            event_id = f"E{case.index + 1:07d}N{meetings:03d}"
        else:
            k += 1
            event_id = f"E{case.index + 1:07d}{k:04d}"
        rows.append(
            (
                case.case_id,
                ev.activity,
                iso(ev.minute),
                ev.org,
                ev.case_manager,
                ev.life_domain,
                ev.outcome,
                event_id,
                case.report_source,
                case.risk_category,
                case.ideology,
                (EPOCH + timedelta(days=registered[n])).isoformat(),
                ev.intervention_type,
            )
        )
    return rows


def export_row(row: tuple[str, ...], minute: int) -> list[str]:
    lab = EXPORT_LABELS
    return [
        row[0],
        lab["activity"][row[1]],
        export_time(minute),
        lab["org"].get(row[3], row[3]),
        row[4],
        lab["life_domain"].get(row[5], row[5]),
        lab["outcome"].get(row[6], row[6]),
        row[7],
        lab["report_source"][row[8]],
        lab["risk_category"][row[9]],
        lab["ideology"][row[10]],
        export_date(row[11]),
        lab["intervention_type"].get(row[12], row[12]),
    ]


def _times(value: Any) -> Any:
    """Minutes as ISO times: one, a list of them, or the ``_at`` keys of a dict."""
    if value is None:
        return None
    if isinstance(value, list):
        return [_times(v) for v in value]
    if isinstance(value, dict):
        return {k: _times(v) if k.endswith("_at") else v for k, v in value.items()}
    return iso(value)


def episode_out(t: dict[str, Any]) -> dict[str, Any]:
    conv: dict[str, Any] = {
        k: (_times(v) if k.endswith("_at") or isinstance(v, dict | list) else v)
        for k, v in t.items()
    }
    conv["info_loops"] = conv.pop("info_loops_observed")
    conv["ivgr_count"] = conv.pop("ivgr_count_observed")
    secs = conv.pop("lead_seconds")
    conv["lead_seconds"] = secs
    conv["lead_days"] = None if secs is None else secs / 86400
    return conv


def case_out(case: Case) -> dict[str, Any]:
    own = case.info.get("own_org", [0, 0])
    managers = sorted(
        {e.case_manager for e in case.events if e.activity == "regisseur_toegewezen"}
    )
    return {
        "case_id": case.case_id,
        "report_source": case.report_source,
        "risk_category": case.risk_category,
        "ideology": case.ideology,
        "episodes": len(case.episodes),
        "admitted": case.info["admitted"],
        "no_life_domain_problems": case.info["no_life_domain_problems"],
        "neglected_gap": case.info["neglected_gap"] if case.info["admitted"] else None,
        "interventions": own[1],
        "own_org_interventions": own[0],
        "case_managers": managers,
    }


def mapping_toml(export_date: date | None = None) -> str:
    """The mapping file of the simulated export (TOML), as the loader reads it.

    ``export_date`` (the simulated day the export was taken) is written at the top, so
    a load of the simulated export needs no ``--export-date``.
    """
    lines = [
        "# Mapping of the registration system's export to the canonical event log.",
        "# Written by `ipgar simulate`; adapt the labels to a real export.",
    ]
    if export_date is not None:
        lines += [
            "# The day this export was taken; for a monthly export, give it with",
            "# `ipgar load --export-date` instead.",
            f"export_date = {export_date.isoformat()}",
            "",
        ]
    lines += [
        "[source]",
        'delimiter = ";"',
        'encoding = "utf-8-sig"',
        f'timestamp_format = "{EXPORT_TIME_FORMAT}"',
        f'timezone = "{config.TIMEZONE}"',
        'sheet = "Export"',
        "# Ideology and risk category are special categories (AVG art. 9/10): they",
        "# load only when named here; remove them if the analysis does not need them.",
        'special_categories = ["ideology", "risk_category"]',
        "",
        "[columns]",
    ]
    lines += [f'"{header}" = "{col}"' for col, header in EXPORT_HEADERS.items()]
    for column, table in EXPORT_LABELS.items():
        lines += ["", f"[values.{column}]"]
        lines += [f'"{label}" = "{code}"' for code, label in table.items()]
    return "\n".join(lines) + "\n"


_FIXED_TIME = datetime(2020, 1, 1)


def write_workbook(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write the export as an Excel workbook, byte-identical for the same rows."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Export")
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    wb.properties.creator = "ipgar simulate"
    buf = io.BytesIO()
    wb.save(buf)
    _normalise_zip(buf.getvalue(), path)


def _normalise_zip(data: bytes, path: Path) -> None:
    """Rewrite a zip with fixed entry times so the same content gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2020-01-01T00:00:00Z",
                    content,
                )
            dst.writestr(fixed, content)


def iter_truth_episodes(truth_path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield the true episodes of a simulation from its ``truth.json``."""
    with Path(truth_path).open(encoding="utf-8") as fh:
        yield from json.load(fh)["episodes"]
