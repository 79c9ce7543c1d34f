"""Every file and folder a load, a report and a notebook-like run create is owner-only.

The process umask is set to the usual 022 first, so a file the toolkit does not
protect itself would be 0644 (readable by every user of the machine). The system
temp folder and the user's cache folder are moved into the test's folder, so what
the toolkit leaves there is checked too. A report written over an older, readable
one becomes owner-only as well.
"""

from __future__ import annotations

import os
import stat
import tempfile
from datetime import date
from pathlib import Path

import pytest

from ipgar_metrics import directly_follows, store
from ipgar_metrics.cli import main
from ipgar_metrics.figures import process_map_svg
from ipgar_metrics.ingest._load import load_into, validate
from ipgar_metrics.report._build import build_report

# the hand-made cases of tests/e2e/test_report_tiny.py
ROWS = [
    ("case-a", "melding", "2026-08-03T10:00:00+02:00", "", "", "", "MAP"),
    ("case-a", "ivgr_advies", "2026-08-10T11:00:00+02:00", "", "", "", "opnemen"),
    ("case-a", "ptor_besluit", "2026-08-13T14:00:00+02:00", "", "", "", "opname"),
    ("case-a", "instroom", "2026-08-17T10:00:00+02:00", "", "", "", ""),
    ("case-a", "regisseur_toegewezen", "2026-08-18T10:00:00+02:00", "oov", "mgr-1", "", ""),
    ("case-a", "contact", "2026-09-01T10:00:00+02:00", "oov", "mgr-1", "", ""),
    ("case-a", "interventie_start", "2026-09-15T10:00:00+02:00", "oov", "mgr-1", "inkomen", ""),
    ("case-b", "melding", "2026-09-01T10:00:00+02:00", "", "", "", "CTER"),
    ("case-b", "ivgr_advies", "2026-09-08T11:00:00+02:00", "", "", "", "opnemen"),
    ("case-b", "ptor_besluit", "2026-09-10T14:00:00+02:00", "", "", "", "opname"),
    ("case-b", "instroom", "2026-10-05T10:00:00+02:00", "", "", "", ""),
    ("case-b", "regisseur_toegewezen", "2026-10-06T10:00:00+02:00", "politie", "mgr-2", "", ""),
    ("case-b", "interventie_start", "2026-10-20T10:00:00+02:00", "buurtteam", "mgr-2", "wonen", ""),
    ("case-c", "melding", "2026-10-01T10:00:00+02:00", "", "", "", "MAP"),
    ("case-c", "ivgr_advies", "2026-10-10T11:00:00+02:00", "", "", "", "meer_informatie"),
    ("case-d", "melding", "2026-10-05T10:00:00+02:00", "", "", "", "MAP"),
    ("case-d", "ivgr_advies", "2026-10-12T11:00:00+02:00", "", "", "", "opnemen"),
    ("case-d", "ptor_besluit", "2026-10-20T14:00:00+02:00", "", "", "", "opname"),
]  # fmt: skip
HEADER = "case_id,activity,timestamp,org,case_manager,life_domain,outcome"


@pytest.fixture
def folders(tmp_path, monkeypatch):
    old = os.umask(0o022)
    try:
        work, cache, tmp = (tmp_path / n for n in ("work", "cache", "tmp"))
        for p in (work, cache, tmp):
            p.mkdir(mode=0o700)
        monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
        monkeypatch.setattr(tempfile, "tempdir", str(tmp))
        inputs = tmp_path / "inputs"
        inputs.mkdir()
        yield inputs, work, cache, tmp
    finally:
        os.umask(old)


def _export(inputs: Path) -> Path:
    lines = [HEADER] + [",".join(r[:7]) for r in ROWS]
    path = inputs / "export.csv"
    # Windows-1252 (an é in a label): read in a stream, no temporary copy
    text = "\r\n".join(lines).replace("buurtteam", "buurtteam_caf\u00e9") + "\r\n"
    path.write_bytes(text.encode("cp1252"))
    return path


def _created(*roots: Path) -> dict[Path, int]:
    """Every file and folder below ``roots`` with its permission bits."""
    found = {}
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            for name in [*dirnames, *filenames]:
                p = Path(dirpath) / name
                found[p] = stat.S_IMODE(p.lstat().st_mode)
    return found


def test_load_report_and_api_run_create_only_owner_only_files(folders):
    inputs, work, cache, tmp = folders
    export = _export(inputs)
    db = work / "store" / "ipgar.duckdb"
    db.parent.mkdir(mode=0o700)
    assert (
        main(["load", str(export), "--db", str(db), "--export-date", "2026-11-01"]) == 0
    )
    reports = work / "reports"
    assert (
        main(
            [
                "report",
                "--db",
                str(db),
                "--month",
                "2026-10",
                "--out",
                str(reports),
                "--audience",
                "intern",
            ]
        )
        == 0
    )
    extern = ["--audience", "extern", "--no-pdf"]  # with its published-cells file
    assert (
        main(
            [
                "report",
                "--db",
                str(db),
                "--month",
                "2026-10",
                "--out",
                str(reports),
                *extern,
            ]
        )
        == 0
    )
    dfg = work / "maps" / "dfg.html"
    assert main(["dfg", "--db", str(db), "--out", str(dfg)]) == 0
    # a notebook-like run through the package: validate (an in-memory store that
    # spills into the cache folder), a load into memory, a report over an older one
    validate(export, export_date=None)
    con = store.memory_store()
    try:
        load_into(con, export)
    finally:
        con.close()
    api_out = work / "api-reports"
    api_out.mkdir(mode=0o755)  # the analyst's own folder: left as it is
    older = api_out / "ptor-2026-10-intern.html"
    older.write_text("an older report", encoding="utf-8")
    older.chmod(0o644)
    [html] = build_report(db=db, month="2026-10", out_dir=api_out, pdf=False)
    assert html == older
    older_map = api_out / "map.svg"
    older_map.write_text("<svg/>", encoding="utf-8")
    older_map.chmod(0o644)
    con = store.connect(db)
    try:
        edges = directly_follows(con, as_of=date(2026, 11, 1))
    finally:
        con.close()
    assert process_map_svg(edges, older_map) == older_map
    assert older_map.read_bytes().startswith((b"<?xml", b"<svg"))

    created = _created(work, cache, tmp)
    names = {p.name for p in created}
    # what each step wrote is there (so the check below covers it)
    assert {"ipgar.duckdb", "ptor-2026-10-intern.html", "dfg.html", "map.svg"} <= names
    assert "ptor-2026-10-extern.cells.json" in names
    assert "ipgar.duckdb.log.jsonl" in names
    assert "ptor-2026-10-intern.actions.csv" in names  # the intern action lists
    exports = [p for p in created if p.suffix == ".csv"]
    assert not [p for p in exports if not p.name.endswith(".actions.csv")]  # no copy
    created.pop(api_out)  # made by the test itself with 0755
    if os.name == "posix":  # mode bits mean access on POSIX only (Windows: ACLs)
        root = work.parent
        readable = {
            str(p.relative_to(root)): oct(m) for p, m in created.items() if m & 0o077
        }
        assert readable == {}
