"""Case managers on a hand-made log; numbers worked out in the comments.

Events at 12:00 +01:00; as_of = 2025-03-10 00:00 local.
  A: in 01-03, M1 (oov); changes to M3 (ggz) on 02-10; contacts 01-10, 01-20,
     02-20; detained 01-25 .. 02-04 (10 days)
  B: in 01-03, M1;            C: in 01-05, M1, contacts 01-15 and 02-15
  D: in 01-05, M2 (politie), out 02-20
  E: in 02-15, no case manager
  F: in 01-10, M4 (oov); M4 again on 01-20 (not a change); M1 on 03-05 (change)
"""

from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.casework._caseload import (
    caseload,
    contact_regularity,
    manager_changes,
)

AS_OF = date(2025, 3, 10)
MONTH = 365.25 / 12


def ev(case, activity, day, org=None, cm=None, outcome=None):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"2025-{day}T12:00:00+01:00",
        "org": org,
        "case_manager": cm,
        "outcome": outcome,
    }


@pytest.fixture(scope="module")
def con():
    rows = []
    for case, day in (
        ("A", "01-03"),
        ("B", "01-03"),
        ("C", "01-05"),
        ("D", "01-05"),
        ("E", "02-15"),
        ("F", "01-10"),
    ):
        rows += [ev(case, "melding", "01-01", outcome="MAP"), ev(case, "instroom", day)]
    rows += [
        ev("A", "regisseur_toegewezen", "01-03", "oov", "M1"),
        ev("A", "contact", "01-10", "oov"),
        ev("A", "contact", "01-20", "oov"),
        ev("A", "detentie_start", "01-25"),
        ev("A", "detentie_eind", "02-04"),
        ev("A", "regisseur_toegewezen", "02-10", "ggz", "M3"),
        ev("A", "contact", "02-20", "ggz"),
        ev("B", "regisseur_toegewezen", "01-03", "oov", "M1"),
        ev("C", "regisseur_toegewezen", "01-05", "oov", "M1"),
        ev("C", "contact", "01-15", "oov"),
        ev("C", "contact", "02-15", "oov"),
        ev("D", "regisseur_toegewezen", "01-05", "politie", "M2"),
        ev("D", "uitstroom", "02-20", outcome="verhuisd"),
        ev("F", "regisseur_toegewezen", "01-10", "oov", "M4"),
        ev("F", "regisseur_toegewezen", "01-20", "oov", "M4"),
        ev("F", "regisseur_toegewezen", "03-05", "oov", "M1"),
    ]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    return c


def test_caseload_per_month(con):
    c = caseload(con, as_of=AS_OF).set_index("month")
    cols = ["managers", "managers_0", "managers_1", "managers_2", "managers_3plus"]
    # Jan end: M1 has A, B, C (3); M2 D (1); M4 F (1).
    assert c.loc["2025-01", cols].tolist() == [3, 0, 2, 0, 1]
    assert c.loc["2025-01", "mean_caseload"] == pytest.approx(5 / 3)
    # Feb end: D out; A now M3. M1 B, C (2); M2 none (0); M3 A; M4 F; E no manager.
    assert c.loc["2025-02", cols].tolist() == [4, 1, 2, 1, 0]
    assert c.loc["2025-02", ["cases", "cases_without_manager"]].tolist() == [5, 1]
    # at as_of: F moved to M1: M1 B, C, F (3); M2 0; M3 A (1); M4 0.
    assert c.loc["2025-03", cols].tolist() == [4, 2, 1, 0, 1]


def test_manager_changes(con):
    per = manager_changes(con, as_of=AS_OF).set_index("case_id")
    assert per["changes"].to_dict() == {"A": 1, "B": 0, "C": 0, "D": 0, "E": 0, "F": 1}
    assert per.loc["F", "assignments"] == 3
    yr = manager_changes(con, as_of=AS_OF, level="year").iloc[0]
    # days in 2025 up to as_of: A 65.5, B 65.5, C 63.5, D 46, E 22.5, F 58.5
    # = 321.5 days; 2 changes.
    assert (yr.year, yr.changes, yr.cases) == (2025, 2, 6)
    assert yr.case_years == pytest.approx(321.5 / 365.25)
    assert yr.changes_per_case_year == pytest.approx(2 / (321.5 / 365.25))


def test_contact_regularity(con):
    r = contact_regularity(con, as_of=AS_OF, level="case").set_index("case_id")
    # A: 65.5 days in, minus 10 detained = 55.5 active days; 3 contacts.
    assert r.loc["A", "active_months"] == pytest.approx(55.5 / MONTH)
    assert r.loc["A", "contacts_per_month"] == pytest.approx(3 / (55.5 / MONTH))
    assert r.loc["A", "org"] == "ggz"
    # E: 22.5 days, less than a month -> no rate.
    assert pd.isna(r.loc["E", "contacts_per_month"])
    s = contact_regularity(con, as_of=AS_OF, level="summary").set_index("org")
    # oov (last manager): B 0, C 2 / (63.5 / MONTH), F 0.
    c_rate = 2 / (63.5 / MONTH)
    assert s.loc["oov", "n"] == 3
    assert s.loc["oov", "mean_contacts_per_month"] == pytest.approx(c_rate / 3)
    assert s.loc["oov", "median_contacts_per_month"] == 0.0


def test_no_manager_rows_in_aggregates(con):
    for frame in (
        caseload(con, as_of=AS_OF),
        contact_regularity(con, as_of=AS_OF, level="summary"),
    ):
        assert not frame.astype(str).isin(["M1", "M2", "M3", "M4"]).any().any()


def test_fig_caseload(con):
    from ipgar_metrics.figures._casework import fig_caseload

    fig = fig_caseload(caseload(con, as_of=AS_OF), lang="en")
    # managers with 0 cases (the empty majority in a real store) are left out
    assert [t.name for t in fig.data] == ["1 case", "2 cases", "3 or more"]
    # one case at the end of Jan: M2 (D), M4 (F); Feb: M3 (A), M4 (F); Mar: M3 (A)
    assert list(fig.data[0].y) == [2, 2, 1]
    assert "M1" not in fig.to_json()


def test_reassignment_at_the_moment_of_a_month_counts_once_for_the_new_manager():
    """The state of a month is taken at one moment; an assignment at that moment holds.

    G: in 01-05 with M5; M6 takes over at exactly as_of (2025-03-10 00:00, the moment
    of the partial month March). H: in 01-05 with M5, who is assigned again on 02-01
    (the same manager). At March: G is M6's (M5's span ends where M6's begins), H is
    M5's; one case each, two cases in all. Jan and Feb: M5 holds both.
    """
    rows = [
        ev("G", "melding", "01-01", outcome="MAP"),
        ev("G", "instroom", "01-05"),
        ev("G", "regisseur_toegewezen", "01-05", "oov", "M5"),
        ev("H", "melding", "01-01", outcome="MAP"),
        ev("H", "instroom", "01-05"),
        ev("H", "regisseur_toegewezen", "01-05", "oov", "M5"),
        ev("H", "regisseur_toegewezen", "02-01", "oov", "M5"),
    ]
    rows.append(
        {
            **ev("G", "regisseur_toegewezen", "03-10", "ggz", "M6"),
            "timestamp": "2025-03-10T00:00:00+01:00",
        }
    )
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    load = caseload(c, as_of=AS_OF).set_index("month")
    cols = ["cases", "managers", "managers_1", "managers_2", "managers_3plus"]
    assert load.loc["2025-01", cols].tolist() == [2, 1, 0, 1, 0]
    assert load.loc["2025-02", cols].tolist() == [2, 1, 0, 1, 0]
    assert load.loc["2025-03", cols].tolist() == [2, 2, 2, 0, 0]
    assert load.loc["2025-03", "mean_caseload"] == 1.0
