"""Lead-time figures build on the tiny log, in Dutch and English, without case ids."""

from __future__ import annotations

import warnings

import pytest
from test_leadtime_tiny_log import AS_OF, tiny_store

from ipgar_metrics.errors import ConfigError, DataQualityWarning
from ipgar_metrics.figures import _leadtime as fl
from ipgar_metrics.metrics._episodes import episodes
from ipgar_metrics.metrics.leadtime._causes import lead_time_factors
from ipgar_metrics.metrics.leadtime._lead_times import lead_times
from ipgar_metrics.metrics.leadtime._survival import time_to_decision_km

# the tiny log has 2 of 7 episodes open: the DataQualityWarning is tested once
pytestmark = pytest.mark.filterwarnings(
    "ignore::ipgar_metrics.errors.DataQualityWarning"
)


@pytest.fixture(scope="module")
def frames():
    con = tiny_store()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        km = time_to_decision_km(con, as_of=AS_OF, level="curve")
        km_by = time_to_decision_km(
            con, as_of=AS_OF, level="curve", by=("report_source",)
        )
    return {
        "episodes": lead_times(con, as_of=AS_OF),
        "workdays": lead_times(con, as_of=AS_OF, calendar="workdays"),
        # min_n=1: the figures draw the tiny log's medians of fewer than 10
        "summary": lead_times(con, as_of=AS_OF, level="summary", min_n=1),
        "by_source": lead_times(
            con, as_of=AS_OF, level="summary", by=("report_source",)
        ),
        "by_month": lead_times(con, as_of=AS_OF, level="summary", by=("month",)),
        "km": km,
        "km_by": km_by,
        "eps": episodes(con, as_of=AS_OF),
        "factors": lead_time_factors(con, as_of=AS_OF, min_n=1),
    }


def _all(frames, lang):
    return {
        "hist": fl.fig_lead_time_distribution(frames["episodes"], lang),
        "ecdf": fl.fig_lead_time_distribution(frames["workdays"], lang, kind="ecdf"),
        "stages": fl.fig_stage_breakdown(frames["summary"], lang),
        "stages_by": fl.fig_stage_breakdown(frames["by_source"], lang),
        "trend": fl.fig_monthly_trend(frames["by_month"], lang),
        "km": fl.fig_km(frames["km"], lang),
        "km_by": fl.fig_km(frames["km_by"], lang),
        "spectrum": fl.fig_performance_spectrum(frames["eps"], lang),
        "loops": fl.fig_info_loops(frames["factors"], lang),
    }


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_figures_build_without_case_ids(frames, lang):
    figs = _all(frames, lang)
    for name, fig in figs.items():
        text = fig.to_json()
        for case in ('"A"', '"B"', '"C"', '"E"'):
            assert case not in text, name
        assert fig.layout.title.text, name
    hist = figs["hist"]
    # the closed lead times only: 28, 12.96, 14.04, 14, 22
    assert sorted(hist.data[0].x) == pytest.approx(
        [13 - 1 / 24, 14, 14 + 1 / 24, 22, 28]
    )
    marks = [s.x0 for s in hist.layout.shapes]
    assert marks == [7, 224]  # 1 and 32 weeks
    assert [s.x0 for s in figs["ecdf"].layout.shapes] == [5, 160]  # working weeks
    # stacked bars: three stages with their medians 7, 7, 7 (see test_leadtime.py)
    assert [list(t.y) for t in figs["stages"].data] == [[7.0], [7.0], [7.0]]
    # spectrum: 7 melding->IVG-R lines, 6 IVG-R->decision, 3 decision->intake
    spectrum = figs["spectrum"]
    assert [len(t.x) // 3 for t in spectrum.data] == [7, 6, 3]


def test_dutch_default_and_english(frames):
    assert fl.fig_km(frames["km"]).layout.title.text.startswith("Tijd tot besluit")
    assert fl.fig_km(frames["km"], "en").layout.title.text.startswith("Time to")
    with pytest.raises(ConfigError):
        fl.fig_km(frames["km"], "de")


def test_one_group_of_stages_is_one_bar_named_total(frames):
    """Without ``by`` the summary's flags (``small_n``, ``mostly_open``) are no
    groups: one bar, "totaal", not a bar "False" under "weinig meldingen"."""
    fig = fl.fig_stage_breakdown(frames["summary"])
    assert [list(t.x) for t in fig.data] == [["totaal"]] * 3
    assert not fig.layout.xaxis.title.text


def test_the_trend_leaves_out_small_months_and_says_so(frames):
    import pandas as pd

    by_month = frames["by_month"]
    total = by_month[(by_month["stage"] == "total") & (by_month["n"] > 0)]
    assert (total["n"] < 10).all()  # the tiny log: every month is small
    empty = fl.fig_monthly_trend(by_month)
    assert all(len(t.x) == 0 for t in empty.data)
    (note,) = empty.layout.annotations
    assert note.text.startswith("Geen maand met 10 of meer afgeronde episodes")
    # quarters (quarterly_trend's frame): one small quarter left out, two drawn
    quarters = pd.DataFrame(
        {
            "quarter": ["2024Q1", "2024Q2", "2024Q3"],
            "n": [12, 4, 15],
            "median_days": [40.0, 10.0, 35.0],
            "p10_days": [20.0, 5.0, 15.0],
            "p90_days": [80.0, 20.0, 70.0],
        }
    )
    fig = fl.fig_monthly_trend(quarters, "en")
    assert list(fig.data[2].x) == ["2024Q1", "2024Q3"]
    assert list(fig.data[2].y) == [40.0, 35.0]
    assert fig.layout.xaxis.title.text == "quarter of report"
    assert "1 of 3 quarters with fewer than 10 finished episodes" in (
        fig.layout.title.text
    )


def test_the_trend_leaves_out_months_with_many_reports_still_open():
    # a recent month with many reports open: its median counts only the quick ones
    import pandas as pd

    months = pd.DataFrame(
        {
            "stage": ["total"] * 4,
            "month": ["2026-07", "2026-08", "2026-09", "2026-10"],
            "n": [14, 12, 11, 3],
            "n_open": [0, 1, 6, 9],
            "median_days": [40.0, 38.0, 12.0, None],
            "p10_days": [20.0, 18.0, 5.0, None],
            "p90_days": [80.0, 70.0, 20.0, None],
            "mostly_open": [False, False, True, True],
        }
    )
    fig = fl.fig_monthly_trend(months)
    assert list(fig.data[2].x) == ["2026-07", "2026-08"]
    title = fig.layout.title.text
    assert "1 van 4 maanden met minder dan 10 afgeronde episodes" in title
    assert "1 van 4 maanden weggelaten waarin veel meldingen nog open zijn" in title
    every_open = months.iloc[2:3]
    lone = fl.fig_monthly_trend(every_open, "en")
    assert all(len(t.x) == 0 for t in lone.data) and not lone.layout.annotations
    assert "1 of 1 months left out in which many reports are still open" in (
        lone.layout.title.text
    )
