"""A demo-like run leaves a processing log that lists each step and shows tampering."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pytest

from ipgar_metrics.cli._main import main

KEY = "e2e-test-key-0123456789abcdef0123456789abcdef"


@pytest.fixture
def demo_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """simulate -> load -> report on a small export; returns the store."""
    monkeypatch.setenv("IPGAR_KEY", KEY)
    sim, db = tmp_path / "sim", tmp_path / "ipgar.duckdb"
    base = ["--cases", "40", "--seed", "3", "--no-xlsx", "--quiet"]
    assert main(["simulate", *base, "--out", str(sim)]) == 0
    load = ["load", str(sim / "export.csv"), "--mapping", str(sim / "mapping.toml")]
    assert main([*load, "--db", str(db), "--quiet", "--export-date", "2026-11-01"]) == 0
    report = ["report", "--db", str(db), "--month", "2026-10", "--no-pdf"]
    report += ["--audience", "intern"]
    assert main([*report, "--out", str(tmp_path / "reports")]) == 0
    return db


def _log_rows(db: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    capsys.readouterr()
    assert main(["log", "--db", str(db), "--format", "csv"]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_log_lists_each_step_once(
    demo_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _log_rows(demo_run, capsys)
    assert [r["command"] for r in rows] == ["load", "report"]  # not load() again
    assert list(rows[0]) == ["time", "user", "command", "snapshot", "outputs"]
    html = demo_run.parent / "reports" / "ptor-2026-10-intern.html"
    actions = html.with_name("ptor-2026-10-intern.actions.csv")  # the action lists
    assert rows[1]["outputs"] == f"{html} {actions}"
    assert rows[0]["snapshot"] == rows[1]["snapshot"]
    assert rows[0]["snapshot"].startswith("S")
    entries = [
        json.loads(line) for line in _log_file(demo_run).read_text().splitlines()
    ]
    assert (
        entries[1]["outputs"][0]["sha256"]
        == hashlib.sha256(html.read_bytes()).hexdigest()
    )
    assert [e["exit"] for e in entries] == [0, 0]
    capsys.readouterr()
    assert main(["log", "--db", str(demo_run), "--verify"]) == 0
    assert capsys.readouterr().out.strip() == "chain intact (2 entries)"


def test_no_raw_case_number_in_the_log(demo_run: Path) -> None:
    export = (demo_run.parent / "sim" / "export.csv").read_text(encoding="utf-8-sig")
    raw_ids = {
        row["Casusnummer"] for row in csv.DictReader(io.StringIO(export), delimiter=";")
    }
    assert len(raw_ids) > 10
    text = _log_file(demo_run).read_text(encoding="utf-8")
    assert not [raw for raw in raw_ids if raw in text]


def test_verify_detects_an_edited_line(
    demo_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _log_file(demo_run)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace('"exit": 0', '"exit": 1')
    assert lines[0] != path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["log", "--db", str(demo_run), "--verify"]) == 1
    err = capsys.readouterr().err
    assert "line 1" in err and len(err.strip().splitlines()) == 1


def test_verify_detects_a_removed_line(
    demo_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _log_file(demo_run)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(lines[1] + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["log", "--db", str(demo_run), "--verify"]) == 1
    assert "line 1" in capsys.readouterr().err


def test_a_failed_command_is_recorded_with_its_exit_code(
    demo_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "report",
                "--db",
                str(demo_run),
                "--month",
                "2099-01",
                "--audience",
                "intern",
            ]
        )
        == 1
    )
    last = json.loads(_log_file(demo_run).read_text().splitlines()[-1])
    assert (last["command"], last["exit"], last["outputs"]) == ("report", 1, [])
    assert last["options"]["month"] == "2099-01"


def test_library_calls_record_themselves(demo_run: Path) -> None:
    from ipgar_metrics import build_report, load

    sim = demo_run.parent / "sim"
    result = load(
        [sim / "export.csv"],
        mapping=sim / "mapping.toml",
        db=demo_run,
        export_date=date(2026, 11, 1),
        key=KEY.encode(),
    )
    paths = build_report(
        db=demo_run, month="2026-10", out_dir=demo_run.parent / "py", pdf=False
    )
    entries = [
        json.loads(line) for line in _log_file(demo_run).read_text().splitlines()
    ]
    assert [e["command"] for e in entries[2:]] == ["ingest.load", "report.build_report"]
    assert entries[2]["snapshot"] == result.snapshot_id
    assert "key" not in entries[2]["options"]
    # the files it returns, then the intern action lists it writes beside them
    actions = demo_run.parent / "py" / "ptor-2026-10-intern.actions.csv"
    logged = [o["path"] for o in entries[3]["outputs"]]
    assert logged == [*(str(p) for p in paths), str(actions)]
    assert entries[2]["exit"] is None


def test_a_mistyped_store_leaves_no_log(tmp_path: Path) -> None:
    db = tmp_path / "typo.duckdb"
    assert main(["leadtime", "--db", str(db)]) == 1
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_log_fails_the_command_in_one_line(
    demo_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _log_file(demo_run)
    path.unlink()
    path.mkdir()  # the log cannot be opened for writing
    capsys.readouterr()
    assert main(["key", "--db", str(demo_run)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "processing log" in err[0]


def _log_file(db: Path) -> Path:
    return db.with_name(db.name + ".log.jsonl")
