"""Small-cell suppression: primary, secondary, statistics; hand-worked tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ipgar_metrics import disclosure as dc


def test_show_count_and_stat():
    assert dc.show_count(0) == "<10"
    assert dc.show_count(9) == "<10"
    assert dc.show_count(10) == "10"
    assert dc.show_count(None) == "–"
    assert dc.show_count(12, k=15) == "<15"
    # a median over 9 cases is not shown, over 10 it is
    assert dc.show_stat(42.4, 9) == "–"
    assert dc.show_stat(42.4, 10) == "42"
    assert dc.show_stat(float("nan"), 50) == "–"


def test_show_share_checks_numerator_and_complement():
    assert dc.show_share(30, 60) == "50%"
    assert dc.show_share(5, 60) == "–"  # 5 persons
    assert dc.show_share(55, 60) == "–"  # 92 % of 60: the other 5 are known
    assert dc.show_share(60, 60) == "–"  # 100 %: zero in the complement
    assert dc.show_share(30, 8) == "–"


def test_secondary_suppression_hand_worked():
    #        a    b    c | total
    #   x   20   30   25 |  75
    #   y    3   40   11 |  54     3 < 10: primary
    #   z   15   12   50 |  77
    # Row y has one hidden cell, so its smallest other cell goes too (11, which
    # also protects column c). Column a then has one (3): its best partner is 15
    # in row z, and row z's partner is 50 (column c already has two). The result
    # is the rectangle (y, a), (y, c), (z, a), (z, c); all totals stay visible.
    # Only 3 is small ("<10"); the cells hidden to protect it read "x".
    t = pd.DataFrame(
        {"a": [20, 3, 15], "b": [30, 40, 12], "c": [25, 11, 50]},
        index=["x", "y", "z"],
    )
    out = dc.suppress_table(t)
    hidden = {
        (r, c) for r in out.index for c in out.columns if out.loc[r, c] in ("<10", "x")
    }
    assert hidden == {("y", "a"), ("y", "c"), ("z", "a"), ("z", "c")}
    assert out.loc["y", "a"] == "<10" and out.loc["z", "c"] == "x"
    assert out.loc["totaal", "totaal"] == "206"
    assert out.loc["y", "totaal"] == "54"


def test_one_way_table_hides_a_second_cell():
    # 50, 3, 20, 30 with total 103: hiding only 3 lets 103 - 100 = 3 be read back
    frame = pd.DataFrame({"n": [50, 3, 20, 30]})
    assert list(dc.suppress_column(frame, "n")) == ["50", "<10", "x", "30"]
    # without a known total, one cell is enough
    assert list(dc.suppress_column(frame, "n", total=False)) == [
        "50",
        "<10",
        "20",
        "30",
    ]


def test_single_cell_line_hides_its_total():
    # a column with one interior cell: the total equals the cell, so it goes too
    out = dc.suppress_table(pd.DataFrame({"a": [4]}), row_totals=False)
    assert list(out["a"]) == ["<10", "<10"]


def test_hidden_zeros_are_not_recoverable():
    # column a: 0 and 0 hidden, total 50 shown: 50 - 50 = 0 would give both zeros
    # back, so the 50 is hidden too (and, in turn, a cell of each row)
    out = dc.suppress_table(pd.DataFrame({"a": [0, 0, 50], "b": [30, 20, 40]}))
    assert list(out["a"]) == ["<10", "<10", "x", "50"]
    assert out.loc["totaal", "totaal"] == "140"


def test_suppress_stats_blanks_small_groups():
    frame = pd.DataFrame({"n": [4, 25], "median_days": [12.0, 40.6]})
    out = dc.suppress_stats(frame, n_col="n", stat_cols=["median_days"])
    assert list(out["n"]) == ["<10", "25"]
    assert list(out["median_days"]) == ["–", "41"]


def test_safe_series_drops_small_bars():
    s = dc.safe_series(pd.Series([0, 9, 10, 50]))
    assert s.isna().tolist() == [True, True, False, False]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(0, 60), min_size=1, max_size=5), min_size=1, max_size=5
    ).filter(lambda rows: len({len(r) for r in rows}) == 1)
)
def test_no_line_with_exactly_one_hidden_entry(rows):
    counts = pd.DataFrame(rows)
    hidden = dc.suppression_mask(counts)
    values = np.column_stack([counts.to_numpy(), counts.to_numpy().sum(axis=1)])
    values = np.vstack([values, values.sum(axis=0)])
    # primary: every entry below k is hidden
    assert (hidden[values < 10]).all()
    # secondary: no row or column of the extended table has exactly one hidden entry
    assert (hidden.sum(axis=1) != 1).all()
    assert (hidden.sum(axis=0) != 1).all()
