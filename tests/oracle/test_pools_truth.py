"""The simulated case managers' pools show both pools on the demo's store (issue 23 3c).

The simulator chooses the specialists after the simulation (``simulation/_pools.py``)
and records them in ``truth.json`` (``case_manager_pools``) with the cases in the
approach at the export date per pool. Checked on the session's simulated store (600
cases, seed 1, the demo's size and seed, pools loaded as ``ipgar demo`` loads them):

- the file's pools are truth's (the specialists, and every other case manager
  ``regulier``);
- truth's counts follow from the canonical ``events.csv`` and truth's episodes
  alone: a case is in the approach when an episode has an instroom and no exit, and
  its case manager is its last ``regisseur_toegewezen``; no regular case manager has
  more such cases than a specialist;
- ``practice_profile(by="pool")`` at the export date has a row for each pool, with
  truth's cases per pool (the profile counts them from the store).
"""

from __future__ import annotations

import csv
import json
from collections import Counter

import pandas as pd
import pytest

from ipgar_metrics import practice_profile, store


@pytest.fixture(scope="module")
def truth(sim_store):
    text = (sim_store.sim_dir / "truth.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_the_file_holds_truths_pools(sim_store, truth):
    with (sim_store.sim_dir / "case_managers.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    special = sorted(r["case_manager"] for r in rows if r["pool"] == "specialistisch")
    pools = truth["case_manager_pools"]
    assert special == pools["specialistisch"] and len(special) == 8
    assert {r["pool"] for r in rows} == {"specialistisch", "regulier"}
    assert all(
        r["trained_on"] == pools["trained_on"]
        for r in rows
        if r["pool"] == "specialistisch"
    )


def test_truths_counts_follow_from_the_events_and_episodes(sim_store, truth):
    events = pd.read_csv(sim_store.sim_dir / "events.csv", dtype=str)
    assigned = events[events["activity"] == "regisseur_toegewezen"]
    last = assigned.groupby("case_id")["case_manager"].last()  # events.csv is in order
    episodes = pd.DataFrame(truth["episodes"])
    open_ = episodes["instroom_at"].notna() & episodes["exit_at"].isna()
    in_approach = sorted(set(episodes.loc[open_, "case_id"]))
    current = Counter(last.reindex(in_approach).dropna())
    pools = truth["case_manager_pools"]
    special = set(pools["specialistisch"])
    in_special = sum(n for m, n in current.items() if m in special)
    assert pools["cases_in_approach"] == {
        "specialistisch": in_special,
        "regulier": sum(current.values()) - in_special,
    }
    assert in_special > 0
    fewest_special = min(current[m] for m in special)
    assert all(n <= fewest_special for m, n in current.items() if m not in special)


def test_the_profile_by_pool_shows_both_pools_with_truths_cases(sim_store, truth):
    with store.connect(sim_store.db, read_only=True) as con:
        profile = practice_profile(con, as_of=sim_store.as_of, by="pool")
    cases = profile.set_index("pool")["cases"].to_dict()
    assert cases == truth["case_manager_pools"]["cases_in_approach"]
