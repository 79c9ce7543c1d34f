"""Malformed inputs: each gives a clear one-line error or a documented correct load.

Never a traceback, a hang, a partial load or a lost row: after an error the store is
exactly as before (here: no load recorded), and after a load
``rows_read == rows_loaded + rows_rejected + duplicates_skipped``. The documented
outcome of each case is in docs/assumptions/load.md.
"""

from __future__ import annotations

import gzip
import random
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import IpgarError
from ipgar_metrics.ingest._load import load

KEY = b"bad-input-test-key-0123456789ab"
HEAD = "case_id,activity,timestamp,org"
OK1 = "K-100,melding,2024-01-02T09:00:00+01:00,"
OK2 = "K-100,contact,2024-01-05T10:00:00+01:00,politie"
OK3 = "K-200,melding,2024-02-01T09:00:00+01:00,"


@dataclass
class Case:
    name: str
    make: Callable[[Path], list[Path]]
    error: str | None = None  # regex of the one-line error, or None for a load
    reasons: dict[str, int] = field(default_factory=dict)  # expected reject counts
    loaded: int | None = None
    mapping: str | None = None
    profile: str = "ipgar"
    check: Callable[[Path], None] | None = None


def text(name: str, body: str, encoding: str = "utf-8") -> Callable[[Path], list[Path]]:
    def make(d: Path) -> list[Path]:
        (d / name).write_bytes(body.encode(encoding))
        return [d / name]

    return make


def raw(name: str, data: bytes) -> Callable[[Path], list[Path]]:
    def make(d: Path) -> list[Path]:
        (d / name).write_bytes(data)
        return [d / name]

    return make


def csv(*rows: str, head: str = HEAD) -> str:
    return "\n".join([head, *rows]) + "\n"


def assert_new_value_flags(db: Path, n: int) -> None:
    con = store.connect(db)
    got = con.execute(
        "SELECT count(*) FROM quality_flags WHERE check_code = 'new_value'"
    ).fetchall()
    con.close()
    assert got == [(n,)]


XES = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
 <global scope="event"><string key="concept:name" value="__INVALID__"/></global>
 <trace><string key="concept:name" value="T1"/>
  <event><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-01-02T09:00:00.000+01:00"/></event>
  <event><string key="concept:name" value="b"/><date key="time:timestamp" value="2024-01-02T10:00:00.000+01:00"/></event>
  <event><string key="concept:name" value="b"/><date key="time:timestamp" value="2024-01-02T10:00:00.000+01:00"/></event>
 </trace>
 <trace>
  <event><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-01-03T09:00:00.000+01:00"/></event>
 </trace>
</log>
"""


def xlsx(sheets: dict[str, list[list[object]]]) -> Callable[[Path], list[Path]]:
    def make(d: Path) -> list[Path]:
        from openpyxl import Workbook

        wb = Workbook()
        wb.remove(wb.active)
        for title, rows in sheets.items():
            ws = wb.create_sheet(title)
            for row in rows:
                ws.append(row)
        wb.save(d / "e.xlsx")
        return [d / "e.xlsx"]

    return make


SHEET = [
    ["case_id", "activity", "timestamp"],
    ["K-1", "melding", "2024-01-02T09:00:00+01:00"],
    ["K-1", '=HYPERLINK("http://x")', "2024-01-03T09:00:00+01:00"],
]


def missing(d: Path) -> list[Path]:
    return [d / "nope.csv"]


def folder(d: Path) -> list[Path]:
    (d / "dir.csv").mkdir()
    return [d / "dir.csv"]


def ids_distinct(db: Path) -> None:
    con = store.connect(db)
    n = con.execute("SELECT count(DISTINCT case_id) FROM events").fetchall()[0][0]
    con.close()
    assert n == 3  # "007", "7" (also " 7 ": outer spaces are not significant), "0 7"


MAP_DD = '[source]\ntimestamp_format = "%d-%m-%Y %H:%M"\n'

CASES = [
    Case("empty file", raw("e.csv", b""), error="is empty"),
    Case("header only", text("h.csv", HEAD + "\n"), error="no data rows"),
    Case("blank lines only", text("b.csv", "\n\n\n"), error="no header line"),
    Case(
        "wrong delimiter in mapping",
        text("d.csv", csv(OK1, OK2)),
        mapping='[source]\ndelimiter = ";"\n',
        error="has no column|header could not be read",
    ),
    Case(
        "missing column",
        text("m.csv", "case_id,activity\nK-1,melding\n"),
        error="has no column timestamp",
    ),
    Case(
        "extra columns are ignored",
        text("x.csv", csv(OK1 + ",extra", OK2 + ",more", head=HEAD + ",note")),
        loaded=2,
    ),
    Case(
        "binary garbage",
        raw(
            "g.csv",
            bytes(random.Random(1).randrange(256) for _ in range(4000)) + b"\x00",
        ),
        error="binary file",
    ),
    Case("utf-16 text", raw("u.csv", csv(OK1).encode("utf-16")), error="UTF-16"),
    Case(
        "truncated xes",
        text("t.xes", XES[: len(XES) // 2]),
        error="not a well-formed XES",
    ),
    Case(
        "truncated xes.gz",
        raw("t.xes.gz", gzip.compress(XES.encode())[:120]),
        error="not a well-formed XES",
    ),
    Case(
        "not xml at all", text("n.xes", "hello, world"), error="not a well-formed XES"
    ),
    Case(
        "xes: trace without case id, exact copy kept (generic)",
        text("ok.xes", XES),
        profile="generic",
        loaded=3,
        reasons={"missing_case_id": 1},
    ),
    Case(
        "excel with two sheets picks the one with the header",
        xlsx({"Notes": [["about this export"]], "Data": SHEET[:2]}),
        loaded=1,
    ),
    Case(
        "excel with two sheets and no header",
        xlsx({"A": [["x"]], "B": [["y"]]}),
        error="2 sheets",
    ),
    Case(
        "formula in excel cell",
        xlsx({"Export": SHEET}),
        loaded=1,
        reasons={"formula_in_cell": 1, "unknown_activity": 1},
    ),
    Case(
        "xlsx that is not a workbook",
        text("w.xlsx", "not a zip"),
        error="not a readable Excel workbook",
    ),
    Case(
        "parquet that is not parquet",
        text("p.parquet", "not parquet"),
        error="cannot be read",
    ),
    Case("unknown file type", text("e.json", "{}"), error="unknown file type"),
    Case("path does not exist", missing, error="does not exist"),
    Case("path is a folder", folder, error="is a folder"),
    Case(
        "wrong encoding declared",
        text(
            "c.csv",
            csv("K-1,melding,2024-01-02T09:00:00+01:00,caf\u00e9"),
            encoding="cp1252",
        ),
        mapping='[source]\nencoding = "utf-8"\n',
        error="encoding|cannot be read",
    ),
    Case(
        "windows-1252 detected",
        text(
            "w.csv",
            csv("K-1,melding,2024-01-02T09:00:00+01:00,politie\u2019"),
            encoding="cp1252",
        ),
        loaded=1,  # an unknown org loads with a new_value flag (vocabulary growth)
        check=lambda db: assert_new_value_flags(db, 1),
    ),
    Case(
        "a 5 MB line",
        text("l.csv", csv(OK1, "K-1,melding," + "9" * 5_000_000 + ",")),
        error="longer than|cannot be read",
    ),
    Case(
        "a 2000-character cell",
        text("v.csv", csv(OK1, "K-1,contact,2024-01-05T10:00:00+01:00," + "p" * 2000)),
        loaded=1,
        reasons={"value_too_long": 1},  # a rejected row gets no new_value flag
        check=lambda db: assert_new_value_flags(db, 0),
    ),
    Case(
        "31 February",
        text("f.csv", "case_id,activity,timestamp\nK-1,melding,31-02-2024 10:00\n"),
        mapping=MAP_DD,
        loaded=0,
        reasons={"unparsable_date": 1},
    ),
    Case(
        "mixed date formats",
        text(
            "mx.csv",
            "case_id,activity,timestamp\nK-1,melding,02-01-2024 10:00\nK-1,contact,2024-01-03T10:00:00+01:00\nK-1,contact,01/04/2024\n",
        ),
        mapping=MAP_DD,
        loaded=2,
        reasons={"unparsable_date": 1},
    ),
    Case(
        "time without date",
        text("tt.csv", "case_id,activity,timestamp\nK-1,melding,10:00\n"),
        loaded=0,
        reasons={"unparsable_date": 1},
    ),
    Case(
        "case ids with spaces and leading zeros stay distinct",
        text(
            "z.csv",
            "case_id,activity,timestamp\n007,melding,2024-01-02T09:00:00+01:00\n7,melding,2024-01-02T09:00:00+01:00\n0 7,melding,2024-01-02T09:00:00+01:00\n 7 ,contact,2024-01-03T09:00:00+01:00\n",
        ),
        loaded=4,
        check=ids_distinct,
    ),
    Case(
        "missing case id and activity",
        text(
            "mc.csv",
            csv(
                ",melding,2024-01-02T09:00:00+01:00,",
                "K-1,,2024-01-02T09:00:00+01:00,",
                OK1,
            ),
        ),
        loaded=1,
        reasons={"missing_case_id": 1, "missing_activity": 1},
    ),
    Case(
        "before the programme began",
        text("bp.csv", csv("K-1,melding,2015-06-01T09:00:00+02:00,", OK1)),
        loaded=1,
        reasons={"before_programme": 1},
    ),
    Case(
        "after the export date",
        text(
            "fd.csv",
            csv(
                "K-1,melding,2026-11-02T00:00:00+01:00,",
                "K-1,contact,2026-11-01T23:59:00+01:00,politie",
            ),
        ),
        loaded=1,
        reasons={"future_date": 1},
    ),
    Case(
        "unknown vocabulary",
        text(
            "uv.csv",
            "case_id,activity,timestamp,org,life_domain,outcome,ideology\nK-1,contact,2024-01-02T09:00:00+01:00,nasa,,,\nK-1,interventie_start,2024-01-03T09:00:00+01:00,ggz,maan,,\nK-1,ptor_besluit,2024-01-04T09:00:00+01:00,,,misschien,\nK-1,melding,2024-01-01T09:00:00+01:00,,,,anarchie\n",
        ),
        # a new org, outcome and ideology load flagged; life domains still reject
        loaded=3,
        reasons={"unknown_life_domain": 1},
        check=lambda db: assert_new_value_flags(db, 3),
    ),
    Case(
        "row with more fields than the header",
        text("mf.csv", csv(OK1, OK2 + ",surplus")),
        loaded=1,
        reasons={"malformed_row": 1},
    ),
    Case(
        "short row is rejected",
        text("sr.csv", csv(OK1, "K-100,contact,2024-01-05T10:00:00+01:00")),
        loaded=1,
        reasons={"short_row": 1},
    ),
    Case(
        "quoted delimiter and newline",
        text(
            "q.csv",
            csv(
                OK1,
                'K-100,contact,2024-01-05T10:00:00+01:00,"politie"',
                '"K,1","melding","2024-01-02T09:00:00+01:00",""',
            ),
        ),
        loaded=3,
    ),
    Case(
        "CRLF line ends",
        text("crlf.csv", csv(OK1, OK2).replace("\n", "\r\n")),
        loaded=2,
    ),
    Case(
        "BOM and padded header names",
        text(
            "bom.csv",
            "\ufeff case_id , activity ,timestamp\nK-1,melding,2024-01-02T09:00:00Z\n",
        ),
        loaded=1,
    ),
    Case(
        "duplicate header",
        text(
            "dh.csv",
            "case_id,activity,timestamp,timestamp\nK-1,melding,2024-01-02T09:00:00Z,x\n",
        ),
        error="twice",
    ),
    Case(
        "no header line (data first)",
        text("nh.csv", "K-999,melding,2024-01-02T09:00:00Z\n" + OK1 + "\n"),
        error="has no column",
    ),
    Case(
        "event id reused with other content",
        text(
            "ei.csv",
            "case_id,activity,timestamp,event_id\nK-1,melding,2024-01-02T09:00:00Z,E1\nK-1,contact,2024-01-03T09:00:00Z,E1\n",
        ),
        loaded=1,
        reasons={"duplicate_event": 1},
    ),
    Case("exact duplicate row", text("dr.csv", csv(OK1, OK1, OK2)), loaded=2),
    Case(
        "nonexistent local time",
        text(
            "dst.csv",
            "case_id,activity,timestamp\nK-1,melding,2024-03-31 02:30\nK-1,contact,2024-03-31 03:30\n",
        ),
        loaded=1,
        reasons={"nonexistent_local_time": 1},
    ),
    Case(
        "bad TOML mapping",
        text("ok.csv", csv(OK1)),
        mapping="[source\n",
        error="not valid TOML",
    ),
    Case(
        "mapping to an unknown column",
        text("ok.csv", csv(OK1)),
        mapping='[columns]\n"Datum" = "date"\n',
        error="unknown column",
    ),
    Case(
        "mapping with an unknown timezone",
        text("ok.csv", csv(OK1)),
        mapping='[source]\ntimezone = "Mars/Olympus"\n',
        error="unknown timezone",
    ),
    Case(
        "mapping value table for an unknown column",
        text("ok.csv", csv(OK1)),
        mapping='[values.colour]\n"x" = "y"\n',
        error="not a value table",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, tmp_path: Path):
    folder_ = tmp_path / "in"
    folder_.mkdir()
    paths = case.make(folder_)
    mapping = None
    if case.mapping is not None:
        mapping = tmp_path / "mapping.toml"
        mapping.write_text(case.mapping, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    kwargs = {
        "mapping": mapping,
        "db": db,
        "key": KEY,
        "export_date": date(2026, 11, 1),
        "profile": case.profile,
    }
    if case.error is not None:
        with pytest.raises(IpgarError, match=case.error) as info:
            load(paths, **kwargs)
        message = str(info.value)
        assert "\n" not in message and len(message) < 400
        assert "K-999" not in message  # no raw id in a message
        if db.exists():  # nothing half-loaded
            con = store.connect(db)
            assert con.execute("SELECT count(*) FROM loads").fetchall() == [(0,)]
            con.close()
        return
    r = load(paths, **kwargs)
    assert r.rows_read == r.rows_loaded + r.rows_rejected + r.duplicates_skipped
    if case.loaded is not None:
        assert r.rows_loaded == case.loaded
    got = r.rejects.groupby("reason_code").size().to_dict() if len(r.rejects) else {}
    assert got == case.reasons
    assert all("\n" not in m for m in r.rejects["message"])
    if case.check is not None:
        case.check(db)


def test_locked_database_is_in_use(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    path = tmp_path / "ok.csv"
    path.write_text(csv(OK1))
    load([path], db=db, key=KEY, export_date=date(2026, 11, 1))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(db)!r}); print('ok', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(IpgarError, match=r"database .* is in use") as info:
            load([path], db=db, key=KEY, export_date=date(2026, 11, 1))
        assert "\n" not in str(info.value)
    finally:
        holder.kill()
        holder.wait()


def test_at_least_thirty_cases():
    assert len(CASES) >= 30


def test_rows_of_a_rejected_row_are_kept_in_rejected_events(tmp_path: Path):
    path = tmp_path / "r.csv"
    path.write_text(csv(OK1, "K-1,melding,,"))
    db = tmp_path / "s.duckdb"
    load([path], db=db, key=KEY, export_date=date(2026, 11, 1))
    con = store.connect(db)
    rej = con.execute(
        'SELECT file, "row", column_name, reason_code, raw FROM rejected_events'
    ).df()
    con.close()
    assert rej[["file", "row", "column_name", "reason_code"]].values.tolist() == [
        ["r.csv", 2, "timestamp", "missing_timestamp"]
    ]
    assert "K-1" not in rej["raw"].item()
    assert pd.notna(rej["raw"].item())
