"""One primary per metric, Holm-adjusted secondaries, and sentences a statistician signs.

The primary of a lead-time comparison is the share decided within 8 weeks (56 days),
censoring-aware (1 - Kaplan-Meier survival of time to any outcome); for contact and
integrality the mean per episode. Expected numbers are worked out by hand in the
comments; the sentence snapshots are written out in full.
"""

from __future__ import annotations

import json
import re
import warnings
from datetime import UTC, date, datetime
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import DataQualityWarning
from ipgar_metrics.metrics.evaluate._compare import compare_periods
from ipgar_metrics.metrics.evaluate._stats import compare_units, decided_share
from ipgar_metrics.metrics.evaluate._text import comparison_sentences
from tests.unit.test_evaluate import episode

ROOT = Path(__file__).resolve().parents[2]
CAVEAT_NL = (
    "Een voor-na-vergelijking laat een verandering in de tijd zien, niet de oorzaak "
    "ervan."
)
CAVEAT_EN = "A before/after comparison shows a change in time, not its cause."


def test_decided_share_by_hand():
    # all observed: a plain proportion, 5 of 10 within 56 days
    d = np.arange(10, 101, 10.0)
    assert decided_share(d, np.ones(10, bool))[0] == pytest.approx(0.5)
    # 10 (decided), 20 (open: censored), 30 (decided), 60 (decided):
    # S(10) = 3/4, at 30 two at risk: S(30) = 3/4 * 1/2 = 3/8; decided 1 - 3/8
    got = decided_share([10, 20, 30, 60], [True, False, True, True])[0]
    assert got == pytest.approx(0.625)
    # a naive share of the decided ones would say 2 of 3 (0.667) or 2 of 4 (0.5)


def test_decided_share_matches_lifelines():
    from lifelines import KaplanMeierFitter

    rng = np.random.default_rng(7)
    d = np.round(rng.exponential(60, 300), 1)
    obs = rng.random(300) < 0.7
    kmf = KaplanMeierFitter().fit(d, obs)
    expected = 1 - float(kmf.survival_function_at_times(56.0).iloc[0])
    assert decided_share(d, obs)[0] == pytest.approx(expected, abs=1e-12)
    # bootstrap weights: a weight of 2 is the same as the unit twice
    w = np.ones((1, 300))
    w[0, :10] = 2
    twice = decided_share(np.r_[d, d[:10]], np.r_[obs, obs[:10]])[0]
    assert decided_share(d, obs, weights=w)[0] == pytest.approx(twice)


def test_decided_share_per_bootstrap_row_matches_lifelines_on_the_drawn_units():
    """Each row of weights is one resample: the same as lifelines on the units drawn."""
    from lifelines import KaplanMeierFitter

    rng = np.random.default_rng(11)
    d = np.round(rng.exponential(50, 80))  # whole days: many ties
    obs = rng.random(80) < 0.6
    weights = rng.multinomial(80, np.ones(80) / 80, size=5)
    got = decided_share(d, obs, weights=weights)
    for row, counts in zip(got, weights, strict=True):
        drawn = np.repeat(np.arange(80), counts)
        kmf = KaplanMeierFitter().fit(d[drawn], obs[drawn])
        expected = 1 - float(kmf.survival_function_at_times(56.0).iloc[0])
        assert row == pytest.approx(expected, abs=1e-12)


def units_frame(before, after, *, open_after=()):
    """Lead-time units: durations in days; ``open_after`` are censored there."""
    rows = [
        {"period": "before", "duration_days": v, "observed": True, "value": v}
        for v in before
    ]
    rows += [
        {"period": "after", "duration_days": v, "observed": True, "value": v}
        for v in after
    ]
    rows += [
        {"period": "after", "duration_days": v, "observed": False, "value": np.nan}
        for v in open_after
    ]
    out = pd.DataFrame(rows)
    out["is_open"] = ~out["observed"]
    return out


COLUMNS = [
    "statistic",
    "before",
    "after",
    "difference",
    "ci_lower",
    "ci_upper",
    "test",
    "p_value",
    "significant",
    "role",
    "p_adjusted",
]


def holm_by_hand(p1, p2):
    small, large = sorted((p1, p2))
    a_small = min(1.0, 2 * small)
    a_large = min(1.0, max(a_small, large))
    return (a_small, a_large) if p1 <= p2 else (a_large, a_small)


def test_roles_holm_and_one_primary():
    from lifelines.statistics import logrank_test
    from scipy.stats import mannwhitneyu

    # before: 10 of 30 within 20 days, 20 at 70 days -> 1/3 decided in 8 weeks;
    # after: 20 of 30 at 20 days, 10 at 70 -> 2/3; difference 1/3
    before = [20.0] * 10 + [70.0] * 20
    after = [20.0] * 20 + [70.0] * 10
    units = units_frame(before, after)
    out, tests, _ = compare_units(
        units,
        metric="leadtime",
        unit="days",
        columns=COLUMNS,
        km=True,
        n_boot=400,
        seed=1,
        alpha=0.05,
    )
    rows = out.set_index("statistic")
    assert (out["role"] == "primary").sum() == 1
    prim = rows.loc["decided_8w_share"]
    assert prim["role"] == "primary"
    assert (prim["before"], prim["after"]) == pytest.approx((1 / 3, 2 / 3))
    # interval and p from the same SE: p = 2 Phi(-|d| / se), CI = d +/- 1.96 se
    se = tests["primary"]["se"]
    # the SE of a difference of two proportions, sqrt(2 * (1/3)(2/3) / 30) = 0.122
    assert se == pytest.approx(np.sqrt(2 * (1 / 3) * (2 / 3) / 30), rel=0.15)
    assert prim["p_value"] == pytest.approx(2 * NormalDist().cdf(-(1 / 3) / se))
    z = NormalDist().inv_cdf(0.975)
    assert prim["ci_lower"] == pytest.approx(1 / 3 - z * se)
    assert prim["p_adjusted"] == prim["p_value"]
    assert bool(prim["significant"]) == bool(prim["p_value"] < 0.05)
    # secondaries: Mann-Whitney (median row) and log-rank, Holm over the two
    p_mw = mannwhitneyu(after, before, alternative="two-sided").pvalue
    p_lr = logrank_test(before, after).p_value
    assert rows.loc["median_days", "p_value"] == pytest.approx(p_mw)
    assert rows.loc["km_median_days", "p_value"] == pytest.approx(p_lr)
    adj = holm_by_hand(p_mw, p_lr)
    assert rows.loc["median_days", "p_adjusted"] == pytest.approx(adj[0])
    assert rows.loc["km_median_days", "p_adjusted"] == pytest.approx(adj[1])
    for stat in ("median_days", "km_median_days"):
        assert rows.loc[stat, "role"] == "secondary"
        assert bool(rows.loc[stat, "significant"]) == bool(
            rows.loc[stat, "p_adjusted"] < 0.05
        )
    desc = rows[rows["role"] == "descriptive"]
    assert set(desc.index) == {"n", "n_open", "open_share", "mean_days", "p90_days"}
    assert desc["p_adjusted"].isna().all() and not desc["significant"].any()


def test_primary_counts_the_open_reports():
    # after: 10 decided at 20 days, 10 still open at 30 days (their end unknown):
    # KM: S(20) = 1/2, nothing after -> 1/2 decided. The completed ones alone
    # (10 of 10 within 8 weeks) would flatter the after period.
    units = units_frame([20.0] * 10 + [70.0] * 10, [20.0] * 10, open_after=[30.0] * 10)
    out, _, _ = compare_units(
        units,
        metric="leadtime",
        unit="days",
        columns=COLUMNS,
        km=True,
        n_boot=200,
        seed=0,
        alpha=0.05,
    )
    prim = out.set_index("statistic").loc["decided_8w_share"]
    assert (prim["before"], prim["after"]) == pytest.approx((0.5, 0.5))


@pytest.mark.parametrize(
    ("metric", "primary"), [("contact", "mean_days"), ("integrality", "mean_share")]
)
def test_contact_and_integrality_primary_is_the_mean(metric, primary):
    units = units_frame([1.0, 2.0, 3.0] * 5, [3.0, 4.0, 5.0] * 5)
    unit = "days" if metric == "contact" else "share"
    out, tests, _ = compare_units(
        units.assign(duration_days=np.nan, observed=pd.NA),
        metric=metric,
        unit=unit,
        columns=COLUMNS,
        km=False,
        n_boot=300,
        seed=0,
        alpha=0.05,
    )
    rows = out.set_index("statistic")
    assert list(out.loc[out["role"] == "primary", "statistic"]) == [primary]
    assert (rows.loc[primary, "before"], rows.loc[primary, "after"]) == (2.0, 4.0)
    assert rows.loc[primary, "test"] == "bootstrap_z"
    assert tests["primary"]["detectable_difference"] == pytest.approx(
        (NormalDist().inv_cdf(0.975) + NormalDist().inv_cdf(0.8))
        * tests["primary"]["se"]
    )


def test_interval_and_test_never_disagree():
    # 40 small comparisons with little or no difference: the interval excludes 0
    # exactly when p < 0.05, and the verb follows the same result
    rng = np.random.default_rng(3)
    for _ in range(40):
        b = rng.normal(30, 10, 25)
        a = rng.normal(30 + rng.normal(0, 4), 10, 25)
        units = units_frame(b, a).assign(duration_days=np.nan, observed=pd.NA)
        _, tests, _ = compare_units(
            units,
            metric="contact",
            unit="days",
            columns=COLUMNS,
            km=False,
            n_boot=200,
            seed=0,
            alpha=0.05,
        )
        prim = tests["primary"]
        excludes = prim["ci_lower"] > 0 or prim["ci_upper"] < 0
        assert excludes is prim["significant"] is (prim["p_value"] < 0.05)
        text = comparison_sentences(prim, metric="contact", change=date(2021, 3, 1))
        changed = " veranderde " in text["sentence_nl"]
        assert changed is (not prim["significant"])
        assert ("niet significant" in text["sentence_nl"]) is changed


def record(**kw):
    rec = {
        "alpha": 0.05,
        "n": {"before": 100, "after": 120},
        "power": 0.8,
    }
    rec.update(kw)
    return rec


def test_sentence_significant_leadtime():
    # 40% -> 55% decided within 8 weeks, +15 points, CI 5.2 to 24.8, p = 0.0027
    rec = record(
        before=0.40,
        after=0.55,
        difference=0.15,
        se=0.05,
        ci_lower=0.052,
        ci_upper=0.248,
        p_value=0.0027,
        significant=True,
        detectable_difference=0.14,
    )
    text = comparison_sentences(rec, metric="leadtime", change=date(2021, 3, 1))
    assert text["sentence_nl"] == (
        "Na 1 maart 2021 steeg het aandeel meldingen met instroom of besluit binnen 8 "
        "weken van 40% naar 55%: +15 procentpunt (95%-betrouwbaarheidsinterval +5 tot "
        "+25 procentpunt; p = 0,003). " + CAVEAT_NL
    )
    assert text["sentence_en"] == (
        "After 1 March 2021, the share of reports with an intake or decision within 8 "
        "weeks rose from 40% to 55%: +15 percentage points (95% confidence interval +5 "
        "to +25 percentage points; p = 0.003). " + CAVEAT_EN
    )


def test_sentence_not_significant_gives_the_detectable_difference():
    # contact: 30.0 -> 27.5 days, -2.5 (CI -6.4 to +1.4), p = 0.21, 80% power at 5.5
    rec = record(
        before=30.0,
        after=27.5,
        difference=-2.5,
        se=2.0,
        ci_lower=-6.42,
        ci_upper=1.42,
        p_value=0.211,
        significant=False,
        detectable_difference=5.6,
    )
    text = comparison_sentences(rec, metric="contact", change=None)
    assert text["sentence_nl"] == (
        "In de tweede periode veranderde de gemiddelde tijd tussen twee contacten per "
        "casus van 30 dagen naar 28 dagen: -2,5 dagen (95%-betrouwbaarheidsinterval "
        "-6,4 tot +1,4 dagen; p = 0,211). Dat verschil is niet significant; met deze "
        "aantallen was een verschil van 5,6 dagen met 80% kans gevonden, een kleiner "
        "effect is niet uit te sluiten. " + CAVEAT_NL
    )
    assert text["sentence_en"] == (
        "In the second period, the mean time between two contacts per case changed "
        "from 30 days to 28 days: -2.5 days (95% confidence interval -6.4 to +1.4 "
        "days; p = 0.211). The difference is not significant; with these numbers a "
        "difference of 5.6 days would have been found with 80% power, so a smaller "
        "effect cannot be ruled out. " + CAVEAT_EN
    )


def test_sentence_integrality_falls_and_too_few():
    rec = record(
        before=0.62,
        after=0.50,
        difference=-0.12,
        se=0.03,
        ci_lower=-0.179,
        ci_upper=-0.061,
        p_value=0.00006,
        significant=True,
        detectable_difference=0.084,
    )
    text = comparison_sentences(rec, metric="integrality", change=date(2022, 1, 1))
    assert text["sentence_nl"] == (
        "Na 1 januari 2022 daalde het gemiddelde aandeel interventies door de eigen "
        "organisatie per casus van 62% naar 50%: -12 procentpunt "
        "(95%-betrouwbaarheidsinterval -18 tot -6 procentpunt; p < 0,001). " + CAVEAT_NL
    )
    few = comparison_sentences(
        {**rec, "n": {"before": 5, "after": 3}}, metric="leadtime", change=None
    )
    assert few["sentence_nl"] == (
        "Te weinig meldingen voor een vergelijking (5 vóór, 3 na; minstens 10 per "
        "periode)."
    )
    assert few["sentence_en"] == (
        "Too few reports for a comparison (5 before, 3 after; at least 10 per period)."
    )


def lead_store(tmp_path):
    """30 reports before 2021-03-01 (10 decided in 20 days, 20 in 70), 30 after
    (20 in 20 days, 10 in 70): decided within 8 weeks 1/3 -> 2/3."""
    rows = []
    for i in range(30):
        lead = 20 if i < 10 else 70
        rows += episode(
            f"B{i}", datetime(2021, 1, 4, 9, tzinfo=UTC) + pd.Timedelta(days=i), lead
        )
    for i in range(30):
        lead = 20 if i < 20 else 70
        rows += episode(
            f"A{i}", datetime(2021, 3, 2, 9, tzinfo=UTC) + pd.Timedelta(days=i), lead
        )
    db = tmp_path / "ev.duckdb"
    con = store.connect(db, read_only=False)
    store.insert_events(con, pd.DataFrame(rows))
    con.close()
    return db


def test_compare_periods_sentence_on_a_store(tmp_path):
    con = store.connect(lead_store(tmp_path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        out = compare_periods(
            con, change=date(2021, 3, 1), window_months=2, as_of=date(2021, 9, 1),
            n_boot=500,
        )  # fmt: skip
    con.close()
    text = out.attrs["evaluate"]["sentence_nl"]
    assert text.startswith(
        "Na 1 maart 2021 steeg het aandeel meldingen met instroom of besluit binnen 8 "
        "weken van 33% naar 67%: +33 procentpunt (95%-betrouwbaarheidsinterval "
    )
    assert text.endswith(CAVEAT_NL)


def test_cli_json_has_roles_and_adjusted_p(tmp_path, capsys):
    from ipgar_metrics.cli._main import main

    db = lead_store(tmp_path)
    args = ["evaluate", "--db", str(db), "--change", "2021-03-01", "--window", "2"]
    assert (
        main([*args, "--as-of", "2021-09-01", "--n-boot", "300", "--format", "json"])
        == 0
    )
    text = capsys.readouterr().out
    assert "NaN" not in text  # strict JSON: no value is null
    data = json.loads(text)
    rows = data["comparison"]
    assert [r["statistic"] for r in rows if r["role"] == "primary"] == [
        "decided_8w_share"
    ]
    assert {r["role"] for r in rows} == {"primary", "secondary", "descriptive"}
    for r in rows:
        assert ("p_value" in r) and ("p_adjusted" in r)
        if r["p_value"] is None:
            assert r["p_adjusted"] is None and r["significant"] is False
        else:
            assert r["significant"] is (r["p_adjusted"] < 0.05)
    sec = [r for r in rows if r["role"] == "secondary"]
    adj = holm_by_hand(sec[0]["p_value"], sec[1]["p_value"])
    assert [r["p_adjusted"] for r in sec] == pytest.approx(list(adj))
    assert data["primary"]["statistic"] == "decided_8w_share"


def test_no_reading_of_p_as_the_chance_of_chance():
    # the package and the notebooks never say "geen toeval" (not chance)
    files = [
        p
        for p in (ROOT / "ipgar_metrics").rglob("*")
        if p.is_file() and p.suffix in {".py", ".j2", ".toml", ".sql", ".json", ".md"}
    ]
    files += list((ROOT / "notebooks").glob("*.ipynb"))
    assert len(files) > 50
    hits = [
        str(p.relative_to(ROOT))
        for p in files
        if re.search(r"geen\s+toeval|not\s+chance", p.read_text(encoding="utf-8"), re.I)
    ]
    assert hits == []


@pytest.mark.parametrize(("units", "rows"), [(300, 700), (3000, 70)])
def test_decided_share_in_blocks_of_rows_is_each_row_alone(units, rows):
    """Short rows in several blocks, long ones one by one: each row as if alone."""
    rng = np.random.default_rng(3)
    d = np.round(rng.exponential(20, units))  # most units end within the horizon
    obs = rng.random(units) < 0.7
    weights = rng.multinomial(units, np.ones(units) / units, size=rows)
    got = decided_share(d, obs, weights=weights)
    alone = [decided_share(d, obs, weights=row[None, :])[0] for row in weights]
    assert got.tolist() == alone


@pytest.mark.parametrize("metric", ["leadtime", "contact"])
def test_the_two_bootstraps_on_two_threads_give_the_numbers_of_one_thread(metric):
    """compare_units runs the primary's bootstrap beside the distribution's.

    Its rows and the primary's record equal those of the two functions called one
    after the other here, on long periods (counted replicates) with open reports,
    and twice in a row: no draw of one stream may land in the other.
    """
    from ipgar_metrics.metrics.evaluate._stats import distribution_rows, primary_row

    rng = np.random.default_rng(11)
    units = units_frame(
        np.round(rng.exponential(60, 900)),
        np.round(rng.exponential(45, 1100)),
        open_after=np.round(rng.exponential(30, 150)),
    )
    by_period = {p: units[units["period"] == p] for p in ("before", "after")}
    vals = {
        p: f.loc[~f["is_open"], "value"].dropna().to_numpy(float)
        for p, f in by_period.items()
    }
    kw = {"n_boot": 600, "seed": 5, "alpha": 0.05}
    dist, _ = distribution_rows(vals, "days", **kw)
    prim_row, primary = primary_row(by_period, vals, metric=metric, **kw)
    expected = {r["statistic"]: r for r in [*dist, prim_row]}
    for _ in range(2):
        out, tests, _ = compare_units(
            units, metric=metric, unit="days", columns=COLUMNS, km=False, **kw
        )
        for row in out.to_dict("records"):
            if row["statistic"] in expected:
                want = expected[row["statistic"]]
                for col in ("before", "after", "ci_lower", "ci_upper"):
                    assert row[col] == want[col] or (
                        np.isnan(row[col]) and np.isnan(want[col])
                    ), (row["statistic"], col)
        got = {k: v for k, v in tests["primary"].items() if k != "n"}
        assert got == primary


def test_an_error_in_the_primarys_thread_reaches_the_caller(monkeypatch):
    from ipgar_metrics.metrics.evaluate import _stats

    def broken(*args, **kwargs):
        raise ValueError("primary failed")

    monkeypatch.setattr(_stats, "primary_row", broken)
    units = units_frame([20.0] * 10, [30.0] * 10)
    with pytest.raises(ValueError, match="primary failed"):
        compare_units(
            units,
            metric="leadtime",
            unit="days",
            columns=COLUMNS,
            km=False,
            n_boot=50,
            seed=0,
            alpha=0.05,
        )
