"""Per-row lookups over runs of equal keys.

The frames the metrics build come case by case (an episode's contact intervals, its
window events, one after another), so a key such as (pseudonym, episode) repeats in
runs. Looking a value up once per run, and repeating it over the run, gives the
same rows as looking it up for every row: at 1,000,000 cases the 10.7 million
contact intervals are about half a million runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd


def key_runs(
    frame: pd.DataFrame, keys: Sequence[str]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Where each run of consecutive rows with equal ``keys`` starts, and its length.

    Any order of the rows is allowed: a key that comes back later starts a run of
    its own. Missing values never equal each other, so each starts a run.
    """
    n = len(frame)
    change = np.zeros(n, dtype=bool)
    if n:
        change[0] = True
    for key in keys:
        values = frame[key].to_numpy()
        change[1:] |= values[1:] != values[:-1]
    starts = np.flatnonzero(change)
    return starts, np.diff(np.r_[starts, n])


def looked_up(
    frame: pd.DataFrame, keys: Sequence[str], table: pd.DataFrame
) -> pd.DataFrame:
    """The values of ``table`` for each row of ``frame``, row for row.

    ``table`` holds the ``keys`` columns, unique together, and the values. The
    answer has the values' columns (not the keys), one row per row of ``frame`` in
    its order and a fresh index; a key not in ``table`` gets missing values, as a
    left merge or a ``reindex`` gives. Each run of equal keys (``key_runs``) is
    looked up once, by a hash join (a ``MultiIndex`` of the keys would sort them).
    Raises ``ValueError`` when a key of ``frame`` is more than once in ``table``.
    """
    starts, lengths = key_runs(frame, keys)
    heads = pd.DataFrame({key: frame[key].to_numpy()[starts] for key in keys})
    # not validate="many_to_one": pandas checks that with a MultiIndex, which sorts
    # (3.5 s for a million pseudonyms); a key found twice shows as an extra row
    found = heads.merge(table, on=list(keys), how="left", sort=False)
    if len(found) != len(heads):
        raise ValueError(
            f"looked_up: the keys {list(keys)} are not unique in the table"
        )
    rows = np.repeat(np.arange(len(found)), lengths)
    return found.drop(columns=list(keys)).take(rows).reset_index(drop=True)


def isin_by_runs(
    frame: pd.DataFrame, key: str, values: Any
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """``frame[key].isin(values)`` as a boolean array, each run of equal keys tested once."""
    starts, lengths = key_runs(frame, [key])
    heads = pd.Series(frame[key].to_numpy()[starts], dtype=frame[key].dtype)
    found: np.ndarray[Any, np.dtype[np.bool_]] = np.repeat(
        heads.isin(values).to_numpy(dtype=bool), lengths
    )
    return found
