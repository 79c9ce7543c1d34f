"""One benchmark task in a fresh process: ``python worker.py TASK DATA_DIR RESULT``.

Prints one JSON line: task, seconds (the timed part), total_seconds (process work incl.
imports), peak_rss_mb, and writes the task's answer (for the agreement check,
``agreement.py``) to RESULT as a pickle. pm4py tasks read and clean the export first
(timed separately as ``prep_seconds``), then time the metric alone.

Both sides pseudonymise with the same key, ``KEY``, set here for every task: the
environment's ``IPGAR_KEY`` (or key file) is never used, so the case pseudonyms of
ours and of pm4py's side can be compared.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import sys
import time
import tomllib
from pathlib import Path

T0 = time.perf_counter()
#: The harness's key for both sides (not a secret: the logs are simulated).
KEY = b"benchmark-key-not-secret-0123456789"
# Set, not defaulted: a key in the caller's environment must not reach either side.
os.environ["IPGAR_KEY"] = KEY.decode()
os.environ.pop("IPGAR_KEY_FILE", None)
#: The export date of the benchmark logs: ours rejects events on or after the next day.
EXPORT_DATE = "2026-11-01"


def _peak_mb() -> float:
    """This process's peak resident memory in MB.

    On Linux the high-water mark of the process's own memory (``VmHWM``): its
    ``ru_maxrss`` also counts the harness's memory at the moment it started this
    process (the parent's pages before ``exec``), 370 MB and more when the harness
    holds pandas and a simulated log, which hid the small tasks' own peak.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _db(data: Path) -> Path:
    return data / "ipgar.duckdb"


# --- ours ---------------------------------------------------------------------------


def _ours_load(export: Path, db: Path, mapping: Path) -> object:
    from datetime import date

    from ipgar_metrics.ingest._load import load

    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    t = time.perf_counter()
    res = load(
        [export],
        mapping=mapping,
        db=db,
        export_date=date.fromisoformat(EXPORT_DATE),
        key=KEY,
    )
    return time.perf_counter() - t, {
        "rows_loaded": res.rows_loaded,
        "rejected": res.rows_rejected,
        "duplicates": res.duplicates_skipped,
    }


def ours_load(data: Path) -> object:
    return _ours_load(data / "export.csv", _db(data), data / "mapping.toml")


def ours_load_dirty(data: Path) -> object:
    """The dirty export (``run.py``: exact duplicates and unparseable rows) in a store of its own."""
    dirty = data / "dirty"
    return _ours_load(
        dirty / "export.csv", dirty / "ipgar.duckdb", data / "mapping.toml"
    )


def _con(data: Path):
    from ipgar_metrics import store

    return store.connect(_db(data))


def _last_event(con):
    """The reference time that counts every event (``as_of`` is required)."""
    from ipgar_metrics import store

    return store.last_event_at(con)


def _scan(data: Path, sql: str) -> object:
    """The time of one bare scan (``sql``), and the count it returns first."""
    con = _con(data)
    t = time.perf_counter()
    row = con.execute(sql).fetchone()
    return time.perf_counter() - t, row[0]


def ours_scan(data: Path) -> object:
    return _scan(
        data,
        "SELECT count(*), max(case_id), max(episode), max(seq), max(activity), "
        "max(ts) FROM events",
    )


def ours_scan_keys(data: Path) -> object:
    """A bare scan of the integer columns the process map reads.

    The stored steps of schema version 11 with the keys of version 10: the map of
    whole episodes groups ``activity_code``, ``next_activity_code``, ``next_gap_us``
    by episode (``case_key``, ``episode``) and cuts at ``ts``. Sums, not maxima:
    DuckDB answers the maximum of an integer column from the statistics it keeps
    per row group, without reading the column.
    """
    return _scan(
        data,
        "SELECT count(*), sum(case_key), sum(episode), sum(activity_code), "
        "sum(next_activity_code), sum(next_gap_us), sum(epoch_us(ts)) FROM events",
    )


def ours_scan_paths(data: Path) -> object:
    """A bare scan of the stored paths the variants read (schema version 9)."""
    return _scan(
        data,
        "SELECT count(*), max(case_id), sum(episode), max(path_key), sum(n_events), "
        "sum(epoch_us(end_at) - epoch_us(start_at)) FROM episode_paths",
    )


def ours_scan_firsts(data: Path) -> object:
    """A bare scan of the stored first times the lead time reads (schema version 12)."""
    return _scan(
        data,
        "SELECT count(*), max(case_id), sum(activity_code), sum(episode), "
        "sum(epoch_us(first_at)) FROM activity_firsts",
    )


def ours_case_durations(data: Path) -> object:
    from ipgar_metrics.metrics.leadtime._between import case_durations

    con = _con(data)
    as_of = _last_event(con)  # outside the timing
    t = time.perf_counter()
    f = case_durations(con, as_of=as_of)
    secs = time.perf_counter() - t
    return secs, dict(
        zip(f["case_id"], (f["end_at"] - f["start_at"]).dt.total_seconds(), strict=True)
    )


def ours_leadtime(data: Path) -> object:
    from ipgar_metrics.metrics.leadtime._between import lead_time_between

    con = _con(data)
    as_of = _last_event(con)  # outside the timing
    t = time.perf_counter()
    f = lead_time_between(
        con,
        from_activity="melding",
        to_activity="instroom",
        as_of=as_of,
        within="case",  # pm4py's answer: first A to first B of the whole case
    )
    secs = time.perf_counter() - t
    f = f[~f["is_open"]]
    return secs, dict(
        zip(f["case_id"], (f["end_at"] - f["start_at"]).dt.total_seconds(), strict=True)
    )


def ours_dfg(data: Path) -> object:
    from ipgar_metrics.metrics.paths._dfg import directly_follows

    con = _con(data)
    as_of = _last_event(con)  # outside the timing
    t = time.perf_counter()
    f = directly_follows(con, phase="episode", include_open=True, as_of=as_of)
    secs = time.perf_counter() - t
    f = f[~f["source"].str.startswith("[") & ~f["target"].str.startswith("[")]
    return secs, {
        (r.source, r.target): (int(r.count), float(r.mean_seconds))
        for r in f.itertuples()
    }


def ours_variants(data: Path) -> object:
    from ipgar_metrics.metrics.paths._variants import variants

    con = _con(data)
    as_of = _last_event(con)  # outside the timing
    t = time.perf_counter()
    f = variants(
        con,
        phase="episode",
        min_count=1,
        include_open=True,
        as_of=as_of,
    )
    secs = time.perf_counter() - t
    return secs, sorted(int(c) for c in f["count"])


def ours_contact_integrality(data: Path) -> object:
    from ipgar_metrics.metrics.casework._contact import contact_gaps
    from ipgar_metrics.metrics.casework._integrality import integrality

    con = _con(data)
    as_of = _last_event(con)  # outside the timing
    t = time.perf_counter()
    g = contact_gaps(con, as_of=as_of)
    i = integrality(con, as_of=as_of, level="summary")
    return time.perf_counter() - t, (len(g), len(i))


def ours_report(data: Path) -> object:
    from ipgar_metrics.report._build import build_report

    t = time.perf_counter()
    paths = build_report(
        db=_db(data), month="2026-10", out_dir=data / "report", pdf=False
    )
    return time.perf_counter() - t, [str(p) for p in paths]


# --- pm4py --------------------------------------------------------------------------


#: The columns pm4py's discovery functions read (its formatted keys and index columns).
PM4PY_COLUMNS = (
    "case:concept:name",
    "concept:name",
    "time:timestamp",
    "@@index",
    "@@case_index",
)

#: The frame ``pm4py_load`` leaves for the other pm4py tasks (pandas' pickle: the
#: toolkit installs no Parquet library for pandas).
PM4PY_CACHE = "pm4py_frame.pkl"


def _pm4py_frame(data: Path):
    """The pm4py frame: cached by ``pm4py_load`` (a pickle), else read from the export.

    Only the columns pm4py reads are kept, as an analyst would for process mining: the
    other export columns only make pm4py copy more (at 1,000,000 cases its performance
    DFG ran out of memory with all 16 columns) and reading them cost 45 s per task.
    """
    import pandas as pd

    cache = data / PM4PY_CACHE
    if cache.exists():  # written by this harness: the frame with its own dtypes
        return pd.read_pickle(cache)[list(PM4PY_COLUMNS)]
    return _pm4py_read_export(data)[list(PM4PY_COLUMNS)]


def _pm4py_read_export(data: Path, export: Path | None = None):
    """Read the Dutch export with pandas, map it, clean it, format it for pm4py.

    The cleaning does what our loader does to the rows, so that both keep the same
    events: exact duplicate rows dropped; rows without a case id, with an unknown
    activity, or with a time that does not parse, does not exist (the spring-forward
    hour) or falls on or after the day after the export date dropped; a time in the
    repeated autumn hour read as its first occurrence.
    """
    import numpy as np
    import pandas as pd
    import pm4py

    from ipgar_metrics.privacy import pseudonym

    mapping = tomllib.loads((data / "mapping.toml").read_text(encoding="utf-8"))
    df = pd.read_csv(
        export or data / "export.csv",
        sep=";",
        dtype=str,
        encoding="utf-8-sig",
        keep_default_na=False,
    )
    df = df.rename(columns=mapping["columns"])
    for col, table in mapping["values"].items():  # vectorised: unknown labels kept
        df[col] = df[col].map(table).fillna(df[col])
    ts = pd.to_datetime(
        df["timestamp"], format=mapping["source"]["timestamp_format"], errors="coerce"
    )
    df["timestamp"] = ts.dt.tz_localize(
        "Europe/Amsterdam",
        ambiguous=np.ones(len(ts), dtype=bool),  # the first (summer-time) occurrence
        nonexistent="NaT",
    )
    from ipgar_metrics.schema import ACTIVITIES

    df = df[
        df["timestamp"].notna()
        & df["activity"].isin(ACTIVITIES)
        & (df["case_id"].str.strip() != "")
    ]
    day_after = pd.Timestamp(EXPORT_DATE, tz="Europe/Amsterdam") + pd.Timedelta(days=1)
    df = df[df["timestamp"] < day_after]
    df = df.drop_duplicates()
    ids = {c: pseudonym(c, KEY) for c in df["case_id"].unique()}
    df["case_id"] = df["case_id"].map(ids)
    return pm4py.format_dataframe(
        df, case_id="case_id", activity_key="activity", timestamp_key="timestamp"
    )


def pm4py_load(data: Path) -> object:
    t = time.perf_counter()
    df = _pm4py_read_export(data)
    secs = time.perf_counter() - t
    # later pm4py tasks start from here, with the only columns they read
    df[list(PM4PY_COLUMNS)].to_pickle(data / PM4PY_CACHE)
    return secs, {"rows_loaded": len(df)}


def pm4py_load_dirty(data: Path) -> object:
    """pandas + pm4py on the dirty export: the same cleaning, timed as its load."""
    t = time.perf_counter()
    df = _pm4py_read_export(data, data / "dirty" / "export.csv")
    return time.perf_counter() - t, {"rows_loaded": len(df)}


def pm4py_case_durations(data: Path) -> object:
    import pm4py

    df = _pm4py_frame(data)
    t = time.perf_counter()
    durs = pm4py.get_all_case_durations(df)
    secs = time.perf_counter() - t
    return secs, sorted(float(d) for d in durs)


def pm4py_leadtime(data: Path) -> object:
    df = _pm4py_frame(data)
    t = time.perf_counter()
    a = (
        df[df["concept:name"] == "melding"]
        .groupby("case:concept:name")["time:timestamp"]
        .min()
    )
    b = (
        df[df["concept:name"] == "instroom"]
        .groupby("case:concept:name")["time:timestamp"]
        .min()
    )
    both = (b - a).dropna()
    secs = time.perf_counter() - t
    return secs, dict(zip(both.index, both.dt.total_seconds(), strict=True))


def pm4py_dfg(data: Path) -> object:
    import pm4py

    df = _pm4py_frame(data)
    t = time.perf_counter()
    freq, _s, _e = pm4py.discover_dfg(df)
    perf, _s, _e = pm4py.discover_performance_dfg(df)
    secs = time.perf_counter() - t
    return secs, {k: (int(freq[k]), float(perf[k]["mean"])) for k in freq}


def pm4py_variants(data: Path) -> object:
    import pm4py

    df = _pm4py_frame(data)
    t = time.perf_counter()
    var = pm4py.get_variants(df)
    secs = time.perf_counter() - t
    return secs, sorted(
        int(v) if not isinstance(v, list) else len(v) for v in var.values()
    )


TASKS = {
    name: fn for name, fn in globals().items() if name.startswith(("ours_", "pm4py_"))
}


def main() -> None:
    task, data, result = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    t_start = time.perf_counter()
    seconds, answer = TASKS[task](data)
    total = time.perf_counter() - T0
    with result.open("wb") as fh:
        pickle.dump(answer, fh)
    print(
        json.dumps(
            {
                "task": task,
                "seconds": seconds,
                "total_seconds": total,
                "prep_seconds": time.perf_counter() - t_start - seconds,
                "peak_rss_mb": _peak_mb(),
            }
        )
    )


if __name__ == "__main__":
    main()
