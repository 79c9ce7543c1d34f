"""Small Dutch exports for tests: their header, their mapping and the file.

A test names the Dutch columns its export has; ``header`` gives the header line,
``mapping`` the mapping TOML that maps them (``;``, ``dd-mm-jjjj uu:mm`` local times,
Amsterdam unless told) and ``write_export`` the file. Values the loader must map
(``[values.activity]`` etc.) are given per test; ``ACTIVITY_LABELS`` are the two most
tests use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

#: The Dutch column names the tests use and the canonical column each maps to.
COLUMNS: dict[str, str] = {
    "Casusnummer": "case_id",
    "Casus": "case_id",
    "Activiteit": "activity",
    "Datum": "timestamp",
    "Organisatie": "org",
    "Casusregisseur": "case_manager",
    "Regisseur": "case_manager",
    "Leefgebied": "life_domain",
    "Uitkomst": "outcome",
    "Registratienummer": "event_id",
    "Kenmerk": "event_id",
    "Bron melding": "report_source",
    "Geregistreerd op": "registered_at",
    "Type interventie": "intervention_type",
}
#: The labels of the two activities most small exports have.
ACTIVITY_LABELS: dict[str, str] = {"Melding ontvangen": "melding", "Contact": "contact"}
DELIMITER = ";"
TIMESTAMP_FORMAT = "%d-%m-%Y %H:%M"


def header(*names: str) -> str:
    """The header line of an export with these Dutch columns."""
    return DELIMITER.join(names)


def mapping(
    *names: str,
    values: Mapping[str, Mapping[str, str]] | None = None,
    encoding: str | None = None,
    timezone: str | None = "Europe/Amsterdam",
) -> str:
    """The mapping TOML of an export with these Dutch columns.

    ``values`` maps a canonical column to its labels (``{"activity": {"Contact":
    "contact"}}``), one ``[values.<column>]`` section each, last, in the order given;
    ``timezone=None`` leaves the line out (the loader's default applies).
    """
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise KeyError(f"no canonical column for {unknown}: add it to COLUMNS")
    lines = ["[source]", f'delimiter = "{DELIMITER}"']
    if encoding is not None:
        lines.append(f'encoding = "{encoding}"')
    lines.append(f'timestamp_format = "{TIMESTAMP_FORMAT}"')
    if timezone is not None:
        lines.append(f'timezone = "{timezone}"')
    lines.append("[columns]")
    lines += [f'"{n}" = "{COLUMNS[n]}"' for n in names]
    for column, labels in (values or {}).items():
        lines.append(f"[values.{column}]")
        lines += [f'"{label}" = "{code}"' for label, code in labels.items()]
    return "\n".join(lines) + "\n"


def write_export(
    path: Path,
    names: Sequence[str],
    rows: Sequence[str | Sequence[str]],
    *,
    bom: bool = False,
) -> Path:
    """Write ``rows`` under the header of ``names`` to ``path`` (UTF-8); returns it.

    A row is its line as it stands, or its cells (joined with ``;``, unquoted);
    ``bom`` starts the file with a byte-order mark, as Excel writes it.
    """
    lines = [r if isinstance(r, str) else DELIMITER.join(r) for r in rows]
    text = "\n".join([header(*names), *lines]) + "\n"
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return path


def write_parquet(frame: Any, path: Path) -> Path:
    """Write a pandas ``frame`` to ``path`` as Parquet (by DuckDB: no pyarrow needed).

    Typed columns stay typed: an aware timestamp is written adjusted to UTC, a naive
    one as it is, as pandas would write them.
    """
    import duckdb

    con = duckdb.connect()
    try:
        con.register("_frame", frame)
        con.execute(f"COPY _frame TO '{path}' (FORMAT parquet)")
    finally:
        con.close()
    return path
