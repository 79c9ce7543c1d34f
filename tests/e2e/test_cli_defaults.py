"""The defaults the CLI chooses are said on stderr in one line, and change nothing.

Without ``--as-of`` every metric command takes the store's last event as the
reference time and says so in one stderr line; given that time explicitly, it
prints the same output. The phase of ``paths`` and the month of ``report`` are
said the same way. The store is the hand-made one of ``test_casemgmt_cli``: three
cases in the approach (2025, 12:00 +01:00), the last events on 02-01.
"""

import json
import re

import pytest

from ipgar_metrics.cli import main
from tests.e2e import test_casemgmt_cli

LAST = "2025-02-01T12:00:00+01:00"
db = test_casemgmt_cli.db  # its hand-made store, as a fixture of this module too
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
    "practice": [
        "--window",
        "12",
        "--threshold",
        "90",
        "--clustering",
        "case",
        "--format",
        "csv",
    ],
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


#: Notes a command adds about what the store lacks (not defaults it chose).
NOTES = ("no registration dates", "no contact outcomes", "no life-domain assessment")


def run(capsys, *args):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    lines = captured.err.splitlines()
    return captured.out, [line for line in lines if not any(n in line for n in NOTES)]


@pytest.mark.parametrize("command", COMMANDS)
def test_default_as_of_said_once_and_same_numbers(db, capsys, command):
    extra = COMMANDS[command]
    out, err = run(capsys, command, "--db", db, *extra)
    # the language is said where it shows (a table; evaluate's sentences)
    err = [line for line in err if not line.startswith(f"ipgar {command}: language")]
    assert len(err) == 1, err
    said = AS_OF_LINE.match(err[0])
    assert said, err[0]
    assert said["command"] == command
    assert said["as_of"] == LAST
    explicit, _ = run(capsys, command, "--db", db, "--as-of", said["as_of"], *extra)
    assert out == explicit


def test_explicit_as_of_is_not_announced(db, capsys):
    _, err = run(capsys, "contact", "--db", db, "--as-of", "2025-01-10", "--lang", "nl")
    assert err == []


def test_default_phase_said_in_one_line(db, capsys):
    args = ("paths", "--db", db, "--as-of", LAST, "--min-count", "1")
    out, err = run(capsys, *args, "--format", "csv")
    assert err == ["ipgar paths: phase intake (an iPGA-R store; use --phase to choose)"]
    explicit, _ = run(capsys, *args, "--phase", "intake", "--format", "csv")
    assert out == explicit


def test_default_month_said_in_one_line(db, capsys, tmp_path):
    out, err = run(
        capsys,
        "report",
        "--db",
        db,
        "--out",
        tmp_path,
        "--no-pdf",
        "--audience",
        "intern",
    )
    assert err == [
        "ipgar report: month 2025-01 (the last full month of the data; "
        "use --month to choose)",
        "ipgar report: language nl (tables, figures and reports are in Dutch by "
        "default; use --lang to choose)",
    ]
    assert out.split() == [str(tmp_path / "ptor-2025-01-intern.html")]


def test_mistyped_option_prints_the_subcommand_usage(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["contact", "--bogus"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: ipgar contact ")
    assert "unrecognized arguments: --bogus" in err


def test_practice_defaults_each_said_in_one_line(db, capsys):
    out, err = run(capsys, "practice", "--db", db, "--as-of", LAST, "--format", "csv")
    assert err == [
        "ipgar practice: window 12 months (the default; use --window to choose)",
        "ipgar practice: threshold 90 days (the default; use --threshold to choose)",
        "ipgar practice: limits of event shares and rates with the case as unit "
        "(quasi-binomial/quasi-Poisson design effect) (the default; use "
        "--clustering none to choose)",
    ]
    explicit, _ = run(
        capsys, "practice", "--db", db, "--as-of", LAST, "--window", "12",
        "--threshold", "90", "--clustering", "case", "--format", "csv",
    )  # fmt: skip
    assert out == explicit
    assert out.startswith(
        "org,cases,over_threshold,share_over_threshold,expected_share,lower_95,"
        "upper_95,lower_998,upper_998,signal,"
    )


#: Commands whose ``--format table`` is read by a person: (options, languages).
#: ``evaluate`` has ``--lang``; the others print Dutch headers.
TABLES = {
    "contact": (["--as-of", "2025-03-01", "--threshold", "40"], ["nl"]),
    "caseload": (["--as-of", "2025-03-01"], ["nl"]),
    "leadtime": (["--as-of", "2025-03-01"], ["nl"]),
    "evaluate": (COMMANDS["evaluate"][:-2], ["nl", "en"]),
}


def _header_rest(line: str, headers: list[str]) -> str:
    """``line`` with each header cut out in order (what is left must be blanks)."""
    rest = line
    for header in headers:
        at = rest.find(header)
        assert at >= 0, f"header {header!r} not in order in {line!r}"
        assert not rest[:at].strip(), f"{rest[:at]!r} before {header!r}"
        rest = rest[at + len(header) :]
    return rest


@pytest.mark.parametrize("command", TABLES)
def test_the_table_has_readers_headers_and_csv_json_keep_the_codes(db, capsys, command):
    from ipgar_metrics import labels

    options, langs = TABLES[command]
    base = [command, "--db", db, *options]
    csv_out, _ = run(capsys, *base, "--format", "csv")
    codes = csv_out.splitlines()[0].split(",")
    assert all(re.fullmatch(r"[a-z0-9_]+", c) for c in codes), codes
    records, _ = run(capsys, *base, "--format", "json")
    doc = json.loads(records)
    keys = list((doc["comparison"] if command == "evaluate" else doc)[0])
    assert set(codes) <= set(keys)
    assert all(re.fullmatch(r"[a-z0-9_]+", k) for k in keys), keys
    for lang in langs:
        table, _ = run(
            capsys, *base, "--format", "table", *(["--lang", lang] * (lang == "en"))
        )
        headers = [labels.column_label(c, lang) for c in codes]
        assert _header_rest(table.splitlines()[0], headers).strip() == ""
        coded = [c for c, h in zip(codes, headers, strict=True) if c != h and "_" in c]
        assert coded, "no code with a label to check"
        assert not any(c in table.splitlines()[0] for c in coded)
    if command == "evaluate":  # a word of each language, to be sure --lang reached it
        nl, _ = run(capsys, *base, "--format", "table")
        en, _ = run(capsys, *base, "--format", "table", "--lang", "en")
        assert "p-waarde" in nl.splitlines()[0] and "p-value" in en.splitlines()[0]


def test_an_empty_table_says_so_in_one_line(db, capsys):
    import argparse

    import pandas as pd

    from ipgar_metrics.cli._common import print_frame

    # nobody is in the approach before 01-03: no case to list
    args = ["contact", "--db", db, "--as-of", "2025-01-02"]
    out, _ = run(capsys, *args)
    assert out == "(geen rijen)\n"
    csv_out, _ = run(capsys, *args, "--format", "csv")
    assert csv_out.startswith("case_id,org,status,") and len(csv_out.splitlines()) == 1
    json_out, _ = run(capsys, *args, "--format", "json")
    assert json.loads(json_out) == []
    empty = pd.DataFrame({"case_id": [], "days_since_contact": []})
    print_frame(empty, "table", args=argparse.Namespace(lang="en"))
    assert capsys.readouterr().out == "(no rows)\n"


def test_a_missing_value_is_an_empty_cell_in_the_table(capsys):
    import argparse

    import numpy as np
    import pandas as pd

    from ipgar_metrics.cli._common import print_frame

    frame = pd.DataFrame(
        {
            "decision": ["statisch", None],
            "days": [15.5, np.nan],
            "n": pd.array([3, None], dtype="Int64"),
            "decided_at": [pd.Timestamp("2025-06-12"), pd.NaT],
            "right": pd.array([True, None], dtype="boolean"),
        }
    )
    print_frame(frame, "table", args=argparse.Namespace(lang="nl"))
    _header, first, second = capsys.readouterr().out.splitlines()
    for word in ("None", "NaN", "<NA>", "NaT"):
        assert word not in second, second
    assert first.split() == ["statisch", "15.50", "3", "2025-06-12", "ja"]
    assert second.strip() == ""  # every cell of the second row is missing
    print_frame(frame, "csv")  # CSV keeps the empty fields as they were
    assert capsys.readouterr().out.splitlines()[2] == ",,,,"


def test_a_table_prints_floats_with_two_decimals_or_two_significant_digits(capsys):
    import argparse

    import pandas as pd

    from ipgar_metrics.cli._common import print_frame

    frame = pd.DataFrame(
        {
            "days": [15.080556, 2.0],
            "p": [0.000412, 0.2],
            "zero": [0.0, 0.0],
            "r": [-0.05, float("inf")],  # the smallest size counts, not inf
            "gap": [float("nan"), 0.013],  # a missing value does not count
        }
    )
    print_frame(frame, "table", args=argparse.Namespace(lang="en"))
    _header, first, second = capsys.readouterr().out.splitlines()
    # days to the hundredth; the p-value's 0.00041 keeps two significant digits
    assert first.split() == ["15.08", "0.00041", "0.00", "-0.050"]
    assert second.split() == ["2.00", "0.20000", "0.00", "inf", "0.013"]
    print_frame(frame, "csv")  # CSV keeps every digit
    assert capsys.readouterr().out.splitlines()[1] == "15.080556,0.000412,0.0,-0.05,"


def test_default_language_said_once_where_it_shows(db, capsys):
    line = (
        "ipgar contact: language nl (tables, figures and reports are in Dutch by "
        "default; use --lang to choose)"
    )
    args = ("contact", "--db", db, "--as-of", "2025-01-10")
    table, err = run(capsys, *args)
    assert err == [line]  # once, although the table names its headers and cells
    dutch, err = run(capsys, *args, "--lang", "nl")
    assert err == [] and dutch == table
    _, err = run(capsys, *args, "--format", "csv")  # CSV has codes: no language
    assert err == []
    english, err = run(capsys, *args, "--lang", "en")
    assert err == [] and english != table
