"""``ipgar load`` / ``ipgar validate`` as a user runs them, and a load killed mid-way."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests import dutch_export

KEY = "e2e-test-key-0123456789abcdef-0123"
NAMES = ("Casusnummer", "Activiteit", "Datum", "Organisatie")
MAPPING = dutch_export.mapping(
    *NAMES, values={"activity": dutch_export.ACTIVITY_LABELS}, timezone=None
)
ROWS = [
    "ZX-1;Melding ontvangen;02-01-2024 09:00;",
    "ZX-1;Contact;05-01-2024 09:00;politie",
    "ZX-1;Contact;05-01-2024 09:00;politie",
    "ZX-1;Contcat;06-01-2024 09:00;politie",
    "ZX-2;Melding ontvangen;;",
]


def ipgar(
    *args: str, env_extra: dict[str, str] | None = None, **kw
) -> subprocess.CompletedProcess:
    env = {**os.environ, "IPGAR_KEY": KEY, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "ipgar_metrics.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        **kw,
    )


@pytest.fixture
def export(tmp_path: Path) -> tuple[Path, Path]:
    dutch_export.write_export(tmp_path / "export.csv", NAMES, ROWS, bom=True)
    (tmp_path / "mapping.toml").write_text(MAPPING, encoding="utf-8")
    return tmp_path / "export.csv", tmp_path / "mapping.toml"


def test_load_prints_the_account(export, tmp_path):
    csv, mapping = export
    db = tmp_path / "s.duckdb"
    args = [
        "load",
        str(csv),
        "--mapping",
        str(mapping),
        "--db",
        str(db),
        "--export-date",
        "2026-11-01",
    ]
    out = ipgar(*args)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    # 5 rows: row 3 copies row 2; row 4 misspells Contact; row 5 has no date.
    assert (
        lines[0]
        == "read 5 = loaded 2 (new 2, already in store 0) + rejected 2 + duplicates 1"
    )
    assert "  missing_timestamp: 1" in lines and "  unknown_activity: 1" in lines
    again = ipgar(*args)
    assert (
        again.stdout.splitlines()[0]
        == "read 5 = loaded 2 (new 0, already in store 2) + rejected 2 + duplicates 1"
    )
    for raw in ("ZX-1", "ZX-2"):
        assert raw not in out.stdout + out.stderr + again.stdout
        assert raw.encode() not in db.read_bytes()


def test_validate_exits_1_on_errors_and_0_when_clean(export, tmp_path):
    csv, mapping = export
    bad = ipgar(
        "validate", str(csv), "--mapping", str(mapping), "--export-date", "2026-11-01"
    )
    assert bad.returncode == 1
    # the table in the reader's words: the check's name, the masked shape
    assert "Mogelijke tikfout" in bad.stdout
    assert (
        'onbekend label van de vorm Aaaaaaa, bedoeld is waarschijnlijk "Contact"'
        in bad.stdout
    )
    assert "Contcat" not in bad.stdout + bad.stderr
    assert "ZX-1" not in bad.stdout
    clean = tmp_path / "clean.csv"
    dutch_export.write_export(clean, NAMES, ROWS[:2])
    good = ipgar(
        "validate", str(clean), "--mapping", str(mapping), "--export-date", "2026-11-01"
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert not list(tmp_path.glob("*.duckdb"))


@pytest.mark.parametrize(
    "args",
    [
        ["load", "does-not-exist.csv"],
        ["load", "{csv}", "--mapping", "does-not-exist.toml"],
        ["validate", "{garbage}"],
    ],
)
def test_user_errors_are_one_line_exit_1(export, tmp_path, args):
    csv, _ = export
    garbage = tmp_path / "g.csv"
    garbage.write_bytes(b"\x00\x01\x02binary")
    args = [a.format(csv=csv, garbage=garbage) for a in args]
    out = (
        ipgar(*args, "--db", str(tmp_path / "s.duckdb"))
        if args[0] == "load"
        else ipgar(*args)
    )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def _big_export(path: Path, n: int) -> None:
    con = duckdb.connect()
    con.execute(
        f"""COPY (SELECT 'C' || (i // 20) AS case_id,
        (['melding','info_aanvraag','info_ontvangen','ivgr_advies','contact'])[1 + (i % 5)] AS activity,
        strftime(TIMESTAMP '2018-01-01' + to_minutes(i), '%Y-%m-%dT%H:%M:%S') || '+01:00' AS timestamp
        FROM range({n}) t(i)) TO '{path}' (HEADER, DELIMITER ',')"""
    )
    con.close()


def _state(db: Path) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return (
            con.execute("SELECT count(*) FROM events").fetchall(),
            con.execute(
                "SELECT load_id, snapshot_id FROM loads ORDER BY load_id"
            ).fetchall(),
            con.execute("SELECT count(*) FROM rejected_events").fetchall(),
        )
    finally:
        con.close()


@pytest.mark.slow
def test_sigkill_mid_load_leaves_previous_state(tmp_path):
    small, big = tmp_path / "small.csv", tmp_path / "big.csv"
    _big_export(small, 100)
    _big_export(big, 300_000)
    db = tmp_path / "s.duckdb"
    assert (
        ipgar("load", str(small), "--db", str(db), "--profile", "generic").returncode
        == 0
    )
    before = _state(db)
    # 1) killed inside the transaction, after every write, just before COMMIT
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ipgar_metrics.cli",
            "load",
            str(big),
            "--db",
            str(db),
            "--profile",
            "generic",
        ],
        env={**os.environ, "IPGAR_KEY": KEY, "IPGAR_LOAD_PAUSE": "60"},
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    line = proc.stderr.readline()
    assert "paused before commit" in line
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _state(db) == before
    # 2) killed at arbitrary moments of a whole load (fractions of its duration):
    #    the store is either exactly as before or holds the complete load, never a part
    scratch = tmp_path / "scratch.duckdb"
    shutil.copy(db, scratch)
    started = time.monotonic()
    done = ipgar("load", str(big), "--db", str(scratch), "--profile", "generic")
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    after = _state(scratch)
    assert after[0] == [
        (300_000,)
    ]  # the small export is the first 100 rows of the big one
    for fraction in (0.3, 0.6, 0.9):
        target = tmp_path / f"kill{fraction}.duckdb"
        shutil.copy(db, target)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ipgar_metrics.cli",
                "load",
                str(big),
                "--db",
                str(target),
                "--profile",
                "generic",
            ],
            env={**os.environ, "IPGAR_KEY": KEY},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(duration * fraction)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        state = _state(target)
        assert state == before or (state[0], len(state[1])) == (after[0], 2), fraction


def test_cli_loads_the_simulated_export(tmp_path):
    simulate = pytest.importorskip("ipgar_metrics.simulation._simulator").simulate
    from datetime import date

    result = simulate(
        cases=60, seed=5, out_dir=tmp_path / "sim", as_of=date(2026, 11, 1)
    )
    db = tmp_path / "s.duckdb"
    out = ipgar(
        "load",
        str(tmp_path / "sim" / "export.csv"),
        "--mapping",
        str(tmp_path / "sim" / "mapping.toml"),
        "--db",
        str(db),
        "--export-date",
        "2026-11-01",
    )
    assert out.returncode == 0, out.stderr
    n = result.n_export_rows
    # the five documented faults: one copy skipped, three rows rejected, one loaded
    # (out of order) and reported by the quality report
    assert out.stdout.splitlines()[0] == (
        f"read {n} = loaded {n - 4} (new {n - 4}, already in store 0) + rejected 3 + duplicates 1"
    )


def test_load_and_validate_name_new_values_on_one_stderr_line(export, tmp_path):
    _, mapping = export
    new = tmp_path / "new.csv"
    # a new organisation code twice, a case number and a name in the org column
    rows = [
        "ZX-1;Contact;05-01-2024 09:00;wijkteam_zuid",
        "ZX-1;Contact;06-01-2024 09:00;wijkteam_zuid",
        "ZX-1;Contact;07-01-2024 09:00;ZX-1",
        "ZX-1;Contact;08-01-2024 09:00;Piet Klaassen",
    ]
    dutch_export.write_export(new, NAMES, rows)
    # a value outside the vocabulary is shown only as its shape (letters a/A, digits #)
    note = (
        "new values loaded and flagged: org shape aaaaaaaa_aaaa (2 rows), shape AA-# "
        "(1 row), shape Aaaa Aaaaaaaa (1 row); add them to "
        "vocabulary.toml or fix the export"
    )
    db = tmp_path / "s.duckdb"
    common = [str(new), "--mapping", str(mapping), "--export-date", "2026-11-01"]
    out = ipgar("load", *common, "--db", str(db))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].startswith("read 4 = loaded 4 ")
    assert f"ipgar load: {note}" in out.stderr.splitlines()
    checked = ipgar("validate", *common)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"ipgar validate: {note}" in checked.stderr.splitlines()
    assert "Nieuwe waarde" in checked.stdout  # the check in the reader's words
    for raw in ("ZX-1", "Piet", "Klaassen", "wijkteam_zuid"):
        assert raw not in out.stdout + out.stderr + checked.stdout + checked.stderr
    # listed in vocabulary.toml beside the mapping: no longer new
    (tmp_path / "vocabulary.toml").write_text('[org]\nwijkteam_zuid = "sociaal"\n')
    again = ipgar("validate", *common)
    assert (
        "ipgar validate: new values loaded and flagged: org shape AA-# (1 row), "
        "shape Aaaa Aaaaaaaa (1 row); add them to vocabulary.toml or fix "
        "the export"
    ) in again.stderr.splitlines()


def test_a_malformed_vocabulary_file_is_one_line_exit_1(export, tmp_path):
    csv, mapping = export
    (tmp_path / "vocabulary.toml").write_text('[org]\nwijkteam_zuid = "welzijn"\n')
    out = ipgar("validate", str(csv), "--mapping", str(mapping))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "vocabulary file vocabulary.toml" in lines[0]
