"""The processing log: hash chain, owner-only file, options without identifying values."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import stat
from datetime import date
from pathlib import Path

import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import StoreError

ZEROS = "0" * 64


def _lines(db: Path) -> list[dict]:
    text = (db.parent / (db.name + ".log.jsonl")).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def _sha(entry: dict) -> str:
    body = dict(entry)
    del body["hash"]
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_entries_are_chained_and_hashed(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    out = tmp_path / "report.html"
    out.write_bytes(b"<html>42</html>")
    store.record_processing(db, "report", {"month": "2026-10"}, [out], snapshot="S1")
    store.record_processing(db, "leadtime", {"format": "csv"}, exit_code=1)
    first, second = _lines(db)
    assert first["prev"] == ZEROS
    assert first["hash"] == _sha(first)
    assert second["prev"] == first["hash"]
    assert second["hash"] == _sha(second)
    assert first["command"] == "report" and first["snapshot"] == "S1"
    assert first["outputs"] == [
        {"path": str(out), "sha256": hashlib.sha256(b"<html>42</html>").hexdigest()}
    ]
    assert second["exit"] == 1 and second["outputs"] == []
    assert first["user"] and first["time"][:4].isdigit()
    assert store.verify_processing_log(db) == 2


def test_log_is_owner_only_beside_the_store(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    store.record_processing(db, "load", {})
    path = tmp_path / "s.duckdb.log.jsonl"
    assert store.log_path(db) == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


#: (option, value given, value recorded); ``level`` has choices in the test below.
OPTION_CASES = [
    ("case_id", "R2024-000474", "<redacted>"),
    ("segment", ["risk=hoog"], ["<redacted>"]),
    ("note", "R2024-1", "<redacted>"),
    ("db", Path("data/ipgar.duckdb"), "data/ipgar.duckdb"),
    ("paths", [Path("a.csv"), Path("b.csv")], ["a.csv", "b.csv"]),
    ("as_of", date(2026, 11, 1), "2026-11-01"),
    ("cases", 600, 600),
    ("no_pdf", True, True),
    ("profile", None, None),
    ("audience", "extern", "extern"),
    ("month", "2026-10", "2026-10"),
    ("level", "episode", "episode"),
    ("kind", "b", "b"),
]


@pytest.mark.parametrize(("name", "given", "recorded"), OPTION_CASES)
def test_options_keep_no_identifying_value(name: str, given, recorded) -> None:
    from ipgar_metrics.store._processing_log import safe_options

    choices = {"level": ("summary", "episode"), "kind": ("a", "b"), "note": ("a",)}
    assert safe_options({name: given}, choices) == {name: recorded}


def _three_entries(tmp_path: Path) -> tuple[Path, list[str]]:
    db = tmp_path / "s.duckdb"
    for command in ("load", "report", "leadtime"):
        store.record_processing(db, command, {})
    return db, store.log_path(db).read_text(encoding="utf-8").splitlines()


def test_verify_names_an_edited_line(tmp_path: Path) -> None:
    db, lines = _three_entries(tmp_path)
    path = store.log_path(db)
    lines[1] = lines[1].replace('"report"', '"paths"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(StoreError, match="broken at line 2"):
        store.verify_processing_log(db)


def test_verify_names_the_line_after_a_removed_one(tmp_path: Path) -> None:
    db, lines = _three_entries(tmp_path)
    path = store.log_path(db)
    del lines[0]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(StoreError, match="broken at line 1"):
        store.verify_processing_log(db)


def test_a_line_that_is_no_entry_is_named(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    store.record_processing(db, "load", {})
    with store.log_path(db).open("a", encoding="utf-8") as fh:
        fh.write("not json\n")
    with pytest.raises(StoreError, match=r"line 2 .*not a log entry"):
        store.verify_processing_log(db)
    with pytest.raises(StoreError, match=r"last line .*not a log entry"):
        store.record_processing(db, "report", {})


def test_no_log_is_an_error_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no processing log .*x\.duckdb\.log\.jsonl"):
        store.verify_processing_log(tmp_path / "x.duckdb")


def test_a_session_collects_instead_of_writing(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with store.processing_session() as session:
        written = store.record_processing(
            db, "ingest.load", {}, [tmp_path / "a"], snapshot="S9"
        )
    assert written is None
    assert not store.log_path(db).exists()
    assert session.snapshot == "S9"
    assert session.outputs == [tmp_path / "a"]


def _append_many(db: str, worker: int) -> None:
    for i in range(15):
        store.record_processing(db, f"w{worker}-{i}", {})


def test_concurrent_writers_keep_one_chain(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_append_many, args=(db, w)) for w in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0
    assert store.verify_processing_log(db) == 60
