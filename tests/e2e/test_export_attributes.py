"""Every attribute of a generic log: stored at load, filtered on, written back.

BPIC15_1 is loaded once (profile generic; a copy of the session's store,
`tests/shared_inputs.py`); an export filtered by one of its event
attributes (with a time window) and by one of its case attributes, read back with
pm4py, holds the same cases as pm4py's own attribute filters on the original file,
and the attribute values on those events and cases are the original ones.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.e2e.test_export import CASE, _read, _signatures
from tests.e2e.test_public_logs_cli import PUBLIC, ipgar
from tests.shared_inputs import public_store

pm4py = pytest.importorskip("pm4py")

LOG = PUBLIC / "BPIC15_1.xes.gz"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return public_store(LOG.name, tmp_path_factory.mktemp("bpic15"))


@pytest.fixture(scope="module")
def original() -> pd.DataFrame:
    return _read(LOG)


def _middling(series: pd.Series) -> str:
    """A value held by a middling number of cases (neither rare nor everywhere)."""
    counts = series.value_counts().sort_values()
    return str(counts.index[len(counts) // 2])


def _with(df: pd.DataFrame, column: str) -> list[tuple]:
    """Per case its (activity, attribute value) pairs in order, for comparing values."""
    df = df.sort_values([CASE, "time:timestamp"], kind="stable")
    return sorted(
        tuple(zip(ev["concept:name"], ev[column].astype(str), strict=True))
        for _, ev in df.groupby(CASE, sort=False)
    )


def test_an_event_attribute_and_a_window_filter_as_pm4py_does(db, original, tmp_path):
    name = "monitoringResource"
    per_case = original.groupby(CASE)[name].agg(lambda s: s.iloc[0])
    value = _middling(per_case)
    out = tmp_path / "part.xes.gz"
    res = ipgar(
        "export", "--db", db, "--out", str(out), "--where", f"{name}={value}",
        "--period", "2012-01-01", "2013-12-31", "--period-mode", "started",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    starts = original.groupby(CASE)["time:timestamp"].min()
    local = starts.dt.tz_convert("Europe/Amsterdam")
    window = starts.index[(local >= "2012-01-01") & (local < "2014-01-01")]
    want = pm4py.filter_event_attribute_values(
        original[original[CASE].isin(window)], name, [value], level="case",
        retain=True,
    )  # fmt: skip
    back = _read(out, variant="iterparse")
    assert back[CASE].nunique() == want[CASE].nunique() > 0
    assert _signatures(back) == _signatures(want)
    # the values came back with their events: another event attribute too
    for column in (name, "question", "(case)_SUMleges"):
        assert _with(back, column) == _with(want, column)


def test_a_case_attribute_filter_as_pm4py_does(db, original, tmp_path):
    per_case = original.groupby(CASE)["case:variant"].first()
    value = str(per_case.value_counts().index[1])  # the second most frequent
    out = tmp_path / "variant.csv"
    res = ipgar(
        "export", "--db", db, "--out", str(out), "--where", f"case:variant={value}"
    )
    assert res.returncode == 0, res.stderr
    want = pm4py.filter_trace_attribute_values(
        original, "case:variant", [value], retain=True
    )
    back = _read(out)
    assert back[CASE].nunique() == want[CASE].nunique() > 1
    assert _signatures(back) == _signatures(want)
    assert set(back["case:variant"]) == {value}  # written back as a case column
    assert _with(back, "monitoringResource") == _with(want, "monitoringResource")


def test_an_unknown_attribute_or_value_is_one_line(db):
    res = ipgar("export", "--db", db, "--out", "x.csv", "--where", "monitorResource=1")
    assert res.returncode == 1
    assert 'unknown filter attribute "monitorResource"' in res.stderr
    assert "did you mean monitoringResource" in res.stderr
    res = ipgar("export", "--db", db, "--out", "x.csv", "--where", "case:variant=Q")
    assert res.returncode == 1 and 'unknown value of case:variant "Q"' in res.stderr
    assert "Traceback" not in res.stderr
