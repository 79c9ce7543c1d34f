"""A real log as pm4py writes it to CSV: inspect drafts the mapping, load reads it all.

The helpdesk log (tests/data/public) is read by pm4py and written with pandas'
``to_csv``, as an analyst exports a pm4py frame: XES column names and times with an
offset. ``ipgar inspect`` alone must draft a mapping that loads every event in
profile generic, the store's case durations and variants must equal pm4py's on the
frame it wrote, and the store must be the one the XES file gives.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest

from ipgar_metrics import store
from ipgar_metrics.cli import main
from ipgar_metrics.ingest._load import load
from ipgar_metrics.metrics.leadtime._between import case_durations
from ipgar_metrics.metrics.paths._variants import variants
from tests.shared_inputs import PM4PY_READER, pm4py_log

pm4py = pytest.importorskip("pm4py")

KEY = b"oracle-inspect-key-0123456789abcdef"


def test_helpdesk_written_by_pm4py_loads_with_the_drafted_mapping(
    tmp_path: Path, capsys
):
    df = pm4py_log("helpdesk.xes.gz", PM4PY_READER)
    export = tmp_path / "helpdesk.csv"
    df.to_csv(export, index=False)
    draft = tmp_path / "mapping.toml"
    assert main(["inspect", str(export), "--mapping-out", str(draft)]) == 0
    assert "profile generic" in capsys.readouterr().err
    assert tomllib.loads(draft.read_text(encoding="utf-8"))["columns"] == {
        "concept:name": "activity",
        "org:resource": "case_manager",
        "time:timestamp": "timestamp",
        "case:concept:name": "case_id",
    }
    db = tmp_path / "helpdesk.duckdb"
    result = load(export, mapping=draft, db=db, key=KEY, profile="generic")
    assert (result.rows_loaded, result.rows_rejected) == (len(df), 0)
    with store.connect(db) as con:
        last = store.last_event_at(con)
        ours = case_durations(con, as_of=last)
        found = variants(con, as_of=last, min_count=1)
    seconds = np.sort((ours["end_at"] - ours["start_at"]).dt.total_seconds().to_numpy())
    theirs = np.sort(np.asarray(pm4py.get_all_case_durations(df), dtype=float))
    assert len(seconds) == df["case:concept:name"].nunique()
    np.testing.assert_allclose(seconds, theirs, atol=1e-3)
    assert len(found) == len(pm4py.get_variants(df))
    # the XES file itself, loaded as it is, is the same store (same snapshot id)
    xes = Path(__file__).resolve().parents[1] / "data" / "public" / "helpdesk.xes.gz"
    direct = load(xes, db=tmp_path / "xes.duckdb", key=KEY, profile="generic")
    assert direct.snapshot_id == result.snapshot_id
