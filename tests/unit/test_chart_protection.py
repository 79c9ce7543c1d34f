"""Charts of protected outputs: curves in steps of k or more, protected values marked.

Curves are built here from durations drawn at random (lifelines' Kaplan-Meier, the
project's Aalen-Johansen), made coarse, and checked against the durations
themselves: every step holds at least k events counted from the durations, no x value
is a duration, and the value shown at each x is the full curve's value there. Bars
and lines with hidden values are checked trace by trace: every category is a number
or a protected mark with the label, never an empty place.
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import pytest
from lifelines import KaplanMeierFitter

from ipgar_metrics.figures import Protected, bars, coarse_steps, heatmap, lines
from ipgar_metrics.metrics.leadtime._incidence import COMPETING, aalen_johansen
from ipgar_metrics.report._alt import chart_table
from ipgar_metrics.report._curves import cif_steps, km_steps

K = 10


def _durations(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Lead times in days (to the minute) and whether each ended (else open)."""
    rng = np.random.default_rng(seed)
    days = np.round(rng.gamma(2.0, 20.0, n) * 1440) / 1440
    ended = rng.random(n) < 0.8
    return days, ended


def _km(days: np.ndarray, ended: np.ndarray) -> pd.DataFrame:
    kmf = KaplanMeierFitter().fit(days, event_observed=ended)
    ci = kmf.confidence_interval_
    return pd.DataFrame(
        {
            "days": kmf.survival_function_.index.to_numpy(float),
            "survival": kmf.survival_function_.iloc[:, 0].to_numpy(),
            "ci_lower": ci.iloc[:, 0].to_numpy(),
            "ci_upper": ci.iloc[:, 1].to_numpy(),
            "at_risk": kmf.event_table["at_risk"].to_numpy(int),
            "observed": kmf.event_table["observed"].to_numpy(int),
        }
    )


def _events_between(days, ended, lo, hi) -> int:
    return int(((days > lo) & (days <= hi) & ended).sum())


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("derive", [False, True])
def test_km_steps_hold_k_events_each_and_no_own_time(seed, derive):
    days, ended = _durations(150, seed)
    curve = _km(days, ended)
    coarse = km_steps(
        curve.drop(columns="observed") if derive else curve,
        K,
        events=None if derive else "observed",
    )
    xs = coarse["days"].tolist()
    assert xs[0] == 0.0 and coarse["survival"].iloc[0] == 1.0
    assert len(xs) >= 4  # the test looks at a real curve
    assert not set(xs) & set(days.tolist())  # no x is anyone's own time
    assert all(x % 7 == 0 for x in xs)
    full = curve.set_index("days")["survival"]
    for lo, hi, shown in zip(xs, xs[1:], coarse["survival"].iloc[1:], strict=False):
        assert _events_between(days, ended, lo, hi) >= K
        assert shown == pytest.approx(full.loc[:hi].iloc[-1])
        # k or more at risk at the last event time the point shows
        assert (days >= full.loc[:hi].index[-1]).sum() >= K


def test_coarse_steps_drop_a_tail_of_fewer_than_k():
    frame = pd.DataFrame(
        {"days": [1.5, 2.5, 9.0, 15.25], "y": [0.9, 0.8, 0.5, 0.4], "n": [4, 6, 3, 2]}
    )
    got = coarse_steps(frame, x="days", events="n", k=10, start={"y": 1.0})
    # 10 events by day 7 (4 + 6): one step there; the 5 after never make a step
    assert got["days"].tolist() == [0.0, 7.0]
    assert got["y"].tolist() == [1.0, 0.8]
    assert got["n"].tolist() == [0.0, 10.0]


@pytest.mark.parametrize("seed", [4, 5])
def test_cif_steps_hold_k_events_of_their_outcome(seed):
    rng = np.random.default_rng(seed)
    days, ended = _durations(400, seed)
    outcome = np.where(
        ended, rng.choice(COMPETING, size=days.size, p=[0.6, 0.3, 0.1]), "open"
    )
    curve = aalen_johansen(days, outcome)
    km_end = _km(days, ended)
    coarse = cif_steps(curve, km_end, K)
    assert set(coarse["outcome"]) >= {"instroom", "geen_instroom"}
    assert not set(coarse["days"]) & set(days.tolist())
    for name, own in coarse.groupby("outcome"):
        xs = [0.0, *own["days"].tolist()]
        mine = outcome == name
        for lo, hi in itertools.pairwise(xs):
            assert _events_between(days, mine, lo, hi) >= K, (name, lo, hi)
            last = curve.loc[curve["days"] <= hi, "days"].max()
            assert (days >= last).sum() >= K  # at risk at the time the point shows
        full = curve[curve["outcome"] == name].set_index("days")["cif"]
        for x, shown in zip(own["days"], own["cif"], strict=True):
            assert shown == pytest.approx(full.loc[:x].iloc[-1])
    # an outcome with fewer than k events in all has no curve at all
    few = np.where(np.arange(days.size) < 5, "tussenvariant", outcome)
    few = np.where((few == "tussenvariant") & (np.arange(days.size) >= 5), "open", few)
    thin = cif_steps(aalen_johansen(days, few), km_end, K)
    assert "tussenvariant" not in set(thin["outcome"])


def _protected() -> Protected:
    return Protected("<10", 10.0, "afgeschermd (<10)")


def _marks(fig) -> list:
    return [t for t in fig.data if (t.meta or {}).get("kind") == "protected"]


def test_bars_draw_hidden_counts_hatched_with_their_label():
    frame = pd.DataFrame({"cat": ["a", "b", "c"], "n": [25.0, np.nan, np.nan]})
    texts = {"n": ["25", "<10", "x"]}
    fig = bars(frame, x="cat", ys={"n": "cases"}, x_title="", y_title="",
               protected=Protected(texts, 10.0, "afgeschermd (<10)"))  # fmt: skip
    [mark] = _marks(fig)
    assert list(mark.x) == ["b", "c"] and list(mark.text) == ["<10", "x"]
    assert list(mark.y) == [10.0, 10.0]
    assert mark.marker.pattern.shape == "/"
    assert mark.meta == {"kind": "protected", "trace": 0}
    # every category is a bar or a mark: no empty place
    plain = fig.data[0]
    shown = {c for c, v in zip(plain.x, plain.y, strict=True) if v is not None}
    assert shown | set(mark.x) == {"a", "b", "c"}
    # without a Protected the old chart: hidden values simply missing
    assert not _marks(bars(frame, x="cat", ys={"n": "n"}, x_title="", y_title=""))


def test_stacked_bars_keep_stacking_with_marks():
    frame = pd.DataFrame(
        {"y": ["2025", "2026"], "a": [12.0, np.nan], "b": [np.nan, 30.0]}
    )
    fig = bars(frame, x="y", ys={"a": "A", "b": "B"}, stacked=True, x_title="",
               y_title="", protected=_protected())  # fmt: skip
    assert fig.layout.barmode == "stack"
    assert all(t.offsetgroup is None for t in fig.data)  # one stack per year
    assert [list(m.x) for m in _marks(fig)] == [["2026"], ["2025"]]
    assert [m.showlegend for m in _marks(fig)] == [True, False]


def test_lines_mark_hidden_points_and_heatmap_labels_hidden_cells():
    frame = pd.DataFrame(
        {"m": ["2026-01", "2026-02", "2026-03"], "n": [12.0, None, 11.0]}
    )
    fig = lines(frame, x="m", ys={"n": "stock"}, x_title="", y_title="",
                protected=_protected())  # fmt: skip
    [mark] = _marks(fig)
    assert list(mark.x) == ["2026-02"] and list(mark.y) == [5.0]
    assert mark.marker.symbol == "square-open"
    grid = pd.DataFrame(
        [[20.0, np.nan], [np.nan, 14.0]], index=["a", "b"], columns=["c", "d"]
    )
    hm = heatmap(grid, x_title="", y_title="", protected=_protected())
    assert [list(r) for r in hm.data[0].text] == [["20", "<10"], ["<10", "14"]]


def test_a_statistic_mark_has_no_scale_when_nothing_is_shown():
    frame = pd.DataFrame({"v": ["0", "1"], "median": [np.nan, np.nan]})
    mark = Protected("n<10", 1.0, "afgeschermd (<10)", on_scale=False)
    fig = bars(frame, x="v", ys={"median": "mediaan"}, x_title="", y_title="",
               protected=mark)  # fmt: skip
    assert fig.layout.yaxis.showticklabels is False
    trend = lines(frame, x="v", ys={"median": "mediaan"}, x_title="", y_title="",
                  protected=mark)  # fmt: skip
    assert trend.layout.yaxis.showticklabels is False
    assert list(_marks(trend)[0].text) == ["n<10", "n<10"]
    # a count's mark keeps the scale: its height is the threshold
    counts = lines(frame, x="v", ys={"median": "n"}, x_title="", y_title="",
                   protected=_protected())  # fmt: skip
    assert counts.layout.yaxis.showticklabels is None


def test_chart_table_says_what_the_chart_shows():
    frame = pd.DataFrame({"cat": ["a", "b"], "n": [25.0, np.nan], "m": [12.0, 40.0]})
    fig = bars(frame, x="cat", ys={"n": "cases", "m": "other"}, x_title="bucket",
               y_title="", protected=_protected())  # fmt: skip
    for trace, kind in zip(fig.data[:2], ["count", "count"], strict=True):
        trace.meta = {"kind": kind}
    columns, rows = chart_table(json.loads(fig.to_json()), "nl")
    assert columns == ["bucket", "cases", "other"]
    assert rows == [["a", "25", "12"], ["b", "<10", "40"]]
    curve = pd.DataFrame(
        {"d": [0.0, 7.0], "s": [1.0, 0.574], "lo": [1.0, 0.4], "hi": [1.0, 0.7]}
    )
    from ipgar_metrics.figures import step_curve

    km = step_curve(curve, x="d", y="s", band=("lo", "hi"), name="nog open",
                    x_title="dagen", y_title="")  # fmt: skip
    for trace in km.data:
        trace.meta = {"kind": "survival"}
    columns, rows = chart_table(json.loads(km.to_json()), "nl")
    assert columns == ["dagen", "nog open"]  # the band is not a series of its own
    assert rows == [["0", "100%"], ["7", "57%"]]


def test_chart_table_of_untagged_traces_reads_counts_and_percent_axes():
    # an internal area's own figure tags no trace: whole numbers are counts,
    # a percent axis shows percentages, other numbers keep one decimal
    import plotly.graph_objects as go

    fig = go.Figure([go.Bar(x=["2024-01", "2024-02"], y=[45.0, 3.0], name="1 casus")])
    fig.add_scatter(x=["2024-01", "2024-02"], y=[2.5, 4.0], name="gemiddeld")
    columns, rows = chart_table(json.loads(fig.to_json()), "nl")
    assert columns[1:] == ["1 casus", "gemiddeld"]
    assert rows == [["2024-01", "45", "2,5"], ["2024-02", "3", "4,0"]]
    share = go.Figure([go.Scatter(x=[0.0, 8.94], y=[0.0, 0.126], name="instroom")])
    share.update_layout(yaxis={"tickformat": ".0%"})
    assert chart_table(json.loads(share.to_json()), "nl")[1] == [
        ["0", "0%"],
        ["8,94", "13%"],
    ]
    second = go.Figure([go.Scatter(x=[1, 2], y=[0.5, 0.25], yaxis="y2", name="a")])
    second.update_layout(yaxis2={"tickformat": ".1%", "overlaying": "y"})
    assert chart_table(json.loads(second.to_json()), "en")[1] == [
        ["1", "50%"],
        ["2", "25%"],
    ]
