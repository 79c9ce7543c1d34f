"""The life-domain assessment at intake (leefgebiedenscan) in the practice profile.

Hand-made log, one organisation (oov) with case managers M1-M3; as_of 2025-06-01,
every instroom 2025-01-01 12:00 unless said:
  A: scan all six domains geen_probleem; contacts only        -> no problem, contacts only
  B: scan with probleem on wonen; an intervention             -> a problem
  C: scan all geen_probleem; an intervention all the same     -> no problem, intervention
  D: no scan; contacts                                        -> in no denominator
  E: scan all geen_probleem; a later scan probleem on zorg    -> the first counts: no
     problem; nothing else happens                            -> neither
  F: instroom 2025-04-15 (47 days before as_of, under the 90 of the follow-up
     shares); scan all geen_probleem                          -> no problem only
cases_without_problem = A, C, E, F of A, B, C, E, F = 4/5; of A, C, E (90 days or
more): with an intervention C = 1/3, contacts only A = 1/3.
"""

import json
from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import practice_profile, store
from ipgar_metrics.simulation import simulate

DOMAINS = ("inkomen", "dagbesteding", "wonen", "zorg", "netwerk", "ideologie")
AS_OF = date(2025, 6, 1)


def ev(case, activity, day, org=None, cm=None, outcome=None, ld=None):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"2025-{day}T12:00:00+01:00",
        "org": org,
        "case_manager": cm,
        "outcome": outcome,
        "life_domain": ld,
    }


def scan(case, day, problems=(), minute=0):
    return [
        {
            **ev(case, "leefgebiedenscan", day, "oov", "M1", ld=d),
            "timestamp": f"2025-{day}T13:{minute + k:02d}:00+01:00",
            "outcome": "probleem" if d in problems else "geen_probleem",
        }
        for k, d in enumerate(DOMAINS)
    ]


def hand_log(with_scans: bool = True) -> pd.DataFrame:
    rows = []
    managers = {"A": "M1", "B": "M2", "C": "M3", "D": "M1", "E": "M2", "F": "M3"}
    for case, cm in managers.items():
        day = "04-15" if case == "F" else "01-01"
        rows += [
            {**ev(case, "melding", day), "timestamp": "2024-12-01T12:00:00+01:00"},
            ev(case, "instroom", day),
            {
                **ev(case, "regisseur_toegewezen", day, "oov", cm),
                "timestamp": f"2025-{day}T12:30:00+01:00",
            },
        ]
    rows += [
        ev("A", "contact", "02-01", "oov", "M1"),
        ev("B", "interventie_start", "02-01", "oov", "M2", ld="wonen"),
        ev("C", "interventie_start", "02-10", "wpi", "M3", ld="inkomen"),
        ev("D", "contact", "02-01", "oov", "M1"),
    ]
    if with_scans:
        rows += scan("A", "01-01") + scan("B", "01-01", ("wonen",))
        rows += scan("C", "01-01") + scan("E", "01-01")
        rows += scan("E", "03-01", ("zorg",)) + scan("F", "04-15")
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def points():
    con = store.memory_store()
    store.insert_events(con, hand_log())
    p = practice_profile(con, as_of=AS_OF, min_managers=1, level="point")
    assert p.attrs["ipgar"]["params"]["life_domain_assessment"] is True
    return p.set_index(["measure", "org"])


@pytest.mark.parametrize(
    ("measure", "numerator", "denominator"),
    [
        ("cases_without_problem", 4, 5),
        ("no_problem_with_intervention", 1, 3),
        ("no_problem_contacts_only", 1, 3),
    ],
)
def test_assessment_measures_by_hand(points, measure, numerator, denominator):
    row = points.loc[(measure, "oov")]
    assert (row["numerator"], row["denominator"]) == (numerator, denominator)
    assert row["expected"] == pytest.approx(numerator / denominator)


def test_without_assessment_only_the_upper_bound():
    con = store.memory_store()
    store.insert_events(con, hand_log(with_scans=False))
    p = practice_profile(con, as_of=AS_OF, min_managers=1, level="point")
    assert p.attrs["ipgar"]["params"]["life_domain_assessment"] is False
    row = p.set_index(["measure", "org"]).loc[("cases_without_problem", "oov")]
    assert row["denominator"] == 0 and pd.isna(row["value"]) and row["signal"] is None
    # the proxy is still there: A, D, E (90 days or more, no intervention) of A-E
    proxy = p.set_index(["measure", "org"]).loc[("cases_without_intervention", "oov")]
    assert (proxy["numerator"], proxy["denominator"]) == (3, 5)


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    root = tmp_path_factory.mktemp("assessment")
    on = simulate(200, 5, root / "on", write_xlsx=False)
    off = simulate(
        200,
        5,
        root / "off",
        write_xlsx=False,
        params={"life_domain_assessment": {"enabled": False}},
    )
    return on, off


def _events(res) -> pd.DataFrame:
    return pd.read_csv(res.files["events"], dtype=str, keep_default_na=False)


def test_assessed_share_equals_the_truth(simulated):
    on, _off = simulated
    con = store.memory_store()
    store.insert_events(con, _events(on).replace("", None))
    # a window back to the start: every episode of the simulation
    p = practice_profile(con, as_of=date(2026, 11, 1), window_months=140, level="point")
    share = p.loc[p["measure"] == "cases_without_problem"]
    truth = json.loads(on.files["truth"].read_text(encoding="utf-8"))
    assessed = [e for e in truth["episodes"] if e["assessed_at"] is not None]
    free = sum(e["no_life_domain_problem"] for e in assessed)
    assert share["denominator"].sum() == len(assessed)
    assert share["numerator"].sum() == free
    assert 0.1 < free / len(assessed) < 0.3  # the simulator's 17.5% of intakes
    # every admitted episode has its domains in the truth, a scan per domain
    events = _events(on)
    scans = events.loc[events["activity"] == "leefgebiedenscan"]
    assert len(scans) == 6 * len(assessed)
    problem = scans.loc[scans["outcome"] == "probleem"]
    by_truth = sum(sum(e["life_domain_problems"].values()) for e in assessed)
    assert len(problem) == by_truth


def test_switching_the_assessment_off_leaves_the_other_events(simulated):
    on, off = simulated
    a, b = _events(on), _events(off)
    assert not (b["activity"] == "leefgebiedenscan").any()
    a = a.loc[a["activity"] != "leefgebiedenscan"].drop(columns="event_id")
    b = b.drop(columns="event_id")
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
