"""``lead_time_between`` on an iPGA-R store measures within each episode.

The finding: ``--from melding --to instroom`` ignored episodes, so a re-reported case
ran from its first report to a later episode's intake and refused reports counted as
open for years. Expected numbers are worked out by hand below, or come from
``lead_times`` (the episode table, a separate computation) on the simulated store.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics.leadtime._between import lead_time_between
from ipgar_metrics.metrics.leadtime._lead_times import lead_times

H = 1 / 24  # one hour in days

# R: refused, re-reported a year and a half later, then taken in.
#   episode 1: melding 2024-01-01 09:00+01, ptor geen_opname 01-15 09:00 (closed)
#   episode 2: melding 2025-06-02 09:00+02, ptor opname 06-09, instroom 06-16 09:00
#   per episode: 1 ended without intake; 2: 14 days.
#   per case (the old answer): 2024-01-01 09:00+01 -> 2025-06-16 09:00+02 =
#   366 + 166 days - 1 hour (summer time) = 532 - 1/24 days.
# S: melding 2025-05-05 09:00+02, IVG-R advice 05-12, nothing since: open.
#   At as_of 2025-07-01 00:00+02: open for 56 days 15 hours.
# T: melding 2025-03-03 09:00+01, preventief_gesprek 03-10 09:00 (closed, no intake).
# U: an exit closes the episode: melding 2025-01-06 09:00+01, ptor opname 01-13,
#   instroom 01-20 09:00, uitstroom 04-07 09:00+02. instroom -> ivgr_advies: no
#   advice after the intake in the episode, and the exit closed it: ended.
ROWS = [
    ("R", "melding", "2024-01-01T09:00:00+01:00", "MAP"),
    ("R", "ptor_besluit", "2024-01-15T09:00:00+01:00", "geen_opname"),
    ("R", "melding", "2025-06-02T09:00:00+02:00", "MAP"),
    ("R", "ptor_besluit", "2025-06-09T09:00:00+02:00", "opname"),
    ("R", "instroom", "2025-06-16T09:00:00+02:00", None),
    ("S", "melding", "2025-05-05T09:00:00+02:00", "CTER"),
    ("S", "ivgr_advies", "2025-05-12T09:00:00+02:00", "meer_informatie"),
    ("T", "melding", "2025-03-03T09:00:00+01:00", "overig"),
    ("T", "preventief_gesprek", "2025-03-10T09:00:00+01:00", None),
    ("U", "melding", "2025-01-06T09:00:00+01:00", "MAP"),
    ("U", "ivgr_advies", "2025-01-08T09:00:00+01:00", "opnemen"),
    ("U", "ptor_besluit", "2025-01-13T09:00:00+01:00", "opname"),
    ("U", "instroom", "2025-01-20T09:00:00+01:00", None),
    ("U", "uitstroom", "2025-04-07T09:00:00+02:00", None),
]
AS_OF = pd.Timestamp("2025-07-01T00:00:00+02:00")


@pytest.fixture(scope="module")
def con():
    frame = pd.DataFrame(ROWS, columns=["case_id", "activity", "timestamp", "outcome"])
    con = store.memory_store()
    store.insert_events(con, frame)
    return con


def _rows(frame):
    return {
        (c, int(e)): (o, None if pd.isna(d) else round(float(d), 6))
        for c, e, o, d in zip(
            frame["case_id"], frame["episode"], frame["outcome"], frame["days"],
            strict=True,
        )
    }  # fmt: skip


def test_re_reported_case_is_measured_per_episode(con):
    lt = lead_time_between(
        con, from_activity="melding", to_activity="instroom", as_of=AS_OF
    )
    assert _rows(lt) == {
        ("R", 1): ("ended", None),
        ("R", 2): ("reached", 14.0),
        ("S", 1): ("open", None),
        ("T", 1): ("ended", None),
        ("U", 1): ("reached", 14.0),
    }
    by = lt.set_index(["case_id", "episode"])
    assert by["ended_without_to"].to_dict() == {
        ("R", 1): True, ("R", 2): False, ("S", 1): False, ("T", 1): True,
        ("U", 1): False,
    }  # fmt: skip
    assert by["is_open"].to_dict() == {
        ("R", 1): False, ("R", 2): False, ("S", 1): True, ("T", 1): False,
        ("U", 1): False,
    }  # fmt: skip
    assert by.loc[("S", 1), "open_days"] == pytest.approx(56 + 15 * H)
    assert by["open_days"].notna().sum() == 1
    s = lead_time_between(
        con,
        from_activity="melding",
        to_activity="instroom",
        as_of=AS_OF,
        level="summary",
    )
    # reached: 14 and 14; open: S; the ended episodes are in neither
    assert (s.loc[0, "n"], s.loc[0, "n_open"]) == (2, 1)
    assert s.loc[0, "mean_days"] == pytest.approx(14.0)


def test_within_case_keeps_the_whole_case_answer(con):
    lt = lead_time_between(
        con,
        from_activity="melding",
        to_activity="instroom",
        as_of=AS_OF,
        within="case",
    )
    got = _rows(lt)
    assert got[("R", 1)] == ("reached", round(532 - H, 6))
    assert got[("T", 1)] == ("open", None)
    assert not lt["ended_without_to"].any()
    with pytest.raises(ConfigError, match="within"):
        lead_time_between(
            con,
            from_activity="melding",
            to_activity="instroom",
            as_of=AS_OF,
            within="month",  # type: ignore[arg-type]
        )


@pytest.mark.parametrize("within", ["episode", "case"])
def test_one_activity_as_both_ends_is_refused(con, within):
    # every lead time from an activity to itself is 0: a typo, not a measure
    with pytest.raises(ConfigError, match='from "melding" to "melding" is 0'):
        lead_time_between(
            con,
            from_activity="melding",
            to_activity="melding",
            as_of=AS_OF,
            within=within,
        )


def test_within_case_names_the_episode_of_the_first_from_activity(con):
    lt = lead_time_between(
        con,
        from_activity="instroom",
        to_activity="uitstroom",
        as_of=AS_OF,
        within="case",
    )
    # R's only intake is in its second episode (no exit since: open); U's intake on
    # 2025-01-20 09:00+01 to its exit on 04-07 09:00+02: 77 days less the hour of
    # summer time. S and T have no intake and are left out.
    assert _rows(lt) == {
        ("R", 2): ("open", None),
        ("U", 1): ("reached", round(77 - H, 6)),
    }
    by = lt.set_index("case_id")
    assert by.loc["R", "start_at"] == pd.Timestamp("2025-06-16T09:00:00+02:00")
    assert pd.isna(by.loc["R", "end_at"])


def test_closing_and_as_of(con):
    after_intake = lead_time_between(
        con, from_activity="instroom", to_activity="ivgr_advies", as_of=AS_OF
    )
    # U's only advice precedes the intake; the exit on 04-07 closed the episode
    assert _rows(after_intake) == {("R", 2): ("open", None), ("U", 1): ("ended", None)}
    early = lead_time_between(
        con,
        from_activity="melding",
        to_activity="instroom",
        as_of=pd.Timestamp("2024-01-10T00:00:00+01:00"),
    )
    # before the refusal R's first report is still open
    assert _rows(early) == {("R", 1): ("open", None)}
    # before the re-report, at 2025-01-01: still ended (the refusal closed it)
    mid = lead_time_between(
        con,
        from_activity="melding",
        to_activity="instroom",
        as_of=pd.Timestamp("2025-01-01T00:00:00+01:00"),
    )
    assert _rows(mid) == {("R", 1): ("ended", None)}


def test_melding_to_instroom_equals_lead_times_on_the_simulated_store(sim_store):
    con = store.connect(sim_store.db)
    between = lead_time_between(
        con,
        from_activity="melding",
        to_activity="instroom",
        as_of=sim_store.as_of,
    )
    eps = lead_times(con, as_of=sim_store.as_of)
    assert (eps["episode"] > 1).any()  # the simulation re-reports cases
    both = eps.merge(
        between, on=["case_id", "episode"], how="outer", suffixes=("", "_b")
    )
    assert len(both) == len(eps) == len(between)
    intake = both[both["outcome"] == "instroom"]
    assert len(intake) > 0
    assert (intake["outcome_b"] == "reached").all()
    assert (intake["start_at_b"] == intake["start_at"]).all()
    assert (intake["end_at_b"] == intake["end_at"]).all()
    assert intake["days_b"].to_numpy() == pytest.approx(intake["days"].to_numpy())
    refused = both[both["outcome"].isin(["geen_instroom", "tussenvariant"])]
    assert len(refused) > 0
    assert (refused["outcome_b"] == "ended").all()
    assert not refused["is_open_b"].any()
    still = both[both["outcome"] == "open"]
    assert (still["outcome_b"] == "open").all()
