"""Cumulative incidence of the competing outcomes: by hand and against lifelines.

The tiny log at 2025-01-01 00:00+01:00 (days since the report, outcome):
  B 12.958333 instroom, C2 14 instroom, C1 14.041667 geen_instroom,
  D 22 tussenvariant, A 28 instroom; F 29.625 and E 36.625 open (censored).
  Aalen-Johansen, S = overall survival just before, n at risk:
    12.96: n 7, S 1    -> F_instroom = 1/7;            S = 6/7
    14.00: n 6, S 6/7  -> F_instroom = 1/7 + 1/7 = 2/7; S = 5/7
    14.04: n 5, S 5/7  -> F_geen     = 1/7;             S = 4/7
    22.00: n 4, S 4/7  -> F_tussen   = 1/7;             S = 3/7
    28.00: n 3, S 3/7  -> F_instroom = 3/7;             S = 2/7
  The three add up to 1 - S = 5/7 at 28. The KM of time to intake (refusals
  censored) is 1 - 0.476 = 0.524 at 28: more than the 3/7 actually taken in.
  Variance of F_instroom (Collett p. 411):
    at 12.96: S0^2 d(n - d)/n^3 = 6/343;
    at 14.00: (2/7 - 1/7)^2 * 1/(7*6) + 6/343 - 2 (2/7 - 1/7) * 1/49
              + (6/7)^2 * 1*5/6^3.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from lifelines import AalenJohansenFitter
from test_leadtime_tiny_log import AS_OF, tiny_store

from ipgar_metrics import fig_cumulative_incidence, store
from ipgar_metrics.disclosure import NOT_SHOWN, small
from ipgar_metrics.errors import ConfigError, DataQualityWarning
from ipgar_metrics.metrics._episodes import episodes, resolve_as_of
from ipgar_metrics.metrics.leadtime import cumulative_incidence, km_durations
from ipgar_metrics.metrics.leadtime._incidence import COMPETING, OUTPUT_COLUMNS

H = 1 / 24
Z = 1.959963984540054


@pytest.fixture(scope="module")
def con():
    return tiny_store()


def _cif(con, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return cumulative_incidence(con, as_of=AS_OF, **kw)


def _loglog(f, var):
    se = np.sqrt(var) / (f * abs(np.log(f)))
    c = np.log(-np.log(f))
    return np.exp(-np.exp(c + Z * se)), np.exp(-np.exp(c - Z * se))


def test_curve_by_hand(con):
    curve = _cif(con)
    assert list(curve.columns) == list(OUTPUT_COLUMNS["cumulative_incidence"])
    times = [13 - H, 14.0, 14 + H, 22.0, 28.0]
    expected = {
        "instroom": [1 / 7, 2 / 7, 2 / 7, 2 / 7, 3 / 7],
        "geen_instroom": [0, 0, 1 / 7, 1 / 7, 1 / 7],
        "tussenvariant": [0, 0, 0, 1 / 7, 1 / 7],
    }
    for outcome, values in expected.items():
        part = curve[curve["outcome"] == outcome]
        np.testing.assert_allclose(part["days"], times, atol=1e-9)
        np.testing.assert_allclose(part["cif"], values, atol=1e-12)
    last = curve[curve["days"] == curve["days"].max()]
    assert last["cif"].sum() == pytest.approx(5 / 7)


def test_intervals_by_hand(con):
    part = _cif(con).query("outcome == 'instroom'").reset_index(drop=True)
    var1 = 6 / 343
    var2 = (1 / 7) ** 2 / 42 + 6 / 343 - 2 * (1 / 7) / 49 + (6 / 7) ** 2 * 5 / 216
    for i, (f, var) in enumerate(((1 / 7, var1), (2 / 7, var2))):
        lower, upper = _loglog(f, var)
        assert part.loc[i, "lower"] == pytest.approx(lower, abs=1e-12)
        assert part.loc[i, "upper"] == pytest.approx(upper, abs=1e-12)
    before = _cif(con).query("outcome == 'tussenvariant' and cif == 0")
    assert (before["lower"] == 0).all() and (before["upper"] == 0).all()


def test_summary_by_hand(con):
    s = _cif(con, level="summary").set_index("outcome")
    assert list(s.index) == list(COMPETING)
    assert s.loc["instroom", ["n", "n_events", "n_open"]].tolist() == [7, 3, 2]
    assert s.loc["instroom", "cif_8w"] == pytest.approx(3 / 7)
    assert s.loc["geen_instroom", "cif_32w"] == pytest.approx(1 / 7)
    assert s.loc["instroom", "median_days_reached"] == pytest.approx(14.0)
    assert s.loc["tussenvariant", "median_days_reached"] == pytest.approx(22.0)


def test_unknown_level_is_refused(con):
    with pytest.raises(ConfigError, match="unknown level"):
        _cif(con, level="episode")


class _NoJitter(AalenJohansenFitter):
    """lifelines breaks tied times of different outcomes by random jitter; the
    estimator itself handles ties (all events at a time share its at-risk count),
    which is what we compute, so the tie check is switched off."""

    @staticmethod
    def _check_for_duplicates(durations, events):
        return False


def test_equals_lifelines_on_simulated_store(sim_store):
    con = store.connect(sim_store.db)
    as_of = resolve_as_of(sim_store.as_of)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        curve = cumulative_incidence(con, as_of=sim_store.as_of)
        frame = km_durations(episodes(con, as_of=as_of), as_of=as_of, event="end")
    con.close()
    code = frame["outcome"].map({o: i + 1 for i, o in enumerate(COMPETING)})
    code = code.fillna(0).astype(int)
    assert (frame["duration_days"] > 0).all()  # lifelines pins F(0) to 0
    assert len(set(COMPETING) & set(frame["outcome"])) == 3
    assert frame.loc[code > 0, "duration_days"].duplicated().any()  # ties exist
    for k, outcome in enumerate(COMPETING, start=1):
        ajf = _NoJitter().fit(frame["duration_days"], code, event_of_interest=k)
        ref = ajf.cumulative_density_.iloc[:, 0]
        ci = ajf.confidence_interval_
        ours = curve[curve["outcome"] == outcome].set_index("days")
        assert len(ours) == (code > 0).groupby(frame["duration_days"]).any().sum()
        np.testing.assert_allclose(ours["cif"], ref.loc[ours.index], rtol=0, atol=1e-9)
        bounds = pd.DataFrame(
            {"lo": ci.min(axis=1), "hi": ci.max(axis=1)}, index=ci.index
        ).loc[ours.index]
        finite = np.isfinite(bounds["lo"]) & np.isfinite(bounds["hi"])
        # lifelines has no interval where F = 0 (ours: [0, 0]) and none where the
        # last ones at risk all have an event (its Greenwood weight is 1/0 there).
        assert (~finite).sum() <= (ours["cif"] == 0).sum() + 1
        np.testing.assert_allclose(ours.loc[finite, "lower"], bounds.loc[finite, "lo"],
                                   rtol=0, atol=1e-9)  # fmt: skip
        np.testing.assert_allclose(ours.loc[finite, "upper"], bounds.loc[finite, "hi"],
                                   rtol=0, atol=1e-9)  # fmt: skip


def test_figure_three_outcomes_with_bands_from_zero(con):
    fig = fig_cumulative_incidence(_cif(con))
    assert fig.layout.yaxis.title.text == "Cumulatieve incidentie"
    lines = [t for t in fig.data if t.fill != "toself"]
    assert [t.name for t in lines] == ["instroom", "geen instroom", "tussenvariant"]
    assert lines[0].x[0] == 0 and lines[0].y[0] == 0
    assert lines[0].y[-1] == pytest.approx(3 / 7)
    assert sum(t.fill == "toself" for t in fig.data) == 3
    english = fig_cumulative_incidence(_cif(con), lang="en")
    assert "no intake" in [t.name for t in english.data]


def _section(con, audience):
    from ipgar_metrics.report._model import Chart, Context, Table
    from ipgar_metrics.report._texts import t
    from ipgar_metrics.report.sections._leadtime import leadtime_section

    sec = leadtime_section(Context(con, month="2024-12", audience=audience))
    title = t("cif_title")
    charts = [b for b in sec.blocks if isinstance(b, Chart) and b.title == title]
    # the table's title names its window (the report's 12 months, or open at the end)
    head = t("cif_table").split("{first}")[0]
    tables = [
        b for b in sec.blocks if isinstance(b, Table) and b.title.startswith(head)
    ]
    km = [b for b in sec.blocks if isinstance(b, Chart) and b.title == t("km_title")]
    return charts, tables, km


def test_report_shows_the_incidence_beside_the_km_of_any_decision(con):
    charts, tables, km = _section(con, "intern")
    assert len(charts) == 1 and len(tables) == 1 and len(km) == 1
    assert "welk ook" in km[0].title
    rows = {r[0].text: [c.text for c in r[1:]] for r in tables[0].rows}
    assert rows["instroom"][:2] == ["3", "43%"]  # 3 intakes, 3/7 within 8 weeks
    assert rows["instroom"][-1] == "te weinig meldingen"  # a median of 3
    assert rows["geen instroom"][1] == "14%"
    names = [d["name"] for d in json.loads(charts[0].figure_json)["data"]]
    assert "tussenvariant" in names


def test_report_extern_hides_steps_with_fewer_than_k_at_risk(con):
    charts, tables, _ = _section(con, "extern")
    # seven episodes, k = 10: no event time has k at risk, every curve stays at 0
    for trace in json.loads(charts[0].figure_json)["data"]:
        assert list(trace["x"]) in ([0.0], [0.0, 0.0])
        assert trace["meta"] == {"kind": "share"}
    for row in tables[0].rows:
        assert row[1].text == small(10)  # the count of episodes with the outcome
        assert all(c.text == NOT_SHOWN for c in row[2:])
