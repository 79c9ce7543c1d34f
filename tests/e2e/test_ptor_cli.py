"""`ipgar ptor static | escalations | rereports | exits` on a small store.

One run in a fresh interpreter (what a user sees); the others in this process.

Hand-made log (12:00 +01:00, 2025), as of 2025-09-01:
  A: in 01-03; ITAT-R 01-06, PTO-R statisch 01-09 (3 days), static from 01-13, never
     reviewed: the decision is more than 6 months back (cut-off 03-01), not more
     than 9 (cut-off 2024-12-01).
  C: in 01-03; exit 02-03 doelen_bereikt; new report 03-03: re-reported within 12
     months, but the window (to 2026-02-03) is not complete: censored in the summary.
"""

import csv
import io
import json
import subprocess
import sys
from dataclasses import dataclass

import pandas as pd
import pytest

from ipgar_metrics import cli, store


def ev(case, activity, day, outcome=None, org=None):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"2025-{day}T12:00:00+01:00",
        "org": org,
        "outcome": outcome,
    }


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    rows = []
    for case in "AC":
        rows += [
            ev(case, "melding", "01-01", "MAP"),
            ev(case, "ptor_besluit", "01-02", "opname"),
            ev(case, "instroom", "01-03"),
            ev(case, "regisseur_toegewezen", "01-03", org="oov"),
        ]
    rows += [
        ev("A", "itatr_agendering", "01-06"),
        ev("A", "ptor_besluit", "01-09", "statisch"),
        ev("A", "statisch_start", "01-13"),
        ev("C", "uitstroom", "02-03", "doelen_bereikt"),
        ev("C", "melding", "03-03", "MAP"),
    ]
    path = tmp_path_factory.mktemp("ptor_cli") / "store.duckdb"
    con = store.connect(path, read_only=False)
    store.insert_events(con, pd.DataFrame(rows))
    con.close()
    return path


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str = ""


@pytest.fixture
def ipgar(capsys):
    def run(*args):
        code = cli.main(["ptor", *map(str, args)])
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return run


def subprocess_ipgar(*args):
    """Run ``ipgar ptor`` in a fresh interpreter (exit codes and stdout as a user sees)."""
    return subprocess.run(
        [sys.executable, "-m", "ipgar_metrics.cli", "ptor", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def rows(res):
    assert res.returncode == 0, res.stderr
    return list(csv.DictReader(io.StringIO(res.stdout)))


def test_static_and_review_months(db, ipgar):
    got = rows(
        subprocess_ipgar(
            "static", "--db", db, "--as-of", "2025-09-01", "--format", "csv"
        )
    )
    assert [(r["case_id"], r["reviews"], r["without_review"]) for r in got] == [
        ("A", "0", "True")
    ]
    got = rows(
        ipgar(
            "static", "--db", db, "--as-of", "2025-09-01", "--review-months", "9",
            "--format", "csv",
        )
    )  # fmt: skip
    assert got[0]["without_review"] == "False"


def test_escalations_rereports_exits(db, ipgar):
    esc = rows(
        ipgar("escalations", "--db", db, "--as-of", "2025-09-01", "--format", "csv")
    )
    assert [(r["case_id"], float(r["days"]), r["decision"]) for r in esc] == [
        ("A", 3.0, "statisch")
    ]
    res = ipgar(
        "rereports",
        "--summary",
        "--db",
        db,
        "--as-of",
        "2025-09-01",
        "--format",
        "json",
    )
    assert res.returncode == 0, res.stderr
    summary = {r["horizon_months"]: r for r in json.loads(res.stdout)}
    assert summary[12]["followed"] == 1
    assert summary[12]["complete"] == 0
    assert summary[12]["censored"] == 1
    assert summary[12]["rereported"] == 0
    ex = rows(ipgar("exits", "--db", db, "--as-of", "2025-09-01", "--format", "csv"))
    assert [(r["year"], r["exit_reason"], r["n"]) for r in ex] == [
        ("2025", "doelen_bereikt", "1")
    ]


def test_usage_errors_exit_2(db):
    for args in (
        ("rereports", "--after", "intake"),
        ("static", "--review-months", "0"),
    ):
        with pytest.raises(SystemExit) as exc:
            cli.main(["ptor", *args, "--db", str(db)])
        assert exc.value.code == 2


def test_xlsx_goes_to_output_and_filters_keep_cases(db, ipgar, tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.chdir(tmp_path)
    book = tmp_path / "exits.xlsx"
    res = ipgar(
        "exits", "--db", db, "--as-of", "2025-09-01", "--format", "xlsx",
        "--output", book,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert book.exists() and not (tmp_path / "ipgar-output.xlsx").exists()
    cells = list(openpyxl.load_workbook(book).active.iter_rows(values_only=True))
    assert len(cells) == 2 and 2025 in cells[1]  # header and C's exit in 2025
    # a filter that keeps only A (never exited) leaves no exit; C's exit is gone
    res = ipgar(
        "exits", "--db", db, "--as-of", "2025-09-01", "--format", "csv",
        "--not-contains", "uitstroom",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "1 of 2 cases" in res.stderr, res.stderr
    assert list(csv.DictReader(io.StringIO(res.stdout))) == []
