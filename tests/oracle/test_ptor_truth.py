"""What the PTO-R owns, and outcomes, against the simulator's ground truth.

The simulator records per episode the ITAT-R agenda entries, the static period
(PTO-R decision, start, end) with its planted reviews, the exit and its reason, and
the next report of the person (``truth.json`` → ``episodes``). The metrics must
recover these from the event log alone. More cases are made static than by default,
so the static measures have something to count.
"""

import json
from datetime import date

import pandas as pd
import pytest
from dateutil.relativedelta import relativedelta

from ipgar_metrics import store
from ipgar_metrics.metrics.ptor import (
    exit_reasons,
    itatr_decision_times,
    rereports,
    static_cases,
)
from ipgar_metrics.simulation._simulator import simulate

AS_OF = date(2026, 11, 1)
PARAMS = {
    "static_p_problem": 0.3,
    "static_p_no_problem": 0.6,
    "static_days": (180, 900),
}


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    out = tmp_path_factory.mktemp("sim_ptor")
    simulate(
        cases=400, seed=1, out_dir=out, as_of=AS_OF, params=PARAMS, write_xlsx=False
    )
    events = pd.read_csv(out / "events.csv", dtype=str)
    con = store.memory_store()
    store.insert_events(con, events)
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    return con, pd.DataFrame(truth["episodes"])


def ts(value):
    return None if value is None else pd.Timestamp(value)


def as_of_ts():
    return pd.Timestamp(AS_OF).tz_localize("Europe/Amsterdam")


def test_static_cases_equal_truth(sim):
    con, ep = sim
    cutoff = as_of_ts() - relativedelta(months=6)
    want = {}
    for r in ep.itertuples():
        s = r.static
        if s is None or s["end_at"] is not None or r.exit_at is not None:
            continue
        reviews = [ts(x) for x in s["reviews_at"]]
        last = max(reviews) if reviews else ts(s["decided_at"])
        want[r.case_id] = (
            ts(s["decided_at"]),
            ts(s["start_at"]),
            len(reviews),
            last < cutoff,
        )
    got = static_cases(con, as_of=AS_OF).set_index("case_id")
    assert len(want) >= 8
    assert set(got.index) == set(want)
    for case_id, (decided, start, n_reviews, without) in want.items():
        row = got.loc[case_id]
        assert row["decided_at"] == decided
        assert row["static_since"] == start
        assert row["reviews"] == n_reviews
        assert bool(row["without_review"]) is without
    # the planted mix: some reviewed, some never looked at again
    assert got["without_review"].any() and not got["without_review"].all()
    s = static_cases(con, as_of=AS_OF, level="summary").iloc[0]
    assert s["static"] == len(want)
    assert s["without_review"] == sum(w[3] for w in want.values())


def test_itatr_to_ptor_equals_truth(sim):
    con, ep = sim
    want = {}
    for r in ep.itertuples():
        for e in r.escalations:
            decided = ts(e["decision_at"])
            want[(r.case_id, ts(e["agenda_at"]))] = decided, r.exit_at is not None
    got = itatr_decision_times(con, as_of=AS_OF)
    assert len(got) == len(want) >= 40
    for row in got.itertuples():
        decided, exited = want[(row.case_id, row.agenda_at)]
        if decided is None:
            assert pd.isna(row.decision_at)
            assert row.exit_before_decision is exited
            assert row.is_open is (not exited)
        else:
            assert row.decision_at == decided
            assert row.decision == "statisch"
            days = (decided - row.agenda_at).total_seconds() / 86400
            assert row.days == pytest.approx(days)
    month = itatr_decision_times(con, as_of=AS_OF, level="month")
    assert month["n"].sum() == sum(d is not None for d, _ in want.values())


def _follow(ended, nxt, h):
    end = ended + relativedelta(months=h)
    if nxt is not None and nxt <= end:
        return True
    return False if end <= as_of_ts() else None


def _flags(values):
    return [None if v is pd.NA else bool(v) for v in values]


@pytest.mark.parametrize("after", ["exit", "intermediate"])
def test_rereports_equal_truth(sim, after):
    con, ep = sim
    if after == "exit":
        ends = ep.loc[ep["exit_at"].notna()].assign(ended=lambda f: f["exit_at"])
    else:
        ends = ep.loc[ep["outcome"] == "tussenvariant"].assign(
            ended=lambda f: f["end_at"]
        )
    want = pd.DataFrame(
        {
            "case_id": ends["case_id"],
            "ended_at": [ts(v) for v in ends["ended"]],
            "next": [ts(v) for v in ends["next_melding_at"]],
        }
    )
    for h in (12, 24):
        want[f"r{h}"] = [
            _follow(e, n, h)
            for e, n in zip(want["ended_at"], want["next"], strict=True)
        ]
    want = want.sort_values(["ended_at", "case_id"]).reset_index(drop=True)
    got = rereports(con, as_of=AS_OF, after=after)
    assert len(want) >= 15
    assert list(got["case_id"]) == list(want["case_id"])
    assert list(got["ended_at"]) == list(want["ended_at"])
    for h in (12, 24):
        assert _flags(got[f"rereported_{h}m"]) == list(want[f"r{h}"])
    # censoring is exercised: some windows still run, some ended with a re-report
    assert want["r12"].isna().any() and (want["r24"] == True).any()  # noqa: E712
    summary = rereports(con, as_of=AS_OF, after=after, level="summary")
    for h in (12, 24):
        rows = summary.loc[summary["horizon_months"] == h]
        done = [e + relativedelta(months=h) <= as_of_ts() for e in want["ended_at"]]
        done = pd.Series(done, index=want.index)
        # a share counts complete windows only, not an early re-report of a running one
        assert rows["complete"].sum() == done.sum()
        assert rows["rereported"].sum() == (want.loc[done, f"r{h}"] == True).sum()  # noqa: E712
        assert rows["censored"].sum() == (~done).sum()


def test_exit_reasons_equal_truth(sim):
    con, ep = sim
    exits = ep.loc[ep["exit_at"].notna()]
    years = [ts(v).year for v in exits["exit_at"]]
    want = pd.Series(list(zip(years, exits["exit_reason"], strict=True))).value_counts()
    got = exit_reasons(con, as_of=AS_OF)
    got = got.loc[got["n"] > 0].set_index(["year", "exit_reason"])["n"]
    assert got.to_dict() == want.to_dict()
