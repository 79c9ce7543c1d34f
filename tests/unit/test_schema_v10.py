"""Schema version 10: integer case keys and activity codes on every event.

A version-9 store is made as that release made it (its steps only, with a row) and
upgraded in one transaction; the version-1 store written by the release reaches
version 10 with its snapshot id unchanged. The keys are checked after the upgrade,
after a purge, an erasure, a restriction and its lifting (the loads with corrections
are checked in ``test_load_renumber.py``), and every public metric gives the same
answer on the simulated store before and after the upgrade, and with every case's key
changed (the keys are internal: no answer may depend on them). The process map, which
now sorts the keys instead of the text, is compared with one computed in pandas from
the events' text columns.
"""

from __future__ import annotations

import gzip
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest
from test_purge import CASES
from test_schema_v9 import _governed_store
from test_vocabulary import EXTRA, _public_metrics

from ipgar_metrics import governance, privacy, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.ingest._load import snapshot_id
from ipgar_metrics.metrics.paths import _discovery
from ipgar_metrics.metrics.paths._dfg import directly_follows
from ipgar_metrics.metrics.whatif._scenario import Scenario
from ipgar_metrics.schema import END_NODE, START_NODE
from tests.stores import (
    after_failed_upgrade,
    as_older_version,
    assert_integer_keys,
    columns,
    store_at_version,
)

#: the columns of events that never leave the store (schema versions 10 and 11)
INTERNAL = ("case_key", "activity_code", "next_activity_code", "next_gap_us")
V1_STORE = Path(__file__).parents[1] / "data" / "stores" / "v1_store.duckdb.gz"
V1_SNAPSHOT = "S976fb12d9513185a"  # what the release recorded (see the README)

pytestmark = pytest.mark.filterwarnings(
    "ignore::ipgar_metrics.errors.DataQualityWarning"
)


def dfg_in_pandas(con: duckdb.DuckDBPyConnection, as_of: Any) -> pd.DataFrame:
    """The process map from the text columns, with pandas: counts, mean and median."""
    ev = con.execute(
        "SELECT case_id, episode, seq, activity, ts FROM events WHERE ts <= ? "
        "ORDER BY case_id, episode, seq",
        [as_of],
    ).df()
    group = ev.groupby(["case_id", "episode"], sort=False)
    ev["target"] = group["activity"].shift(-1).fillna(END_NODE)
    ev["seconds"] = (group["ts"].shift(-1) - ev["ts"]).dt.total_seconds()
    ev["episode_key"] = ev["case_id"] + "/" + ev["episode"].astype(str)
    edges = (
        ev.groupby(["activity", "target"])
        .agg(
            count=("seconds", "size"),
            n_episodes=("episode_key", "nunique"),
            mean_seconds=("seconds", "mean"),
            median_seconds=("seconds", "median"),  # interpolated, as quantile_cont
        )
        .reset_index()
        .rename(columns={"activity": "source"})
    )
    starts = group["activity"].first().value_counts()
    start = pd.DataFrame(
        {
            "source": START_NODE,
            "target": starts.index,
            "count": starts.to_numpy(),
            "n_episodes": starts.to_numpy(),
            "mean_seconds": np.nan,
            "median_seconds": np.nan,
        }
    )
    both = pd.concat([edges, start], ignore_index=True)
    return both.sort_values(["source", "target"]).reset_index(drop=True)


def assert_dfg_as_pandas(con: duckdb.DuckDBPyConnection, as_of: Any) -> None:
    got = directly_follows(con, as_of=as_of, include_open=True)
    got = got[
        ["source", "target", "count", "n_episodes", "mean_seconds", "median_seconds"]
    ]
    got = got.sort_values(["source", "target"]).reset_index(drop=True)
    want = dfg_in_pandas(con, as_of)
    pd.testing.assert_frame_equal(got, want, check_dtype=False, rtol=1e-9)


# --- the upgrade ------------------------------------------------------------------


def test_a_version_9_store_upgrades_to_version_10_with_its_keys(tmp_path):
    db = tmp_path / "v9.duckdb"
    store_at_version(db, 9)
    con = store.connect(db)
    try:
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert columns(con, "events")[-4:-2] == ["case_key", "activity_code"]
        assert "case_key" not in columns(con, "restricted_events")
        assert con.execute(
            "SELECT case_id, case_key, activity, activity_code FROM events"
        ).fetchall() == [("Cabc", 1, "melding", 0)]
    finally:
        con.close()


def test_a_failed_upgrade_leaves_the_version_9_store_as_it_was(tmp_path, monkeypatch):
    db = tmp_path / "v9.duckdb"
    store_at_version(db, 9)
    with after_failed_upgrade(db, 10, monkeypatch) as con:
        assert "case_key" not in columns(con, "events")
        assert con.execute("SELECT count(*) FROM events").fetchall() == [(1,)]


def test_the_upgrade_runs_within_the_memory_limit_of_a_load(tmp_path, monkeypatch):
    db = tmp_path / "v9.duckdb"
    store_at_version(db, 9)
    seen: list[str] = []
    real = store.MIGRATIONS[10]

    def spy(con: duckdb.DuckDBPyConnection) -> None:
        seen.append(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])
        real(con)

    monkeypatch.setitem(store.MIGRATIONS, 10, spy)
    monkeypatch.setenv("IPGAR_MEMORY_LIMIT", "300MB")
    with store.connect(db, read_only=False) as con:
        after = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert seen == ["286.1 MiB"]  # 300 MB, as DuckDB writes it
    assert after != seen[0]  # the connection's own limit again afterwards


def test_the_version_1_store_of_the_release_reaches_version_10(tmp_path):
    db = tmp_path / "v1.duckdb"
    with gzip.open(V1_STORE, "rb") as src, db.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    con = store.connect(db)
    try:
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert snapshot_id(con) == V1_SNAPSHOT  # the keys leave the id as it was
        assert_integer_keys(con)
        # keys in the order of the pseudonyms, as the upgrade gives them
        keys = con.execute(
            "SELECT DISTINCT case_id, case_key FROM events ORDER BY case_id"
        ).fetchall()
        assert [k for _, k in keys] == list(range(1, len(keys) + 1))
        last = store.last_event_at(con)
        assert_dfg_as_pandas(con, last)
        assert_dfg_as_pandas(con, last - pd.Timedelta(days=200))
    finally:
        con.close()


# --- kept wherever events change --------------------------------------------------


def test_keys_after_purge_erasure_restriction_and_lifting(tmp_path):
    db = _governed_store(tmp_path)
    with store.connect(db) as con:
        assert_integer_keys(con)
        before = dict(
            con.execute("SELECT DISTINCT case_id, case_key FROM events").fetchall()
        )
    person = privacy.pseudonym("A-001", privacy.load_key())
    governance.restrict_processing(db=db, case_id="A-001")
    with store.connect(db) as con:
        assert_integer_keys(con)
        assert person not in dict(
            con.execute("SELECT DISTINCT case_id, case_key FROM events").fetchall()
        )
    governance.lift_restriction(db=db, case_id="A-001")
    with store.connect(db) as con:
        assert_integer_keys(con)
        after = dict(
            con.execute("SELECT DISTINCT case_id, case_key FROM events").fetchall()
        )
        assert_dfg_as_pandas(con, store.last_event_at(con))
    assert after.keys() == before.keys()
    # lifting renumbers the whole table: keys stay one to one, values may move
    assert len(set(after.values())) == len(after)
    governance.purge(db=db, ended_before=date(2025, 1, 1))
    with store.connect(db) as con:
        assert_integer_keys(con)
    with store.connect(db) as con:
        left = {
            c for (c,) in con.execute("SELECT DISTINCT case_id FROM events").fetchall()
        }
    raw = next(c for c in CASES if privacy.pseudonym(c, privacy.load_key()) in left)
    governance.erase(db=db, case_id=raw)
    with store.connect(db) as con:
        assert_integer_keys(con)
        assert_dfg_as_pandas(con, store.last_event_at(con))


def test_the_process_map_of_the_simulated_store_is_that_of_its_text(sim_store):
    with store.connect(sim_store.db) as con:
        assert_integer_keys(con)
        assert_dfg_as_pandas(con, sim_store.as_of)
        # another phase and outcomes code their labels apart: the same edges
        plain = directly_follows(con, as_of=sim_store.as_of, phase="intake")
        refined = directly_follows(
            con, as_of=sim_store.as_of, phase="intake", outcomes=True
        )
        assert plain["count"].sum() == refined["count"].sum()
        assert refined["source"].str.contains(":").any()


# --- every metric the same ----------------------------------------------------------


#: pm4py's token replay and precision of every path against a discovered model (50 s
#: on this store): its only input from the store, the paths and their counts, is
#: compared instead
READ_ONLY_INPUT = {"model_conformance": _discovery._variant_counts}
#: where two alignments are equally optimal, pm4py reports either from one call to
#: the next (its search breaks ties in the order of a set of the model's transition
#: objects, which differs between calls); their cost and fitness are compared
TIE_COLUMNS = ["deviations", "first_deviation"]


def _own_extra(as_of: date) -> dict[str, dict[str, Any]]:
    """Arguments that make a metric answer here where ``EXTRA`` only names them."""
    change = as_of - timedelta(days=365)
    return {
        "prediction_check": {  # the baseline scenario a year before as_of, few runs
            "scenario": Scenario(),
            "change": change,
            "runs": 50,
            "bootstrap": 20,
        },
    }


def _answers(db: Path, as_of: date, folder: Path) -> dict[str, Any]:
    """Every public metric's answer on the store, or the ConfigError it gave.

    A refusal for want of an input this call does not give (a second period, a
    relation) is the same answer both times; any other error fails the test.
    """
    got: dict[str, Any] = {}
    own = _own_extra(as_of)
    with store.connect(db) as con:
        for param in _public_metrics():
            fn = param.values[0]
            if fn.__name__ in READ_ONLY_INPUT:
                got[fn.__name__] = READ_ONLY_INPUT[fn.__name__](con, as_of)
                continue
            extra = {**EXTRA.get(fn.__name__, {}), **own.get(fn.__name__, {})}
            for name in ("out", "model"):
                if name in extra:
                    extra[name] = str(folder / extra[name])
            try:
                got[fn.__name__] = fn(con, as_of=as_of, **extra)
            except ConfigError as exc:
                got[fn.__name__] = f"ConfigError: {exc}"
    return got


def _same(a: Any, b: Any, name: str) -> None:
    if isinstance(a, pd.DataFrame):
        ties = [c for c in TIE_COLUMNS if c in a.columns]
        pd.testing.assert_frame_equal(
            a.drop(columns=ties), b.drop(columns=ties), obj=name
        )
        assert a.attrs == b.attrs, name
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, obj=name)
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b, err_msg=name)
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), name
        for k in a:
            _same(a[k], b[k], f"{name}[{k}]")
    elif isinstance(a, tuple | list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{name}[{i}]")
    elif isinstance(a, float) and np.isnan(a):
        assert np.isnan(b), name
    else:
        assert type(a) is type(b), name
        if hasattr(a, "__dict__") and not isinstance(a, Path):
            _same(vars(a), vars(b), name)
        else:
            assert a == b, name


def test_every_metric_is_the_same_after_the_upgrade_and_with_other_keys(
    sim_store, tmp_path
):
    v10 = tmp_path / "v10.duckdb"
    shutil.copy(sim_store.db, v10)
    v9 = tmp_path / "v9.duckdb"
    shutil.copy(sim_store.db, v9)
    as_older_version(v9, 9)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    before = _answers(v10, sim_store.as_of, tmp_path / "a")
    after = _answers(v9, sim_store.as_of, tmp_path / "b")  # upgraded when opened
    assert len(before) > 40
    answered = [n for n, a in before.items() if not isinstance(a, str)]
    assert len(answered) > 50  # refusals are the few that need another input
    for name, answer in before.items():
        _same(answer, after[name], name)
        if isinstance(answer, pd.DataFrame):  # the keys are internal
            assert not set(INTERNAL) & set(answer.columns), name
    with store.connect(v9) as con:
        assert_integer_keys(con)
    # nor does any answer depend on which key a case got: the keys reversed
    reversed_keys = tmp_path / "reversed.duckdb"
    shutil.copy(v10, reversed_keys)
    con = duckdb.connect(str(reversed_keys))
    try:
        (top,) = con.execute("SELECT max(case_key) FROM events").fetchone()
        con.execute("UPDATE events SET case_key = ? + 1 - case_key", [top])
        # the stored windows (schema version 13) carry the key: derived, so reversed too
        con.execute("UPDATE approach_windows SET case_key = ? + 1 - case_key", [top])
    finally:
        con.close()
    (tmp_path / "c").mkdir()
    other = _answers(reversed_keys, sim_store.as_of, tmp_path / "c")
    for name, answer in before.items():
        _same(answer, other[name], name)
