"""Schema version 9: the stored path of every episode, so that variants are a group-by.

A version-8 store is made as that release made it (its steps only, with a row) and
upgraded in one transaction; the version-1 store written by the release reaches
version 9 with its snapshot id unchanged. ``episode_paths`` is compared with the paths
pandas computes from ``events`` (activities ordered by time, then seq) after a load, a
second overlapping load with corrections, a purge, an erasure, a restriction and its
lifting; ``variants()`` read from the table is compared with ``variants()`` computed
from the events (``READ_STORED_PATHS`` off) on the simulated store, a public log and a
store whose activity codes are not in text order.
"""

from __future__ import annotations

import gzip
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from test_purge import CASES, write_export

from ipgar_metrics import governance, privacy, store
from ipgar_metrics.ingest._load import load, snapshot_id
from ipgar_metrics.metrics.filters import filtered
from ipgar_metrics.metrics.paths import _variants
from ipgar_metrics.metrics.paths._variants import variants
from tests import dutch_export
from tests.stores import after_failed_upgrade, store_at_version, tables

V1_STORE = Path(__file__).parents[1] / "data" / "stores" / "v1_store.duckdb.gz"
V1_SNAPSHOT = "S976fb12d9513185a"  # what the release recorded (see the README)
PUBLIC = Path(__file__).parents[1] / "data" / "public"
EXPORT_DATE = date(2026, 11, 1)
Path_ = tuple[str, int, tuple[str, ...], int, pd.Timestamp, pd.Timestamp]


def _utc(value: Any) -> pd.Timestamp:
    return pd.Timestamp(value).tz_convert("UTC")


def stored_paths(con: duckdb.DuckDBPyConnection) -> set[Path_]:
    """The rows of ``episode_paths``, their keys decoded with ``activity_codes``."""
    codes = dict(con.execute("SELECT code, activity FROM activity_codes").fetchall())
    rows = con.execute(
        "SELECT case_id, episode, path_key, n_events, start_at, end_at "
        "FROM episode_paths"
    ).fetchall()
    return {
        (c, int(e), tuple(codes[ord(ch) - 256] for ch in key), int(n), _utc(s), _utc(t))
        for c, e, key, n, s, t in rows
    }


def paths_from_events(con: duckdb.DuckDBPyConnection) -> set[Path_]:
    """Each episode's activities ordered by time, then seq, computed in pandas."""
    ev = con.execute("SELECT case_id, episode, seq, ts, activity FROM events").df()
    ev = ev.sort_values(["case_id", "episode", "ts", "seq"], kind="stable")
    return {
        (
            str(case),
            int(episode),
            tuple(group["activity"]),
            len(group),
            _utc(group["ts"].min()),
            _utc(group["ts"].max()),
        )
        for (case, episode), group in ev.groupby(["case_id", "episode"], sort=False)
    }


def assert_paths_match(db: Path) -> set[Path_]:
    con = store.connect(db)
    try:
        got = stored_paths(con)
        assert got == paths_from_events(con)
    finally:
        con.close()
    return got


def both_ways(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch, **kw: Any
) -> pd.DataFrame:
    """``variants(**kw)`` from the events and from the table: equal; the latter."""
    read: list[int] = []
    real = _variants._stored_keys

    def spy(c: duckdb.DuckDBPyConnection) -> Any:
        read.append(1)
        return real(c)

    monkeypatch.setattr(_variants, "_stored_keys", spy)
    monkeypatch.setattr(_variants, "READ_STORED_PATHS", False)
    from_events = variants(con, **kw)
    assert not read
    monkeypatch.setattr(_variants, "READ_STORED_PATHS", True)
    from_table = variants(con, **kw)
    assert read, "variants() did not read episode_paths"
    pd.testing.assert_frame_equal(from_table, from_events)
    assert from_table.attrs == from_events.attrs
    return from_table


# --- the upgrade ------------------------------------------------------------------


def test_a_version_8_store_upgrades_to_version_9_with_its_paths(tmp_path):
    db = tmp_path / "v8.duckdb"
    store_at_version(db, 8)
    con = store.connect(db)
    try:
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert {"activity_codes", "episode_paths"} <= tables(con)
        assert con.execute("SELECT * FROM activity_codes").fetchall() == [
            ("melding", 0)
        ]
        at = _utc("2025-01-02 08:00:00+00:00")
        assert stored_paths(con) == {("Cabc", 1, ("melding",), 1, at, at)}
        assert con.execute("SELECT path_key FROM episode_paths").fetchall() == [
            (chr(256),)
        ]
    finally:
        con.close()


def test_a_failed_upgrade_leaves_the_version_8_store_as_it_was(tmp_path, monkeypatch):
    db = tmp_path / "v8.duckdb"
    store_at_version(db, 8)
    with after_failed_upgrade(db, 9, monkeypatch) as con:
        assert not {"activity_codes", "episode_paths"} & tables(con)
        assert con.execute("SELECT count(*) FROM events").fetchall() == [(1,)]


def test_the_version_1_store_of_the_release_reaches_version_9(tmp_path, monkeypatch):
    db = tmp_path / "v1.duckdb"
    with gzip.open(V1_STORE, "rb") as src, db.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    paths = assert_paths_match(db)
    con = store.connect(db)
    try:
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert snapshot_id(con) == V1_SNAPSHOT  # derived rows leave the id as it was
        assert (
            len(paths)
            == con.execute(
                "SELECT count(DISTINCT (case_id, episode)) FROM events"
            ).fetchall()[0][0]
        )
        as_of = store.last_event_at(con)  # at the last event: the table serves
        for min_count in (1, 5):
            both_ways(con, monkeypatch, as_of=as_of, min_count=min_count)
    finally:
        con.close()


# --- kept up to date wherever events change -----------------------------------------


def test_the_paths_of_the_simulated_store_are_those_of_its_events(sim_store):
    paths = assert_paths_match(sim_store.db)
    assert len(paths) > 600  # every case, some with more than one episode


NAMES = ("Casusnummer", "Activiteit", "Datum", "Registratienummer")
MAPPING = dutch_export.mapping(*NAMES)


def _export(folder: Path, name: str, rows: list[str]) -> Path:
    return dutch_export.write_export(folder / name, NAMES, rows)


def test_a_second_overlapping_load_with_corrections_recomputes_the_paths(tmp_path):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    first = [
        "ZX-1;Intake;02-01-2024 09:00;R1",
        "ZX-1;Contact;05-01-2024 09:00;R2",
        "ZX-2;Intake;03-01-2024 09:00;R3",
        "ZX-2;Contact;04-03-2024 10:00;R4",
    ]
    second = [  # R2 moved before R1, R3's activity corrected, a new event and case
        "ZX-1;Intake;02-01-2024 09:00;R1",
        "ZX-1;Contact;01-01-2024 09:00;R2",
        "ZX-2;Aanmelding;03-01-2024 09:00;R3",
        "ZX-2;Contact;04-03-2024 10:00;R4",
        "ZX-2;Afsluiting;05-03-2024 10:00;R5",
        "ZX-3;Intake;06-03-2024 10:00;R6",
    ]
    opts = {"db": db, "mapping": mapping, "profile": "generic"}
    load([_export(tmp_path, "a.csv", first)], export_date=date(2024, 4, 1), **opts)
    before = assert_paths_match(db)
    assert sorted(p[2] for p in before) == [("Intake", "Contact")] * 2
    load([_export(tmp_path, "b.csv", second)], export_date=date(2024, 5, 1), **opts)
    after = assert_paths_match(db)
    assert sorted(p[2] for p in after) == [
        ("Aanmelding", "Contact", "Afsluiting"),
        ("Contact", "Intake"),
        ("Intake",),
    ]
    con = store.connect(db)
    try:  # codes given once stay; the new activities got the next ones
        codes = dict(
            con.execute("SELECT activity, code FROM activity_codes").fetchall()
        )
    finally:
        con.close()
    # (which new one first depends on the step that first numbers it: a new event
    # or a corrected one; schema version 10 gives codes as events are numbered)
    assert {"Contact": 0, "Intake": 1}.items() <= codes.items()
    assert {codes["Aanmelding"], codes["Afsluiting"]} == {2, 3}


def _governed_store(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "s.duckdb"
    load([write_export(folder / "export.csv")], db=db, export_date=EXPORT_DATE)
    return db


def _cases(paths: set[Path_]) -> set[str]:
    return {p[0] for p in paths}


def test_purge_and_erasure_delete_the_paths_of_their_persons(tmp_path):
    db = _governed_store(tmp_path)
    full = assert_paths_match(db)
    governance.purge(db=db, ended_before=date(2025, 1, 1))
    purged = assert_paths_match(db)
    assert purged < full and len(_cases(purged)) < len(CASES)
    raw = next(
        c for c in CASES if privacy.pseudonym(c, privacy.load_key()) in _cases(purged)
    )
    person = privacy.pseudonym(raw, privacy.load_key())
    governance.erase(db=db, case_id=raw)
    erased = assert_paths_match(db)
    assert _cases(erased) == _cases(purged) - {person}


def test_restriction_removes_and_lifting_restores_the_paths(tmp_path):
    db = _governed_store(tmp_path)
    full = assert_paths_match(db)
    governance.restrict_processing(db=db, case_id="A-001")
    restricted = assert_paths_match(db)
    assert len(_cases(restricted)) == len(_cases(full)) - 1
    governance.lift_restriction(db=db, case_id="A-001")
    assert assert_paths_match(db) == full


# --- variants from the table --------------------------------------------------------


def test_variants_from_the_table_are_those_from_the_events(sim_store, monkeypatch):
    con = store.connect(sim_store.db)
    try:
        for min_count in (1, 5, 10_000):
            both_ways(con, monkeypatch, as_of=sim_store.as_of, min_count=min_count)
        org = con.execute(
            "SELECT org FROM events WHERE org IS NOT NULL GROUP BY org "
            "ORDER BY count(*) DESC LIMIT 1"
        ).fetchall()[0][0]
        with filtered(con, where={"org": [org]}) as kept:
            assert kept.kept < kept.total
            both_ways(con, monkeypatch, as_of=sim_store.as_of, min_count=1)
    finally:
        con.close()


def test_variants_before_the_last_event_or_of_a_period_come_from_the_events(
    sim_store, monkeypatch
):
    con = store.connect(sim_store.db)
    try:
        monkeypatch.setattr(_variants, "_stored_keys", _refuse)
        variants(con, as_of=date(2025, 6, 1), min_count=1)
        variants(con, as_of=sim_store.as_of, min_count=1, period=("2025-01-01", None))
        variants(con, as_of=sim_store.as_of, min_count=1, phase="intake")
    finally:
        con.close()


def _refuse(con: duckdb.DuckDBPyConnection) -> Any:
    raise AssertionError("episode_paths read where it cannot give the answer")


def test_variants_of_a_public_log_from_the_table(tmp_path, monkeypatch):
    db = tmp_path / "pub.duckdb"
    load(
        [PUBLIC / "receipt.xes.gz"],
        db=db,
        profile="generic",
        key=b"public-log-test-key-0123456789",
        export_date=EXPORT_DATE,
    )
    assert_paths_match(db)
    con = store.connect(db)
    try:
        for min_count in (1, 5):
            both_ways(con, monkeypatch, as_of=EXPORT_DATE, min_count=min_count)
    finally:
        con.close()


def test_variants_when_the_codes_are_not_in_text_order(monkeypatch):
    """A later activity sorts first: the keys are translated, ties broken as before."""
    con = store.memory_store()

    def frame(case_paths: dict[str, list[str]]) -> pd.DataFrame:
        rows = [
            {
                "case_id": case,
                "activity": act,
                "timestamp": f"2024-01-{i + 1:02d}T09:00:00+01:00",
            }
            for case, acts in case_paths.items()
            for i, act in enumerate(acts)
        ]
        return pd.DataFrame(rows)

    first = {f"C{i}": ["start", "mid", "end"] for i in range(4)}
    first |= {f"D{i}": ["start", "end"] for i in range(3)}
    store.insert_events(con, frame(first), load_id=1, profile="generic")
    later = {f"E{i}": ["aanvang", "end"] for i in range(3)}
    later |= {"G0": ["zz", "start"]}
    store.insert_events(con, frame(later), load_id=2, profile="generic")
    codes = dict(con.execute("SELECT activity, code FROM activity_codes").fetchall())
    assert codes == {"end": 0, "mid": 1, "start": 2, "aanvang": 3, "zz": 4}
    assert stored_paths(con) == paths_from_events(con)
    as_of = date(2024, 2, 1)
    for min_count in (1, 2, 3, 4, 5):
        got = both_ways(con, monkeypatch, as_of=as_of, min_count=min_count)
        assert got["count"].sum() == 11
    # worked out by hand: ties ranked by the text of the variant
    got = variants(con, as_of=as_of, min_count=1)
    assert list(got["variant"]) == [
        "start > mid > end",
        "aanvang > end",
        "start > end",
        "zz > start",
    ]
    # the one rare episode is topped up with the last of the two variants of 3 in text
    # order ("start > end"), not the last in code order ("aanvang > end")
    got = variants(con, as_of=as_of, min_count=3)
    assert list(zip(got["variant"], got["count"], got["n_variants"], strict=True)) == [
        ("start > mid > end", 4, 1),
        ("aanvang > end", 3, 1),
        ("overige varianten", 4, 2),
    ]
    con.close()
