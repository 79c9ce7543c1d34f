"""``ipgar inspect`` on a real-looking export: masked ids, labels, a draft that loads.

The simulator writes the export and, independently, the mapping the registration
system's words need; the draft that ``inspect`` writes from the export alone must map
the same headers to the same columns, translate labels as that mapping does, and
load the export with the same counts.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from ipgar_metrics import config, load, simulate
from ipgar_metrics.cli import main

KEY = b"inspect-test-key-0123456789abcdef"
RAW_IDS = re.compile(r"R20\d\d-\d{6}|CR\d{5}|E\d{11}")


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("inspect_sim")
    simulate(150, 7, out, config.SIM_AS_OF, write_xlsx=False)
    return out


def _run_inspect(export: Path, draft: Path, capsys) -> str:
    code = main(["inspect", str(export), "--mapping-out", str(draft)])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_output_masks_identifiers(sim: Path, tmp_path: Path, capsys) -> None:
    # The export really holds raw ids of these forms (else the check proves nothing).
    assert RAW_IDS.search((sim / "export.csv").read_text(encoding="utf-8-sig"))
    text = _run_inspect(sim / "export.csv", tmp_path / "mapping.toml", capsys)
    assert not RAW_IDS.search(text)
    assert not RAW_IDS.search((tmp_path / "mapping.toml").read_text(encoding="utf-8"))
    case_line = next(line for line in text.splitlines() if '"Casusnummer"' in line)
    assert "R####-######" in case_line
    assert "identifier" in case_line and "case_id" in case_line
    manager_line = next(
        line for line in text.splitlines() if '"Casusregisseur"' in line
    )
    assert "CR#####" in manager_line
    date_line = next(line for line in text.splitlines() if '"Datum"' in line)
    assert "timestamp" in date_line and "%d-%m-%Y %H:%M" in date_line
    # Label columns show their labels with counts.
    assert re.search(r"Melding ontvangen \(\d+\)", text)


def test_draft_mapping_agrees_with_the_real_mapping(
    sim: Path, tmp_path: Path, capsys
) -> None:
    draft = tmp_path / "mapping.toml"
    _run_inspect(sim / "export.csv", draft, capsys)
    mine = tomllib.loads(draft.read_text(encoding="utf-8"))
    real = tomllib.loads((sim / "mapping.toml").read_text(encoding="utf-8"))
    # ideology and risk category are special categories: the draft names them in a
    # comment with how to opt in, and maps them only when the analyst decides
    special = {
        h: t for h, t in real["columns"].items() if t in ("ideology", "risk_category")
    }
    assert sorted(special.values()) == ["ideology", "risk_category"]
    assert mine["columns"] == {
        h: t for h, t in real["columns"].items() if h not in special
    }
    text = draft.read_text(encoding="utf-8")
    for header, target in special.items():
        assert f'# "{header}" = "{target}"' in text
        assert f'special_categories = ["{target}"] under [source]' in text
    assert mine["source"]["delimiter"] == real["source"]["delimiter"]
    assert mine["source"]["timestamp_format"] == [real["source"]["timestamp_format"]]
    for column, table in mine["values"].items():
        for label, code in table.items():
            assert real["values"][column][label] == code, (column, label)


def test_draft_mapping_loads_like_the_real_mapping(
    sim: Path, tmp_path: Path, capsys
) -> None:
    draft = tmp_path / "mapping.toml"
    _run_inspect(sim / "export.csv", draft, capsys)
    # The simulator plants a typo ("Contcat"): the draft must not map it silently,
    # and names it only by its shape (an unrecognised label may be a name)
    text = draft.read_text(encoding="utf-8")
    assert '(shape Aaaaaaa, 1 row) looks like a typo of "Contact"' in text
    assert "Contcat" not in text
    kwargs = {"export_date": config.SIM_AS_OF, "key": KEY}
    with_draft = load(
        sim / "export.csv", mapping=draft, db=tmp_path / "a.duckdb", **kwargs
    )
    with_real = load(
        sim / "export.csv",
        mapping=sim / "mapping.toml",
        db=tmp_path / "b.duckdb",
        **kwargs,
    )
    assert with_draft.rows_read == with_real.rows_read
    assert with_draft.rows_loaded == with_real.rows_loaded
    assert with_draft.rows_rejected == with_real.rows_rejected
    assert with_draft.rows_loaded > 0


def test_names_and_windows_csv(tmp_path: Path, capsys) -> None:
    # A hand-made Windows export: cp1252, comma, ISO dates, managers by name.
    # A personal column the loader does not know ("Naam cliënt") shows no values either.
    rows = [
        "Zaaknummer,Gebeurtenis,Tijdstip,Casusregisseur,Naam cliënt",
        "ZK-0001,Melding,2024-01-02 09:00:00,Jansen,Bakker",
        "ZK-0001,Contact,2024-01-05 10:30:00,Jansen,Bakker",
        "ZK-0002,Melding,2024-02-01 11:00:00,Pietersen,Visser",
        "ZK-0002,Uitstroom,2024-03-01 12:00:00,Pietersen,Visser",
        "ZK-0003,Melding,2024-03-04 08:15:00,Müller,Smit",
    ]
    export = tmp_path / "export.csv"
    export.write_bytes("\r\n".join(rows).encode("cp1252"))
    draft = tmp_path / "mapping.toml"
    text = _run_inspect(export, draft, capsys)
    for name in (
        "Jansen",
        "Pietersen",
        "Müller",
        "ZK-0001",
        "Bakker",
        "Visser",
        "Smit",
    ):
        assert name not in text
        assert name not in draft.read_text(encoding="utf-8")
    mine = tomllib.loads(draft.read_text(encoding="utf-8"))
    assert mine["source"] == {
        "delimiter": ",",
        "encoding": "cp1252",
        "timezone": "Europe/Amsterdam",
    }  # ISO timestamps: no timestamp_format needed
    assert mine["columns"] == {
        "Zaaknummer": "case_id",
        "Gebeurtenis": "activity",
        "Tijdstip": "timestamp",
        "Casusregisseur": "case_manager",
    }
    assert mine["values"]["activity"] == {
        "Melding": "melding",
        "Contact": "contact",
        "Uitstroom": "uitstroom",
    }
    result = load(export, mapping=draft, db=tmp_path / "s.duckdb", key=KEY)
    assert (result.rows_loaded, result.rows_rejected) == (5, 0)


def test_existing_mapping_is_not_overwritten(sim: Path, tmp_path: Path, capsys) -> None:
    draft = tmp_path / "mapping.toml"
    draft.write_text("# mine\n", encoding="utf-8")
    code = main(["inspect", str(sim / "export.csv"), "--mapping-out", str(draft)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "--force" in err
    assert draft.read_text(encoding="utf-8") == "# mine\n"


def test_excel_export_sheet_is_found(tmp_path: Path, capsys) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Toelichting"
    wb.active.append(["Deze export bevat de gebeurtenissen van het iPGA-R."])
    sheet = wb.create_sheet("Gebeurtenissen")
    sheet.append(["Casusnummer", "Activiteit", "Datum"])
    sheet.append(["R2020-000001", "Melding", "01-02-2024 09:00"])
    sheet.append(["R2020-000001", "Contact", "03-02-2024 10:00"])
    export = tmp_path / "export.xlsx"
    wb.save(export)
    draft = tmp_path / "mapping.toml"
    text = _run_inspect(export, draft, capsys)
    assert "R2020-000001" not in text
    mine = tomllib.loads(draft.read_text(encoding="utf-8"))
    assert mine["source"]["sheet"] == "Gebeurtenissen"
    assert mine["source"]["timestamp_format"] == ["%d-%m-%Y %H:%M"]
    result = load(export, mapping=draft, db=tmp_path / "x.duckdb", key=KEY)
    assert (result.rows_loaded, result.rows_rejected) == (2, 0)


def test_parquet_export_reads_as_its_csv_copy(
    sim: Path, tmp_path: Path, capsys
) -> None:
    """A Parquet copy of the export (times typed) gives the CSV's columns and events."""
    import duckdb

    export = tmp_path / "export.parquet"
    con = duckdb.connect()
    con.execute("SET TimeZone = 'Europe/Amsterdam'")
    # the times typed as Parquet timestamps (a row without one left out, as the
    # loader rejects it), every other column text as exported
    con.execute(
        "COPY (SELECT * REPLACE (try_strptime(Datum, '%d-%m-%Y %H:%M') AS Datum) "
        "FROM read_csv($p, all_varchar=true, header=true, delim=';') "
        "WHERE try_strptime(Datum, '%d-%m-%Y %H:%M') IS NOT NULL) "
        f"TO '{export}' (FORMAT parquet)",
        {"p": str(sim / "export.csv")},
    )
    con.close()
    _run_inspect(sim / "export.csv", tmp_path / "c.toml", capsys)
    text = _run_inspect(export, tmp_path / "p.toml", capsys)
    assert not RAW_IDS.search(text)
    drafts = {
        n: tomllib.loads((tmp_path / f"{n}.toml").read_text(encoding="utf-8"))
        for n in ("c", "p")
    }
    assert drafts["p"]["columns"] == drafts["c"]["columns"]
    # a Parquet timestamp reads as DuckDB's ISO text; the registration date is
    # still text as exported (dd-mm-jjjj), which the date part of the CSV's format
    # reads, and the Parquet draft must name (before, it named none: every row
    # was rejected)
    assert drafts["c"]["source"]["timestamp_format"] == ["%d-%m-%Y %H:%M"]
    assert drafts["p"]["source"]["timestamp_format"] == [
        "%d-%m-%Y",
        "%Y-%m-%d %H:%M:%S",
    ]
    kwargs = {"export_date": config.SIM_AS_OF, "key": KEY}
    loaded = {
        n: load(
            path, mapping=tmp_path / f"{n}.toml", db=tmp_path / f"{n}.duckdb", **kwargs
        )
        for n, path in (("c", sim / "export.csv"), ("p", export))
    }
    assert loaded["p"].rows_loaded == loaded["c"].rows_loaded > 0


PM4PY_CSV = """\
case:concept:name,concept:name,time:timestamp,org:resource,amount
Case 1,Insert ticket,2012-10-09 14:50:17+00:00,Value 1,10
Case 1,Resolve ticket,2012-10-10 09:00:00.250000+00:00,Value 2,
Case 1,Closed,2012-10-12 14:50:17+00:00,Value 1,
Case 2,Insert ticket,2012-10-09T08:00:00+02:00,Value 3,7
Case 2,Closed,2012-10-11T08:00:00+02:00,Value 3,
"""


def test_a_pm4py_csv_is_a_generic_log_with_its_standard_columns(
    tmp_path: Path, capsys
) -> None:
    """pm4py's column names and ISO times with an offset; labels kept as they are."""
    export = tmp_path / "log.csv"
    export.write_text(PM4PY_CSV, encoding="utf-8")
    draft = tmp_path / "mapping.toml"
    code = main(["inspect", str(export), "--mapping-out", str(draft)])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "ipgar inspect: profile generic (none of the 3 activity labels" in out.err
    mine = tomllib.loads(draft.read_text(encoding="utf-8"))
    assert mine["columns"] == {
        "case:concept:name": "case_id",
        "concept:name": "activity",
        "time:timestamp": "timestamp",
        "org:resource": "case_manager",
    }
    assert "values" not in mine and "timestamp_format" not in mine["source"]
    # the header is shown (a standard name, not a person's); its labels stay masked
    assert '"concept:name"' in out.out and "Insert ticket" not in out.out
    result = load(
        export, mapping=draft, db=tmp_path / "g.duckdb", key=KEY, profile="generic"
    )
    assert (result.rows_loaded, result.rows_rejected) == (5, 0)
    from ipgar_metrics import store
    from ipgar_metrics.metrics.leadtime._between import case_durations

    with store.connect(tmp_path / "g.duckdb") as con:
        durations = case_durations(con, as_of=store.last_event_at(con))
        activities = con.execute(
            "SELECT DISTINCT activity FROM events ORDER BY activity"
        ).fetchall()
    got = sorted((durations["end_at"] - durations["start_at"]).dt.total_seconds())
    # by hand: case 2 from 06:00 to 06:00 UTC two days later; case 1 from
    # 14:50:17 UTC on the 9th to 14:50:17 UTC on the 12th
    assert got == [2 * 86400.0, 3 * 86400.0]
    assert activities == [("Closed",), ("Insert ticket",), ("Resolve ticket",)]


def test_the_profile_can_be_chosen(tmp_path: Path, capsys) -> None:
    export = tmp_path / "log.csv"
    export.write_text(PM4PY_CSV, encoding="utf-8")
    draft = tmp_path / "mapping.toml"
    args = ["inspect", str(export), "--mapping-out", str(draft), "--profile", "ipgar"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "profile" not in err  # chosen, not a default
    text = draft.read_text(encoding="utf-8")
    assert "[values.activity]" in text and "--profile generic" not in text


DISCO_CSV = """\
Case ID,Activity,Resource,Start Timestamp,Complete Timestamp,Variant,Variant index
Case 1,Insert ticket,Value 1,2012/10/09 14:40:00.000,2012/10/09 14:50:17.000,Variant 1,1
Case 1,Closed,Value 2,2012/10/12 14:00:00.000,2012/10/12 14:50:17.500,Variant 1,1
Case 2,Insert ticket,Value 3,2012/10/09 07:00:00.000,2012/10/09 08:00:00.000,Variant 1,1
Case 2,Closed,Value 3,2012/10/11 08:00:00.000,2012/10/11 08:00:00.000,Variant 1,1
"""


def test_a_disco_csv_takes_the_complete_timestamp(tmp_path: Path, capsys) -> None:
    """Disco's export: the end of each activity is the event's time, in its own form."""
    export = tmp_path / "disco.csv"
    export.write_text(DISCO_CSV, encoding="utf-8")
    draft = tmp_path / "mapping.toml"
    _run_inspect(export, draft, capsys)
    mine = tomllib.loads(draft.read_text(encoding="utf-8"))
    assert mine["columns"] == {
        "Case ID": "case_id",
        "Activity": "activity",
        "Resource": "case_manager",
        "Complete Timestamp": "timestamp",
    }
    assert mine["source"]["timestamp_format"] == ["%Y/%m/%d %H:%M:%S.%f"]
    result = load(
        export, mapping=draft, db=tmp_path / "d.duckdb", key=KEY, profile="generic"
    )
    assert (result.rows_loaded, result.rows_rejected) == (4, 0)
    from ipgar_metrics import store

    with store.connect(tmp_path / "d.duckdb") as con:
        (last,) = con.execute("SELECT max(ts) FROM events").fetchone()
    # 14:50:17.5 local time (Amsterdam, summer time: UTC+2) on 12 October 2012
    assert last.isoformat(timespec="milliseconds").startswith("2012-10-12T14:50:17.500")


def test_a_pm4py_csv_loads_without_a_mapping_as_with_the_draft(tmp_path: Path) -> None:
    """No mapping file: the XES standard names are read as the XES reader reads them."""
    export = tmp_path / "log.csv"
    export.write_text(PM4PY_CSV, encoding="utf-8")
    draft = tmp_path / "mapping.toml"
    assert main(["inspect", str(export), "--mapping-out", str(draft)]) == 0
    kwargs = {"key": KEY, "profile": "generic"}
    drafted = load(export, mapping=draft, db=tmp_path / "a.duckdb", **kwargs)
    bare = load(export, db=tmp_path / "b.duckdb", **kwargs)
    assert bare.rows_loaded == drafted.rows_loaded == 5
    assert bare.snapshot_id == drafted.snapshot_id


def test_an_xes_log_is_sent_to_load(capsys, tmp_path: Path) -> None:
    xes = (
        Path(__file__).resolve().parents[1] / "data" / "public" / "running-example.xes"
    )
    args = ["inspect", str(xes), "--mapping-out", str(tmp_path / "m.toml")]
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert err == (
        "ipgar inspect: running-example.xes is an XES log, which needs no mapping: "
        "load it as it is (`ipgar load` with --profile generic for a log of another "
        "process)."
    )
    assert not (tmp_path / "m.toml").exists()
