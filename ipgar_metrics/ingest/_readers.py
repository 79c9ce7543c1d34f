"""Read export files into a pseudonymised staging table in DuckDB.

One function per format (CSV, Excel, Parquet, XES) turns a file into rows of text
cells; :func:`stage_file` projects them onto the staging columns (canonical names,
identifying columns already pseudonymised), so a raw identifier never reaches a
table. CSV and Parquet are read by DuckDB itself (no per-row Python); Excel and XES
are read in Python (openpyxl, a streaming ``iterparse``).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ipgar_metrics import privacy, schema
from ipgar_metrics.errors import ExportFormatError
from ipgar_metrics.ingest._mapping import (
    STAGE_COLUMNS,
    Mapping,
    column_map,
    is_case_table,
    mask_header,
    project_stage,
    quote_ident,
    quote_literal,
)
from ipgar_metrics.ingest._xes import is_xes, read_xes

_CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
_DELIMITERS = ";,\t|"
_SNIFF_BYTES = 64 * 1024
#: Longest row (and so field) DuckDB will read (bytes); a longer one fails the file.
MAX_LINE_BYTES = 4 * 1024 * 1024
#: Most columns a header may have; a wider file is refused before it is read.
MAX_COLUMNS = 1000
#: Columns read beyond the header: a value in one rejects its row (``malformed_row``);
#: a row with more fields still fails the file.
_SPARES = [f"_ipgar_extra_{i}" for i in range(1, 17)]
#: The column of ``_csv_source`` with the row hash and its flag.
_FLAGGED_HASH = "_ipgar_rowhash"
#: A null string no export holds: empty cells are read as '' and padding as NULL.
_NEVER = "\ue000ipgar-no-null\ue000"


@dataclass
class FileInfo:
    """What was read from one file: its name, hash, row count and header map."""

    index: int
    name: str
    sha256: str
    rows: int
    headers: dict[str, str]  # canonical column -> export header (for messages)
    kind: str = "events"  # or "cases": a separate case table (case id + attributes)
    #: the attributes of an XES log beyond the core ones (``_xes.read_xes``), kept
    #: in memory until the profile is known (``ingest._attributes``), else None
    xes_attributes: pd.DataFrame | None = None


def stage_file(
    con: duckdb.DuckDBPyConnection, path: Path, index: int, mapping: Mapping
) -> FileInfo:
    """Read one export into the temporary table ``_stage_<index>``.

    The table has ``_file``, ``_row`` (1-based data row), ``_rowhash`` (hash of every
    raw cell, for exact duplicates), ``_long`` / ``_formula`` (the header of a cell that
    is too long, or a spreadsheet formula), ``_extra`` (``extra``: a field beyond the
    header; ``short_row``: a CSV row without its last field; ``undefined_byte``: a
    byte undefined in Windows-1252) and the staging columns, with ``case_id``, ``case_manager`` and ``event_id``
    pseudonymised. Raises ``ExportFormatError`` when the file cannot be read.
    """
    privacy.remove_temp_leftovers()  # e.g. a UTF-8 copy an older version's crash left
    if not path.exists():
        raise ExportFormatError(f"{path} does not exist; check the path.")
    if path.is_dir():
        raise ExportFormatError(f"{path} is a folder; give the export file itself.")
    digest = _sha256(path)
    name = path.name
    lower = name.lower()
    if os.path.getsize(path) == 0:
        raise ExportFormatError(f"{name} is empty; export the data again.")
    if is_xes(name):
        frame = read_xes(path)
        source, headers, rowhash = _register(con, frame, index)
        colmap = {c: c for c in headers if c in STAGE_COLUMNS}
    elif lower.endswith(".xlsx"):
        frame = read_xlsx(path, mapping)
        source, headers, rowhash = _register(con, frame, index)
        colmap = column_map(headers, mapping, name)
    elif lower.endswith(".parquet"):
        source = "read_parquet($path)"
        headers = _relation_columns(con, source, {"path": str(path)}, name)
        colmap = column_map(headers, mapping, name)
        rowhash = None
    elif Path(lower).suffix in _CSV_SUFFIXES:
        return _stage_csv(con, path, index, mapping, digest)
    else:
        raise ExportFormatError(
            f"{name}: unknown file type; use .csv, .xlsx, .parquet, .xes or .xes.gz."
        )
    params = {"path": str(path)} if "$path" in source else {}
    rows = _project(con, name, index, source, headers, colmap, rowhash, params)
    kind = "cases" if is_case_table(colmap) else "events"
    attrs = frame.attrs.get("attributes") if is_xes(name) else None
    return FileInfo(index, name, digest, rows, dict(colmap), kind, attrs)


# --- CSV -----------------------------------------------------------------------------


def _stage_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    index: int,
    mapping: Mapping,
    digest: str,
) -> FileInfo:
    name = path.name
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExportFormatError(
            f"{name} is UTF-16 text; save the export as UTF-8 (or Windows-1252) CSV."
        )
    if b"\x00" in head or _has_nul(path):
        raise ExportFormatError(
            f"{name} is a binary file, not a CSV export (it holds NUL bytes); export "
            "it again as CSV."
        )
    encoding = _codec(mapping.encoding or _detect_encoding(path))
    with path.open("rb") as fh:
        sample = fh.read(_SNIFF_BYTES)
    if encoding == "utf-8":
        text = sample.decode("utf-8-sig", "replace")
    else:  # a single-byte encoding: a cut at any byte is a cut between characters
        text = sample.decode(encoding, "replace")
    delim = mapping.delimiter or _sniff_delimiter(text, name)
    header = _header(text, delim, name, len(sample) == _SNIFF_BYTES, mapping)
    quoted = _check_quotes(path, name, delim, encoding)
    colmap = column_map(header, mapping, name)
    if encoding != "utf-8":  # decoded by Python, chunk by chunk
        decoded = _stage_decoded(con, path, index, encoding, delim, header, colmap)
        return _staged_csv(con, name, index, digest, decoded, colmap)
    if not quoted and _threads(con) > 1:
        rows = _stage_parallel(con, path, index, delim, header, colmap)
        if rows is not None:
            return _staged_csv(con, name, index, digest, rows, colmap)
    reader, params = _csv_reader(path, delim, header)
    source = _csv_source(reader, header, colmap, undefined=False)
    try:
        rows = _project(con, name, *_csv_stage(index, source, header, colmap, params))
    except ExportFormatError:
        if _mixes_line_ends(path):  # the cause DuckDB's message hides
            raise ExportFormatError(
                f"{name} cannot be read: it mixes Windows (CRLF) and Unix (LF) line "
                "ends; save the export again (e.g. as CSV UTF-8) so that every "
                "line ends the same way."
            ) from None
        raise
    return _staged_csv(con, name, index, digest, rows, colmap)


def _staged_csv(
    con: duckdb.DuckDBPyConnection,
    name: str,
    index: int,
    digest: str,
    rows: int,
    colmap: dict[str, str],
) -> FileInfo:
    """Flag the staged rows of a CSV file and describe it (its rows must be > 0)."""
    _flag_rows(con, index)
    if rows == 0:
        raise ExportFormatError(
            f"{name} has a header but no data rows; export the data again."
        )
    kind = "cases" if is_case_table(colmap) else "events"
    return FileInfo(index, name, digest, rows, dict(colmap), kind)


def _csv_stage(
    index: int,
    source: str,
    header: list[str],
    colmap: dict[str, str],
    params: dict[str, object],
) -> tuple[Any, ...]:
    """``project_stage``'s arguments after ``con`` for a CSV reader's ``source``."""
    return (index, source, header, colmap, _FLAGGED_HASH, params, _SPARES)


def _threads(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT current_setting('threads')").fetchall()[0][0])


def _stage_parallel(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    index: int,
    delim: str,
    header: list[str],
    colmap: dict[str, str],
) -> int | None:
    """Stage a UTF-8 file without quote characters on all of DuckDB's threads.

    Such a file has no quoted field, so no field holds a line end or a delimiter, and
    DuckDB's parallel reader splits it like the sequential one; the rows keep the
    file's order (``project_stage``, ``parallel``). The rows of ``_stage_<index>`` are
    the same as the sequential reader's (``tests/unit/test_load_parallel.py``).
    Returns ``None`` when the file must be read in order after all: DuckDB's plan
    would not keep the order, or the parallel read failed (the sequential reader
    then names the line of the fault).
    """
    reader, params = _csv_reader(path, delim, header, parallel=True)
    source = _csv_source(reader, header, colmap, undefined=False)
    try:
        return project_stage(
            con, *_csv_stage(index, source, header, colmap, params), parallel=True
        )
    except duckdb.InterruptException:  # the analyst stopped the load: stop
        raise
    except duckdb.Error:
        return None


def _header(
    text: str, delim: str, name: str, filled: bool, mapping: Mapping
) -> list[str]:
    """The header fields of the file's first line, within the column limit.

    ``text`` is the start of the file; ``filled``: it is cut off (the file is longer).
    A header a message names is shown only when it is known (``mask_header``): the
    first line of an export without its header row is data.
    """
    lines = text.splitlines()
    first = lines[0] if text.strip() else ""
    if not first.strip():
        raise ExportFormatError(f"{name} has no header line; export it again.")
    header = [h.strip() for h in next(csv.reader([first], delimiter=delim))]
    if len(header) > MAX_COLUMNS:
        raise ExportFormatError(
            f"{name} has more than {MAX_COLUMNS} columns (the limit); check the "
            "delimiter, or export only the columns of the mapping."
        )
    if len(lines) < 2 and filled:
        raise ExportFormatError(
            f"{name}: the header line is longer than {_SNIFF_BYTES // 1024} KB; "
            "check the line ends and the delimiter."
        )
    if not header[0]:
        raise ExportFormatError(
            f"{name}: the header could not be read with delimiter {delim!r}; "
            "check the delimiter in the mapping file."
        )
    dupes = [h for h in header if h and header.count(h) > 1]
    if dupes:
        raise ExportFormatError(
            f"{name} has the column {mask_header(dupes[0], mapping)} twice; rename one."
        )
    return [h or f"column{i}" for i, h in enumerate(header)]


def _csv_reader(
    path: Path, delim: str, header: list[str], *, parallel: bool = False
) -> tuple[str, dict[str, object]]:
    """DuckDB's ``read_csv`` of a UTF-8 file: every field text, ``_SPARES`` beyond.

    The header is given (nothing is sniffed), with ``_SPARES`` columns for fields
    beyond it; an empty cell is read as '' and only a missing field as NULL, so a
    row that lacks its last field is seen (``short_row``). Single-threaded: the
    parallel scanner cannot pad rows with a quoted newline. ``parallel``: the file
    holds no quote character (``_check_quotes``), so it is read without quoting, on
    every thread.
    """
    names = [*header, *_SPARES]
    columns = "{" + ", ".join(f"{quote_literal(h)}: 'VARCHAR'" for h in names) + "}"
    quoting = (
        "quote='', escape='', parallel=true"
        if parallel
        else "quote='\"', escape='\"', parallel=false"
    )
    reader = (
        f"read_csv($path, delim=$delim, header=true, {quoting}, null_padding=true, "
        "nullstr=$nullstr, max_line_size=$maxline, auto_detect=false, "
        f"strict_mode=true, columns={columns})"
    )
    params = {
        "path": str(path),
        "delim": delim,
        "maxline": MAX_LINE_BYTES,
        "nullstr": _NEVER,
    }
    return reader, params


def _csv_source(
    reader: str, header: list[str], colmap: dict[str, str], *, undefined: bool
) -> str:
    """The SELECT over a CSV reader: the mapped cells, ``_SPARES`` and the row flag.

    Only the mapped columns (and the spares, whose value rejects the row) are
    selected, hashed and checked: an unmapped column never leaves the reader. The
    last header field is only tested for NULL (``short_row``). The flag travels in
    ``_FLAGGED_HASH`` (``<reason>:<md5>``) to ``_flag_rows``; ``undefined``: bytes
    undefined in the declared single-byte encoding became U+FFFD
    (``undefined_byte``).
    """
    mapped = [h for h in header if h in colmap.values()]
    cells = [quote_ident(h) for h in [*mapped, *_SPARES]]
    flag = f"WHEN {quote_ident(header[-1])} IS NULL THEN 'short_row:'"
    if undefined and mapped:
        mapped_cells = ", ".join(quote_ident(h) for h in mapped)
        flag += f" WHEN contains(concat_ws('', {mapped_cells}), chr(65533)) THEN 'undefined_byte:'"
    parts = ", ".join(f"coalesce({c}, chr(30))" for c in cells)
    rowhash = f"coalesce(CASE {flag} END, '') || md5(concat_ws(chr(31), {parts}))"
    select = ", ".join(f"nullif({c}, '') AS {c}" for c in cells)
    return f"(SELECT {select}, {rowhash} AS {_FLAGGED_HASH} FROM {reader})"  # noqa: S608 - identifiers quoted


#: Rows per chunk of a decoded (non-UTF-8) CSV file; each chunk is staged on its own.
DECODED_CHUNK_ROWS = 100_000


def _decoded_chunks(
    path: Path, encoding: str, delim: str, header: list[str]
) -> Iterator[pd.DataFrame]:
    """The rows of a CSV file in a single-byte ``encoding``, as frames of text.

    The file is decoded as it is read (bytes undefined in the encoding become
    U+FFFD) and split by Python's ``csv`` with the rules of ``_csv_reader``: the
    header line skipped, blank lines skipped, every field text, a missing field
    NULL, fields beyond the header in ``_SPARES``. Nothing is written to disk; one
    frame of at most ``DECODED_CHUNK_ROWS`` rows is held at a time (a file without
    data rows gives one empty frame). A row with more fields than that, a field over
    ``MAX_LINE_BYTES`` or a stray quote raises ``ExportFormatError`` with the line
    (never a cell value), after the frames before it.
    """
    names = [*header, *_SPARES]
    width = len(names)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))
    given = 0
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        rows = csv.reader(fh, delimiter=delim, quotechar='"', strict=True)
        chunk: list[list[str | None]] = []
        try:
            next(rows, None)  # the header line
            for row in rows:
                if not row:  # a blank line, skipped as DuckDB does
                    continue
                if len(row) > width:
                    reason = _too_wide(rows.line_num)
                    raise ExportFormatError(f"{path.name} cannot be read: {reason}")
                chunk.append(row + [None] * (width - len(row)))
                if len(chunk) >= DECODED_CHUNK_ROWS:
                    yield pd.DataFrame(chunk, columns=names, dtype=object)
                    given += 1
                    chunk = []
        except csv.Error as exc:
            reason = _csv_failure(exc, rows.line_num)
            raise ExportFormatError(f"{path.name} cannot be read: {reason}") from None
    if chunk or not given:
        yield pd.DataFrame(chunk, columns=names, dtype=object)


def _stage_decoded(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    index: int,
    encoding: str,
    delim: str,
    header: list[str],
    colmap: dict[str, str],
) -> int:
    """Stage a CSV file in a single-byte encoding, chunk by chunk; the number of rows.

    DuckDB's reader knows ``latin-1`` only without 0x80-0x9F, and Windows-1252 only
    through an extension that would be downloaded at run time, so Python decodes
    the file (``_decoded_chunks``). Each chunk is registered and staged like any
    reader (``project_stage``: raw ids pseudonymised in the same statement), its
    rows numbered on from the chunks before, and added to ``_decoded_<index>``,
    which becomes ``_stage_<index>``: raw rows never reach a table.
    """
    view, whole, total = f"_src_{index}", f"_decoded_{index}", 0
    cells = ", ".join(
        f"CAST({quote_ident(c)} AS VARCHAR) AS {quote_ident(c)}"
        for c in [*header, *_SPARES]
    )  # every chunk has these columns; an empty or all-NULL one is text too
    reader = f"(SELECT {cells} FROM {view})"  # noqa: S608 - identifiers quoted
    source = _csv_source(reader, header, colmap, undefined=True)
    stage = _csv_stage(index, source, header, colmap, {})
    for i, chunk in enumerate(_decoded_chunks(path, encoding, delim, header)):
        con.execute("SELECT 1").fetchall()  # finish any pending result first
        con.register(view, chunk)
        try:
            rows = _project(con, path.name, *stage)
        finally:
            con.unregister(view)
        if i == 0:
            con.execute(f"ALTER TABLE _stage_{index} RENAME TO {whole}").fetchall()
        else:
            con.execute(
                f"INSERT INTO {whole} SELECT * REPLACE (_row + {total} AS _row) "  # noqa: S608 - fixed names
                f"FROM _stage_{index}"
            ).fetchall()
            con.execute(f"DROP TABLE _stage_{index}").fetchall()
        total += rows
    con.execute(f"ALTER TABLE {whole} RENAME TO _stage_{index}").fetchall()
    return total


def _too_wide(line: int) -> str:
    return (
        f"a row has more fields than the limit of {len(_SPARES)} beyond the header "
        f"(line {line}); check the delimiter and quoting."
    )


def _csv_failure(exc: csv.Error, line: int) -> str:
    """Python's ``csv`` error as what to fix (its text may quote a character only)."""
    if "field limit" in str(exc):
        return (
            f"a row or field is longer than the limit of "
            f"{MAX_LINE_BYTES // (1024 * 1024)} MB (line {line}); check the line ends "
            "and the delimiter."
        )
    return (
        f"a quoted field is not closed, or holds a quote that is not doubled (line "
        f"{line}); check the quoting."
    )


def _flag_rows(con: duckdb.DuckDBPyConnection, index: int) -> None:
    """Move the row flags of ``_csv_source`` from ``_rowhash`` to ``_extra``."""
    con.execute(
        f"UPDATE _stage_{index} SET _extra = split_part(_rowhash, ':', 1) "  # noqa: S608 - fixed names
        "WHERE contains(_rowhash, ':')"
    ).fetchall()


def _check_quotes(path: Path, name: str, delim: str, encoding: str = "utf-8") -> bool:
    """Refuse a file in which a quoted field is never closed; True if it has quotes.

    DuckDB would read the rest of the file into that field, or report a long line.
    An even number of quote characters cannot leave one open (the fast test); else
    the fields are followed line by line, since a quote inside an unquoted field
    (``12" screen``) is only a character.
    """
    odd, quotes = False, 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            found = chunk.count(b'"')
            quotes += found
            odd ^= bool(found % 2)
    if not odd:
        return quotes > 0
    sep = delim.encode(encoding)
    inside, opened = False, 0
    with path.open("rb") as fh:
        for line_no, line in enumerate(fh, start=1):
            pos = 0
            while pos < len(line):
                if inside:
                    end = line.find(b'"', pos)
                    if end < 0:
                        break
                    if line[end + 1 : end + 2] == b'"':  # an escaped quote
                        pos = end + 2
                        continue
                    inside, pos = False, end + 1
                elif line[pos : pos + 1] == b'"':  # a field that opens a quote
                    inside, opened, pos = True, line_no, pos + 1
                    continue
                nxt = line.find(sep, pos)
                if nxt < 0:
                    break
                pos = nxt + 1
    if inside:
        raise ExportFormatError(
            f"{name}: a quoted field is not closed (from line {opened}); check the "
            "quoting of that row in the export."
        )
    return True


def _codec(encoding: str) -> str:
    """The Python codec of a mapping's (or detected) encoding name."""
    return codecs.lookup(encoding).name.replace("utf-8-sig", "utf-8")


def _detect_encoding(path: Path) -> str:
    """``utf-8`` if the whole file decodes as UTF-8 (BOM or not), else ``cp1252``."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 24):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _sniff_delimiter(text: str, name: str) -> str:
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if not lines:
        raise ExportFormatError(f"{name} has no header line; export it again.")
    header = lines[0]
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        raise ExportFormatError(
            f"{name}: cannot find the delimiter of the header line (tried ; , tab |); "
            'set delimiter = ";" under [source] in the mapping file.'
        )
    return best


# --- Excel ---------------------------------------------------------------------------


def read_xlsx(
    path: Path, mapping: Mapping, *, every_column: bool = False
) -> pd.DataFrame:
    """Read the mapped columns of a workbook's export sheet as text cells.

    Formulas are kept as text (and rejected by the checks). Only the columns the
    mapping names (without a mapping: the canonical ones) are kept; a row whose
    cells are all empty is skipped. ``every_column``: keep them all (``ipgar
    inspect`` profiles every column in memory to draft the mapping; it stores none).
    """
    import openpyxl  # imported here: only Excel exports need it

    name = path.name
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ExportFormatError(
            f"{name} is not a readable Excel workbook ({type(exc).__name__}); "
            "save it again as .xlsx."
        ) from None
    try:
        sheets = wb.sheetnames
        if mapping.sheet is not None:
            if mapping.sheet not in sheets:
                raise ExportFormatError(
                    f'{name} has no sheet "{mapping.sheet}"; choose one of: '
                    f"{', '.join(sheets)}."
                )
            chosen = mapping.sheet
        elif len(sheets) == 1:
            chosen = sheets[0]
        else:
            chosen = _sheet_with_header(wb, sheets, mapping, name)
        fmt = mapping.timestamp_formats[0] if mapping.timestamp_formats else None
        rows = wb[chosen].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(v is None for v in header):
            raise ExportFormatError(f'{name}, sheet "{chosen}" is empty.')
        width = len(header)
        cols = [_cell(v, fmt) or f"column{i}" for i, v in enumerate(header)]
        # only the mapped columns are kept: an unmapped cell never leaves the reader
        if every_column:
            keep = list(range(width))
        else:
            mapped = set(column_map(cols, mapping, name).values())
            keep = [i for i, c in enumerate(cols) if c in mapped]
        data = []
        for row in rows:
            cells = row[:width]
            if any(v is not None for v in cells):
                data.append(
                    [_cell(cells[i], fmt) if i < len(cells) else None for i in keep]
                )
        cols = [cols[i] for i in keep]
    finally:
        wb.close()
    if not data:
        raise ExportFormatError(
            f'{name}, sheet "{chosen}" has a header but no data rows.'
        )
    return pd.DataFrame(data, columns=cols, dtype=object)


def _sheet_with_header(wb: Any, sheets: list[str], mapping: Mapping, name: str) -> str:
    need = set(schema.REQUIRED_COLUMNS)
    for sheet in sheets:
        first = next(wb[sheet].iter_rows(values_only=True, max_row=1), ())
        found = {
            mapping.columns.get(str(v).strip(), str(v).strip()) for v in first if v
        }
        if need <= found:
            return sheet
    raise ExportFormatError(
        f"{name} has {len(sheets)} sheets ({', '.join(sheets)}) and none has the "
        'export header; set sheet = "..." under [source] in the mapping file.'
    )


def _cell(value: object, fmt: str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.strftime(fmt) if fmt else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.strftime(fmt) if fmt else value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- projection onto the staging columns --------------------------------------------


def _register(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, index: int
) -> tuple[str, list[str], str | None]:
    view = f"_src_{index}"
    con.execute("SELECT 1").fetchall()  # finish any pending result first
    con.register(view, frame)
    headers = [c for c in frame.columns if c != "_rowhash"]
    rowhash = "_rowhash" if "_rowhash" in frame.columns else None
    return view, headers, rowhash


def _relation_columns(
    con: duckdb.DuckDBPyConnection, source: str, params: dict[str, object], name: str
) -> list[str]:
    try:
        rel = con.execute(f"DESCRIBE SELECT * FROM {source}", params).fetchall()  # noqa: S608 - source is a fixed template
    except duckdb.Error as exc:
        raise ExportFormatError(f"{name} cannot be read: {_safe(exc)}") from None
    return [r[0] for r in rel]


def _project(con: duckdb.DuckDBPyConnection, name: str, *args: object) -> int:
    try:
        rows = project_stage(con, *args)  # type: ignore[arg-type]
    except duckdb.Error as exc:
        raise ExportFormatError(f"{name} cannot be read: {_safe(exc)}") from None
    if rows is None:  # only a parallel stage (_stage_parallel) declines
        raise RuntimeError("a sequential stage declined to read the file")
    return rows


def _safe(exc: BaseException) -> str:
    """A DuckDB error reduced to what to fix, without the copied cell values."""
    text = str(exc).lower()
    line = re.search(r"error on line: (\d+)", text)
    where = f" (line {line.group(1)})" if line else ""
    if "line size" in text or "maximum line" in text:
        return f"a row or field is longer than the limit of {MAX_LINE_BYTES // (1024 * 1024)} MB{where}; check the line ends and the delimiter."
    if "number of columns" in text:
        return f"a row has more fields than the limit of {len(_SPARES)} beyond the header{where}; check the delimiter and quoting."
    if "unicode" in text or "utf-8" in text or "encod" in text:
        return f"the file is not valid text in the declared encoding{where}; fix encoding under [source] in the mapping file, or remove it to detect it."
    if "sniff" in text or "dialect" in text:
        return "the CSV dialect could not be detected; check the delimiter and quoting."
    if "parquet" in text or "magic" in text:
        return "not a valid Parquet file."
    if "quote" in text or "unterminated" in text:
        return f"a quoted field is not closed, or holds a quote that is not doubled{where}; check the quoting."
    if "columns" in text or "expected" in text:
        return f"a row does not fit the header{where}; check the delimiter and quoting."
    return f"the file could not be parsed{where}; check that it is a complete export."


def _has_nul(path: Path) -> bool:
    """Whether the file holds a NUL byte anywhere (text exports never do)."""
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            if b"\x00" in chunk:
                return True
    return False


def _mixes_line_ends(path: Path) -> bool:
    """Whether some lines end in CRLF and others in a bare LF."""
    crlf = lf = 0
    last = b""
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            crlf += chunk.count(b"\r\n") + (last == b"\r" and chunk[:1] == b"\n")
            lf += chunk.count(b"\n")
            last = chunk[-1:]
    return 0 < crlf < lf


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()
