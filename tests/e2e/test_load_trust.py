"""``ipgar load`` gives no silent wrong answer: the key, the export date, the profile.

One test (or a few) per finding of the issue "No silent wrong answers", run as a user
runs the command: a subprocess, its exit code and its stderr (one line per message,
never a traceback). Expected values are computed here from the input files.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import pytest

from tests.e2e.test_load_cli import KEY, ipgar

OTHER_KEY = "another-key-fedcba9876543210fedcba98765"
#: IPGAR_KEY empty counts as unset: the key comes from IPGAR_KEY_FILE
NO_VARIABLE = {"IPGAR_KEY": ""}
PUBLIC = Path(__file__).parents[1] / "data" / "public"


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("trust") / "sim"
    done = ipgar("simulate", "--cases", "30", "--seed", "3", "--out", str(out))
    assert done.returncode == 0, done.stderr
    # a real export's mapping has no export date: drop the simulator's own line
    mapping = out / "mapping.toml"
    lines = mapping.read_text(encoding="utf-8").splitlines(keepends=True)
    mapping.write_text(
        "".join(x for x in lines if not x.startswith("export_date")), encoding="utf-8"
    )
    return out


def _load_export(sim: Path) -> list[str]:
    """``load`` of the simulated Dutch export with its mapping (no --db yet)."""
    return ["load", str(sim / "export.csv"), "--mapping", str(sim / "mapping.toml")]


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert "Traceback" not in err
    assert len(lines) == 1, err
    return lines[0]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _left_behind(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.glob(db.name + "*"))


# 1. the key --------------------------------------------------------------------


def test_another_key_is_refused_and_the_store_untouched(sim: Path, tmp_path: Path):
    db = tmp_path / "s.duckdb"
    load = _load_export(sim)
    first = ipgar(*load, "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "key from the variable IPGAR_KEY" in first.stdout
    before = _sha(db), _query(db, "SELECT count(*) FROM events")
    # IPGAR_KEY unset: the key comes from a key file (made by `ipgar key create`)
    key_file = tmp_path / "keys" / "pseudonym.key"
    made = ipgar("key", "create", "--file", str(key_file), env_extra=NO_VARIABLE)
    assert made.returncode == 0, made.stderr
    second = ipgar(
        *load,
        "--db",
        str(db),
        env_extra={**NO_VARIABLE, "IPGAR_KEY_FILE": str(key_file)},
    )
    assert second.returncode == 1
    line = _one_line(second.stderr)
    assert "another pseudonymisation key" in line
    assert f"the key file {key_file}" in line
    assert (_sha(db), _query(db, "SELECT count(*) FROM events")) == before
    # and with another key in the variable: refused, naming the variable
    third = ipgar(*load, "--db", str(db), env_extra={"IPGAR_KEY": OTHER_KEY})
    assert third.returncode == 1
    assert "from the variable IPGAR_KEY" in _one_line(third.stderr)
    assert _sha(db) == before[0]


def test_store_records_a_fingerprint_not_the_key(sim: Path, tmp_path: Path):
    db = tmp_path / "s.duckdb"
    done = ipgar("load", str(sim / "events.csv"), "--db", str(db))
    assert done.returncode == 0, done.stderr
    expected = hashlib.new("sha256")  # HMAC-SHA256 by hand: (k^opad || H(k^ipad || m))
    block = KEY.encode().ljust(64, b"\x00")
    inner = hashlib.sha256(
        bytes(b ^ 0x36 for b in block) + b"ipgar-metrics key fingerprint v1"
    )
    expected.update(bytes(b ^ 0x5C for b in block) + inner.digest())
    rows = _query(db, "SELECT value FROM meta WHERE key = 'key_fingerprint'")
    assert rows == [(expected.hexdigest()[:16],)]
    assert KEY.encode() not in db.read_bytes()


def test_ipgar_key_shows_the_source_and_compares(sim: Path, tmp_path: Path):
    db = tmp_path / "s.duckdb"
    assert ipgar("load", str(sim / "events.csv"), "--db", str(db)).returncode == 0
    src = ipgar("key", "--show-source")
    assert (src.returncode, src.stdout) == (0, "key source: the variable IPGAR_KEY\n")
    key_file = tmp_path / "k.key"
    from_file = ipgar(
        "key",
        "--show-source",
        env_extra={**NO_VARIABLE, "IPGAR_KEY_FILE": str(key_file)},
    )
    assert from_file.stdout == f"key source: the key file {key_file}\n"
    assert not key_file.exists()  # asking creates no key
    same = ipgar("key", "--db", str(db))
    assert same.returncode == 0 and "loaded with this key" in same.stdout
    other = ipgar("key", "--db", str(db), env_extra={"IPGAR_KEY": OTHER_KEY})
    assert other.returncode == 1 and "loaded with another key" in other.stdout
    assert KEY not in same.stdout + other.stdout


def test_store_without_fingerprint_gets_one_at_its_next_load(sim: Path, tmp_path: Path):
    db = tmp_path / "s.duckdb"
    assert ipgar("load", str(sim / "events.csv"), "--db", str(db)).returncode == 0
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM meta WHERE key = 'key_fingerprint'")  # as before
    con.close()
    again = ipgar("load", str(sim / "events.csv"), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert again.stderr.count("no key fingerprint yet") == 1
    assert _query(db, "SELECT count(*) FROM meta WHERE key = 'key_fingerprint'") == [
        (1,)
    ]
    third = ipgar("load", str(sim / "events.csv"), "--db", str(db))
    assert "fingerprint" not in third.stderr  # said once
    refused = ipgar(
        "load",
        str(sim / "events.csv"),
        "--db",
        str(db),
        env_extra={"IPGAR_KEY": OTHER_KEY},
    )
    assert refused.returncode == 1


# 2. the export date ------------------------------------------------------------


def _newest_export_day(sim: Path) -> date:
    """The newest date of the simulated export that is not in the future (by hand)."""
    frame = pd.read_csv(sim / "export.csv", sep=";", encoding="utf-8-sig", dtype=str)
    ts = pd.to_datetime(frame["Datum"], format="%d-%m-%Y %H:%M", errors="coerce")
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    days = [t.date() for t in ts.dropna() if t.date() <= today]
    return max(days)


def test_export_date_is_the_newest_event_not_today(sim: Path, tmp_path: Path):
    db = tmp_path / "s.duckdb"
    done = ipgar(*_load_export(sim), "--db", str(db))
    assert done.returncode == 0, done.stderr
    newest = _newest_export_day(sim)
    assert newest < date.today()  # the simulated export ends before today
    line = (
        f"ipgar load: export date {newest.isoformat()} (the newest event in the "
        "file; use --export-date to choose)"
    )
    assert line in done.stderr.splitlines()
    assert _query(db, "SELECT export_date FROM loads") == [(newest,)]
    # the year typo of the simulated export is still a future date
    assert "  future_date: 1" in done.stdout.splitlines()
    checked = ipgar(
        "validate", str(sim / "export.csv"), "--mapping", str(sim / "mapping.toml")
    )
    assert line.replace("ipgar load", "ipgar validate") in checked.stderr.splitlines()


def test_export_date_from_the_mapping_and_from_the_option(sim: Path, tmp_path: Path):
    mapping = tmp_path / "mapping.toml"
    text = (sim / "mapping.toml").read_text(encoding="utf-8")
    mapping.write_text("export_date = 2026-11-01\n" + text, encoding="utf-8")
    db = tmp_path / "m.duckdb"
    done = ipgar(
        "load", str(sim / "export.csv"), "--mapping", str(mapping), "--db", str(db)
    )
    assert done.returncode == 0, done.stderr
    assert (
        "ipgar load: export date 2026-11-01 (the export_date of the mapping file; "
        "use --export-date to choose)"
    ) in done.stderr.splitlines()
    assert _query(db, "SELECT export_date FROM loads") == [(date(2026, 11, 1),)]
    given = tmp_path / "g.duckdb"
    done = ipgar(
        "load",
        str(sim / "export.csv"),
        "--mapping",
        str(mapping),
        "--db",
        str(given),
        "--export-date",
        "2026-10-15",
    )
    assert done.returncode == 0, done.stderr
    assert "export date" not in done.stderr  # given: nothing to say
    assert _query(given, "SELECT export_date FROM loads") == [(date(2026, 10, 15),)]


def test_bad_export_date_in_the_mapping_is_one_line(sim: Path, tmp_path: Path):
    mapping = tmp_path / "mapping.toml"
    text = (sim / "mapping.toml").read_text(encoding="utf-8")
    mapping.write_text('export_date = "1 november"\n' + text, encoding="utf-8")
    done = ipgar(
        "load",
        str(sim / "export.csv"),
        "--mapping",
        str(mapping),
        "--db",
        str(tmp_path / "s.duckdb"),
    )
    assert done.returncode == 1
    assert "export_date is not a date" in _one_line(done.stderr)
    assert _left_behind(tmp_path / "s.duckdb") == []


# 3. the profile ----------------------------------------------------------------


def _xes_events(path: Path) -> int:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return len(re.findall(r"<event[\s>]", fh.read()))


def test_xes_without_profile_loads_as_generic(tmp_path: Path):
    db = tmp_path / "x.duckdb"
    done = ipgar("load", str(PUBLIC / "receipt.xes.gz"), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert (
        "ipgar load: profile generic (an XES log without iPGA-R activity codes; "
        "use --profile to choose)"
    ) in done.stderr.splitlines()
    n = _xes_events(PUBLIC / "receipt.xes.gz")
    assert _query(db, "SELECT count(*) FROM events") == [(n,)]
    assert _query(db, "SELECT value FROM meta WHERE key = 'profile'") == [("generic",)]
    # the profile is fixed: a later load with the other one is refused
    other = ipgar(
        "load", str(PUBLIC / "receipt.xes.gz"), "--db", str(db), "--profile", "ipgar"
    )
    assert other.returncode == 1
    assert "--profile generic" in _one_line(other.stderr)


def test_load_of_no_event_fails_and_leaves_no_file(tmp_path: Path):
    db = tmp_path / "x.duckdb"
    done = ipgar(
        "load", str(PUBLIC / "receipt.xes.gz"), "--db", str(db), "--profile", "ipgar"
    )
    assert done.returncode == 1
    line = _one_line(done.stderr)
    assert f"none of the {_xes_events(PUBLIC / 'receipt.xes.gz')} rows" in line
    assert "--profile generic" in line
    assert _left_behind(db) == []


def test_failed_load_into_an_existing_store_leaves_it(sim: Path, tmp_path: Path):
    db = tmp_path / "s.duckdb"
    assert ipgar("load", str(sim / "events.csv"), "--db", str(db)).returncode == 0
    before = _sha(db)
    bad = tmp_path / "other.csv"
    bad.write_text("case_id,activity,timestamp\nA,melding,not a date\n")
    done = ipgar("load", str(bad), "--db", str(db))
    assert done.returncode == 1
    assert "none of the 1 rows" in _one_line(done.stderr)
    assert _sha(db) == before


def test_csv_outside_the_vocabulary_names_profile_generic(tmp_path: Path):
    path = tmp_path / "other.csv"
    path.write_text(
        "case_id,activity,timestamp\n"
        "A,submit,2024-01-02T09:00:00+01:00\n"
        "A,approve,2024-01-03T09:00:00+01:00\n"
    )
    db = tmp_path / "s.duckdb"
    done = ipgar("load", str(path), "--db", str(db))
    assert done.returncode == 1
    line = _one_line(done.stderr)
    assert "--profile generic" in line and "--mapping" in line
    assert _left_behind(db) == []
    generic = ipgar("load", str(path), "--db", str(db), "--profile", "generic")
    assert generic.returncode == 0, generic.stderr
    assert _query(db, "SELECT count(*) FROM events") == [(2,)]


def test_mapping_file_means_profile_ipgar(sim: Path, tmp_path: Path):
    db = tmp_path / "s.duckdb"
    done = ipgar(*_load_export(sim), "--db", str(db))
    assert (
        "ipgar load: profile ipgar (a mapping file is given; use --profile to choose)"
        in done.stderr.splitlines()
    )
    assert _query(db, "SELECT value FROM meta WHERE key = 'profile'") == [("ipgar",)]


def test_profile_has_help_text():
    done = ipgar("load", "--help")
    text = " ".join(done.stdout.split())
    assert "--profile {ipgar,generic}" in text
    assert "generic accepts any activity" in text
