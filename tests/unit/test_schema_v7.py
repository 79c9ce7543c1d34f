"""Schema version 7: relations, key locations, pools and two activity codes.

A version-6 store is made as that release made it (its steps only, with a row) and
upgraded; the version-1 store written by the release (``tests/data/stores``) reaches
version 7 with its snapshot id unchanged; a failed step leaves version 6 as it was.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from ipgar_metrics import schema, store
from ipgar_metrics.ingest._load import snapshot_id
from tests.stores import (
    after_failed_upgrade,
    codes_of_version,
    store_at_version,
    tables,
)

V1_STORE = Path(__file__).parents[1] / "data" / "stores" / "v1_store.duckdb.gz"
V1_SNAPSHOT = "S976fb12d9513185a"  # what the release recorded (see the README)
NEW_TABLES = {
    "relations",
    "key_locations",
    "restricted_relations",
    "restricted_key_locations",
    "case_manager_pools",
}
# the process order of version 6, before the codes of version 7 were added
V6_ORDER = codes_of_version(6)


def _version_6_store(db: Path) -> None:
    store_at_version(db, 6)


def test_a_version_6_store_upgrades_to_version_7_with_its_rows(tmp_path):
    db = tmp_path / "v6.duckdb"
    _version_6_store(db)
    con = store.connect(db)
    try:
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert tables(con) >= NEW_TABLES
        assert con.execute("SELECT case_id, activity FROM events").fetchall() == [
            ("Cabc", "melding")
        ]
        order = [
            a
            for (a,) in con.execute(
                "SELECT activity FROM activity_order ORDER BY rank"
            ).fetchall()
        ]
        assert order == list(schema.ACTIVITIES)
        # the codes already known keep their relative order, so stored seq stays valid
        assert [a for a in order if a in V6_ORDER] == V6_ORDER
        assert order.index("leefgebiedenscan") > order.index("regisseur_toegewezen")
        assert order.index("netwerkoverleg") > order.index("itatr_agendering")
    finally:
        con.close()


def test_a_failed_upgrade_leaves_the_version_6_store_as_it_was(tmp_path, monkeypatch):
    db = tmp_path / "v6.duckdb"
    _version_6_store(db)
    with after_failed_upgrade(db, 7, monkeypatch) as con:
        assert not NEW_TABLES & tables(con)
        assert con.execute("SELECT count(*) FROM activity_order").fetchall() == [
            (len(V6_ORDER),)
        ]


def test_the_version_1_store_of_the_release_reaches_version_7(tmp_path):
    db = tmp_path / "v1.duckdb"
    with gzip.open(V1_STORE, "rb") as src, db.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    con = store.connect(db)
    try:
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert snapshot_id(con) == V1_SNAPSHOT  # events and cases untouched
        assert tables(con) >= NEW_TABLES
        for table in NEW_TABLES:
            assert con.execute(f"SELECT count(*) FROM {table}").fetchall() == [(0,)]
    finally:
        con.close()
