"""Store connections and the snapshot id."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import StoreError
from ipgar_metrics.ingest._load import load, snapshot_id

KEY = b"store-test-key-0123456789abcdef"
ROWS = [
    "case_id,activity,timestamp",
    "A,melding,2024-01-02T09:00:00+01:00",
    "A,contact,2024-01-03T09:00:00+01:00",
    "B,melding,2024-01-04T09:00:00+01:00",
]


def test_snapshot_id_ignores_how_events_were_loaded(tmp_path):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text("\n".join(ROWS) + "\n")
    two.write_text("\n".join([ROWS[0], ROWS[3], ROWS[2], ROWS[1]]) + "\n")
    (tmp_path / "part.csv").write_text("\n".join(ROWS[:2]) + "\n")
    a = load([one], db=tmp_path / "a.duckdb", key=KEY, export_date=date(2026, 11, 1))
    load(
        [tmp_path / "part.csv"],
        db=tmp_path / "b.duckdb",
        key=KEY,
        export_date=date(2026, 11, 1),
    )
    b = load([two], db=tmp_path / "b.duckdb", key=KEY, export_date=date(2026, 11, 1))
    assert a.snapshot_id == b.snapshot_id
    con = store.connect(tmp_path / "a.duckdb")
    assert snapshot_id(con) == a.snapshot_id == store.snapshot(con)["snapshot_id"]
    con.close()


def test_analysis_connection_is_read_only_and_hardened(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("\n".join(ROWS) + "\n")
    db = tmp_path / "a.duckdb"
    load([path], db=db, key=KEY, export_date=date(2026, 11, 1))
    con = store.connect(db)
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM events")
    with pytest.raises(duckdb.Error):
        con.execute(f"SELECT * FROM read_csv('{path}')").fetchall()
    con.close()


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="load an export first"):
        store.connect(tmp_path / "none.duckdb")


def test_a_new_connection_never_inherits_the_filter_of_a_gone_one():
    # The CLI keeps a filter to the end of its command; a second command in the same
    # process may get a connection at the address of the first (CPython reuses it).
    seen = set()
    for _ in range(20):
        con = duckdb.connect()
        seen.add(id(con))
        assert store.view_token(con) is None
        store.set_view_token(con, "org = Group 2")
        assert store.view_token(con) == "org = Group 2"
        con.close()
        del con
    assert len(seen) < 20  # an address was used again, so the case was exercised
