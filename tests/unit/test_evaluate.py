"""Before/after evaluation on hand-made logs; every number is worked out in comments.

Change date 2021-03-01, window 2 months: before = 2021-01-01 .. 2021-02-28, after =
2021-03-01 .. 2021-04-30 (local days). All times are whole UTC hours, so a lead
time is an exact number of days whatever the daylight-saving time.

Lead-time log (report -> PTO-R geen_opname, the episode's end):
  before: B1..B5 reported 2021-01-04..08, lead 10, 20, 30, 40, 50 days;
  after:  A1..A3 reported 2021-03-02..04, lead 5, 15, 25 days;
          A4 reported 2021-03-05, still open at as_of 2021-06-01.
"""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError, DataQualityWarning
from ipgar_metrics.metrics.evaluate._compare import (
    OUTPUT_COLUMNS,
    compare_periods,
    evaluation_units,
    resolve_periods,
)
from ipgar_metrics.metrics.evaluate._its import interrupted_time_series, monthly_series
from ipgar_metrics.metrics.evaluate._stats import bootstrap_differences
from ipgar_metrics.metrics.evaluate._text import change_phrase, its_sentences

CHANGE = date(2021, 3, 1)
AS_OF = date(2021, 6, 1)


def ev(case, activity, when, **kw):
    row = {
        "case_id": case,
        "activity": activity,
        "timestamp": when.isoformat(),
        "org": None,
        "case_manager": None,
        "life_domain": None,
        "outcome": None,
        "event_id": None,
        "report_source": kw.pop("source", "MAP"),
        "risk_category": kw.pop("risk", "uitreiziger"),
        "ideology": "jihadistisch",
    }
    row.update(kw)
    return row


def episode(case, reported, lead_days, **kw):
    rows = [ev(case, "melding", reported, outcome="MAP", **kw)]
    if lead_days is not None:
        end = reported + timedelta(days=lead_days)
        rows.append(ev(case, "ptor_besluit", end, outcome="geen_opname", **kw))
    return rows


def leadtime_rows(after_source="MAP"):
    rows = []
    for i, lead in enumerate((10, 20, 30, 40, 50)):
        rows += episode(f"B{i + 1}", datetime(2021, 1, 4 + i, 9, tzinfo=UTC), lead)
    for i, lead in enumerate((5, 15, 25, None)):
        when = datetime(2021, 3, 2 + i, 9, tzinfo=UTC)
        rows += episode(f"A{i + 1}", when, lead, source=after_source)
    return pd.DataFrame(rows)


def leadtime_log(after_source="MAP"):
    con = store.memory_store()
    store.insert_events(con, leadtime_rows(after_source))
    return con


@pytest.fixture(scope="module")
def lt():
    con = leadtime_log()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        out = compare_periods(
            con, change=CHANGE, window_months=2, as_of=AS_OF, n_boot=500
        )
    yield out
    con.close()


def test_periods_from_change_and_window():
    p = resolve_periods(change=CHANGE, window_months=2)
    assert p == {
        "before": (date(2021, 1, 1), date(2021, 2, 28)),
        "after": (date(2021, 3, 1), date(2021, 4, 30)),
    }
    named = resolve_periods(
        change=None,
        before=(date(2020, 1, 1), date(2020, 6, 30)),
        after=("2021-01-01", "2021-06-30"),
    )
    assert named["after"] == (date(2021, 1, 1), date(2021, 6, 30))


@pytest.mark.parametrize(
    "kw",
    [
        {"change": None},
        {"change": CHANGE, "before": (date(2020, 1, 1), date(2020, 2, 1))},
        {
            "change": None,
            "before": (date(2021, 1, 1), date(2021, 3, 5)),
            "after": (date(2021, 3, 1), date(2021, 4, 1)),
        },
        {"change": CHANGE, "window_months": 0},
    ],
)
def test_bad_periods_are_refused(kw):
    with pytest.raises(ConfigError):
        resolve_periods(**kw)


def test_counts_and_distribution(lt):
    r = lt.set_index("statistic")
    assert list(lt.columns) == list(OUTPUT_COLUMNS["compare_periods"])
    assert (r.loc["n", "before"], r.loc["n", "after"]) == (5, 4)
    assert (r.loc["n_open", "before"], r.loc["n_open", "after"]) == (0, 1)
    assert r.loc["open_share", "after"] == pytest.approx(0.25)
    # before 10..50: mean = median = 30; p90 at position 0.9*4 = 3.6 -> 40 + 0.6*10 = 46
    # after 5, 15, 25 (open A4 left out): mean = median = 15; p90: 1.8 -> 15 + 8 = 23
    assert r.loc["median_days", ["before", "after", "difference"]].tolist() == (
        pytest.approx([30, 15, -15])
    )
    assert r.loc["mean_days", "difference"] == pytest.approx(-15)
    assert r.loc["p90_days", ["before", "after"]].tolist() == pytest.approx([46, 23])
    assert r.loc["median_days", "ci_lower"] <= -15 <= r.loc["median_days", "ci_upper"]


def test_mann_whitney_exact_p(lt):
    # U(after) = pairs with after > before: 5 -> 0, 15 -> 1 (10), 25 -> 2 (10, 20): U = 3.
    # Exact null of U for n=3, n=5: 56 orderings; U <= 3 in 1+1+2+3 = 7 of them
    # (partitions of 0..3 into at most 3 parts <= 5). Two-sided p = 2 * 7/56 = 0.25.
    r = lt.set_index("statistic")
    assert r.loc["median_days", "test"] == "mann_whitney"
    assert r.loc["median_days", "p_value"] == pytest.approx(0.25)
    assert lt.attrs["evaluate"]["tests"]["mann_whitney"]["statistic"] == 3


def test_kaplan_meier_and_logrank(lt):
    from lifelines import KaplanMeierFitter
    from lifelines.statistics import logrank_test

    # after: 5, 15, 25 observed, A4 censored at as_of: S = 3/4 after 5, 2/4 after 15,
    # so the KM median is 15; before: S(20) = 3/5, S(30) = 2/5: median 30.
    r = lt.set_index("statistic")
    assert r.loc["km_median_days", ["before", "after"]].tolist() == [30, 15]
    open_days = (datetime(2021, 5, 31, 22, tzinfo=UTC) - datetime(2021, 3, 5, 9, tzinfo=UTC)).total_seconds() / 86400  # fmt: skip
    after, seen = [5, 15, 25, open_days], [1, 1, 1, 0]
    kmf = KaplanMeierFitter().fit(after, seen)
    assert kmf.median_survival_time_ == 15
    expected = logrank_test([10, 20, 30, 40, 50], after, [1] * 5, seen).p_value
    assert r.loc["km_median_days", "p_value"] == pytest.approx(expected)
    curves = pd.DataFrame(lt.attrs["evaluate"]["km"])
    assert set(curves["period"]) == {"before", "after"}
    assert curves.loc[curves["period"] == "after", "censored"].sum() == 1


def test_guard_rails_warn_and_are_listed():
    con = leadtime_log(after_source="CTER")
    with pytest.warns(DataQualityWarning) as caught:
        out = compare_periods(
            con, change=CHANGE, window_months=2, as_of=AS_OF, n_boot=200
        )
    codes = [w["code"] for w in out.attrs["warnings"]]
    # 5 and 3 completed reports (< 20); a quarter of the after period open (> 10%);
    # source MAP 100% before, 0% after (100 points).
    assert codes.count("too_few") == 2
    assert "censoring" in codes
    assert "mix_changed" in codes
    assert len(caught) >= len(codes)
    assert all(w["message_nl"] for w in out.attrs["warnings"])
    mix = pd.DataFrame(out.attrs["evaluate"]["mix"]).set_index(["segment", "value"])
    assert mix.loc[("report_source", "MAP"), "share_before"] == 1.0
    assert mix.loc[("report_source", "CTER"), "n_after"] == 4
    assert mix.loc[("report_source", "CTER"), "difference_points"] == 100.0
    con.close()


def test_local_midnight_bounds():
    # 2021-02-28 23:30 local (+01:00) is before; 2021-03-01 00:30 local is after.
    tz = timezone(timedelta(hours=1))
    rows = episode("X", datetime(2021, 2, 28, 23, 30, tzinfo=tz), 3)
    rows += episode("Y", datetime(2021, 3, 1, 0, 30, tzinfo=tz), 3)
    con = store.memory_store()
    store.insert_events(con, pd.DataFrame(rows))
    units = evaluation_units(con, change=CHANGE, window_months=1, as_of=AS_OF)
    assert dict(zip(units["case_id"], units["period"], strict=True)) == {
        "X": "before",
        "Y": "after",
    }


def case_management_log():
    """One case in the approach; contacts (UTC noon) and interventions.

    Contacts 01-05, 01-25, 02-14, 03-16, 04-05 (2021). Intervals by first contact:
    before: 20, 20, 30 days -> mean 23.33; after: 03-16 -> 04-05 = 20, plus the
    open tail from 04-05 (left out). Interventions (case manager oov): before oov
    and wpi -> own share 0.5; after oov -> 1.0.
    """
    day = lambda m, d: datetime(2021, m, d, 12, tzinfo=UTC)  # noqa: E731
    rows = [
        ev("C", "melding", day(10, 1).replace(year=2020), outcome="MAP"),
        ev("C", "ptor_besluit", day(10, 15).replace(year=2020), outcome="opname"),
        ev("C", "instroom", day(10, 20).replace(year=2020)),
        ev("C", "regisseur_toegewezen", day(10, 20).replace(year=2020), org="oov"),
    ]
    for m, d in ((1, 5), (1, 25), (2, 14), (3, 16), (4, 5)):
        rows.append(ev("C", "contact", day(m, d), org="oov"))
    for m, d, org in ((1, 10, "oov"), (2, 1, "wpi"), (3, 20, "oov")):
        rows.append(
            ev("C", "interventie_start", day(m, d), org=org, life_domain="inkomen")
        )
    con = store.memory_store()
    store.insert_events(con, pd.DataFrame(rows))
    return con


@pytest.mark.parametrize(
    ("metric", "before", "after", "unit"),
    [("contact", 70 / 3, 20.0, "days"), ("integrality", 0.5, 1.0, "share")],
)
def test_case_management_metrics(metric, before, after, unit):
    con = case_management_log()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        out = compare_periods(
            con, change=CHANGE, metric=metric, window_months=2, as_of=AS_OF, n_boot=200
        )
    r = out.set_index("statistic")
    assert r.loc[f"mean_{unit}", "before"] == pytest.approx(before)
    assert r.loc[f"mean_{unit}", "after"] == pytest.approx(after)
    assert "km_median_days" not in r.index
    con.close()


def test_bootstrap_is_seeded_and_covers():
    rng = np.random.default_rng(5)
    b, a = rng.normal(10, 2, 40), rng.normal(13, 2, 40)
    one = bootstrap_differences(b, a, n_boot=400, seed=7)
    assert one == bootstrap_differences(b, a, n_boot=400, seed=7)
    assert one["mean"][0] < a.mean() - b.mean() < one["mean"][1]
    assert np.isnan(bootstrap_differences(b, a[:0])["median"][0])


def test_bootstrap_coverage_near_nominal():
    # 200 pairs of normal samples with a true mean difference of 1: the 95% interval
    # of the mean difference should cover 1 in about 95% of them (here >= 88%).
    rng = np.random.default_rng(11)
    hits = 0
    for i in range(200):
        b, a = rng.normal(0, 1, 60), rng.normal(1, 1, 60)
        lo, hi = bootstrap_differences(b, a, n_boot=300, seed=i)["mean"]
        hits += lo <= 1 <= hi
    assert hits / 200 >= 0.88


def items_frame(values, open_counts=None):
    """One completed item on the 15th of each month from 2019-01, value given."""
    rows = []
    months = pd.period_range("2019-01", periods=len(values), freq="M")
    for i, (m, v) in enumerate(zip(months, values, strict=True)):
        at = pd.Timestamp(m.start_time + pd.Timedelta(days=14)).tz_localize(
            "Europe/Amsterdam"
        )
        rows.append({"at": at, "value": v, "is_open": False})
        for _ in range((open_counts or {}).get(i, 0)):
            rows.append({"at": at, "value": np.nan, "is_open": True})
    return pd.DataFrame(rows)


def test_segmented_regression_recovers_a_planted_line():
    # 12 months before (t = -12..-1): 50 + 0.5 t; 12 after (t = 0..11):
    # 50 + 0.5 t - 10 - 1 t. Exact line: the fit returns the coefficients.
    t = np.arange(-12, 12)
    y = 50 + 0.5 * t + np.where(t >= 0, -10 - 1.0 * t, 0)
    frame = monthly_series(
        items_frame(y),
        change=date(2020, 1, 1),
        as_of=pd.Timestamp("2021-01-01", tz="Europe/Amsterdam"),
        window_months=None,
        statistic="median",
    )
    assert frame["t"].tolist() == t.tolist()
    from ipgar_metrics.metrics.evaluate._its import _fit

    frame["in_fit"] = True
    its, warned = _fit(frame, cov_type="nonrobust", alpha=0.05, weighted=False)
    est = {c["term"]: c["estimate"] for c in its["coefficients"]}
    assert est == pytest.approx(
        {"intercept": 50, "slope_before": 0.5, "level_change": -10, "slope_change": -1},
        abs=1e-9,
    )
    assert frame["fitted"].to_numpy() == pytest.approx(y)
    assert not warned


def test_transition_month_and_incomplete_months_are_left_out():
    # change on 2020-01-15: January 2020 is a transition month; as_of 2020-06-10:
    # June is incomplete, so the last month is May 2020 (t = 3, from February = 0).
    frame = monthly_series(
        items_frame(np.arange(18.0)),
        change=date(2020, 1, 15),
        as_of=pd.Timestamp("2020-06-10", tz="Europe/Amsterdam"),
        window_months=None,
        statistic="mean",
    )
    assert "2020-01" not in frame["month"].tolist()
    assert frame["month"].iloc[-1] == "2020-05"
    assert frame.loc[frame["month"] == "2020-02", "t"].item() == 0


def test_its_on_a_store_leaves_out_censored_months():
    # two reports a month, 2020-01..2021-12, lead 20 days before 2021-01, 10 after;
    # December 2021 gets one open report too (1 of 3 open > 10%): out of the fit.
    rows = []
    for m in pd.period_range("2020-01", "2021-12", freq="M"):
        for k, d in enumerate((3, 10)):
            when = datetime(m.year, m.month, d, 9, tzinfo=UTC)
            lead = 20 if m.year == 2020 else 10
            rows += episode(f"{m}-{k}", when, lead)
    rows += episode("open", datetime(2021, 12, 20, 9, tzinfo=UTC), None)
    con = store.memory_store()
    store.insert_events(con, pd.DataFrame(rows))
    with pytest.warns(DataQualityWarning):
        out = interrupted_time_series(
            con, change=date(2021, 1, 1), as_of=date(2022, 1, 1), cov_type="nonrobust"
        )
    assert not out.loc[out["month"] == "2021-12", "in_fit"].item()
    assert out["in_fit"].sum() == 23
    coef = {c["term"]: c for c in out.attrs["its"]["coefficients"]}
    assert coef["level_change"]["estimate"] == pytest.approx(-10)
    assert [w["code"] for w in out.attrs["warnings"]] == ["censoring"]
    assert "daalde" in out.attrs["its"]["sentence_nl"]
    con.close()


def test_change_phrase_in_dutch_and_english():
    assert change_phrase(-12, -19, -5, metric="leadtime", lang="nl") == (
        "daalde de doorlooptijd van melding tot instroom of besluit met 12 dagen "
        "(95%-betrouwbaarheidsinterval 5 tot 19 dagen)"
    )
    assert change_phrase(0.052, 0.01, 0.094, metric="integrality", lang="en") == (
        "the share of interventions by the own organisation rose by 5.2 percentage "
        "points (95% confidence interval 1.0 to 9.4 percentage points)"
    )
    assert "veranderde" in change_phrase(-3, -10, 4, metric="contact", lang="nl")
    assert "+4 dagen" in change_phrase(-3, -10, 4, metric="contact", lang="nl")


def test_its_sentence_example():
    coef = [
        {
            "term": "intercept",
            "estimate": 60.0,
            "ci_lower": 55,
            "ci_upper": 65,
            "p_value": 0.0,
        },
        {
            "term": "slope_before",
            "estimate": 0.1,
            "ci_lower": -0.2,
            "ci_upper": 0.4,
            "p_value": 0.5,
        },
        {
            "term": "level_change",
            "estimate": -12.0,
            "ci_lower": -19,
            "ci_upper": -5,
            "p_value": 0.02,
        },
        {
            "term": "slope_change",
            "estimate": 0.2,
            "ci_lower": -0.5,
            "ci_upper": 0.9,
            "p_value": 0.6,
        },
    ]
    for c, p_adj in zip(coef, (np.nan, np.nan, 0.04, 0.6), strict=True):
        c["p_adjusted"] = p_adj
    text = its_sentences(
        {"coefficients": coef}, metric="leadtime", change=date(2021, 3, 1)
    )
    assert text["sentence_nl"] == (
        "Trendanalyse: direct na 1 maart 2021 daalde de doorlooptijd van melding tot "
        "instroom of besluit met 12 dagen (95%-betrouwbaarheidsinterval 5 tot 19 "
        "dagen); daarna veranderde de trend met +0,20 dagen per maand "
        "(95%-betrouwbaarheidsinterval -0,50 tot +0,90). Na Holm-correctie voor deze "
        "twee toetsen: p = 0,040 (niveau), p = 0,600 (trend)."
    )
    assert text["sentence_en"].startswith(
        "Time series: right after 1 March 2021 the lead"
    )
    # adjusted p above alpha: the verb no longer claims a fall, the numbers stay
    coef[2]["p_adjusted"] = 0.08
    text = its_sentences(
        {"coefficients": coef}, metric="leadtime", change=date(2021, 3, 1)
    )
    assert "direct na 1 maart 2021 veranderde de doorlooptijd" in text["sentence_nl"]
    assert (
        "met -12 dagen (95%-betrouwbaarheidsinterval -19 tot -5 dagen)"
        in (text["sentence_nl"])
    )


def test_unknown_metric_is_refused():
    con = store.memory_store()
    with pytest.raises(ConfigError, match="choose one of"):
        compare_periods(con, change=CHANGE, metric="caseload", as_of=AS_OF)


def test_figures_have_the_parts_and_no_case_ids(lt):
    from ipgar_metrics.figures._evaluate import fig_its, fig_km_periods, fig_period_mix

    km = fig_km_periods(lt)
    assert [t.name for t in km.data] == [
        "Vóór (1-1-2021 t/m 28-2-2021)",
        "Na (1-3-2021 t/m 30-4-2021)",
    ]
    assert len(fig_period_mix(lt, lang="en").data) == 4  # 2 segments x 2 periods
    frame = monthly_series(
        items_frame(np.arange(24.0)),
        change=date(2020, 1, 1),
        as_of=pd.Timestamp("2021-01-01", tz="Europe/Amsterdam"),
        window_months=None,
        statistic="median",
    )
    frame.attrs["its"] = {"metric": "leadtime"}
    its = fig_its(frame)
    assert {t.name for t in its.data} >= {
        "Trend vóór de wijziging",
        "Trend na de wijziging",
    }
    for fig in (km, its):
        text = fig.to_json()
        assert not any(f'"{c}"' in text for c in ("B1", "A1", "A4"))


def test_cli_prints_table_sentences_and_warnings(tmp_path, capsys):
    from ipgar_metrics.cli._main import main

    db = tmp_path / "ev.duckdb"
    file_con = store.connect(db, read_only=False)
    store.insert_events(file_con, leadtime_rows(after_source="CTER"))
    file_con.close()
    args = ["evaluate", "--db", str(db), "--change", "2021-03-01", "--window", "2"]
    assert main([*args, "--as-of", "2021-06-01", "--n-boot", "200"]) == 0
    out = capsys.readouterr().out
    # the table in the reader's words: the statistics, their tests and roles
    assert "mediaan (dagen)" in out and "median_days" not in out
    assert "Mann-Whitney" in out and "primair" in out
    assert "Te weinig" in out or "te weinig" in out
    assert main([*args, "--format", "json", "--lang", "en", "--n-boot", "200"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert {"comparison", "its", "mix", "warnings"} <= data.keys()
    assert main([*args, "--before", "2021-01-01", "2021-02-01"]) == 1


def test_within_segments():
    # after_source CTER: before = 5 MAP reports, after = 4 CTER reports; within MAP
    # there is no after period, within CTER no before period.
    con = leadtime_log(after_source="CTER")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        out = compare_periods(
            con,
            change=CHANGE,
            window_months=2,
            as_of=AS_OF,
            n_boot=200,
            by="report_source",
        )
    assert list(out.columns[:2]) == ["report_source", "statistic"]
    n = out[out["statistic"] == "n"].set_index("report_source")
    assert n.loc["MAP", ["before", "after"]].tolist() == [5, 0]
    assert n.loc["CTER", ["before", "after"]].tolist() == [0, 4]
    # the sentence is about the whole comparison: 5 and 4 reports, too few for one
    assert out.attrs["evaluate"]["sentence_nl"] == (
        "Te weinig meldingen voor een vergelijking (5 vóór, 4 na; minstens 10 per "
        "periode)."
    )
    with pytest.raises(ConfigError, match="choose one of"):
        compare_periods(con, change=CHANGE, as_of=AS_OF, by="month")
    con.close()


def test_row_order_and_named_periods_do_not_change_the_result(lt):
    # the same events inserted in reverse order, with the periods given by name
    con = store.memory_store()
    store.insert_events(con, leadtime_rows().iloc[::-1].reset_index(drop=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        again = compare_periods(
            con,
            before=(date(2021, 1, 1), date(2021, 2, 28)),
            after=(date(2021, 3, 1), date(2021, 4, 30)),
            as_of=AS_OF,
            n_boot=500,
        )
    pd.testing.assert_frame_equal(again, lt)
    assert again.attrs["evaluate"]["sentence_nl"].startswith("Te weinig meldingen")
    con.close()
