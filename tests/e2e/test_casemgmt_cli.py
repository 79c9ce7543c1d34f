"""`ipgar contact | integrality | flow | caseload` via subprocess on a small store.

Hand-made log (12:00 +01:00, 2025): as_of 2025-03-01 00:00 local.
  A: in 01-03, manager oov; contact 01-05; intervention by wpi 01-06 (not own);
     detained 01-10 .. 01-20.  Days since contact: 01-05 12:00 -> 03-01 00:00 =
     54.5 - 10 = 44.5; since intervention 53.5 - 10 = 43.5.
  B: in 01-03, manager politie; contact 01-04; static from 02-01 (no end).
     Since contact: 55.5 - 27.5 static = 28; listed as static, not over.
  C: in 01-03, manager oov; intervention by oov 01-07 (own); out 02-01.
"""

import csv
import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from ipgar_metrics import cli, store


def ev(case, activity, day, org=None, cm=None, ld=None, outcome=None):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"2025-{day}T12:00:00+01:00",
        "org": org,
        "case_manager": cm,
        "life_domain": ld,
        "outcome": outcome,
    }


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    rows = []
    for case, org in (("A", "oov"), ("B", "politie"), ("C", "oov")):
        rows += [
            ev(case, "melding", "01-01", outcome="MAP"),
            ev(case, "ptor_besluit", "01-02", outcome="opname"),
            ev(case, "instroom", "01-03"),
            ev(case, "regisseur_toegewezen", "01-03", org=org, cm=f"M{case}"),
        ]
    rows += [
        ev("A", "contact", "01-05", org="oov"),
        ev("A", "interventie_start", "01-06", org="wpi", ld="inkomen"),
        ev("A", "detentie_start", "01-10"),
        ev("A", "detentie_eind", "01-20"),
        ev("B", "contact", "01-04", org="politie"),
        ev("B", "statisch_start", "02-01"),
        ev("C", "interventie_start", "01-07", org="oov", ld="wonen"),
        ev("C", "uitstroom", "02-01", outcome="doelen_bereikt"),
    ]
    path = tmp_path_factory.mktemp("cli") / "store.duckdb"
    con = store.connect(path, read_only=False)
    store.insert_events(con, pd.DataFrame(rows))
    con.close()
    return path


def ipgar(*args):
    """Run ``ipgar`` in a fresh interpreter (exit codes and stdout as a user sees them)."""
    return subprocess.run(
        [sys.executable, "-m", "ipgar_metrics.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_contact_csv(db):
    res = ipgar(
        "contact",
        "--db",
        db,
        "--as-of",
        "2025-03-01",
        "--threshold",
        "40",
        "--format",
        "csv",
    )
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == (
        "case_id,org,status,days_since_contact,days_since_intervention,over_threshold"
    )
    rows = {r["case_id"]: r for r in csv.DictReader(io.StringIO(res.stdout))}
    assert sorted(rows) == ["A", "B"]  # C left on 02-01
    assert float(rows["A"]["days_since_contact"]) == pytest.approx(44.5)
    assert float(rows["A"]["days_since_intervention"]) == pytest.approx(43.5)
    assert rows["A"]["status"] == "active"
    assert rows["A"]["over_threshold"] == "True"
    assert rows["B"]["status"] == "static"
    assert float(rows["B"]["days_since_contact"]) == pytest.approx(28.0)
    assert rows["B"]["over_threshold"] == "False"


class Result:
    def __init__(self, returncode, stdout):
        self.returncode, self.stdout, self.stderr = returncode, stdout, ""


@pytest.fixture
def run(capsys):
    """Run ``ipgar`` in this process (faster; same parser and handlers)."""

    def _run(*args):
        code = cli.main([str(a) for a in args])
        return Result(code, capsys.readouterr().out)

    return _run


def test_contact_json_and_threshold(db, run):
    res = run("contact", "--db", db, "--as-of", "2025-03-01", "--format", "json")
    assert res.returncode == 0, res.stderr
    recs = json.loads(res.stdout)
    assert {r["case_id"]: r["over_threshold"] for r in recs} == {"A": False, "B": False}


def test_integrality(db, run):
    res = run("integrality", "--db", db, "--as-of", "2025-03-01", "--format", "csv")
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    # one overall row: 2 interventions, 1 by the own organisation (C's oov).
    assert len(rows) == 1
    assert int(rows[0]["interventions"]) == 2
    assert float(rows[0]["own_org_share"]) == pytest.approx(0.5)
    res = run("integrality", "--db", db, "--by", "domain", "--format", "csv")
    assert res.returncode == 0, res.stderr
    assert {r["domain"] for r in csv.DictReader(io.StringIO(res.stdout))} == {
        "sociaal",
        "veiligheid",
    }


def test_flow_and_caseload(db, run):
    res = run("flow", "--db", db, "--as-of", "2025-03-01", "--format", "csv")
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    # January: 3 in; February: C out, stock 2 (A active, B static).
    assert [(r["month"], r["stock_end"]) for r in rows] == [
        ("2025-01", "3"),
        ("2025-02", "2"),
    ]
    assert (rows[1]["active"], rows[1]["static"]) == ("1", "1")
    res = run("caseload", "--db", db, "--as-of", "2025-03-01", "--format", "csv")
    assert res.returncode == 0, res.stderr
    assert "MA" not in res.stdout  # case-manager pseudonyms never shown
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    # February end: MA 1 (A), MB 1 (B), MC 0 (C left).
    assert (rows[-1]["managers_0"], rows[-1]["managers_1"]) == ("1", "2")


def test_errors(db, tmp_path):
    res = ipgar("contact", "--db", tmp_path / "none.duckdb")
    assert res.returncode == 1
    assert res.stderr.count("\n") == 1
    with pytest.raises(SystemExit) as exc:
        cli.main(["integrality", "--db", str(db), "--by", "regio"])
    assert exc.value.code == 2
