"""CSV output of the CLI is safe to open in a spreadsheet; ``--raw`` writes it as it is.

A small generic log is written here (two cases) whose activity labels start with the
characters a spreadsheet reads as a formula: ``+plus``, ``-minus``, ``@at`` and a
tab (the loader trims the tab; the guard for tabs is in tests/unit/test_spreadsheet.py).
Case 1: +plus, -minus, @at; case 2: +plus, <tab>tab, @at (one day apart). By hand:

- variants (``ipgar paths``): ``+plus > -minus > @at`` and ``+plus > tab > @at``,
  one case each; both start with ``+``, so both get a quote.
- edges (``ipgar dfg --format csv``): [start]->+plus 2, +plus->-minus 1,
  +plus->tab 1, -minus->@at 1, tab->@at 1, @at->[end] 2.
- overview: start activity +plus (2 cases), end activity @at (2 cases); its measures
  are ``start_activities:+plus`` and ``end_activities:@at``, which start with a
  letter, so no cell of the overview needs a quote.
"""

from __future__ import annotations

import csv
import io

import pytest

from ipgar_metrics.cli._main import build_parser
from tests.e2e.test_public_logs_cli import ipgar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

LOG = (
    "case_id,activity,timestamp\n"
    "c1,+plus,2024-01-01 10:00\n"
    "c1,-minus,2024-01-02 10:00\n"
    "c1,@at,2024-01-03 10:00\n"
    "c2,+plus,2024-01-01 11:00\n"
    'c2,"\ttab",2024-01-02 11:00\n'
    "c2,@at,2024-01-03 11:00\n"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("spreadsheet")
    log = folder / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    path = str(folder / "log.duckdb")
    res = ipgar("load", str(log), "--profile", "generic", "--db", path)
    assert res.returncode == 0, res.stderr
    assert "read 6 = loaded 6" in res.stdout
    return path


def _rows(*args: str) -> list[list[str]]:
    res = ipgar(*args)
    assert res.returncode == 0, res.stderr
    return list(csv.reader(io.StringIO(res.stdout)))


def _no_formula(rows: list[list[str]]) -> None:
    bad = [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    assert bad == []


def _tab(label: str) -> str:
    """The tab-led label as the loader stored it: trimmed, or kept and quoted."""
    assert label in ("tab", "\ttab", "'\ttab"), label
    return "tab"


def test_paths_csv_quotes_variants_and_raw_does_not(db):
    args = ("paths", "--db", db, "--min-count", "1", "--format", "csv")
    safe = _rows(*args)
    _no_formula(safe)
    assert safe[0][:5] == ["rank", "variant", "count", "share", "cumulative_share"]
    got = {(r[1].replace("\t", ""), r[2]) for r in safe[1:]}
    assert got == {("'+plus > -minus > @at", "1"), ("'+plus > tab > @at", "1")}

    raw = _rows(*args, "--raw")
    got = {(r[1].replace("\t", ""), r[2]) for r in raw[1:]}
    assert got == {("+plus > -minus > @at", "1"), ("+plus > tab > @at", "1")}


def test_dfg_csv_quotes_labels_and_raw_does_not(db):
    args = ("dfg", "--db", db, "--min-count", "1", "--format", "csv")
    safe = _rows(*args)
    _no_formula(safe)
    assert safe[0] == [
        "source", "target", "count", "cases", "mean_seconds", "median_seconds",
    ]  # fmt: skip

    def edges(rows, quote):
        def name(label):
            return label if label in ("[start]", "[end]", "tab") else quote + label

        want = {
            ("[start]", "+plus"): "2", ("+plus", "-minus"): "1",
            ("+plus", "tab"): "1", ("-minus", "@at"): "1",
            ("tab", "@at"): "1", ("@at", "[end]"): "2",
        }  # fmt: skip
        got = {
            (r[0] if "tab" not in r[0] else _tab(r[0]),
             r[1] if "tab" not in r[1] else _tab(r[1])): r[2]
            for r in rows[1:]
        }  # fmt: skip
        assert got == {(name(a), name(b)): n for (a, b), n in want.items()}

    edges(safe, "'")
    edges(_rows(*args, "--raw"), "")


def test_overview_csv_has_no_formula_in_either_mode(db):
    for extra in ((), ("--raw",)):
        rows = _rows("overview", "--db", db, "--format", "csv", *extra)
        _no_formula(rows)
        assert rows[0] == ["measure", "value"]
        measures = dict(rows[1:])
        assert measures["cases"] == "2"
        assert measures["events"] == "6"
        assert measures["start_activities:+plus"] == "2"
        assert measures["end_activities:@at"] == "2"


def test_json_is_not_changed(db):
    res = ipgar("paths", "--db", db, "--min-count", "1", "--format", "json")
    assert res.returncode == 0, res.stderr
    assert "'+plus" not in res.stdout
    assert '"+plus > -minus > @at"' in res.stdout


def _commands_with_format():
    sub = build_parser()._subparsers._group_actions[0]
    for name, parser in sub.choices.items():
        options = {o for a in parser._actions for o in a.option_strings}
        formats = {c for a in parser._actions if "--format" in a.option_strings
                   for c in a.choices}  # fmt: skip
        if "csv" in formats:  # a table (``ipgar figures --format png`` is not)
            yield name, options


def test_every_command_with_format_has_raw():
    names = [name for name, _ in _commands_with_format()]
    assert {"paths", "dfg", "overview", "leadtime", "integrality"} <= set(names)
    missing = [
        name for name, options in _commands_with_format() if "--raw" not in options
    ]
    assert missing == []


def test_raw_is_in_the_help():
    res = ipgar("paths", "--help")
    assert "--raw" in res.stdout
    assert "unsafe" in res.stdout


def test_validate_csv_quotes_and_raw_does_not(tmp_path):
    # a file whose name starts like a formula: the quality report's examples name it
    log = tmp_path / "@log.csv"
    log.write_text(LOG + "c3,+plus,\n", encoding="utf-8")  # one row without a date
    args = ("validate", str(log), "--profile", "generic", "--format", "csv")
    guarded = ipgar(*args)
    raw = ipgar(*args, "--raw")
    assert guarded.returncode == raw.returncode == 1  # the missing date is an error

    def examples(out: str) -> str:
        rows = list(csv.DictReader(io.StringIO(out)))
        return next(r["examples"] for r in rows if "@log.csv" in r["examples"])

    assert examples(guarded.stdout).startswith("'@log.csv")
    assert examples(raw.stdout).startswith("@log.csv")


def test_xlsx_has_dutch_headers_the_csv_rows_and_no_formula(db, tmp_path):
    import openpyxl

    book = tmp_path / "activiteiten.xlsx"
    res = ipgar("activities", "--db", db, "--format", "xlsx", "--output", str(book))
    assert res.returncode == 0, res.stderr
    from ipgar_metrics import store

    with store.connect(db) as con:
        snapshot = store.snapshot(con)["snapshot_id"]
    # +plus, -minus, @at, tab; the snapshot the rows came from
    assert res.stdout.strip() == f"wrote 4 rows to {book} (snapshot {snapshot})"
    assert oct(book.stat().st_mode & 0o777) == "0o600"
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames == ["activities", "bron"]
    # the second sheet says where the numbers come from
    assert list(workbook["bron"].iter_rows(values_only=True)) == [
        ("gegevensstand", snapshot),
        ("peildatum", "2024-01-03"),
        ("opdracht", "ipgar activities"),
    ]
    sheet = workbook.active
    cells = list(sheet.iter_rows(values_only=True))
    csv_rows = _rows("activities", "--db", db, "--format", "csv", "--unit", "hours")
    header = csv_rows[0]
    # the workbook's headers are the reader's names of the CSV columns (by hand)
    assert header == [
        "activity", "events", "cases", "event_share", "case_share", "next_events",
        "median_to_next_hours", "mean_to_next_hours", "min_to_next_hours",
        "max_to_next_hours",
    ]  # fmt: skip
    assert list(cells[0]) == [
        "activiteit", "gebeurtenissen", "casussen", "aandeel gebeurtenissen",
        "aandeel casussen", "gevolgd door een gebeurtenis",
        "mediaan tot volgende (uren)", "gemiddeld tot volgende (uren)",
        "minimum tot volgende (uren)", "maximum tot volgende (uren)",
    ]  # fmt: skip
    assert "activity" not in cells[0]  # translated, not the code name
    # same rows; a label that reads as a formula is text with a leading quote
    assert sorted(str(r[0]) for r in cells[1:]) == sorted(r[0] for r in csv_rows[1:])
    for row in sheet.iter_rows(min_row=2):
        assert row[0].data_type == "s"
        assert not str(row[0].value).startswith(("=", "+", "-", "@"))


def test_xlsx_default_name_is_said(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = ipgar("overview", "--db", db, "--format", "xlsx")
    assert res.returncode == 0, res.stderr
    assert (
        "ipgar overview: workbook ipgar-overview.xlsx (--format xlsx; use --output to choose)"
        in res.stderr
    )
    assert (tmp_path / "ipgar-overview.xlsx").exists()
    res = ipgar("overview", "--db", db, "--format", "xlsx", "--output", "x.csv")
    assert res.returncode == 1 and "ends in .xlsx" in res.stderr
