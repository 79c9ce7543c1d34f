"""Contact gaps on a hand-made log; every number is worked out in the comments.

All times are 12:00 at +01:00 in January-March 2025 (no DST change), so a day is
exactly 24 hours. Reference time as_of = 2025-03-01 12:00 +01:00.
Days from a January date d to 1 March: (31 - d) + 28 + 1 = 60 - d.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.casework._contact import (
    action_gaps,
    contact_gap_list,
    contact_gaps,
    contact_intervals,
)

AMS = ZoneInfo("Europe/Amsterdam")
AS_OF = datetime(2025, 3, 1, 12, 0, tzinfo=AMS)


def ev(case, activity, day, org=None, cm=None, life_domain=None, outcome=None):
    """One event on 2025-<day> 12:00 +01:00 (day as 'MM-DD')."""
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"2025-{day}T12:00:00+01:00",
        "org": org,
        "case_manager": cm,
        "life_domain": life_domain,
        "outcome": outcome,
        "event_id": None,
    }


def intake(case, day="01-03", org="oov", cm="M1"):
    return [
        ev(case, "melding", "01-01", outcome="MAP"),
        ev(case, "ptor_besluit", "01-02", outcome="opname"),
        ev(case, "instroom", day),
        ev(case, "regisseur_toegewezen", day, org=org, cm=cm),
    ]


def build():
    rows = []
    # A: active; last contact 01-05, detained 01-10..01-20 in the middle of the gap.
    rows += intake("A")
    rows += [
        ev("A", "contact", "01-05", org="oov"),
        ev("A", "interventie_start", "01-06", org="wpi", life_domain="inkomen"),
        ev("A", "detentie_start", "01-10"),
        ev("A", "detentie_eind", "01-20"),
    ]
    # B: static since 02-01 12:00 (no end) at the reference date.
    rows += intake("B", org="politie", cm="M2")
    rows += [
        ev("B", "contact", "01-04", org="politie"),
        ev("B", "itatr_agendering", "01-10"),
        ev("B", "ptor_besluit", "01-15", outcome="statisch"),
        ev("B", "statisch_start", "02-01"),
    ]
    # C: case manager changes from oov (M1) to ggz (M3) on 02-01.
    rows += intake("C")
    rows += [
        ev("C", "contact", "01-10", org="oov"),
        ev("C", "regisseur_toegewezen", "02-01", org="ggz", cm="M3"),
        ev("C", "contact", "02-20", org="ggz"),
    ]
    # D: left the approach on 02-15; detained 01-10..01-12 between its contacts.
    rows += intake("D")
    rows += [
        ev("D", "contact", "01-05", org="oov"),
        ev("D", "detentie_start", "01-10"),
        ev("D", "detentie_eind", "01-12"),
        ev("D", "contact", "01-25", org="oov"),
        ev("D", "uitstroom", "02-15", outcome="doelen_bereikt"),
    ]
    # E: a report only, never in the approach.
    rows += [ev("E", "melding", "01-01", outcome="CTER")]
    con = store.memory_store()
    store.insert_events(con, pd.DataFrame(rows))
    return con


@pytest.fixture(scope="module")
def con():
    return build()


def test_contact_gaps_per_case(con):
    gaps = contact_gaps(con, as_of=AS_OF, threshold_days=30).set_index("case_id")
    # D left, E never came in: only A, B, C are listed.
    assert sorted(gaps.index) == ["A", "B", "C"]
    # A: 01-05 -> 03-01 is 60-5 = 55 days, minus detention 01-10..01-20 = 10 -> 45.
    assert gaps.loc["A", "days_since_contact"] == pytest.approx(45.0)
    # A: intervention 01-06 -> 54 days - 10 = 44.
    assert gaps.loc["A", "days_since_intervention"] == pytest.approx(44.0)
    assert gaps.loc["A", "status"] == "active"
    assert bool(gaps.loc["A", "over_threshold"]) is True
    assert gaps.loc["A", "org"] == "oov"
    # B: contact 01-04 -> 56 days, minus static 02-01..03-01 = 28 days -> 28.
    assert gaps.loc["B", "days_since_contact"] == pytest.approx(28.0)
    # B: no intervention, counted from instroom 01-03: 57 - 28 = 29.
    assert gaps.loc["B", "days_since_intervention"] == pytest.approx(29.0)
    assert gaps.loc["B", "status"] == "static"
    assert bool(gaps.loc["B", "over_threshold"]) is False
    # C: contact 02-20 -> 03-01 is 9 days; current manager ggz.
    assert gaps.loc["C", "days_since_contact"] == pytest.approx(9.0)
    assert gaps.loc["C", "days_since_intervention"] == pytest.approx(57.0)
    assert gaps.loc["C", "org"] == "ggz"
    assert bool(gaps.loc["C", "over_threshold"]) is False
    assert gaps.loc["A", "last_activity"] == "interventie_start"


def test_default_as_of_is_last_event(con):
    # The last event is C's contact on 02-20; A was paused 01-10..01-20:
    # A: 01-05 -> 02-20 = 26 + 20 = 46 days - 10 = 36.
    gaps = contact_gaps(con, as_of=store.last_event_at(con)).set_index("case_id")
    assert gaps.loc["A", "days_since_contact"] == pytest.approx(36.0)
    assert gaps.attrs["ipgar"]["as_of"].startswith("2025-02-20T12:00")


def test_gap_list(con):
    # Threshold 30: only A (45 and 44 days, active).
    listed = contact_gap_list(con, as_of=AS_OF, threshold_days=30)
    assert listed["case_id"].tolist() == ["A"]
    # Threshold 44: A's intervention gap is 44, not above it -> nobody.
    assert contact_gap_list(con, as_of=AS_OF, threshold_days=44).empty


def test_contact_intervals(con):
    iv = contact_intervals(con, as_of=AS_OF, level="interval")
    closed = iv.loc[~iv["is_open"]].sort_values("days")
    # D: 01-05 -> 01-25 = 20 days - detention 2 = 18 (org oov);
    # C: 01-10 -> 02-20 = 21 + 20 = 41 days, manager at 01-10 is oov.
    assert closed["days"].tolist() == pytest.approx([18.0, 41.0])
    assert closed["org"].tolist() == ["oov", "oov"]
    # Open tails: A 45 (oov), B 28 (politie), C 9 (ggz); D left, so no tail.
    tails = iv.loc[iv["is_open"]].set_index("case_id")["days"]
    assert tails.to_dict() == pytest.approx({"A": 45.0, "B": 28.0, "C": 9.0})
    summ = contact_intervals(con, as_of=AS_OF, level="summary").set_index("org")
    assert summ.loc["oov", "n"] == 2
    assert summ.loc["oov", "n_open"] == 1
    assert summ.loc["oov", "mean_days"] == pytest.approx(29.5)
    assert summ.loc["ggz", "n"] == 0
    assert summ.loc["ggz", "n_open"] == 1


def test_action_gaps(con):
    g = action_gaps(con, as_of=AS_OF, threshold_days=None)
    a = g.loc[g["case_id"] == "A"].sort_values("from_at")
    # A: instroom 01-03 -> contact 01-05 (2) -> intervention 01-06 (1) -> as_of:
    # 54 days - 10 detained = 44 (open).
    assert a["days"].tolist() == pytest.approx([2.0, 1.0, 44.0])
    assert a["is_open"].tolist() == [False, False, True]
    d = g.loc[g["case_id"] == "D"].sort_values("from_at")
    # D: 01-03 -> 01-05 (2), 01-05 -> 01-25 (20 - 2 detained = 18),
    # 01-25 -> uitstroom 02-15 (21 days), closed.
    assert d["days"].tolist() == pytest.approx([2.0, 18.0, 21.0])
    assert d["to_activity"].tolist()[-1] == "uitstroom"
    # Over 30 days: A 44 (open), C 01-10 -> 02-20 (41), B 01-04 -> as_of
    # (56 - 28 static = 28: not over).
    over = action_gaps(con, as_of=AS_OF, threshold_days=30)
    assert list(zip(over["case_id"], over["days"].round(6), strict=True)) == [
        ("A", 44.0),
        ("C", 41.0),
    ]


def test_figures_have_no_case_ids(con):
    from ipgar_metrics.figures._casework import fig_contact_gaps, fig_contact_intervals

    gaps = contact_gaps(con, as_of=AS_OF, threshold_days=30)
    fig = fig_contact_gaps(gaps)
    # active cases A and C are drawn; the threshold line sits at 30.
    assert sorted(fig.data[0].x) == pytest.approx([9.0, 45.0])
    assert fig.layout.shapes[0].x0 == 30.0
    box = fig_contact_intervals(contact_intervals(con, as_of=AS_OF, level="interval"))
    assert [t.name for t in box.data] == ["OOV (gemeente)"]
    for f in (fig, box):
        text = f.to_json()
        assert '"A"' not in text and '"C"' not in text


@pytest.mark.parametrize("by_org", [True, False])
def test_interval_summary_in_sql_equals_summarising_the_intervals(sim_store, by_org):
    # the summary is computed in DuckDB; summarising the interval rows in pandas
    # (another code path: pause overlap in pandas, numpy quantiles) must agree
    from ipgar_metrics.metrics._summary import summarise

    con = store.connect(sim_store.db)
    try:
        for as_of in (store.last_event_at(con), date(2024, 6, 1)):
            iv = contact_intervals(con, as_of=as_of, level="interval")
            iv = iv.assign(org=iv["org"].fillna("onbekend"))
            expected = summarise(iv, value="days", by=("org",) if by_org else ())
            got = contact_intervals(
                con, as_of=as_of, by=("org",) if by_org else (), level="summary"
            )
            assert expected["n"].sum() > 100
            pd.testing.assert_frame_equal(
                got, expected, check_exact=False, rtol=1e-9, atol=1e-9
            )
    finally:
        con.close()


def test_gaps_count_from_the_instroom_and_ignore_events_after_as_of():
    """G: intake on 01-03 only (then a contact on 03-05, after as_of 03-01).

    At as_of the instroom is G's last activity and its gaps run from it: 60 - 3 = 57
    days; the later contact and the later manager (M9, ggz) do not count yet.
    """
    rows = [
        *intake("G"),
        ev("G", "contact", "03-05", org="oov"),
        ev("G", "regisseur_toegewezen", "03-05", org="ggz", cm="M9"),
    ]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    g = contact_gaps(c, as_of=AS_OF).set_index("case_id").loc["G"]
    assert g["last_activity"] == "instroom"
    assert g["last_activity_at"] == pd.Timestamp("2025-01-03 12:00", tz=AMS)
    assert pd.isna(g["last_contact_at"])
    assert g["days_since_contact"] == pytest.approx(57.0)
    assert g["days_since_intervention"] == pytest.approx(57.0)
    assert g["org"] == "oov"
