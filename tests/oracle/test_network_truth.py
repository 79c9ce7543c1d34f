"""The network metrics on the simulated store equal the simulator's ground truth.

The session store (``tests/conftest.py``: 600 cases, seed 1) holds the simulated
relations, key locations and joint meetings, loaded with the real loaders under a DPIA
reference. ``truth.json`` → ``network`` holds, at the export date, the components (raw
case ids), their current case managers, organisations, persons linked outside the
approach and the last joint meeting: computed by the simulator from its own events,
not from the store. The store's answers are compared by pseudonym.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from ipgar_metrics import privacy, store
from ipgar_metrics.metrics.network import network_components, network_nodes


@pytest.fixture(scope="module")
def found(sim_store):
    truth = json.loads((sim_store.sim_dir / "truth.json").read_text(encoding="utf-8"))
    net = truth["network"]
    as_of = date.fromisoformat(net["as_of"])
    with store.connect(sim_store.db, read_only=True) as con:
        comps = network_components(con, as_of=as_of)
        nodes = network_nodes(con, as_of=as_of)
    return net, comps, nodes, sim_store.key


def _ps(raw: str, key: bytes) -> str:
    return privacy.pseudonym(raw, key)


def test_the_components_are_the_simulators(found):
    net, comps, nodes, key = found
    assert len(net["components"]) >= 3  # a store with something to find
    want = {frozenset(_ps(c, key) for c in comp) for comp in net["components"]}
    got = {frozenset(g["case_id"]) for _, g in nodes.groupby("component")}
    assert got == want
    assert sorted(comps["cases"], reverse=True) == sorted(
        (len(c) for c in net["components"]), reverse=True
    )


def test_managers_organisations_outside_and_meetings_are_the_simulators(found):
    net, comps, nodes, key = found
    by_members = {
        frozenset(g["case_id"]): number for number, g in nodes.groupby("component")
    }
    rows = comps.set_index("component")
    for comp, per in zip(net["components"], net["per_component"], strict=True):
        row = rows.loc[by_members[frozenset(_ps(c, key) for c in comp)]]
        assert row["case_managers"] == len(per["case_managers"]), per
        assert row["organisations"] == len(per["organisations"]), per
        assert row["linked_outside"] == per["linked_outside"], per
        met = per["last_met"]
        got = row["last_met"]
        assert (None if got is None or got != got else str(got)) == met, per


def test_the_quality_report_reads_the_event_load_not_the_relations_load(sim_store):
    """A relations load comes after the events: "the latest load" stays the export's."""
    from ipgar_metrics.metrics.quality import quality_report

    truth = json.loads((sim_store.sim_dir / "truth.json").read_text(encoding="utf-8"))
    planted = {f["kind"] for f in truth["faults"]}
    assert "activity_typo" in planted and "missing_timestamp" in planted
    with store.connect(sim_store.db, read_only=True) as con:
        last = con.execute("SELECT files FROM loads ORDER BY load_id DESC LIMIT 1")
        assert "relations" in last.fetchall()[0][0]  # the relations came last
        checks = quality_report(con).set_index("check")
    assert checks.loc["label_typo", "count"] == 1  # 'Contcat' -> "Contact"
    assert checks.loc["missing_timestamp", "count"] == 1
