"""Adversarial Excel, Parquet and XES exports, input paths and mapping files.

Excel and Parquet classes write the five valid rows of ``corpus_inputs.BASE`` in that
format (a class changes one thing); XES classes write a log of two traces whose case
numbers and resources are planted values (profile generic).
"""

from __future__ import annotations

import gzip
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from adversarial_harness import (
    CASES,
    EVENTS,
    MANAGERS,
    NAME,
    Case,
    Error,
    Loads,
    check_case,
    load_cmd,
)
from corpus_inputs import (
    BASE,
    HEADER,
    MAPPED,
    MAPPED_HEADER,
    MAPPING,
    N,
    csv_text,
    row,
    written,
)

ALL = Loads(N, N)
TEXT = csv_text(BASE)
MAPPED_TEXT = csv_text(MAPPED, MAPPED_HEADER, ";")


def then(build, post):
    """A builder that runs ``build`` and then ``post(folder)`` (to damage a file)."""

    def built(folder: Path) -> list[list[str]]:
        commands = build(folder)
        post(folder)
        return commands

    return built


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


# --- Excel ---------------------------------------------------------------------------


def xlsx(sheets: dict[str, list[list[object]]], *, mapping: str | None = None):
    """A builder writing ``export.xlsx`` with these sheets (rows of cells)."""

    def build(folder: Path) -> list[list[str]]:
        import openpyxl

        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for title, rows in sheets.items():
            ws = wb.create_sheet(title)
            for r in rows:
                ws.append(r)
        wb.save(folder / "export.xlsx")
        args = ["export.xlsx"]
        if mapping is not None:
            (folder / "mapping.toml").write_text(mapping, encoding="utf-8")
            args += ["--mapping", "mapping.toml"]
        return [load_cmd(*args)]

    return build


def real_dates(rows: list[list[str]]) -> list[list[object]]:
    """Rows with the timestamp as an Excel date cell (local time, no offset)."""
    return [[r[0], r[1], datetime.fromisoformat(r[2][:19]), *r[3:]] for r in rows]


EXCEL = [
    Case("xlsx", xlsx({"Export": [HEADER, *BASE]}), ALL),
    Case(
        "xlsx_mapped",
        xlsx({"Export": [MAPPED_HEADER, *MAPPED]}, mapping=MAPPING),
        ALL,
    ),
    Case("xlsx_date_cells", xlsx({"Export": [HEADER, *real_dates(BASE)]}), ALL),
    Case(
        "xlsx_dates_as_numbers",
        xlsx({"Export": [HEADER, *BASE, [*row()[:2], 45355.4166667, *row()[3:]]]}),
        Loads(N + 1, N, 1, reasons={"unparsable_date": 1}),
    ),
    Case(
        "xlsx_several_sheets_one_export",
        xlsx(
            {
                "Toelichting": [["Export iPGA-R"], [f"opgesteld door {NAME}"]],
                "Export": [HEADER, *BASE],
            }
        ),
        ALL,
    ),
    Case(
        "xlsx_several_sheets_no_export",
        xlsx({"Blad1": [["a", "b"], [1, 2]], "Blad2": [["c"], [CASES[0]]]}),
        Error(("sheets",)),
    ),
    Case(
        "xlsx_mapping_names_a_missing_sheet",
        xlsx(
            {"Export": [MAPPED_HEADER, *MAPPED]},
            mapping=MAPPING.replace("[source]", '[source]\nsheet = "Gegevens"'),
        ),
        Error(("no sheet",)),
    ),
    Case(
        "xlsx_formula_cell",
        xlsx({"Export": [HEADER, *BASE, row(org="=A1&B1")]}),
        Loads(N + 1, N, 1, reasons={"formula_in_cell": 1}),
    ),
    Case(
        "xlsx_case_number_as_a_number",
        xlsx({"Export": [HEADER, *BASE, [2024000789, *row()[1:]]]}),
        Loads(N + 1, N + 1),
    ),
    Case("xlsx_empty_sheet", xlsx({"Export": []}), Error(("empty",))),
    Case("xlsx_header_only", xlsx({"Export": [HEADER]}), Error(("no data rows",))),
    Case(
        "xlsx_that_is_a_csv",
        written("export.xlsx", TEXT),
        Error(("not a readable Excel",)),
    ),
    Case(
        "xlsx_truncated",
        then(xlsx({"Export": [HEADER, *BASE]}), lambda d: _truncate(d / "export.xlsx")),
        Error(("Excel",)),
    ),
]


# --- Parquet -------------------------------------------------------------------------


def parquet(select: str, *, name: str = "export.parquet", post=None):
    """A builder writing a Parquet file from a DuckDB SELECT over ``base``."""

    def build(folder: Path) -> list[list[str]]:
        (folder / "base.csv.in").write_text(TEXT, encoding="utf-8")
        con = duckdb.connect()
        con.execute(
            "CREATE TABLE base AS SELECT * FROM read_csv($p, all_varchar=true, header=true)",
            {"p": str(folder / "base.csv.in")},
        )
        con.execute(f"COPY ({select}) TO '{folder / name}' (FORMAT parquet)")
        con.close()
        (folder / "base.csv.in").unlink()
        if post is not None:
            post(folder / name)
        return [load_cmd(name)]

    return build


PARQUET = [
    Case("parquet", parquet("SELECT * FROM base"), ALL),
    Case(
        "parquet_timestamptz_column",
        parquet(
            "SELECT * REPLACE (CAST(timestamp AS TIMESTAMPTZ) AS timestamp) FROM base"
        ),
        ALL,
    ),
    Case(
        "parquet_naive_timestamp_column",
        parquet(
            "SELECT * REPLACE (CAST(left(timestamp, 19) AS TIMESTAMP) AS timestamp) FROM base"
        ),
        ALL,
    ),
    Case(
        "parquet_date_column",
        parquet(
            "SELECT * REPLACE (CAST(left(timestamp, 10) AS DATE) AS timestamp) FROM base"
        ),
        ALL,
    ),
    Case(
        "parquet_epoch_numbers",
        parquet(
            "SELECT * REPLACE (epoch(CAST(timestamp AS TIMESTAMPTZ)) AS timestamp) FROM base"
        ),
        Error(("none of the 5 rows",)),
    ),
    Case(
        "parquet_integer_case_id",
        parquet(
            "SELECT * REPLACE (CAST(regexp_replace(case_id, '[^0-9]', '', 'g') AS BIGINT) AS case_id) FROM base"
        ),
        ALL,
    ),
    Case(
        "parquet_integer_activity",
        parquet("SELECT * REPLACE (length(activity) AS activity) FROM base"),
        Error(("activity",)),
    ),
    Case(
        "parquet_list_column",
        parquet("SELECT * REPLACE ([org, org] AS org) FROM base"),
        ALL,
    ),
    Case(
        "parquet_missing_column",
        parquet("SELECT * EXCLUDE (timestamp) FROM base"),
        Error(("no column timestamp",)),
    ),
    Case("parquet_that_is_a_csv", written("export.parquet", TEXT), Error(("Parquet",))),
    Case(
        "parquet_truncated",
        parquet("SELECT * FROM base", post=_truncate),
        Error(("parquet",)),
    ),
]

# --- XES -----------------------------------------------------------------------------


def xes_text(
    events: list[tuple[str, str, str | None]], *, resources: bool = False
) -> str:
    """A XES log: one trace per case of (case, activity, timestamp or None) events.

    ``resources``: each event names its case manager as ``org:resource``.
    """
    traces: dict[str, list[str]] = {}
    for i, (case, activity, ts) in enumerate(events):
        attrs = [
            f'<string key="concept:name" value="{activity}"/>',
            f'<string key="identity:id" value="{EVENTS[i]}"/>',
        ]
        if resources:
            attrs.append(f'<string key="org:resource" value="{MANAGERS[i % 2]}"/>')
        if ts is not None:
            attrs.append(f'<date key="time:timestamp" value="{ts}"/>')
        traces.setdefault(case, []).append("<event>" + "".join(attrs) + "</event>")
    body = "".join(
        f'<trace><string key="concept:name" value="{c}"/>{"".join(e)}</trace>'
        for c, e in traces.items()
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><log xes.version="1.0">{body}</log>\n'
    )


XES_EVENTS = [
    (CASES[0], "Register request", "2024-01-02T09:00:00.000+01:00"),
    (CASES[0], "Check ticket", "2024-01-03T09:00:00.000+01:00"),
    (CASES[1], "Register request", "2024-01-04T09:00:00.000+01:00"),
    (CASES[1], "Decide", "2024-01-05T09:00:00.000+01:00"),
]
XES = xes_text(XES_EVENTS)
XES_ALL = Loads(4, 4)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE log [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<log><trace><string key="concept:name" value="&xxe;"/>'
    '<event><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-01-02T09:00:00+01:00"/></event>'
    "</trace></log>"
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE log ['
    '<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">'
    '<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>'
    f'<log><trace><string key="concept:name" value="{CASES[0]}"/>'
    '<event><string key="concept:name" value="&i;"/></event></trace></log>'
)

XES_CLASSES = [
    Case("xes", written("log.xes", XES), XES_ALL),
    Case(
        # org:resource is who did the work: a case manager's id, never stored raw
        "xes_resource_is_a_case_manager",
        written("log.xes", xes_text(XES_EVENTS, resources=True)),
        XES_ALL,
    ),
    Case("xes_gz", written("log.xes.gz", gzip.compress(XES.encode())), XES_ALL),
    Case(
        "xes_missing_timestamps",
        written("log.xes", xes_text([*XES_EVENTS, (CASES[2], "Decide", None)])),
        Loads(5, 4, 1, reasons={"missing_timestamp": 1}),
    ),
    Case(
        "xes_event_without_name",
        written(
            "log.xes", XES.replace('<string key="concept:name" value="Decide"/>', "")
        ),
        Loads(4, 3, 1, reasons={"missing_activity": 1}),
    ),
    Case(
        "xes_no_traces",
        written("log.xes", '<?xml version="1.0"?><log xes.version="1.0"></log>'),
        Error(("no events",)),
    ),
    Case("xes_xxe", written("log.xes", XXE), Error(("XES",))),
    Case("xes_billion_laughs", written("log.xes", LAUGHS), Error(("XES",))),
    Case("xes_not_xml", written("log.xes", TEXT), Error(("well-formed",))),
    Case(
        "xes_truncated",
        written("log.xes", XES[: len(XES) // 2]),
        Error(("well-formed",)),
    ),
    Case(
        "xes_gz_truncated",
        written("log.xes.gz", gzip.compress(XES.encode())[:60]),
        Error(("well-formed",)),
    ),
]

# --- paths and file types ------------------------------------------------------------


def two_files(second: str | bytes):
    def build(folder: Path) -> list[list[str]]:
        (folder / "a.csv").write_text(TEXT, encoding="utf-8")
        data = second.encode() if isinstance(second, str) else second
        (folder / "b.csv").write_bytes(data)
        return [load_cmd("a.csv", "b.csv")]

    return build


PATHS = [
    Case(
        "unknown_file_type", written("export.json", TEXT), Error(("unknown file type",))
    ),
    Case(
        "missing_export",
        lambda d: [load_cmd("nergens.csv")],
        Error(("does not exist",)),
    ),
    Case(
        "folder_as_export",
        then(lambda d: [load_cmd("map.csv")], lambda d: (d / "map.csv").mkdir()),
        Error(("folder",)),
    ),
    Case("second_file_unreadable", two_files(b"\x00\x01"), Error(("b.csv",))),
    Case(
        "two_files_with_the_same_rows",
        two_files(TEXT),
        Loads(2 * N, 2 * N, new=N),
    ),
    Case(
        "two_files_with_different_rows",
        two_files(csv_text([row()])),
        Loads(N + 1, N + 1),
    ),
]

# --- mapping files -------------------------------------------------------------------


def with_mapping(text: str | bytes, data: str = MAPPED_TEXT):
    def build(folder: Path) -> list[list[str]]:
        (folder / "export.csv").write_text(data, encoding="utf-8")
        raw = text.encode() if isinstance(text, str) else text
        (folder / "mapping.toml").write_bytes(raw)
        return [load_cmd("export.csv", "--mapping", "mapping.toml")]

    return build


def source(line: str) -> str:
    return MAPPING.replace("[source]", f"[source]\n{line}")


MAPPINGS = [
    Case(
        "mapping_bad_toml",
        with_mapping(MAPPING + "[columns\n"),
        Error(("not valid TOML",)),
    ),
    Case(
        "mapping_unknown_section",
        with_mapping(MAPPING + "[kolommen]\na = 1\n"),
        Error(("unknown section",)),
    ),
    Case(
        "mapping_unknown_source_key",
        with_mapping(source('scheidingsteken = ";"')),
        Error(("unknown key",)),
    ),
    Case(
        "mapping_bad_timestamp_format",
        with_mapping(MAPPING.replace("%d-%m-%Y %H:%M", "%d-%m-%Q")),
        Error(("timestamp_format",)),
    ),
    Case(
        "mapping_timestamp_format_not_text",
        with_mapping(MAPPING.replace('"%d-%m-%Y %H:%M"', "5")),
        Error(("timestamp_format",)),
    ),
    Case(
        "mapping_unknown_encoding",
        with_mapping(source('encoding = "ebcdic"')),
        Error(("not supported",)),
    ),
    Case(
        "mapping_column_mapped_twice",
        with_mapping(
            MAPPING.replace('"Organisatie" = "org"', '"Organisatie" = "activity"')
        ),
        Error(("several headers",)),
    ),
    Case(
        "mapping_same_header_twice",
        with_mapping(MAPPING + '[columns]\n"Datum" = "timestamp"\n'),
        Error(("not valid TOML",)),
    ),
    Case(
        "mapping_to_an_unknown_column",
        with_mapping(
            MAPPING.replace('"Kenmerk" = "event_id"', '"Kenmerk" = "kenmerk"')
        ),
        Error(("unknown column",)),
    ),
    Case(
        "mapping_value_to_an_unknown_code",
        with_mapping(MAPPING.replace('"Contact" = "contact"', '"Contact" = "kontakt"')),
        Loads(N, N - 2, 2, reasons={"unknown_activity": 2}),
    ),
    Case(
        "mapping_value_table_of_an_unknown_column",
        with_mapping(MAPPING + '[values.kleur]\n"rood" = "red"\n'),
        Error(("not a value table",)),
    ),
    Case(
        "mapping_columns_not_a_table",
        with_mapping(MAPPING.replace("[columns]", "columns = 5\n[kolommen]")),
        Error(("mapping file",)),
    ),
    Case(
        "mapping_two_character_delimiter",
        with_mapping(MAPPING.replace('delimiter = ";"', 'delimiter = ";;"')),
        Error(("delimiter",)),
    ),
    Case(
        "mapping_unknown_timezone",
        with_mapping(source('timezone = "Europe/Utrecht"')),
        Error(("timezone",)),
    ),
    Case(
        "mapping_bad_export_date",
        with_mapping(
            MAPPING.replace("export_date = 2026-11-01", 'export_date = "gisteren"')
        ),
        Error(("export_date",)),
    ),
    Case(
        "mapping_missing_vocabulary",
        with_mapping('vocabulary = "woorden.toml"\n' + MAPPING),
        Error(("vocabulary",)),
    ),
    Case("mapping_empty", with_mapping(""), Error(("no column",))),
    Case(
        "mapping_utf16",
        with_mapping(MAPPING.encode("utf-16")),
        Error(("not valid TOML",)),
    ),
    Case(
        "mapping_missing",
        written("export.csv", MAPPED_TEXT, options=["--mapping", "weg.toml"]),
        Error(("does not exist",)),
    ),
    Case(
        "mapping_is_a_folder",
        then(
            written("export.csv", MAPPED_TEXT, options=["--mapping", "m.toml"]),
            lambda d: (d / "m.toml").mkdir(),
        ),
        Error(("mapping",)),
    ),
    Case(
        "mapping_with_a_bom",
        with_mapping("\ufeff" + MAPPING),
        ALL,
    ),
    Case(
        "mapping_header_with_spaces",
        with_mapping(MAPPING.replace('"Datum" = ', '" Datum " = ')),
        ALL,
    ),
]

CLASSES = [*EXCEL, *PARQUET, *XES_CLASSES, *PATHS, *MAPPINGS]


@pytest.mark.parametrize("case", CLASSES, ids=lambda c: c.name)
def test_file_input_class(case, tmp_path, capsys):
    check_case(case, tmp_path, capsys)
