"""The information wait per partner organisation, worked out by hand on the tiny log.

Times from ``test_leadtime_tiny_log`` (as_of 2025-01-01 00:00+01). The requests, with
the organisations this test gives them:

A   request 01-09 09:00 (politie), information 01-16 09:00 (no org): 7 days.
C1  request 10-22 10:00+02 (politie): the only information, 10-29 10:00+01, is from
    ggz, so it is not politie's answer; the episode ended with the PTO-R decision
    11-04 10:00+01 without it: censored there, 13 days 1 hour (DST).
    request 10-25 10:00+02 (ggz), information 10-29 10:00+01 (ggz): 4 days 1 hour.
E   request 11-26 09:00 (ggz), no information, episode open: censored at as_of,
    35 days 15 hours.

politie: 2 requests, 1 answered, 0 open, 1 unanswered; mean 7; Kaplan-Meier: at 7
one of two at risk -> 1/2: median 7; never below 0.1: p90 NaN; max 13.041667.
ggz: 2 requests, 1 answered, 1 open (mostly open: 1/2 > 20%); mean and median
4.041667, p90 NaN, max 35.625.
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest
from test_leadtime_tiny_log import AS_OF, tiny_frame, tiny_store

from ipgar_metrics import info_wait_by_org, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics.leadtime._org_wait import km_quantile

H = 1 / 24


@pytest.fixture(scope="module")
def con():
    frame = tiny_frame()
    ts = frame["timestamp"]
    frame.loc[ts == "2024-01-09T09:00:00+01:00", "org"] = "politie"
    frame.loc[ts == "2024-10-22T10:00:00+02:00", "org"] = "politie"
    frame.loc[ts == "2024-10-25T10:00:00+02:00", "org"] = "ggz"
    frame.loc[ts == "2024-10-29T10:00:00+01:00", "org"] = "ggz"
    frame.loc[ts == "2024-11-26T09:00:00+01:00", "org"] = "ggz"
    c = store.memory_store()
    store.insert_events(c, frame)
    return c


def test_by_hand(con):
    out = info_wait_by_org(con, as_of=AS_OF, min_n=1).set_index("org")
    assert sorted(out.index) == ["ggz", "politie"]
    p, g = out.loc["politie"], out.loc["ggz"]
    assert (p.requests, p.answered, p.open, p.unanswered) == (2, 1, 0, 1)
    assert (g.requests, g.answered, g.open, g.unanswered) == (2, 1, 1, 0)
    assert p.mean_days == pytest.approx(7)
    assert p.median_days == pytest.approx(7)
    assert np.isnan(p.p90_days)
    assert p.max_days == pytest.approx(13 + H)
    assert g.mean_days == pytest.approx(4 + H)
    assert g.median_days == pytest.approx(4 + H)
    assert g.max_days == pytest.approx(35 + 15 * H)
    assert (bool(p.mostly_open), bool(g.mostly_open)) == (False, True)
    assert not out["small_n"].any()
    # slowest median first
    assert list(out.index) == ["politie", "ggz"]


def test_small_groups_get_no_median(con):
    out = info_wait_by_org(con, as_of=AS_OF)  # min_n 10
    assert out["small_n"].all()
    assert out[["median_days", "p90_days"]].isna().all().all()
    assert out["mean_days"].notna().all()


def test_request_level_and_period(con):
    rows = info_wait_by_org(con, as_of=AS_OF, level="request")
    assert len(rows) == 4
    assert sorted(rows["days"]) == pytest.approx(sorted([7, 13 + H, 4 + H, 35.625]))
    assert rows["answered"].sum() == 2
    assert rows["open"].sum() == 1
    # requests made from 10-23 to 11-30: C1's second one and E's
    part = info_wait_by_org(
        con, as_of=AS_OF, period=(date(2024, 10, 23), date(2024, 11, 30)), min_n=1
    ).set_index("org")
    assert list(part.index) == ["ggz"]
    assert part.loc["ggz", "requests"] == 2
    assert part.attrs["ipgar"]["params"]["period"] == ["2024-10-23", "2024-11-30"]


def test_no_org_anywhere_is_onbekend():
    out = info_wait_by_org(tiny_store(), as_of=AS_OF, min_n=1)
    assert out["org"].tolist() == ["onbekend"]
    row = out.iloc[0]
    # A 7; C1 both requests answered by the one receipt (no orgs): 7 d 1 h and
    # 4 d 1 h; E open. Kaplan-Meier over 4.04, 7, 7.04 (events), 35.6 (censored):
    # 3/4 after 4.04, 2/4 after 7: median 7.
    assert (row.requests, row.answered, row.open) == (4, 3, 1)
    assert row.mean_days == pytest.approx((7 + 7 + H + 4 + H) / 3)
    assert row.median_days == pytest.approx(7)


def test_level_and_as_of_are_checked(con):
    with pytest.raises(ConfigError, match="needs as_of"):
        info_wait_by_org(con, as_of=None)
    with pytest.raises(ConfigError, match="unknown level"):
        info_wait_by_org(con, as_of=AS_OF, level="episode")


def test_km_quantile_matches_lifelines():
    from lifelines import KaplanMeierFitter

    rng = np.random.default_rng(7)
    days = np.round(rng.lognormal(2.5, 0.7, size=300), 1)
    observed = rng.random(300) < 0.8
    kmf = KaplanMeierFitter().fit(days, event_observed=observed)
    assert km_quantile(days, observed, 0.5) == pytest.approx(kmf.median_survival_time_)
    assert km_quantile(days, observed, 0.9) == pytest.approx(kmf.percentile(0.1))


def test_on_the_simulated_store(sim_store):
    truth = json.loads((sim_store.sim_dir / "truth.json").read_text(encoding="utf-8"))
    p = truth["parameters"]
    with store.connect(sim_store.db, read_only=True) as c:
        out = info_wait_by_org(c, as_of=sim_store.as_of)
        received = c.execute(
            "SELECT count(*) FROM events WHERE activity = 'info_ontvangen'"
        ).fetchone()[0]
    # every receipt answers one request, from the partner the simulator drew
    partners = list(p["info_partners"])  # from fast to slow
    assert set(out["org"]) == set(partners)
    assert out["answered"].sum() == received
    # all requests together: the simulator's wait is lognormal (median 12 days,
    # sigma 0.75), drawn in days and placed at office hours
    mean = p["info_wait_median_days"] * np.exp(p["info_wait_sigma"] ** 2 / 2)
    overall = (out["mean_days"] * out["answered"]).sum() / out["answered"].sum()
    assert overall == pytest.approx(mean, rel=0.1)
    # a long wait is more often a slow partner's: the slowest partner's median is
    # above the fastest one's, and the requests add up to the receipts
    median = out.set_index("org")["median_days"]
    assert median[partners[-1]] > 1.5 * median[partners[0]]


def _org_table(con, audience):
    from ipgar_metrics.report._model import Context, Table
    from ipgar_metrics.report._texts import t
    from ipgar_metrics.report.sections._leadtime import leadtime_section

    sec = leadtime_section(Context(con, month="2024-12", audience=audience))
    head = t("org_wait_table").split("{first}")[0]
    (table,) = [
        b for b in sec.blocks if isinstance(b, Table) and b.title.startswith(head)
    ]
    return table


def test_report_lead_time_section_shows_the_waits_per_organisation(con):
    # report of December 2024: as of 2025-01-01, requests of 2024 (all four)
    table = _org_table(con, "intern")
    assert table.columns[:4] == ["organisatie", "aanvragen", "beantwoord", "nog open"]
    rows = {r[0].text: [c.text for c in r[1:]] for r in table.rows}
    # labels; no medians (fewer than 10 answered): by requests, then the code
    assert list(rows) == ["GGZ", "Politie"]
    assert rows["Politie"][:4] == ["2", "1", "0", "7"]  # counts and the mean, 7 days
    assert rows["GGZ"][:4] == ["2", "1", "1", "4"]
    assert rows["Politie"][4] == "te weinig meldingen"  # one answered: no median
    assert "minder dan 10 beantwoord" in rows["GGZ"][-1]
    assert "> 20% nog open" in rows["GGZ"][-1]


def test_report_protected_audience_sees_no_small_counts(con):
    from ipgar_metrics.disclosure import NOT_SHOWN, small

    table = _org_table(con, "bestuur")
    for row in table.rows:
        assert row[1].text == small(10)
        assert row[4].text == NOT_SHOWN  # a mean over one request


def test_the_public_release_has_no_table_per_partner(con):
    from ipgar_metrics.report._model import Context, Table
    from ipgar_metrics.report._texts import t
    from ipgar_metrics.report.sections._leadtime import leadtime_section

    sec = leadtime_section(Context(con, month="2024-12", audience="openbaar"))
    head = t("org_wait_table").split("{first}")[0]
    titles = [b.title for b in sec.blocks if isinstance(b, Table)]
    assert titles and not [x for x in titles if x.startswith(head)]
