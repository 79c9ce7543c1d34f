"""Ordinary mistakes at the command line: the right answer, or one line and the right exit.

The exit-code table (README, "Commands"): 0 success; 2 a usage error, i.e. anything
wrong that can be seen without opening the store or the file (an unknown option, a
malformed date or month, a count below its minimum), with the subcommand's usage;
1 a problem with the input or the store, including a well-formed value the store
does not know (an activity not in the log, a segment value not present), said in one
line. Never a traceback.

Stores:
  ``{db}``   a simulated export (40 cases, seed 3), loaded with export date
             2026-11-01: events from 2016 up to the end of October 2026;
             ``{sources}`` are its report sources (from the simulation's truth).
  ``{gen}``  a generic log (two cases, activities a, b, c in January 2011).
  ``{gap}``  a hand-made iPGA-R store without export date: one case with events in
             January and March 2025 and none in February.
``{tmp}`` is an empty folder, ``{file}`` a file in it, ``{sim}`` the simulated
export's folder.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import flow, schema, store, variants
from ipgar_metrics.cli import main
from ipgar_metrics.errors import ConfigError, UnknownActivityError

KEY = "misuse-test-key-0123456789abcdef0123456789abcdef"
EXPORT_DATE = "2026-11-01"
#: The default-as-of and default-phase lines a command may say before its error.
DEFAULT_LINE = re.compile(r"^ipgar [a-z]+: .* \(.*; use --[a-z-]+ to choose\)$")


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as exc:  # argparse: usage errors
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    root = tmp_path_factory.mktemp("misuse")
    sim, db = root / "sim", root / "ipgar.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IPGAR_KEY", KEY)
        assert main(["simulate", "--cases", "40", "--seed", "3", "--no-xlsx",
                     "--out", str(sim), "--as-of", EXPORT_DATE]) == 0  # fmt: skip
        assert main(["load", str(sim / "export.csv"), "--mapping",
                     str(sim / "mapping.toml"), "--export-date", EXPORT_DATE,
                     "--db", str(db)]) == 0  # fmt: skip
    mapping = (sim / "mapping.toml").read_text(encoding="utf-8")
    bad = root / "bad-mapping.toml"
    bad.write_text(mapping.replace('"Casusnummer"', '"Dossiernummer"'), "utf-8")

    generic = pd.DataFrame(
        {
            "case_id": ["1", "1", "1", "2", "2"],
            "activity": ["a", "b", "c", "a", "c"],
            "timestamp": [f"2011-01-0{d}T10:00:00+01:00" for d in (3, 4, 5, 3, 6)],
        }
    )
    gap = pd.DataFrame(
        [
            ("A", "melding", "2025-01-06", None, None, "MAP"),
            ("A", "ptor_besluit", "2025-01-13", None, None, "opname"),
            ("A", "instroom", "2025-01-20", None, None, None),
            ("A", "regisseur_toegewezen", "2025-01-20", "oov", "M1", None),
            ("A", "contact", "2025-03-05", "oov", None, None),
        ],
        columns=["case_id", "activity", "day", "org", "case_manager", "outcome"],
    )
    gap["timestamp"] = gap.pop("day") + "T10:00:00+01:00"
    paths = {"gen": root / "generic.duckdb", "gap": root / "gap.duckdb"}
    for name, frame, profile in (("gen", generic, "generic"), ("gap", gap, "ipgar")):
        con = store.connect(paths[name], read_only=False)
        store.insert_events(con, frame, profile=profile)
        con.close()
    tmp = root / "empty"
    tmp.mkdir()
    file = tmp / "notes.txt"
    file.write_text("not a folder", encoding="utf-8")
    truth = json.loads((sim / "truth.json").read_text(encoding="utf-8"))
    sources = ", ".join(sorted({c["report_source"] for c in truth["cases"]}))
    return {"db": db, **paths, "sim": sim, "tmp": tmp, "file": file,
            "bad_mapping": bad, "sources": sources}  # fmt: skip


#: (arguments, exit code, fragment of the last stderr line, or of stdout when 0).
MISTAKES: list[tuple[str, int, str]] = [
    # usage errors: seen without opening the store (exit 2, the subcommand's usage)
    ("contact --db {db} --bogus", 2, "unrecognized arguments: --bogus"),
    ("contcat --db {db}", 2, "invalid choice: 'contcat'"),
    ("contact --db {db} --as-of 2026-13-01", 2, "not a date"),
    ("report --audience intern --db {db} --month 2026-13", 2, "not a month in the form YYYY-MM"),
    ("report --audience intern --db {db} --month oktober", 2, "not a month in the form YYYY-MM"),
    ("report --audience intern --db {db} --month 2026-1", 2, "not a month in the form YYYY-MM"),
    ("evaluate --db {db} --change 2025-02-30", 2, "not a date"),
    ("load {sim}/export.csv --db {tmp}/x.duckdb --export-date 2026-02-30", 2,
     "not a date"),
    ("integrality --db {db} --by orgg", 2, "invalid choice: 'orgg'"),
    ("flow --db {db} --format xml", 2, "invalid choice: 'xml'"),
    ("report --audience intern --db {db} --lang de", 2, "invalid choice: 'de'"),
    ("contact --db {db} --threshold -5", 2, "must be 0 or more"),
    ("paths --db {db} --min-count 0", 2, "must be 1 or more"),
    ("dfg --db {db} --out {tmp}/m.html --max-edges x", 2, "not a whole number"),
    ("evaluate --db {db} --change 2025-01-01 --window 0", 2, "must be 1 or more"),
    ("simulate --cases -3 --out {tmp}/sim", 2, "must be 1 or more"),
    ("paths --db {db} --segment report_source", 2, "not NAME=VALUE"),
    ("paths --db {db} --segment repot_source=MAP", 2, "did you mean report_source?"),
    ("paths --db {db} --segment month=2025-01", 2, 'unknown attribute "month"'),
    ("paths --db {db} --start 2025-06-01 --end 2025-01-01", 2,
     "--end 2025-01-01 is before --start 2025-06-01"),
    # the store or the input says no (exit 1, one line)
    ("contact --db {tmp}/none.duckdb", 1, "no event store at"),
    ("contact --db {tmp}", 1, "cannot open database"),
    ("contact --db {sim}/export.csv", 1, "is not a DuckDB event store"),
    ("contact --db {db} --as-of 2010-01-01", 1, "before the first event in the store"),
    ("paths --db {db} --as-of 2010-01-01", 1, "before the first event in the store"),
    ("contact --db {db} --as-of 2026-11-02", 1,
     "after the export date of the store (2026-11-01)"),
    ("rules --db {db} --as-of 2030-01-01", 1, "after the export date of the store"),
    ("leadtime --db {db} --from meldng --to instroom", 1, "did you mean melding?"),
    ("paths --db {db} --segment report_source=MAPP", 1,
     'unknown report_source value "MAPP"; did you mean MAP? choose one of: '
     "{sources}."),
    ("paths --db {db} --segment ideology=rechtz", 1, "did you mean rechts?"),
    ("paths --db {db} --start 2031-01-01", 1, "2031-01-01 is after the as-of"),
    ("evaluate --db {db} --change 2030-01-01", 1, "nothing to compare"),
    ("evaluate --db {db} --change 2025-01-01 --before 2024-01-01 2024-06-30", 1,
     "give both `before` and `after`"),
    ("report --audience intern --db {db} --month 2026-11 --no-pdf --out {tmp}", 1,
     "not complete in the export of 2026-11-01"),
    ("report --audience intern --db {db} --month 2010-01 --no-pdf --out {tmp}", 1,
     "no events before the end of 2010-01"),
    ("report --audience intern --db {gap} --month 2025-02 --no-pdf --out {tmp}", 1,
     "no events in 2025-02; choose a month with events, such as 2025-01"),
    ("report --audience intern --db {db} --no-pdf --out {file}", 1, "is a file, not a folder"),
    ("report --audience intern --db {db} --no-pdf --out {file}/reports", 1,
     "Not a directory ({file}/reports); check the path"),
    ("dfg --db {db} --out {tmp}/map.pdf", 1, ".html, .svg or .png"),
    ("load {tmp}/missing.csv --db {tmp}/x.duckdb", 1, "does not exist"),
    ("load {sim}/export.csv --mapping {bad_mapping} --db {tmp}/x.duckdb", 1,
     "has no column Dossiernummer"),
    # iPGA-R commands on a generic log: one line saying what they need and what else
    ("flow --db {gen}", 1, "need an iPGA-R store (loaded with --profile ipgar)"),
    ("contact --db {gen}", 1, "use paths, dfg or leadtime --from A --to B"),
    ("integrality --db {gen}", 1, "need an iPGA-R store"),
    ("caseload --db {gen}", 1, "need an iPGA-R store"),
    ("evaluate --db {gen} --change 2011-01-04", 1, "need an iPGA-R store"),
    ("leadtime --db {gen}", 1, "need an iPGA-R store"),
    ("report --kind monthly --audience intern --db {gen} --no-pdf --out {tmp}", 1,
     "need an iPGA-R store"),
    ("report --audience intern --db {gen} --no-pdf --out {tmp}", 1,
     "--audience is for the monthly report and the monitor"),
    ("report --kind process --db {db} --no-pdf --out {tmp} --contains Nope", 1,
     'unknown activity "Nope"'),
    ("network --db {gen}", 1, "need an iPGA-R store"),
    # the network approach needs relations, enabled under a DPIA and loaded
    ("network --db {db}", 1, "--enable relations --dpia REFERENCE, then load them"),
    ("conformance --db {gen}", 1, "profile ipgar"),
    ("rules --db {gen}", 1, "profile ipgar"),
    ("paths --db {gen} --phase intake", 1, "use --phase episode"),
    # the right answer: defaults follow the data
    ("report --audience intern --db {gap} --no-pdf --out {tmp}", 0,
     "ptor-2025-01-intern.html"),
    ("report --db {db} --no-pdf --out {tmp}", 2,
     "--audience is required: choose intern"),
    ("paths --db {gen} --min-count 1 --format csv", 0, "a > b > c"),
    ("report --db {gen} --no-pdf --out {tmp}", 0, "procesanalyse-"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "code", "fragment"), MISTAKES)
def test_mistake(stores, capsys, line, code, fragment):
    args = [part.format(**stores) for part in line.split()]
    got, out, err = _run(args, capsys)
    assert "Traceback" not in err
    assert got == code, err
    lines = err.splitlines()
    if code == 0:
        assert fragment in out
        assert all(DEFAULT_LINE.match(said) for said in lines), lines
        return
    prog = "ipgar" if args[0] == "contcat" else f"ipgar {args[0]}"  # top level
    if code == 2:  # the usage of the subcommand that was mistyped, then the error
        assert err.startswith(f"usage: {prog} ")
        assert lines[-1].startswith(f"{prog}: error: ")
    else:  # said defaults, then the one-line error
        assert lines[-1].startswith(f"{prog}: ")
        assert all(DEFAULT_LINE.match(said) for said in lines[:-1]), lines
    assert fragment.format(**stores) in lines[-1]


def test_enough_mistakes():
    assert sum(code != 0 for _, code, _ in MISTAKES) >= 30


def test_default_month_skips_a_month_without_events(stores, capsys):
    """Without an export date the last complete month is before the last event's
    month (March): February has no events, so January, said on stderr."""
    got, _, err = _run(
        [
            "report",
            "--audience",
            "intern",
            "--db",
            str(stores["gap"]),
            "--no-pdf",
            "--out",
            str(stores["tmp"]),
        ],
        capsys,
    )
    assert got == 0, err
    assert err.splitlines() == [
        "ipgar report: month 2025-01 (the last full month of the data; "
        "use --month to choose)",
        "ipgar report: language nl (tables, figures and reports are in Dutch by "
        "default; use --lang to choose)",
    ]


# --- the same checks for every caller of the public functions ----------------------


def test_functions_refuse_an_as_of_after_the_export(stores):
    with store.connect(stores["db"]) as con:
        with pytest.raises(ConfigError, match=r"after the export date .*2026-11-01"):
            flow(con, as_of=date(2026, 11, 2))
        with pytest.raises(ConfigError, match="after the export date"):
            variants(con, as_of=date(2027, 1, 1))
        assert len(flow(con, as_of=date(2026, 11, 1))) > 0  # the export date itself


def test_functions_check_segment_values_in_the_store(stores):
    with (
        store.connect(stores["db"]) as con,
        pytest.raises(ConfigError, match="did you mean MAP"),
    ):
        variants(con, as_of=date(2026, 11, 1), segment={"report_source": "MAPP"})


def test_functions_refuse_a_generic_store(stores):
    with (
        store.connect(stores["gen"]) as con,
        pytest.raises(ConfigError, match="profile ipgar"),
    ):
        flow(con, as_of=date(2011, 2, 1))


def test_unknown_names_suggest_the_close_ones():
    with pytest.raises(UnknownActivityError, match="did you mean melding"):
        schema.check_activity("meldng")
    with pytest.raises(UnknownActivityError, match='"Send Fines"; did you mean Send'):
        schema.check_activity("Send Fines", known=["Create Fine", "Send Fine"])
    with pytest.raises(ConfigError, match="did you mean report_source"):
        schema.check_by("report_sorce")
    many = [f"activity {i:02d}" for i in range(30)]
    with pytest.raises(ConfigError, match=r"activity 19, \.\.\. \(30 in all\)\.$"):
        schema.check_known("x", many, what="activity")
