"""The what-if family: the intake model, scenarios, the simulation and ``ipgar whatif``.

Estimates are checked by hand on the tiny log and against the simulator's
parameters (``truth.json``); the fit against the observed lead times computed from
``truth.json``'s episodes, not from the model.
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics.whatif import (
    KNOBS,
    Scenario,
    intake_model,
    parse_knobs,
    scenario_comparison,
    scenario_from_toml,
    simulate_intake,
)
from tests.unit.test_leadtime_tiny_log import LATER, tiny_store

TZ = "Europe/Amsterdam"

H = 1 / 24


# -- the tiny log, worked out by hand (times in test_leadtime_tiny_log) -------------------
# Window 2024 with complete_days=60 at LATER (2025-03-01): A, B, C1, C2, D, F complete;
# E (reported 2024-11-25) still open, left out.
# A: request 01-09 (1 day after the report), information 01-16 (7 days), IVG-R
#    01-22 (6 days after), PTO-R 01-29 (7), intake 02-05 (7); lead time 28.
# B: IVG-R after 6 d 23 h (DST), PTO-R 4, intake 2; lead time 12.958333.
# C1: request 10-22 unanswered at the first round (dropped): report -> round 3 days;
#    round asks (meer_informatie), request 10-25 (1 day), information 10-29
#    10:00+01 (4 d 1 h), round 10-31 (2), PTO-R geen_opname 11-04 (4).
# C2: round after 3, PTO-R 4, intake 7; lead time 14.
# D: round after 8, PTO-R 14 (tussenvariant).
# F: round after 7, PTO-R 7, intake 21; lead time 35.
@pytest.fixture(scope="module")
def tiny_model():
    con = tiny_store()
    return intake_model(
        con,
        as_of=LATER,
        window=(date(2024, 1, 1), date(2024, 12, 31)),
        complete_days=60,
    )


def test_tiny_counts_and_shares(tiny_model):
    m = tiny_model
    assert m.n_episodes == 6
    assert m.n_open_left_out == 1
    assert m.arrivals_per_year == pytest.approx(6 / (366 / 365.25))
    assert m.pre_request_p == pytest.approx(1 / 6)  # only A's request was answered
    assert m.decision_shares == pytest.approx(
        {"instroom": 4 / 6, "geen_instroom": 1 / 6, "tussenvariant": 1 / 6}
    )
    # seven rounds, one asked; fewer than 10 at round 1: all rounds pooled
    assert m.more_info_p == pytest.approx([1 / 7])
    assert list(m.more_info_at_risk) == [7]
    assert m.postpone_p == 0
    assert len(m.postpone_days) == 0


def test_tiny_delays(tiny_model):
    m = tiny_model
    assert sorted(m.report_to_round_days) == pytest.approx(
        sorted([6 + 23 * H, 3, 3, 8, 7])
    )
    assert list(m.report_to_request_days) == pytest.approx([1])
    assert list(m.round_to_request_days) == pytest.approx([1])
    assert sorted(m.info_wait_days) == pytest.approx([4 + H, 7])
    assert sorted(m.info_to_round_days) == pytest.approx([2, 6])
    assert sorted(m.round_to_ptor_days) == pytest.approx([4, 4, 4, 7, 7, 14])
    assert sorted(m.decision_to_intake_days) == pytest.approx([2, 7, 7, 21])
    assert sorted(m.observed_days) == pytest.approx([12 + 23 * H, 14, 28, 35])


def test_tiny_window_moved_back_and_too_small():
    con = tiny_store()
    m = intake_model(
        con, as_of=LATER, window=(date(2024, 1, 1), date(2025, 2, 1)), complete_days=60
    )
    assert m.window == (date(2024, 1, 1), date(2024, 12, 31))
    assert any("window end moved back" in n for n in m.notes)
    with pytest.raises(ConfigError, match="complete reports"):
        intake_model(
            con,
            as_of=LATER,
            window=(date(2024, 1, 1), date(2024, 6, 1)),
            complete_days=60,
        )


# -- scenarios ----------------------------------------------------------------------------
def test_unknown_knob_lists_the_valid_ones():
    with pytest.raises(ConfigError) as err:
        parse_knobs(["info_loop=0.5"])
    message = str(err.value)
    assert "\n" not in message
    assert 'unknown knob "info_loop"' in message
    for knob in KNOBS:
        assert knob in message


@pytest.mark.parametrize(
    "text",
    ["info_loops=-1", "intermediate_share=1", "ivgr_interval_days=0", "info_wait=x"],
)
def test_knob_out_of_range(text):
    with pytest.raises(ConfigError, match="knob"):
        parse_knobs([text])


def test_scenario_from_toml(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        'name = "sneller"\ndescription = "informatie sneller"\n'
        "[knobs]\ninfo_wait = 0.5\nivgr_interval_days = 14\n",
        encoding="utf-8",
    )
    s = scenario_from_toml(path)
    assert (s.name, s.description) == ("sneller", "informatie sneller")
    assert dict(s.knobs) == {"info_wait": 0.5, "ivgr_interval_days": 14.0}
    path.write_text("[knobs]\nbogus = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match='unknown knob "bogus"'):
        scenario_from_toml(path)


# -- the simulated store ----------------------------------------------------------------
@pytest.fixture(scope="module")
def sim(sim_store):
    truth = json.loads((sim_store.sim_dir / "truth.json").read_text(encoding="utf-8"))
    con = store.connect(sim_store.db, read_only=True)
    model = intake_model(con, as_of=sim_store.as_of)
    yield con, model, truth
    con.close()


def _truth_admitted_days(truth, first, last):
    days = []
    for ep in truth["episodes"]:
        reported = pd.Timestamp(ep["melding_at"]).date()
        if first <= reported <= last and ep["outcome"] == "instroom":
            days.append(ep["lead_days"])
    return np.array(days)


def test_sim_estimates_match_the_simulator(sim):
    _con, m, truth = sim
    p = truth["parameters"]
    # the cadence: IVG-R weekly on Tuesday, PTO-R every other Thursday
    assert m.ivgr_interval_days == 7
    assert m.ptor_interval_days == 7 * p["ptor_every_weeks"]
    assert (m.ivgr_weekday, m.ptor_weekday) == (p["ivgr_weekday"], p["ptor_weekday"])
    # first round asks for more information with P(loops >= 1)
    assert m.more_info_p[0] == pytest.approx(1 - p["loops_p"][0], abs=0.1)
    # the lognormal wait for information: mean = median * exp(sigma^2 / 2)
    lognormal_mean = p["info_wait_median_days"] * np.exp(p["info_wait_sigma"] ** 2 / 2)
    assert np.mean(m.info_wait_days) == pytest.approx(lognormal_mean, rel=0.1)
    assert m.postpone_p == pytest.approx(p["postpone_p"], abs=0.08)


def test_fit_baseline_mean_within_10_percent_of_observed(sim):
    con, m, truth = sim
    observed = _truth_admitted_days(truth, *m.window)
    assert len(observed) >= 50
    assert np.mean(m.observed_days) == pytest.approx(np.mean(observed), rel=0.02)
    frame = scenario_comparison(con, as_of=m.as_of, model=m, runs=1000, seed=3)
    base = frame.set_index("what").loc["baseline"]
    assert base["mean_days"] == pytest.approx(np.mean(observed), rel=0.1)
    assert base["mean_lower"] < np.mean(observed) < base["mean_upper"]
    assert base["share_admitted"] == pytest.approx(
        m.decision_shares["instroom"], abs=0.02
    )
    assert base["wasserstein_days"] < 0.15 * np.mean(observed)


def test_deterministic_for_a_seed(sim):
    _con, m, _truth = sim
    s = Scenario("x", "", {"info_loops": 0.7, "ptor_interval_days": 7})
    a = simulate_intake(m, s, runs=50, seed=11)
    b = simulate_intake(m, s, runs=50, seed=11)
    c = simulate_intake(m, s, runs=50, seed=12)
    pd.testing.assert_frame_equal(a, b)
    assert not a["days"].equals(c["days"])


def _mean(m, knobs):
    days = simulate_intake(m, Scenario("s", "", knobs), runs=400, seed=5)["days"]
    return float(days.mean())


def test_knobs_move_the_mean_in_the_known_direction(sim):
    _con, m, _truth = sim
    base = _mean(m, {})
    assert _mean(m, {"info_loops": 0.5}) < base
    assert _mean(m, {"info_loops": 0}) < _mean(m, {"info_loops": 0.5})
    assert _mean(m, {"info_wait": 2.0}) > base
    assert _mean(m, {"ivgr_interval_days": 28}) > base
    # the mean meeting wait moves by half the change of the interval, per meeting:
    # the PTO-R is met once (plus once when postponed)
    shift = _mean(m, {"ptor_interval_days": 28}) - base
    expected = 0.5 * (28 - m.ptor_interval_days) * (1 + m.postpone_p)
    assert shift == pytest.approx(expected, rel=0.25)


def test_intermediate_share_takes_its_share_from_the_others(sim):
    _con, m, _truth = sim
    sim_out = simulate_intake(
        m, Scenario("s", "", {"intermediate_share": 0.5}), runs=400, seed=2
    )
    shares = m.decision_shares
    expected = shares["instroom"] * 0.5 / (shares["instroom"] + shares["geen_instroom"])
    assert (sim_out["outcome"] == "instroom").mean() == pytest.approx(
        expected, abs=0.02
    )
    assert (sim_out["outcome"] == "tussenvariant").mean() == pytest.approx(
        0.5, abs=0.02
    )


# -- the command line -------------------------------------------------------------------
def test_cli_json_keys(sim_store, capsys):
    from ipgar_metrics.cli._main import main

    code = main(
        [
            "whatif",
            "--db",
            str(sim_store.db),
            "--set",
            "info_loops=0.5",
            "--set",
            "info_wait=0.8",
            "--runs",
            "100",
            "--format",
            "json",
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert {"baseline", "scenario", "observed", "knobs"} <= set(out)
    for block in ("baseline", "scenario"):
        assert {
            "mean_days",
            "median_days",
            "p90_days",
            "mean_interval",
            "median_interval",
            "p90_interval",
            "share_admitted",
        } <= set(out[block])
        lo, hi = out[block]["mean_interval"]
        assert lo <= out[block]["mean_days"] <= hi
    assert set(out["observed"]) == {"mean_days", "median_days", "p90_days", "n"}
    assert out["knobs"] == {"info_loops": 0.5, "info_wait": 0.8}
    assert out["scenario"]["mean_days"] < out["baseline"]["mean_days"]


def test_cli_unknown_knob_is_one_line(sim_store, capsys):
    from ipgar_metrics.cli._main import main

    code = main(["whatif", "--db", str(sim_store.db), "--set", "rounds=0.5"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1
    assert 'unknown knob "rounds"' in err[0]


def test_info_wait_scales_every_wait(sim):
    _con, m, _truth = sim
    base = simulate_intake(m, runs=400, seed=8)
    slow = simulate_intake(m, Scenario("s", "", {"info_wait": 2.0}), runs=400, seed=8)
    # same draws, each wait doubled: the shift is one more wait per request, and a
    # report has pre_request_p requests before the first round plus one per loop
    requests = m.pre_request_p + base.loc[base["days"].notna(), "info_loops"].mean()
    expected = np.mean(m.info_wait_days) * requests
    assert slow["days"].mean() - base["days"].mean() == pytest.approx(expected, rel=0.1)


def test_bootstrap_model_resamples_the_episodes(tiny_model):
    from ipgar_metrics.metrics.whatif._model import bootstrap_model

    # the estimation episodes in order (case_id, episode): A, B, C1, C2, D, F
    outcomes = [
        "instroom",
        "instroom",
        "geen_instroom",
        "instroom",
        "tussenvariant",
        "instroom",
    ]
    observed = [28, 12 + 23 * H, None, 14, None, 35]
    waits = [[7], [], [4 + H], [], [], []]
    chosen = np.random.default_rng(4).integers(0, 6, size=6)
    b = bootstrap_model(tiny_model, np.random.default_rng(4))
    for d in ("instroom", "geen_instroom", "tussenvariant"):
        assert b.decision_shares[d] == pytest.approx(
            sum(outcomes[i] == d for i in chosen) / 6
        )
    assert sorted(b.observed_days) == pytest.approx(
        sorted(observed[i] for i in chosen if observed[i] is not None)
    )
    assert sorted(b.info_wait_days) == pytest.approx(
        sorted(w for i in chosen for w in waits[i])
    )
    assert b.arrivals_per_year == tiny_model.arrivals_per_year


def test_info_wait_per_organisation_of_the_request():
    from tests.unit.test_leadtime_tiny_log import tiny_frame

    frame = tiny_frame()
    requests = frame["activity"] == "info_aanvraag"
    frame.loc[requests & (frame["case_id"] == "A"), "org"] = "politie"
    frame.loc[requests & frame["timestamp"].str.startswith("2024-10-25"), "org"] = "ggz"
    con = store.memory_store()
    store.insert_events(con, frame)
    m = intake_model(
        con,
        as_of=LATER,
        window=(date(2024, 1, 1), date(2024, 12, 31)),
        complete_days=60,
    )
    waits = m.info_wait_by_org.set_index("org")
    assert sorted(waits.index) == ["ggz", "politie"]
    assert waits.loc["politie", "mean_days"] == pytest.approx(7)
    assert waits.loc["ggz", "mean_days"] == pytest.approx(4 + H)
    params = m.parameters().set_index("parameter")
    assert params.loc["info_wait_days_mean_ggz", "n"] == 1


def test_the_meeting_intervals_count_the_gaps_they_come_from(sim):
    """``--parameters`` gave ``n`` 0 for the two meeting intervals (a silent zero)."""
    con, m, _truth = sim
    events = con.execute("SELECT activity, ts FROM events").df()
    local = pd.to_datetime(events["ts"], utc=True).dt.tz_convert(TZ)
    start = pd.Timestamp(m.window[0]).tz_localize(TZ)
    kept = events[(local >= start) & (local <= m.as_of)]
    days = local[kept.index].dt.date
    params = m.parameters().set_index("parameter")
    for activity, name in (
        ("ivgr_advies", "ivgr_interval_days"),
        ("ptor_besluit", "ptor_interval_days"),
    ):
        meeting_days = days[kept["activity"] == activity].nunique()
        assert meeting_days > 50
        assert params.loc[name, "n"] == meeting_days - 1


def test_cli_parameters(sim_store, capsys):
    from ipgar_metrics.cli._main import main

    truth = json.loads((sim_store.sim_dir / "truth.json").read_text(encoding="utf-8"))
    code = main(
        ["whatif", "--db", str(sim_store.db), "--parameters", "--format", "json"]
    )
    assert code == 0
    rows = {r["parameter"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["ivgr_interval_days"]["value"] == 7
    assert (
        rows["ptor_interval_days"]["value"]
        == 7 * truth["parameters"]["ptor_every_weeks"]
    )


def test_the_parameters_and_the_comparison_read_in_the_readers_words(sim_store):
    """``ipgar whatif --parameters`` and notebook 08 wrote English meanings under
    Dutch headers, and the comparison's rows "baseline" and "observed"."""
    from ipgar_metrics import connect, last_event_at
    from ipgar_metrics.labels import reader_cells

    with connect(sim_store.db, read_only=True) as con:
        params = intake_model(con, as_of=last_event_at(con)).parameters()
    dutch = reader_cells(params)["meaning"]
    assert reader_cells(params, "en")["meaning"].tolist() == params["meaning"].tolist()
    by_code = dict(zip(params["parameter"], dutch, strict=True))
    assert by_code["arrivals_per_year"] == "meldingen per jaar in het schattingsvenster"
    assert by_code["postpone_p"] == "aandeel meldingen dat de PTO-R aanhoudt"
    assert by_code["ivgr_interval_days"].startswith(
        "dagen tussen twee IVG-R-overleggen"
    )
    assert not set(dutch) & set(params["meaning"])  # every meaning has its Dutch
    rows = pd.DataFrame(
        {
            "what": ["baseline", "scenario", "observed"],
            "name": ["baseline", "x", "observed"],
        }
    )
    assert reader_cells(rows).to_dict("list") == {
        "what": ["basis (model)", "scenario", "waargenomen"],
        "name": ["basis (model)", "x", "waargenomen"],
    }


def test_the_wasserstein_distance_of_two_samples():
    from scipy.stats import wasserstein_distance

    from ipgar_metrics.metrics.whatif._comparison import wasserstein_1d

    # by hand: a shift by 5 days moves every unit of mass 5 days; one point at 0
    # against points at 1 and 3 moves half the mass 1 day and half 3 days
    assert wasserstein_1d(np.array([0.0, 1, 3]), np.array([5.0, 6, 8])) == 5.0
    assert wasserstein_1d(np.array([0.0]), np.array([3.0, 1])) == 2.0
    assert wasserstein_1d(np.array([2.0, 2]), np.array([2.0])) == 0.0
    # scipy's, on samples with ties and of unequal sizes, to rounding
    rng = np.random.default_rng(3)
    for _ in range(300):
        n, m = rng.integers(1, 200, 2)
        u = np.round(rng.gamma(2, 20, n), int(rng.integers(0, 3)))
        v = np.round(rng.gamma(2, 25, m), int(rng.integers(0, 3)))
        assert wasserstein_1d(u, v) == pytest.approx(
            wasserstein_distance(u, v), rel=1e-12, abs=1e-12
        )
