"""`ipgar export` writes a (filtered) log that pm4py reads back with the same cases.

The expected cases are selected here from the original XES file with pm4py's own
filters and pandas; the export, read back with pm4py, must hold the same cases (each
compared by its events: activities in order and timestamps) under pseudonyms only.
The stores and the pm4py reads of the original files are prepared once per session
(`tests/shared_inputs.py`): each test exports from its own copy of the store.
"""

from __future__ import annotations

import gzip
import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

from ipgar_metrics import store
from tests.e2e.test_public_logs_cli import PUBLIC, ipgar
from tests.shared_inputs import pm4py_log, public_store

pm4py = pytest.importorskip("pm4py")

CASE = "case:concept:name"


def _read(path: Path, variant: str = "line_by_line") -> pd.DataFrame:
    if path.parent == PUBLIC:  # an original log: read once per session
        return pm4py_log(path.name, variant)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if path.suffix == ".csv":
            raw = pd.read_csv(path, dtype=str)
            raw["timestamp"] = pd.to_datetime(raw["timestamp"], utc=True)
            return pm4py.format_dataframe(
                raw,
                case_id="case_id",
                activity_key="activity",
                timestamp_key="timestamp",
            )
        return pm4py.read_xes(str(path), variant=variant)


def _signatures(df: pd.DataFrame) -> list[tuple]:
    """One entry per case: its activities and UTC timestamps in order (ids left out)."""
    df = df.sort_values([CASE, "time:timestamp"], kind="stable")
    out = []
    for _, events in df.groupby(CASE, sort=False):
        stamps = pd.to_datetime(events["time:timestamp"], utc=True)
        out.append(
            (tuple(events["concept:name"]), tuple(t.isoformat() for t in stamps))
        )
    return sorted(out)


def _load(name: str, tmp_path: Path) -> str:
    """A copy of the store ``ipgar load FILE --profile generic`` makes of ``name``."""
    return public_store(name, tmp_path)


def test_filtered_export_of_bpic15_1_reads_back_in_pm4py(tmp_path: Path) -> None:
    db = _load("BPIC15_1.xes.gz", tmp_path)
    out = tmp_path / "part.xes.gz"
    res = ipgar(
        "export", "--db", db, "--out", str(out),
        "--period", "2012-01-01", "2013-12-31", "--period-mode", "started",
        "--contains", "01_HOOFD_010",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    original = _read(PUBLIC / "BPIC15_1.xes.gz")
    starts = original.groupby(CASE)["time:timestamp"].min()
    local = starts.dt.tz_convert("Europe/Amsterdam")
    window = starts.index[(local >= "2012-01-01") & (local < "2014-01-01")]
    want = pm4py.filter_event_attribute_values(
        original[original[CASE].isin(window)], "concept:name", ["01_HOOFD_010"],
        level="case", retain=True,
    )  # fmt: skip
    back = _read(out, variant="iterparse")  # pm4py's XML parser, not line by line
    assert back[CASE].nunique() == want[CASE].nunique() > 0
    assert _signatures(back) == _signatures(want)
    assert f"wrote {want[CASE].nunique()} cases, {len(want)} events" in res.stdout
    with store.connect(db) as con:  # and names the snapshot it came from
        snapshot = store.snapshot(con)["snapshot_id"]
    assert f"(snapshot {snapshot})" in res.stdout
    with gzip.open(out, "rt", encoding="utf-8") as fh:  # in the file: a log attribute
        head = fh.read(4000)
    assert f'<string key="ipgar:snapshot" value="{snapshot}"/>' in head
    assert not set(back[CASE]) & set(original[CASE])  # pseudonyms, never the numbers
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_export_of_the_finished_cases_equals_pm4pys_endpoint_filters(
    tmp_path: Path,
) -> None:
    """``--starts-with`` / ``--ends-with``: the cases a log's cut-off left unfinished
    go, as with Disco's endpoints filter (pm4py's start and end activity filters)."""
    db = _load("receipt.xes.gz", tmp_path)
    original = _read(PUBLIC / "receipt.xes.gz")
    ordered = original.sort_values([CASE, "time:timestamp"], kind="stable")
    cases = ordered.groupby(CASE, sort=False)["concept:name"]
    start = cases.first().value_counts().index[0]
    end = cases.last().value_counts().index[0]
    out = tmp_path / "finished.xes"
    res = ipgar(
        "export", "--db", db, "--out", str(out),
        "--starts-with", start, "--ends-with", end,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    want = pm4py.filter_end_activities(
        pm4py.filter_start_activities(original, [start]), [end]
    )
    assert 0 < want[CASE].nunique() < original[CASE].nunique()
    assert _signatures(_read(out)) == _signatures(want)
    said = f"filter starts with {start}; ends with {end}: keeps {want[CASE].nunique()}"
    assert said in res.stderr


@pytest.mark.parametrize("suffix", [".xes", ".csv"])
def test_export_by_attribute_keeps_the_attribute(tmp_path: Path, suffix: str) -> None:
    db = _load("receipt.xes.gz", tmp_path)
    out = tmp_path / f"group2{suffix}"
    res = ipgar("export", "--db", db, "--out", str(out), "--where", "org=Group 2")
    assert res.returncode == 0, res.stderr
    original = _read(PUBLIC / "receipt.xes.gz")
    want = pm4py.filter_event_attribute_values(
        original, "org:group", ["Group 2"], level="case", retain=True
    )
    back = _read(out)
    assert _signatures(back) == _signatures(want)
    org = "org:group" if suffix == ".xes" else "org"
    assert (back[org] == "Group 2").groupby(back[CASE]).any().all()
    assert pm4py.get_variants(back) == pm4py.get_variants(want)
    if suffix == ".xes":  # and the toolkit reads its own export back
        again = str(tmp_path / "again.duckdb")
        res = ipgar("load", str(out), "--profile", "generic", "--db", again)
        assert res.returncode == 0, res.stderr
        res = ipgar("overview", "--db", again, "--format", "json")
        assert json.loads(res.stdout)["events"] == len(want)


def test_export_needs_a_known_file_type(tmp_path: Path) -> None:
    res = ipgar("export", "--db", str(tmp_path / "x.duckdb"), "--out", "log.json")
    assert res.returncode == 1
    assert "name the file .xes, .xes.gz or .csv" in res.stderr
    assert "Traceback" not in res.stderr
