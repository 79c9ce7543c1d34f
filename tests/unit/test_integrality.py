"""Integrality on a hand-made log; numbers worked out in the comments.

as_of = 2025-03-01 (00:00 local). Interventions (i) with the case manager's org at
their start:
  A: manager oov from 01-03, ggz from 01-10 (a change between interventions)
     i1 01-05 wpi (sociaal)       manager oov -> not own
     i2 01-06 oov (veiligheid)    manager oov -> own
     i3 01-12 ggz (zorg)          manager ggz -> own
     i4 01-15 oov (veiligheid)    manager ggz -> not own
  B: manager politie
     i5 02-03 politie             own
     i6 02-04 lse (specialist)    not own
     i8 02-05 politie             own
  C: no case manager; i7 01-20 buurtteam (sociaal) -> no manager, left out
  D: manager oov, no interventions; out 02-10; an intervention on 02-12 after the
     exit is not in the approach and is ignored.
"""

from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.casework._integrality import handovers, integrality

AS_OF = date(2025, 3, 1)


def ev(case, activity, day, org=None, cm=None, life_domain=None, outcome=None):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"2025-{day}T12:00:00+01:00",
        "org": org,
        "case_manager": cm,
        "life_domain": life_domain,
        "outcome": outcome,
        "ideology": "rechts" if case in "AB" else "links",
    }


def iv(case, day, org, ld="inkomen"):
    return ev(case, "interventie_start", day, org=org, life_domain=ld)


@pytest.fixture(scope="module")
def con():
    rows = []
    for case in "ABCD":
        rows += [
            ev(case, "melding", "01-01", outcome="MAP"),
            ev(case, "instroom", "01-03"),
        ]
    rows += [
        ev("A", "regisseur_toegewezen", "01-03", org="oov", cm="M1"),
        iv("A", "01-05", "wpi"),
        iv("A", "01-06", "oov"),
        ev("A", "regisseur_toegewezen", "01-10", org="ggz", cm="M3"),
        iv("A", "01-12", "ggz", "zorg"),
        iv("A", "01-15", "oov"),
        ev("B", "regisseur_toegewezen", "01-03", org="politie", cm="M2"),
        iv("B", "02-03", "politie"),
        iv("B", "02-04", "lse", "ideologie"),
        iv("B", "02-05", "politie"),
        iv("C", "01-20", "buurtteam", "netwerk"),
        ev("D", "regisseur_toegewezen", "01-03", org="oov", cm="M1"),
        ev("D", "uitstroom", "02-10", outcome="overgedragen"),
        iv("D", "02-12", "oov"),
    ]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    return c


def test_overall(con):
    s = integrality(con, as_of=AS_OF, level="summary").iloc[0]
    # 8 interventions; own: i2, i3, i5, i8 = 4 of the 7 with a manager.
    assert s.interventions == 8
    assert s.own_org_share == pytest.approx(4 / 7)
    assert s.interventions_no_manager == 1
    # domains: veiligheid i2 i4 i5 i8 = 4, sociaal i1 i7 = 2, zorg 1, specialist 1.
    assert s.share_veiligheid == pytest.approx(4 / 8)
    assert s.share_sociaal == pytest.approx(2 / 8)
    assert s.share_zorg == pytest.approx(1 / 8)
    assert s.share_specialist == pytest.approx(1 / 8)
    # Gini-Simpson: 1 - (16 + 4 + 1 + 1) / 64 = 42/64.
    assert s.diversity_domains == pytest.approx(42 / 64)
    # 4 episodes; orgs per case A 3 (wpi, oov, ggz), B 2, C 1, D 0 -> 6/4.
    assert s.cases == 4
    assert s.mean_orgs_per_case == pytest.approx(1.5)
    # social or care: A (wpi, ggz) and C (buurtteam) -> 2/4.
    assert s.share_cases_social_or_care == pytest.approx(0.5)


def test_case_level(con):
    c = integrality(con, as_of=AS_OF, level="case").set_index("case_id")
    assert c.loc["A", "interventions"] == 4
    assert c.loc["A", "own_org_share"] == pytest.approx(0.5)
    assert c.loc["A", "manager_org"] == "ggz"
    # A's domains veiligheid 2, sociaal 1, zorg 1: 1 - (.25 + .0625 + .0625) = .625.
    assert c.loc["A", "diversity_domains"] == pytest.approx(0.625)
    assert c.loc["B", "own_org_share"] == pytest.approx(2 / 3)
    assert pd.isna(c.loc["C", "own_org_share"])
    assert c.loc["D", "interventions"] == 0
    assert c.loc["C", "manager_org"] == "geen"


def test_by_org(con):
    s = integrality(con, as_of=AS_OF, by="org", level="summary").set_index("org")
    # manager org at the start: oov i1 i2 (own 1), ggz i3 i4 (own 1),
    # politie i5 i6 i8 (own 2), none i7.
    assert s.loc["oov", "interventions"] == 2
    assert s.loc["oov", "own_org_share"] == pytest.approx(0.5)
    assert s.loc["politie", "own_org_share"] == pytest.approx(2 / 3)
    assert s.loc["politie", "share_of_all"] == pytest.approx(3 / 8)
    assert pd.isna(s.loc["geen", "own_org_share"])
    # episodes by last manager: oov D, ggz A, politie B, geen C.
    assert s["cases"].to_dict() == {"geen": 1, "ggz": 1, "oov": 1, "politie": 1}


def test_by_domain_month_segment(con):
    d = integrality(con, as_of=AS_OF, by="domain", level="summary").set_index("domain")
    # sociaal: i1 (not own) and i7 (no manager) -> own share 0/1; cases A and C.
    assert d.loc["sociaal", "interventions"] == 2
    assert d.loc["sociaal", "own_org_share"] == 0.0
    assert d.loc["sociaal", "cases"] == 2
    m = integrality(con, as_of=AS_OF, by="month", level="summary").set_index("month")
    # January i1-i4, i7; February i5, i6, i8. D (out 02-10) is in both months.
    assert m["interventions"].to_dict() == {"2025-01": 5, "2025-02": 3}
    assert m["cases"].to_dict() == {"2025-01": 4, "2025-02": 4}
    g = integrality(con, as_of=AS_OF, by="ideology", level="summary").set_index(
        "ideology"
    )
    # rechts: A and B, 7 interventions, own 4 of 7.
    assert g.loc["rechts", "own_org_share"] == pytest.approx(4 / 7)


def test_handovers(con):
    h = handovers(con, as_of=AS_OF)
    got = {(r.from_org, r.to_org): r.n for r in h.itertuples()}
    # A: wpi->oov, oov->ggz, ggz->oov; B: politie->lse, lse->politie.
    assert got == {
        ("wpi", "oov"): 1,
        ("oov", "ggz"): 1,
        ("ggz", "oov"): 1,
        ("politie", "lse"): 1,
        ("lse", "politie"): 1,
    }
    m = handovers(con, as_of=AS_OF, kind="manager")
    got = {(r.from_org, r.to_org): r.n for r in m.itertuples()}
    assert got == {
        ("oov", "wpi"): 1,
        ("oov", "oov"): 1,
        ("ggz", "ggz"): 1,
        ("ggz", "oov"): 1,
        ("politie", "politie"): 2,
        ("politie", "lse"): 1,
    }


def test_no_handover_between_two_episodes_of_a_case():
    """One intervention in each of a case's two episodes: no hand-over between them."""
    rows = [
        ev("E", "melding", "01-01", outcome="MAP"),
        ev("E", "instroom", "01-02"),
        ev("E", "regisseur_toegewezen", "01-03", org="politie", cm="M9"),
        iv("E", "01-04", "wpi"),
        ev("E", "uitstroom", "01-05", outcome="doelen_bereikt"),
        ev("E", "melding", "01-10", outcome="MAP"),
        ev("E", "instroom", "01-11"),
        ev("E", "regisseur_toegewezen", "01-12", org="politie", cm="M9"),
        iv("E", "01-13", "ggz"),
    ]
    con = store.memory_store()
    store.insert_events(con, pd.DataFrame(rows))
    episodes = con.execute("SELECT DISTINCT episode FROM events ORDER BY 1").fetchall()
    assert episodes == [(1,), (2,)]
    assert handovers(con, as_of=AS_OF).empty
    managed = handovers(con, as_of=AS_OF, kind="manager")
    assert dict(zip(managed["to_org"], managed["n"], strict=True)) == {
        "wpi": 1,
        "ggz": 1,
    }


def test_figures(con):
    from ipgar_metrics.figures._casework import (
        fig_handovers,
        fig_integrality_domains,
        fig_own_org_trend,
    )

    bars = fig_integrality_domains(integrality(con, as_of=AS_OF, level="summary"))
    assert list(bars.data[0].y) == pytest.approx([4 / 8, 1 / 8, 2 / 8, 1 / 8])
    trend = fig_own_org_trend(
        integrality(con, as_of=AS_OF, by="month", level="summary"), lang="en"
    )
    # January: i1 no, i2 yes, i3 yes, i4 no (i7 no manager) -> 2/4;
    # February: i5 yes, i6 no, i8 yes -> 2/3.
    assert list(trend.data[0].y) == pytest.approx([0.5, 2 / 3])
    heat = fig_handovers(handovers(con, as_of=AS_OF))
    assert heat.data[0].z.sum() == 5


def test_domain_counts_per_episode_by_hand(con):
    c = integrality(con, as_of=AS_OF, level="case").set_index("case_id")
    counts = ["n_veiligheid", "n_zorg", "n_sociaal", "n_specialist"]
    # A: oov twice, ggz, wpi; B: politie twice, lse; C: buurtteam; D: none.
    assert c.loc["A", counts].tolist() == [2, 1, 1, 0]
    assert c.loc["B", counts].tolist() == [2, 0, 0, 1]
    assert c.loc["C", counts].tolist() == [0, 0, 1, 0]
    assert c.loc["D", counts].tolist() == [0, 0, 0, 0]
    assert c["has_social_or_care"].to_dict() == {
        "A": True,
        "B": False,
        "C": True,
        "D": False,
    }


def test_care_alone_counts_as_social_or_care():
    # E's one intervention is by ggz (zorg), F's by politie (veiligheid), G's by an
    # organisation outside the vocabulary (domain onbekend): only E counts.
    rows = []
    for case, org in (("E", "ggz"), ("F", "politie"), ("G", "kerk")):
        rows += [
            ev(case, "melding", "01-01", outcome="MAP"),
            ev(case, "instroom", "01-03"),
            ev(case, "regisseur_toegewezen", "01-03", org="oov", cm="M1"),
            iv(case, "01-05", org),
        ]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    out = integrality(c, as_of=AS_OF, level="case").set_index("case_id")
    assert out["has_social_or_care"].to_dict() == {"E": True, "F": False, "G": False}
    assert out.loc["E", "n_zorg"] == 1
    assert (
        out.loc["G", ["n_veiligheid", "n_zorg", "n_sociaal", "n_specialist"]].sum() == 0
    )
    # one of three domains known per case: G's diversity is that of one domain
    assert out["diversity_domains"].tolist() == [0.0, 0.0, 0.0]
    s = integrality(c, as_of=AS_OF, level="summary").iloc[0]
    assert s.share_cases_social_or_care == pytest.approx(1 / 3)
    # the summary of all equals the summary of the one group all cases share
    by = integrality(c, as_of=AS_OF, by="ideology", level="summary").iloc[0]
    pd.testing.assert_series_equal(
        s, by.drop("ideology"), check_names=False, check_dtype=False
    )
