"""Schema version 8: the attributes of a generic log.

A version-7 store is made as that release made it (its steps only, with a row) and
upgraded; the version-1 store written by the release (``tests/data/stores``) reaches
version 8 with its snapshot id unchanged; a failed step leaves version 7 as it was.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import duckdb

from ipgar_metrics import store
from ipgar_metrics.ingest._load import snapshot_id
from tests.stores import after_failed_upgrade, store_at_version, tables

V1_STORE = Path(__file__).parents[1] / "data" / "stores" / "v1_store.duckdb.gz"
V1_SNAPSHOT = "S976fb12d9513185a"  # what the release recorded (see the README)
COLUMNS = [
    "case_id",
    "event_key",
    "name",
    "value_text",
    "value_num",
    "value_ts",
    "load_id",
]


def _version_7_store(db: Path) -> None:
    store_at_version(db, 7)
    con = duckdb.connect(str(db))
    con.execute(
        "INSERT INTO relations VALUES ('Ca', 'Cb', 'familie', DATE "
        "'2025-01-01', NULL, 'Rk', 1, 1)"
    )
    con.close()


def test_a_version_7_store_upgrades_to_version_8_with_its_rows(tmp_path):
    db = tmp_path / "v7.duckdb"
    _version_7_store(db)
    con = store.connect(db)
    try:
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert "attributes" in tables(con)
        cols = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() "
                "WHERE table_name = 'attributes' ORDER BY column_index"
            ).fetchall()
        ]
        assert cols == COLUMNS
        assert con.execute("SELECT case_id, activity FROM events").fetchall() == [
            ("Cabc", "melding")
        ]
        assert con.execute("SELECT case_a, case_b FROM relations").fetchall() == [
            ("Ca", "Cb")
        ]
    finally:
        con.close()


def test_a_failed_upgrade_leaves_the_version_7_store_as_it_was(tmp_path, monkeypatch):
    db = tmp_path / "v7.duckdb"
    _version_7_store(db)
    with after_failed_upgrade(db, 8, monkeypatch) as con:
        assert "attributes" not in tables(con)
        assert con.execute("SELECT count(*) FROM events").fetchall() == [(1,)]


def test_the_version_1_store_of_the_release_reaches_the_current_version(tmp_path):
    db = tmp_path / "v1.duckdb"
    with gzip.open(V1_STORE, "rb") as src, db.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    con = store.connect(db)
    try:
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        # an empty attributes table leaves the snapshot id as it was
        assert snapshot_id(con) == V1_SNAPSHOT
        assert con.execute("SELECT count(*) FROM attributes").fetchall() == [(0,)]
    finally:
        con.close()
