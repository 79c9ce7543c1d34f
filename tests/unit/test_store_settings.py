"""The store's settings: ``ipgar config``, the DPIA gate of relations, retention at load.

The retention tests use the hand-made export of ``test_purge.py`` (export date
1 November 2026) and its oracle ``expected_purged``, which works on the rows as
written, not on the store.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from test_purge import CASES, ROWS, expected_purged, write_export

from ipgar_metrics import governance, privacy, store
from ipgar_metrics.cli._main import main
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.ingest._load import load

EXPORT_DATE = date(2026, 11, 1)
REFUSAL = (
    "the store processes relations only with a DPIA reference: "
    "ipgar config --db DB --enable relations --dpia REFERENCE"
)


def new_store(folder: Path, cases=None) -> Path:
    """A store loaded with the session's key (IPGAR_KEY), as the CLI would load it."""
    db = folder / "s.duckdb"
    export = write_export(folder / "first.csv", cases)
    load([export], db=db, export_date=EXPORT_DATE, profile="ipgar")
    return db


def log_entries(db: Path) -> list[dict]:
    text = store.log_path(db).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def settings_rows(db: Path) -> dict[str, str]:
    with store.connect(db) as con:
        return dict(con.execute("SELECT key, value FROM settings").fetchall())


def test_config_lists_the_settings_and_sets_retention(tmp_path, capsys):
    db = new_store(tmp_path, ["A-001"])
    assert main(["config", "--db", str(db)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "retention_years: (not set)",
        "relations: (not set)",
        "relations_dpia: (not set)",
        "report_archive: (not set)",
    ]
    assert main(["config", "--db", str(db), "--retention-years", "7"]) == 0
    assert "retention_years: 7" in capsys.readouterr().out.splitlines()
    assert settings_rows(db) == {"retention_years": "7"}
    last = log_entries(db)[-1]
    assert last["command"] == "config" and last["options"]["retention_years"] == 7
    with store.connect(db) as con:
        assert governance.retention_years(con) == 7


def test_enabling_relations_needs_a_dpia_reference_and_is_logged(tmp_path, capsys):
    db = new_store(tmp_path, ["A-001"])
    with pytest.raises(SystemExit) as stop:
        main(["config", "--db", str(db), "--enable", "relations"])
    assert stop.value.code == 2
    assert "--enable relations needs --dpia REFERENCE" in capsys.readouterr().err
    assert settings_rows(db) == {}
    ref = "DPIA-2026-014 v2"
    code = main(["config", "--db", str(db), "--enable", "relations", "--dpia", ref])
    assert code == 0
    assert settings_rows(db) == {"relations": "enabled", "relations_dpia": ref}
    last = log_entries(db)[-1]
    assert last["options"]["dpia"] == ref and last["options"]["enable"] == "relations"
    assert main(["config", "--db", str(db), "--disable", "relations"]) == 0
    assert settings_rows(db) == {"relations": "disabled"}
    assert log_entries(db)[-1]["options"]["disable"] == "relations"


def test_the_dpia_gate_refuses_until_enabled_with_a_reference(tmp_path):
    db = new_store(tmp_path, ["A-001"])
    with store.connect(db) as con, pytest.raises(ConfigError) as refused:
        governance.require_relations_enabled(con)
    assert str(refused.value) == REFUSAL
    governance.enable_relations(db, "DPIA-1")
    with store.connect(db) as con:
        governance.require_relations_enabled(con)  # no error
    governance.disable_relations(db)
    with store.connect(db) as con, pytest.raises(ConfigError):
        governance.require_relations_enabled(con)
    with pytest.raises(ConfigError, match="reference of the approved DPIA"):
        governance.enable_relations(db, "  ")
    # outside a CLI command the library writes its own entry, reference included
    assert [e["options"] for e in log_entries(db)[1:]] == [  # after the load
        {"dpia": "DPIA-1", "enable": "relations"},
        {"disable": "relations"},
    ]


def test_load_relations_is_refused_until_enabled(tmp_path, capsys):
    db = new_store(tmp_path, ["A-001", "A-002"])
    rel = tmp_path / "relations.csv"
    rel.write_text(
        "case_id_a,case_id_b,relation,start,end\nA-001,A-002,familie,2022-01-01,\n"
    )
    assert main(["load", "--relations", str(rel), "--db", str(db)]) == 1
    assert capsys.readouterr().err.strip() == f"ipgar load: {REFUSAL}"
    with store.connect(db) as con:
        assert con.execute("SELECT count(*) FROM relations").fetchall()[0][0] == 0


def test_retention_is_applied_at_each_load(tmp_path, capsys):
    first = ["A-001", "A-003"]
    db = new_store(tmp_path, first)
    governance.set_retention(db, 1)
    export = write_export(tmp_path / "full.csv")
    code = main(
        ["load", str(export), "--db", str(db), "--export-date", "2026-11-01",
         "--profile", "ipgar", "--quiet"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    cut = date(2025, 11, 1)  # the export date minus one year
    gone = expected_purged(cut)
    assert gone and set(CASES) - gone  # some purged, some kept
    events = len([r for r in ROWS if r[0] in gone and r[1] != "contcat"])
    s = "" if len(gone) == 1 else "s"
    lines = [line for line in out.splitlines() if line.startswith("retention")]
    assert len(lines) == 1
    assert lines[0].startswith(
        f"retention (1 year): removed {len(gone)} person{s} whose last episode ended "
        f"before 2025-11-01: {events} events"
    )
    with store.connect(db) as con:
        kept = {r[0] for r in con.execute("SELECT case_id FROM cases").fetchall()}
        loads, purges = con.execute(
            "SELECT (SELECT count(*) FROM loads), (SELECT count(*) FROM purges)"
        ).fetchall()[0]
    key = privacy.load_key()
    assert kept == {privacy.pseudonym(c, key) for c in CASES if c not in gone}
    assert (loads, purges) == (2, 1)  # the load and the purge, each its own record
    # the file was rewritten: no byte of a purged person's pseudonym is left
    data = db.read_bytes()
    assert [c for c in gone if privacy.pseudonym(c, key).encode() in data] == []


def test_without_a_retention_period_a_load_purges_nobody(tmp_path, capsys):
    db = new_store(tmp_path, ["A-001"])
    export = write_export(tmp_path / "full.csv")
    assert main(["load", str(export), "--db", str(db), "--quiet"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line for line in out if line.startswith("retention")] == []
    with store.connect(db) as con:
        assert con.execute("SELECT count(*) FROM purges").fetchall()[0][0] == 0


def test_a_retention_that_purges_nobody_says_so(tmp_path, capsys):
    db = new_store(tmp_path, ["A-003"])  # an open episode: never purged
    governance.set_retention(db, 1)
    export = write_export(tmp_path / "again.csv", ["A-003"])
    code = main(
        ["load", str(export), "--db", str(db), "--export-date", "2026-11-01", "--quiet"]
    )
    assert code == 0
    assert (
        "retention (1 year): nobody whose last episode ended before 2025-11-01; "
        "nothing removed"
    ) in capsys.readouterr().out.splitlines()


def test_retention_removes_old_intern_reports_from_the_archive(tmp_path, capsys):
    db = new_store(tmp_path, ["A-003"])
    archive = tmp_path / "reports"
    (archive / "2024").mkdir(parents=True)
    names = {
        # months that ended before the cut-off of 2025-11-01: intern ones go
        "ptor-2025-09.html": False,
        "ptor-2025-09.pdf": False,
        "2024/ptor-2024-03-en.html": False,
        "ptor-2025-10.html": False,  # ended 31 October, before 1 November
        # the names with the audience in them, and the intern action list
        "ptor-2025-09-intern.html": False,
        "ptor-2025-09-intern-en.pdf": False,
        "ptor-2025-10-intern.actions.csv": False,
        # kept: extern reports and cells files, months not ended before the cut-off
        "ptor-2025-09-extern.html": True,
        "ptor-2025-09-extern.cells.json": True,
        "ptor-2025-11.html": True,
        "ptor-2025-09-extern-en.html": True,
        "ptor-2025-11-intern.html": True,
        "notes.txt": True,
    }
    for name in names:
        (archive / name).write_text("x", encoding="utf-8")
    assert main(["config", "--db", str(db), "--report-archive", str(archive)]) == 0
    assert settings_rows(db)["report_archive"] == str(archive.resolve())
    governance.set_retention(db, 1)
    capsys.readouterr()
    export = write_export(tmp_path / "again.csv", ["A-003"])
    code = main(
        ["load", str(export), "--db", str(db), "--export-date", "2026-11-01", "--quiet"]
    )
    assert code == 0
    assert (
        "retention (1 year): removed 7 intern report files of months before "
        f"2025-11-01 from {archive.resolve()}"
    ) in capsys.readouterr().out.splitlines()
    for name, kept in names.items():
        assert (archive / name).exists() == kept, name


def test_the_report_archive_must_be_a_folder(tmp_path):
    db = new_store(tmp_path, ["A-003"])
    with pytest.raises(ConfigError, match="not a folder"):
        governance.set_report_archive(db, tmp_path / "missing")
