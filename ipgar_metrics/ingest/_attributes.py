"""Every attribute of a generic log: the columns and XES keys the store has no column for.

A generic log (a permit process, a helpdesk) carries attributes beyond the canonical
columns: an XES trace's ``parts`` or an event's ``monitoringResource``, a CSV's extra
columns. In profile ``generic`` the loader keeps them, one row per value, in the table
``attributes`` (schema version 8): a CSV column the mapping does not map (a header
``case:<name>`` is the case attribute ``<name>``, as pm4py writes it; any other an
event attribute), and every XES event and trace attribute other than the core ones
(``_xes.CORE_EVENT_KEYS``). In profile ``ipgar`` nothing is kept here: only the
columns the mapping names are stored (data minimisation).

An attribute whose name the mapping lists under ``[attributes] identifying``, and
always a source's own identifier (XES ``identity:id`` and any attribute of XES type
``id``), is stored as its keyed pseudonym (prefix ``A``, name space ``attribute``);
any other as it is: a generic log is public or non-personal by the analyst's choice
(``docs/privacy.md``).

``stage_attributes`` reads them (before the load's transaction) into the temporary
table ``_attr_stage``; ``store_attributes`` (inside it, once the events are stored)
adds or replaces the values of the events and cases of this load (``sql/load/
attributes.sql``): a reload of the same export changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Final

import duckdb
import pandas as pd

from ipgar_metrics.errors import ExportFormatError
from ipgar_metrics.ingest._mapping import Mapping, quote_ident
from ipgar_metrics.ingest._readers import (
    _CSV_SUFFIXES,
    _SNIFF_BYTES,
    FileInfo,
    _codec,
    _csv_reader,
    _decoded_chunks,
    _detect_encoding,
    _header,
    _safe,
    _sniff_delimiter,
)

#: Attribute names that are a source's own identifiers: always pseudonymised.
ALWAYS_IDENTIFYING: Final[tuple[str, ...]] = ("identity:id",)
#: A CSV header with this prefix is a case attribute (pm4py's convention).
CASE_PREFIX = "case:"

#: Columns of ``_attr_stage``.
_STAGE_COLUMNS = ["_file", "_row", "scope", "name", "type", "value"]


def stage_attributes(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[Path],
    files: Sequence[FileInfo],
    mapping: Mapping,
    profile: str,
) -> int:
    """Read the attributes of a generic load into ``_attr_stage``; the rows read.

    Profile ``ipgar``: an empty table (nothing beyond the mapped columns is read).
    Event files in CSV and XES are read (an XES log's were read with its events,
    ``FileInfo.xes_attributes``); a case table, Excel and Parquet give none. The
    in-memory attributes of the files are released either way.
    """
    parts: list[pd.DataFrame] = []
    if profile == "generic":
        for path, info in zip(paths, files, strict=True):
            if info.kind != "events":
                continue
            lower = path.name.lower()
            if info.xes_attributes is not None:
                frame = info.xes_attributes.copy()
            elif Path(lower).suffix in _CSV_SUFFIXES:
                frame = _csv_attributes(con, path, info, mapping)
            else:
                continue
            frame.insert(0, "_file", info.index)
            parts.append(frame)
    for info in files:
        info.xes_attributes = None
    frame = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame({c: pd.Series(dtype=object) for c in _STAGE_COLUMNS})
    )
    frame = frame.astype(
        {"_file": "int64", "_row": "int64", **dict.fromkeys(_STAGE_COLUMNS[2:], object)}
    )
    con.execute("SELECT 1").fetchall()  # finish any pending result first
    con.register("_attr_frame", frame)
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _attr_stage AS SELECT * FROM _attr_frame"
        ).fetchall()
    finally:
        con.unregister("_attr_frame")
    # the pseudonym replaces the value before it reaches a table: the attributes the
    # mapping names, and always a source's own identifiers (XES ``identity:id`` and
    # every attribute of XES type ``id``), as the events' own ``event_id`` is
    identifying = [*mapping.identifying_attributes, *ALWAYS_IDENTIFYING]
    con.execute(
        "UPDATE _attr_stage SET type = 'id', value = _pseudo('A', 'attribute', value) "
        "WHERE list_contains($names, name) OR type = 'id' "
        # a CSV's unmapped case:concept:name is the case's own id (pm4py's name)
        "OR (scope = 'case' AND name = 'concept:name')",
        {"names": identifying},
    ).fetchall()
    return len(frame)


def store_attributes(con: duckdb.DuckDBPyConnection) -> None:
    """Add the staged attributes of this load's stored events and cases (in its transaction)."""
    from ipgar_metrics import store

    store.run_sql(con, "load/attributes").fetchall()


def _read_columns(
    con: duckdb.DuckDBPyConnection,
    name: str,
    csv_reader: tuple[str, dict[str, object]],
    columns: list[str],
) -> pd.DataFrame:
    """``columns`` of a UTF-8 CSV file read by ``csv_reader``, with ``_row`` (from 1)."""
    reader, params = csv_reader
    cells = ", ".join(quote_ident(h) for h in columns)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _attr_wide AS SELECT {cells} FROM {reader}",  # noqa: S608 - identifiers quoted
            params,
        ).fetchall()
        return con.execute(
            "SELECT rowid + 1 AS _row, * FROM _attr_wide ORDER BY rowid"
        ).df()
    except duckdb.Error as exc:
        raise ExportFormatError(f"{name} cannot be read: {_safe(exc)}") from None
    finally:
        con.execute("DROP TABLE IF EXISTS _attr_wide").fetchall()


def _csv_attributes(
    con: duckdb.DuckDBPyConnection, path: Path, info: FileInfo, mapping: Mapping
) -> pd.DataFrame:
    """The unmapped columns of a CSV export, one row per non-empty cell.

    Read with the reader of ``stage_file`` (same encoding, delimiter and rows), so
    ``_row`` is the row the staging table gave the event.
    """
    name = path.name
    with path.open("rb") as fh:
        sample = fh.read(_SNIFF_BYTES)
    encoding = _codec(mapping.encoding or _detect_encoding(path))
    text = sample.decode("utf-8-sig" if encoding == "utf-8" else encoding, "replace")
    delim = mapping.delimiter or _sniff_delimiter(text, name)
    header = _header(text, delim, name, len(sample) == _SNIFF_BYTES, mapping)
    mapped = set(info.headers.values())
    extra = [h for h in header if h not in mapped]
    if not extra:
        return pd.DataFrame(columns=_STAGE_COLUMNS[1:])
    if encoding == "utf-8":
        frame = _read_columns(con, name, _csv_reader(path, delim, header), extra)
    else:  # decoded by Python, as ``stage_file`` decodes it
        chunks = _decoded_chunks(path, encoding, delim, header)
        frame = pd.concat([c[extra] for c in chunks], ignore_index=True)
        frame.insert(0, "_row", range(1, len(frame) + 1))
    long = frame.melt(id_vars="_row", var_name="header", value_name="value")
    long["value"] = long["value"].astype("string").str.strip()
    long = long[long["value"].notna() & (long["value"] != "")]
    is_case = long["header"].str.startswith(CASE_PREFIX)
    return pd.DataFrame(
        {
            "_row": long["_row"].to_numpy(),
            "scope": is_case.map({True: "case", False: "event"}).to_numpy(),
            "name": long["header"]
            .where(~is_case, long["header"].str[len(CASE_PREFIX) :])
            .to_numpy(),
            "type": "text",
            "value": long["value"].astype(object).to_numpy(),
        }
    )
