"""``ipgar demo`` rebuilds only a store it made: an analyst's store is never deleted.

The demo's default ``--db`` is the default store of ``ipgar load``. Before, the demo
deleted whatever file was there, so ``make demo`` after loading a real export into
the default store lost that store. Each test runs the demo's load step
(``cli._demo._load``) or the whole command up to the refusal (before the report).
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import pytest

from ipgar_metrics import privacy, store
from ipgar_metrics.cli import main
from ipgar_metrics.cli._demo import DEMO_KEY_NAME, DEMO_MARK, _load
from ipgar_metrics.cli._progress import Progress
from ipgar_metrics.errors import StoreError
from ipgar_metrics.ingest._load import load
from ipgar_metrics.simulation._simulator import simulate
from tests.unit.test_load import EXPORT_DATE, KEY, MAPPING, write_export

CASES, SEED = 40, 7


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def real_store(tmp_path: Path) -> Path:
    """A store of a (hand-made) export, loaded with the analyst's key."""
    folder = tmp_path / "real"
    folder.mkdir()
    mapping = folder / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    db = tmp_path / "ipgar.duckdb"
    load(
        [write_export(folder)], mapping=mapping, db=db, key=KEY, export_date=EXPORT_DATE
    )
    return db


def test_the_demo_leaves_a_store_of_real_exports_alone(real_store, tmp_path, capsys):
    before = _digest(real_store)
    code = main(
        [
            "demo",
            "--cases",
            str(CASES),
            "--seed",
            str(SEED),
            "--sim-dir",
            str(tmp_path / "sim"),
            "--db",
            str(real_store),
            "--out",
            str(tmp_path / "reports"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert f"ipgar demo: {real_store} is a store the demo did not make" in err
    assert "--db data/demo.duckdb" in err and len(err.strip().splitlines()) == 1
    assert _digest(real_store) == before
    assert not (tmp_path / "reports").exists()


def test_the_demo_leaves_a_file_that_is_no_store_alone(tmp_path):
    sim, db = tmp_path / "sim", tmp_path / "ipgar.duckdb"
    db.write_text("notes of an analyst, not a store\n", encoding="utf-8")
    files = simulate(CASES, SEED, sim).files
    with pytest.raises(StoreError, match="cannot be read as a store"):
        _load(argparse.Namespace(db=db, sim_dir=sim), files, Progress())
    assert db.read_text(encoding="utf-8") == "notes of an analyst, not a store\n"


def test_the_demo_replaces_its_own_store_even_after_a_new_demo_key(tmp_path):
    sim, db = tmp_path / "sim", tmp_path / "demo.duckdb"
    files = simulate(CASES, SEED, sim).files
    _load(argparse.Namespace(db=db, sim_dir=sim), files, Progress())
    with store.connect(db) as con:
        assert store.meta_value(con, DEMO_MARK) == "1"
        first = store.snapshot(con)["snapshot_id"]
    (sim / DEMO_KEY_NAME).unlink()  # the next run makes another demo key
    _load(argparse.Namespace(db=db, sim_dir=sim), files, Progress())
    key = privacy.read_key_file(sim / DEMO_KEY_NAME)
    with store.connect(db) as con:
        assert store.meta_value(con, "key_fingerprint") == privacy.key_fingerprint(key)
        assert store.snapshot(con)["snapshot_id"] != first  # rebuilt, new pseudonyms


def test_a_store_loaded_with_the_demo_key_before_the_mark_is_replaced(tmp_path):
    sim, db = tmp_path / "sim", tmp_path / "demo.duckdb"
    files = simulate(CASES, SEED, sim).files
    key = privacy.create_key(sim / DEMO_KEY_NAME)
    load(
        [files["export"]],
        mapping=files["mapping"],
        db=db,
        key=key,
        export_date=EXPORT_DATE,
    )
    with store.connect(db) as con:
        assert store.meta_value(con, DEMO_MARK) is None  # as an earlier demo left it
    _load(argparse.Namespace(db=db, sim_dir=sim), files, Progress())
    with store.connect(db) as con:
        assert store.meta_value(con, DEMO_MARK) == "1"
