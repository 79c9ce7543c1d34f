"""``ipgar practice`` on a small store: columns, formats, spreadsheet-safe CSV, exit codes.

Three cases with case managers M1-M3 of an organisation coded ``=oov`` (a code a
spreadsheet would read as a formula), instroom 2025-01-01, assigned 01-02; case A has
a contact on 02-14, B and C none. At 2025-03-01 with a 30-day threshold: B and C are
over it (58.5 days), A is not (14.5 days): 2 of 3 over, the centre line 2/3.
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.cli import main


def ev(case, activity, day, org=None, cm=None):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"2025-{day}T12:00:00+01:00",
        "org": org,
        "case_manager": cm,
    }


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("practice_cli") / "store.duckdb"
    rows = []
    for case, cm in (("A", "M1"), ("B", "M2"), ("C", "M3")):
        rows += [
            ev(case, "instroom", "01-01"),
            ev(case, "regisseur_toegewezen", "01-02", "=oov", cm),
        ]
    rows.append(ev("A", "contact", "02-14", "=oov"))
    with store.connect(path, read_only=False) as con:
        store.insert_events(con, pd.DataFrame(rows))
    return str(path)


def run(capsys, *args):
    code = main(["practice", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_csv_is_spreadsheet_safe_and_raw_is_not(db, capsys):
    args = ("--db", db, "--as-of", "2025-03-01", "--window", "12", "--threshold", "30")
    args = (*args, "--clustering", "case")
    code, out, err = run(capsys, *args, "--format", "csv")
    # every option given: the only lines on stderr say the store has no
    # registration dates, no contact outcomes and no life-domain assessment
    assert code == 0 and err.count("\n") == 3
    assert err.startswith("ipgar practice: no registration dates")
    assert "ipgar practice: no contact outcomes" in err
    assert "ipgar practice: no life-domain assessment" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["org"] for r in rows] == ["'=oov"]
    assert (rows[0]["cases"], rows[0]["over_threshold"]) == ("3", "2")
    assert float(rows[0]["share_over_threshold"]) == pytest.approx(2 / 3)
    assert float(rows[0]["expected_share"]) == pytest.approx(2 / 3)
    assert rows[0]["signal"] == "binnen"
    _, raw, _ = run(capsys, *args, "--format", "csv", "--raw")
    assert next(csv.DictReader(io.StringIO(raw)))["org"] == "=oov"
    _, js, _ = run(capsys, *args, "--format", "json")
    assert json.loads(js)[0]["org"] == "=oov"  # JSON is never changed
    assert "M1" not in out + raw + js


def test_bad_window_is_a_usage_error(db, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["practice", "--db", db, "--window", "0"])
    assert exc.value.code == 2
    assert "--window" in capsys.readouterr().err


def test_simulated_plant_is_signalled_end_to_end(tmp_path, capsys):
    # ipgar simulate --practice-plant | ipgar load | ipgar practice: the planted
    # organisation of truth.json is marked below the limits on contacts per month
    sim = tmp_path / "sim"
    assert main(["simulate", "--out", str(sim), "--no-xlsx", "--quiet",
                 "--practice-plant", "politie=0.25"]) == 0  # fmt: skip
    truth = json.loads((sim / "truth.json").read_text(encoding="utf-8"))
    assert truth["practice_plant"]["org"] == "politie"
    db = tmp_path / "store.duckdb"
    assert main(["load", str(sim / "export.csv"), "--mapping", str(sim / "mapping.toml"),
                 "--db", str(db), "--quiet"]) == 0  # fmt: skip
    capsys.readouterr()
    code, out, _ = run(capsys, "--db", db, "--as-of", "2026-11-01", "--format", "json")
    assert code == 0
    rows = {r["org"]: r for r in json.loads(out)}
    planted = rows[truth["practice_plant"]["org"]]
    assert planted["contacts_per_month_signal"] == "onder"
    assert planted["signal"] == "boven"


def test_bad_plant_is_a_usage_error(capsys, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["simulate", "--out", str(tmp_path), "--practice-plant", "politie=2"])
    assert exc.value.code == 2
    assert "between 0 and 1" in capsys.readouterr().err


def test_xlsx_goes_to_output(db, capsys, tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.chdir(tmp_path)
    book = tmp_path / "werkwijze.xlsx"
    args = ("--db", db, "--as-of", "2025-03-01", "--window", "12", "--threshold", "30")
    code, _out, err = run(capsys, *args, "--format", "xlsx", "--output", book)
    assert code == 0, err
    assert book.exists() and not (tmp_path / "ipgar-output.xlsx").exists()
    cells = list(openpyxl.load_workbook(book).active.iter_rows(values_only=True))
    assert len(cells) == 2  # the header and the one organisation (3 cases)
    assert "'=oov" in cells[1] and 3 in cells[1]


def _store_of(path, managers):
    """Cases A, B, ... in the approach from 01-01, one per case manager of ``oov``."""
    rows = []
    for case, cm in zip("ABCDEF", managers, strict=False):
        rows += [
            ev(case, "instroom", "01-01"),
            ev(case, "regisseur_toegewezen", "01-02", "oov", cm),
        ]
    with store.connect(path, read_only=False) as con:
        store.insert_events(con, pd.DataFrame(rows))
    return path


def test_a_profile_without_rows_says_why(tmp_path, capsys):
    # two case managers in all: the organisation, and the smaller ones together,
    # stay below three, so the table is empty and one stderr line says why
    args = ("--as-of", "2025-03-01", "--window", "12", "--threshold", "30")
    args = (*args, "--clustering", "case")
    two = _store_of(tmp_path / "two.duckdb", ["M1", "M2"])
    code, out, err = run(capsys, "--db", two, *args)
    assert code == 0 and out == "(geen rijen)\n"
    why = (
        "ipgar practice: no organisation has 3 or more case managers in the window, "
        "nor the smaller ones together, so no row is shown"
    )
    assert [line for line in err.splitlines() if line.startswith(why)], err
    code, out, err = run(capsys, "--db", two, *args, "--by", "caseload_band")
    assert code == 0 and out == "(geen rijen)\n"
    assert "every caseload band has fewer than 3 case managers" in err
    # three case managers: a row, and no such line
    three = _store_of(tmp_path / "three.duckdb", ["M1", "M2", "M3"])
    code, out, err = run(capsys, "--db", three, *args)
    assert code == 0 and "no row is shown" not in err and "(geen rijen)" not in out


def test_the_table_shows_one_measure_and_says_which(db, capsys):
    """Every measure side by side is 240 columns: the table shows one at a time."""
    from ipgar_metrics.metrics.practice import MEASURES

    args = ("--db", db, "--as-of", "2025-03-01", "--window", "12", "--threshold", "30")
    args = (*args, "--clustering", "case")
    code, out, err = run(capsys, *args)
    assert code == 0
    said = [line for line in err.splitlines() if "practice: measure" in line]
    assert said == [
        f"ipgar practice: measure contact_gap (the table shows one of the "
        f"{len(MEASURES)} measures at a time, --format csv or xlsx all of them; use "
        "--measure to choose)"
    ]
    assert max(len(line) for line in out.splitlines()) < 250  # a terminal's width
    assert (
        "aandeel boven de drempel" in out and "contacten per actieve maand" not in out
    )
    # another measure, in CSV too: the group column, then only that measure's own
    code, out, err = run(
        capsys, *args, "--measure", "contacts_per_month", "--format", "csv"
    )
    header = next(csv.reader(io.StringIO(out)))
    assert header[:4] == [
        "org", "contacts_per_month", "contacts_per_month_n",
        "contacts_per_month_expected",
    ]  # fmt: skip
    assert all(h == "org" or h.startswith("contacts_per_month") for h in header)
    assert "measure contact_gap" not in err  # chosen, so not said
    # the contact gap's own columns are the profile's first ones, in their order
    from ipgar_metrics.metrics.practice import CONTACT_GAP_COLS

    _, first, _ = run(capsys, *args, "--measure", "contact_gap", "--format", "csv")
    assert next(csv.reader(io.StringIO(first))) == ["org", *CONTACT_GAP_COLS]
    # CSV without --measure keeps every measure
    _, full, _ = run(capsys, *args, "--format", "csv")
    assert len(next(csv.reader(io.StringIO(full)))) > 200
    code, _, err = run(capsys, *args, "--measure", "contact_gaps")
    assert code == 1 and 'no practice measure "contact_gaps"' in err
    assert "Traceback" not in err
