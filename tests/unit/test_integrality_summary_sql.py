"""The integrality summary of all interventions, counted in DuckDB.

``integrality(level="summary")`` without ``by`` comes from
``casework/integrality_summary``; every other summary is built in pandas from the
interventions and the episodes (``_case_table``, ``_summary_row``). The two must give
the same numbers, to the last bit, and the SQL must count the same things as the
frames: interventions in the approach only, the case manager at each one's start,
distinct organisations per episode, the vocabulary file's organisations.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics.casework import _integrality
from ipgar_metrics.metrics.casework._integrality import integrality
from tests.hand_logs import ev


def _from_frames(con: Any, as_of: Any) -> dict[str, Any]:
    """The summary row as the grouped summaries build it, over the whole frames."""
    ts = status.as_timestamp(con, as_of)
    iv = _integrality.interventions(con, as_of=ts)
    episodes = status.approach_periods(con, as_of=ts)[["case_id", "episode"]]
    ct = _integrality._case_table(iv, episodes)
    return _integrality._summary_row(iv, ct, len(iv))


def _assert_same(con: Any, as_of: Any) -> pd.Series:
    got = integrality(con, as_of=as_of, level="summary")
    assert len(got) == 1
    row = got.iloc[0]
    expected = _from_frames(con, as_of)
    assert list(got.columns) == list(expected)
    for name, value in expected.items():
        if isinstance(value, float) and math.isnan(value):
            assert math.isnan(row[name]), name
        else:
            assert row[name] == value, name  # exact: the same counts, divided once
    return row


def test_the_simulated_store_gives_the_frames_numbers(sim_store):
    con = store.connect(sim_store.db)
    try:
        rows = [
            _assert_same(con, as_of)
            for as_of in (store.last_event_at(con), date(2024, 6, 1), date(2023, 1, 1))
        ]
        assert rows[0]["interventions"] > 100 and rows[0]["cases"] > 50
    finally:
        con.close()


def _opened(case: str) -> list[dict]:
    return [ev(case, "melding", "01-01", outcome="MAP"), ev(case, "instroom", "01-03")]


def _store(rows: list[dict]) -> Any:
    con = store.memory_store()
    store.insert_events(con, pd.DataFrame(rows))
    return con


def test_two_episodes_of_one_case_count_their_own_organisations():
    # P: episode 1 with wpi and oov, out on 01-20; a new report and instroom, episode
    # 2 with oov only and no case manager. Q: in, no intervention. The episodes: 3;
    # organisations per episode 2, 1, 0 -> mean 1; social or care: episode 1 (wpi).
    rows = [
        *_opened("P"),
        ev("P", "regisseur_toegewezen", "01-03", org="oov", cm="M1"),
        ev("P", "interventie_start", "01-05", org="wpi"),
        ev("P", "interventie_start", "01-06", org="oov"),
        ev("P", "uitstroom", "01-20", outcome="overgedragen"),
        ev("P", "interventie_start", "01-21", org="ggz"),  # after the exit: out
        ev("P", "melding", "02-01", outcome="MAP"),
        ev("P", "instroom", "02-03"),
        ev("P", "interventie_start", "02-05", org="oov"),
        *_opened("Q"),
    ]
    con = _store(rows)
    row = _assert_same(con, date(2025, 3, 1))
    assert row["interventions"] == 3
    assert row["cases"] == 3
    assert row["mean_orgs_per_case"] == 1.0
    assert row["share_cases_social_or_care"] == pytest.approx(1 / 3)
    assert row["interventions_no_manager"] == 1  # episode 2's
    assert row["own_org_share"] == 0.5  # oov under oov; wpi under oov
    # before the second episode's instroom: two episodes known, two interventions
    before = _assert_same(con, date(2025, 2, 2))
    assert (before["cases"], before["interventions"]) == (2, 2)


def test_no_intervention_and_nobody_in_the_approach():
    con = _store([*_opened("R"), *_opened("S")])
    row = _assert_same(con, date(2025, 3, 1))
    assert (row["interventions"], row["cases"]) == (0, 2)
    assert row["mean_orgs_per_case"] == 0.0
    assert math.isnan(row["own_org_share"]) and math.isnan(row["diversity_domains"])
    nobody = _assert_same(con, date(2025, 1, 2))  # reported, not yet in
    assert (nobody["interventions"], nobody["cases"]) == (0, 0)
    assert math.isnan(nobody["mean_orgs_per_case"])


def test_the_vocabulary_files_organisations_have_their_domain():
    # "kerk" is outside the built-in organisations: domain onbekend, until a
    # vocabulary file gives it one (recorded in meta at load); "moskee" stays unknown
    rows = []
    for case, org in (("T", "kerk"), ("U", "moskee"), ("V", "politie")):
        rows += [
            *_opened(case),
            ev(case, "regisseur_toegewezen", "01-03", org="kerk", cm="M9"),
            ev(case, "interventie_start", "01-05", org=org),
        ]
    con = _store(rows)
    plain = _assert_same(con, date(2025, 3, 1))
    assert plain["share_cases_social_or_care"] == 0.0
    assert plain["share_zorg"] == 0.0
    # three domains of one intervention each: onbekend twice, veiligheid once
    assert plain["diversity_domains"] == pytest.approx(1 - (2 / 3) ** 2 - (1 / 3) ** 2)
    store.set_meta(con, "vocabulary", json.dumps({"org": {"kerk": "zorg"}}))
    extended = _assert_same(con, date(2025, 3, 1))
    assert extended["share_cases_social_or_care"] == pytest.approx(1 / 3)
    assert extended["share_zorg"] == pytest.approx(1 / 3)
    assert extended["own_org_share"] == pytest.approx(1 / 3)  # T: kerk under kerk
