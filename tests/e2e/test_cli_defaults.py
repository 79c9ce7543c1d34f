"""The defaults the CLI chooses are said on stderr in one line, and change nothing.

Without ``--as-of`` every metric command takes the store's last event as the
reference time and says so in one stderr line; given that time explicitly, it
prints the same output. The phase of ``paths`` and the month of ``report`` are
said the same way. Hand-made store: three cases in the approach (2025, 12:00
+01:00), the last event on 02-01.
"""

import re

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.cli import main

LAST = "2025-02-01T12:00:00+01:00"
AS_OF_LINE = re.compile(
    r"^ipgar (?P<command>[a-z]+): as of (?P<as_of>\S+) "
    r"\(the last event in the store; use --as-of to choose\)$"
)

#: Each metric command with the options that keep its stderr to the as-of line.
COMMANDS = {
    "contact": ["--format", "csv"],
    "integrality": ["--format", "csv"],
    "flow": ["--format", "csv"],
    "caseload": ["--format", "csv"],
    "leadtime": ["--format", "csv"],
    "paths": ["--phase", "episode", "--min-count", "1", "--format", "csv"],
    "conformance": ["--no-alignments", "--format", "csv"],
    "rules": ["--level", "summary", "--format", "csv"],
    "evaluate": [
        "--change",
        "2025-01-15",
        "--window",
        "1",
        "--its-window",
        "1",
        "--n-boot",
        "100",
        "--metric",
        "integrality",
        "--format",
        "json",
    ],
}


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
        ev("B", "contact", "01-20", org="politie"),
        ev("C", "interventie_start", "01-21", org="oov", ld="wonen"),
        ev("C", "uitstroom", "02-01", outcome="doelen_bereikt"),
    ]
    path = tmp_path_factory.mktemp("defaults") / "store.duckdb"
    con = store.connect(path, read_only=False)
    store.insert_events(con, pd.DataFrame(rows))
    con.close()
    return path


def run(capsys, *args):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out, captured.err.splitlines()


@pytest.mark.parametrize("command", COMMANDS)
def test_default_as_of_said_once_and_same_numbers(db, capsys, command):
    extra = COMMANDS[command]
    out, err = run(capsys, command, "--db", db, *extra)
    assert len(err) == 1, err
    said = AS_OF_LINE.match(err[0])
    assert said, err[0]
    assert said["command"] == command
    assert said["as_of"] == LAST
    explicit, _ = run(capsys, command, "--db", db, "--as-of", said["as_of"], *extra)
    assert out == explicit


def test_explicit_as_of_is_not_announced(db, capsys):
    _, err = run(capsys, "contact", "--db", db, "--as-of", "2025-01-10")
    assert err == []


def test_default_phase_said_in_one_line(db, capsys):
    args = ("paths", "--db", db, "--as-of", LAST, "--min-count", "1")
    out, err = run(capsys, *args, "--format", "csv")
    assert err == ["ipgar paths: phase intake (an iPGA-R store; use --phase to choose)"]
    explicit, _ = run(capsys, *args, "--phase", "intake", "--format", "csv")
    assert out == explicit


def test_default_month_said_in_one_line(db, capsys, tmp_path):
    out, err = run(capsys, "report", "--db", db, "--out", tmp_path, "--no-pdf")
    assert err == [
        "ipgar report: month 2025-01 (the last full month of the data; "
        "use --month to choose)"
    ]
    assert out.split() == [str(tmp_path / "ptor-2025-01.html")]


def test_mistyped_option_prints_the_subcommand_usage(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["contact", "--bogus"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: ipgar contact ")
    assert "unrecognized arguments: --bogus" in err
