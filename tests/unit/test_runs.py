"""Lookups per run of equal keys give what a lookup per row gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics.metrics._runs import isin_by_runs, key_runs, looked_up


def _frames(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows in runs (some keys coming back later, some not in the table)."""
    rng = np.random.default_rng(seed)
    cases = np.array([f"C{i:03d}" for i in range(30)], dtype=object)
    n = int(rng.integers(0, 400))
    frame = pd.DataFrame(
        {
            "case_id": cases[np.sort(rng.integers(0, 30, n))],
            "episode": rng.integers(1, 4, n),
        }
    )
    if seed % 2:  # out of order: runs of a key more than once
        frame = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    table = pd.DataFrame(
        [(c, e) for c in cases[:25] for e in (1, 2)], columns=["case_id", "episode"]
    )
    table["group"] = np.where(rng.random(len(table)) < 0.2, None, "org")
    table.loc[rng.random(len(table)) < 0.1, "group"] = np.nan
    table["left_at"] = pd.to_datetime(
        rng.integers(1_600_000_000, 1_700_000_000, len(table)), unit="s", utc=True
    ).tz_convert("Europe/Amsterdam")
    table.loc[rng.random(len(table)) < 0.3, "left_at"] = pd.NaT
    return frame, table


@pytest.mark.parametrize("seed", range(40))
def test_looked_up_is_a_reindex_row_for_row(seed):
    frame, table = _frames(seed)
    keys = ["case_id", "episode"]
    index = pd.MultiIndex.from_frame(frame[keys])
    expected = table.set_index(keys).reindex(index).reset_index(drop=True)
    got = looked_up(frame, keys, table)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_runs_are_consecutive_equal_keys():
    frame = pd.DataFrame({"a": ["x", "x", "y", "y", "x"], "b": [1, 1, 1, 2, 2]})
    starts, lengths = key_runs(frame, ["a", "b"])
    assert starts.tolist() == [0, 2, 3, 4]
    assert lengths.tolist() == [2, 1, 1, 1]
    starts, lengths = key_runs(frame.iloc[:0], ["a", "b"])
    assert starts.size == lengths.size == 0


def test_a_table_with_a_key_twice_is_an_error():
    frame = pd.DataFrame({"case_id": ["C1"], "episode": [1]})
    table = pd.DataFrame({"case_id": ["C1", "C1"], "episode": [1, 1], "v": [1, 2]})
    with pytest.raises(ValueError, match="not unique"):
        looked_up(frame, ["case_id", "episode"], table)


@pytest.mark.parametrize("seed", range(20))
def test_isin_by_runs_is_isin_row_for_row(seed):
    frame, _ = _frames(seed)
    frame.loc[frame.index[::7], "case_id"] = None  # missing keys, each a run
    values = frame["case_id"].dropna().unique()[::3]
    expected = frame["case_id"].isin(values).to_numpy()
    got = isin_by_runs(frame, "case_id", values)
    assert got.dtype == bool
    assert np.array_equal(got, expected)
    if len(frame):  # a missing value among the values
        with_none = np.append(values, None)
        expected = frame["case_id"].isin(with_none).to_numpy()
        assert np.array_equal(isin_by_runs(frame, "case_id", with_none), expected)
