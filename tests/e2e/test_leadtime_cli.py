"""``ipgar leadtime`` end to end: a store file with the tiny log, run as a process.

Expected numbers are the hand-worked ones of tests/unit/test_leadtime.py.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_leadtime_tiny_log import tiny_frame

from ipgar_metrics import store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("leadtime_cli") / "tiny.duckdb"
    con = store.connect(path, read_only=False)
    store.insert_events(con, tiny_frame())
    con.close()
    return path


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "ipgar_metrics.cli", "leadtime", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_csv_one_row_per_episode(db):
    res = _run("--db", db, "--as-of", "2025-01-01", "--format", "csv")
    assert res.returncode == 0, res.stderr
    assert "as of 2025-01-01T00:00:00+01:00" in res.stderr
    first = res.stdout.splitlines()[0]
    assert first.startswith("case_id,episode,start_at,end_at,outcome,days")
    frame = pd.read_csv(io.StringIO(res.stdout), dtype=str, keep_default_na=False)
    assert len(frame) == 7
    b = frame[frame["case_id"] == "B"].iloc[0]
    assert b["start_at"] == "2024-03-28T12:00:00+01:00"
    assert b["end_at"] == "2024-04-10T12:00:00+02:00"
    assert float(b["days"]) == pytest.approx(13 - 1 / 24)
    e = frame[frame["case_id"] == "E"].iloc[0]
    assert (e["outcome"], e["days"], e["end_at"]) == ("open", "", "")
    assert frame["outcome"].tolist() == [
        "instroom", "instroom", "geen_instroom", "instroom", "tussenvariant",
        "open", "open",
    ]  # fmt: skip


def test_default_as_of_is_last_event_and_said(db):
    res = _run("--db", db, "--format", "csv")
    assert res.returncode == 0, res.stderr
    assert "2025-01-06T09:00:00+01:00 (the last event in the store" in res.stderr
    frame = pd.read_csv(io.StringIO(res.stdout))
    assert frame.set_index("case_id").loc["F", "days"] == pytest.approx(35.0)


def test_from_to_json_and_summary(db):
    res = _run(
        "--db", db, "--from", "melding", "--to", "instroom", "--within", "case",
        "--format", "json",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    rows = {r["case_id"]: r for r in json.loads(res.stdout)}
    assert rows["C"]["days"] == pytest.approx(70.0)
    assert rows["D"]["outcome"] == "open"
    assert rows["D"]["days"] is None
    res = _run("--db", db, "--as-of", "2025-01-01", "--summary", "--format", "json")
    assert "warning: 2 of 7 episodes are still open" in res.stderr
    assert "Traceback" not in res.stderr
    total = next(r for r in json.loads(res.stdout) if r["stage"] == "total")
    assert total["n"] == 5
    assert total["mean_days"] == pytest.approx(18.2)
    res = _run(
        "--db", db, "--as-of", "2025-01-01", "--summary", "--by", "report_source",
        "--format", "csv",
    )  # fmt: skip
    frame = pd.read_csv(io.StringIO(res.stdout))
    assert list(frame.columns[:3]) == ["stage", "report_source", "n"]


def test_from_to_per_episode_on_an_ipgar_store(db):
    res = _run("--db", db, "--from", "melding", "--to", "instroom", "--format", "json")
    assert res.returncode == 0, res.stderr
    rows = {(r["case_id"], r["episode"]): r for r in json.loads(res.stdout)}
    # C was re-reported after a refusal: episode 1 ended without intake, episode 2
    # from its own report 12-16 09:00 to the intake 12-30 09:00 = 14 days
    assert (rows[("C", 1)]["outcome"], rows[("C", 1)]["days"]) == ("ended", None)
    assert rows[("C", 1)]["ended_without_to"] is True
    assert rows[("C", 2)]["days"] == pytest.approx(14.0)
    # D: refused, then a preventive conversation: ended, not open; E is open
    assert (rows[("D", 1)]["outcome"], rows[("D", 1)]["is_open"]) == ("ended", False)
    assert rows[("E", 1)]["outcome"] == "open"
    assert _run("--db", db, "--within", "case").returncode == 2


def test_errors_and_exit_codes(db, tmp_path):
    assert _run("--db", db, "--from", "melding").returncode == 2
    bad = _run("--db", db, "--from", "meldng", "--to", "instroom")
    assert bad.returncode == 1
    assert "unknown activity" in bad.stderr
    assert "Traceback" not in bad.stderr
    seg = _run("--db", db, "--summary", "--by", "regio")
    assert seg.returncode == 1
    assert "choose one of" in seg.stderr
    missing = _run("--db", tmp_path / "nope.duckdb")
    assert missing.returncode == 1


def test_incidence_csv_columns_and_values(db):
    res = _run("--db", db, "--as-of", "2025-01-01", "--incidence", "--format", "csv")
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[0] == "days,outcome,cif,lower,upper"
    frame = pd.read_csv(io.StringIO(res.stdout))
    # five distinct event times (tests/unit/test_incidence.py) x three outcomes
    assert len(frame) == 15
    assert set(frame["outcome"]) == {"instroom", "geen_instroom", "tussenvariant"}
    last = frame[frame["days"] == 28.0].set_index("outcome")["cif"]
    assert last["instroom"] == pytest.approx(3 / 7)
    assert last["geen_instroom"] == pytest.approx(1 / 7)
    res = _run("--db", db, "--as-of", "2025-01-01", "--incidence", "--summary",
               "--format", "json")  # fmt: skip
    rows = {r["outcome"]: r for r in json.loads(res.stdout)}
    assert rows["tussenvariant"]["cif_32w"] == pytest.approx(1 / 7)
    assert _run("--db", db, "--incidence", "--workdays").returncode == 2


def test_incidence_equals_aalen_johansen_on_simulated_store(sim_store):
    """The CSV against an independent Aalen-Johansen computation: lifelines, with
    its random tie-breaking off (it estimates ties as ties, as ipgar does)."""
    from lifelines import AalenJohansenFitter

    res = _run("--db", sim_store.db, "--as-of", sim_store.as_of.isoformat(),
               "--incidence", "--format", "csv")  # fmt: skip
    assert res.returncode == 0, res.stderr
    frame = pd.read_csv(io.StringIO(res.stdout))
    per_episode = _run(
        "--db", sim_store.db, "--as-of", sim_store.as_of.isoformat(), "--format", "csv"
    )  # fmt: skip
    eps = pd.read_csv(io.StringIO(per_episode.stdout))
    eps = eps[eps["start_at"].notna()]
    days = eps["days"].fillna(eps["open_days"])
    outcomes = ("instroom", "geen_instroom", "tussenvariant")
    code = eps["outcome"].map({o: i + 1 for i, o in enumerate(outcomes)}).fillna(0)

    class NoJitter(AalenJohansenFitter):
        @staticmethod
        def _check_for_duplicates(durations, events):
            return False

    for k, outcome in enumerate(outcomes, start=1):
        ref = NoJitter(calculate_variance=False).fit(
            days, code.astype(int), event_of_interest=k
        )
        ours = frame[frame["outcome"] == outcome].set_index("days")["cif"]
        expected = ref.cumulative_density_.iloc[:, 0]
        # the CSV carries days with 15 significant digits: look up the nearest time
        pos = expected.index.get_indexer(ours.index, method="nearest")
        assert np.allclose(expected.index[pos], ours.index, rtol=0, atol=1e-9)
        assert np.allclose(ours.to_numpy(), expected.iloc[pos], rtol=0, atol=1e-9)
