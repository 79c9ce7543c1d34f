"""The simulator's networks (relations.csv, locations.csv, joint meetings) against truth.

Everything is recomputed here from the written files: the loader's rules for the rows
it must reject, the links active at the export date (a relation counts when start <=
as_of and end is empty or after it; two persons at one key location when both their
periods contain as_of), the persons in the approach at as_of (truth's episodes: an
intake and no exit), the current case managers (events.csv: the last assignment of
the open episode) and the joint meetings (events.csv), with networkx for the
components.
"""

from __future__ import annotations

import csv
import filecmp
import json
from collections import Counter, defaultdict
from datetime import date, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from ipgar_metrics import config
from ipgar_metrics.cli import main
from ipgar_metrics.simulation import simulate

AS_OF = config.SIM_AS_OF
KINDS = {"familie", "vriend", "online", "sleutellocatie", "overig"}


@pytest.fixture(scope="module")
def sim(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("sim_network")
    simulate(400, 4, d, write_xlsx=False)
    return d


@pytest.fixture(scope="module")
def truth(sim) -> dict[str, Any]:
    return json.loads((sim / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def larger(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("sim_network_larger")
    simulate(1200, 11, d, write_xlsx=False)
    return d


def _day(cell: str) -> date | None:
    if not cell:
        return None
    if cell[4] == "-":
        return date.fromisoformat(cell)
    return datetime.strptime(cell, "%d-%m-%Y").date()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _events(d: Path) -> list[dict[str, str]]:
    return _rows(d / "events.csv")


def _known(d: Path) -> set[str]:
    """Case ids as the export writes them (its first column, Casusnummer)."""
    with (d / "export.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0][0] == "Casusnummer"
    return {r[0] for r in rows[1:]}


def _checked(d: Path) -> tuple[list[dict], list[dict], list[tuple[str, int, str]]]:
    """The rows a loader keeps, and (file, row, reason) of those it must reject."""
    known = _known(d)
    rejected = []
    relations, locations = [], []
    for n, r in enumerate(_rows(d / "relations.csv"), start=1):
        start, end = _day(r["start"]), _day(r["end"])
        if r["case_id_a"] not in known or r["case_id_b"] not in known:
            rejected.append(("relations.csv", n, "unknown_case"))
        elif r["case_id_a"] == r["case_id_b"]:
            rejected.append(("relations.csv", n, "self_relation"))
        elif end is not None and start is not None and end < start:
            rejected.append(("relations.csv", n, "end_before_start"))
        else:
            assert r["relation"] in KINDS and start is not None
            relations.append({**r, "start": start, "end": end})
    for n, r in enumerate(_rows(d / "locations.csv"), start=1):
        start, end = _day(r["start"]), _day(r["end"])
        if r["case_id"] not in known:
            rejected.append(("locations.csv", n, "unknown_case"))
        elif end is not None and start is not None and end < start:
            rejected.append(("locations.csv", n, "end_before_start"))
        else:
            assert r["location_id"].startswith("L-") and start is not None
            locations.append({**r, "start": start, "end": end})
    return relations, locations, rejected


def _active(r: dict[str, Any], day: date) -> bool:
    return r["start"] <= day and (r["end"] is None or r["end"] > day)


def _links_at(relations, locations, day: date) -> nx.Graph:
    """Every person linked at ``day`` (nodes and others)."""
    g = nx.Graph()
    for r in relations:
        if _active(r, day):
            g.add_edge(r["case_id_a"], r["case_id_b"])
    at: dict[str, set[str]] = defaultdict(set)
    for r in locations:
        if _active(r, day):
            at[r["location_id"]].add(r["case_id"])
    for persons in at.values():
        g.add_edges_from(combinations(sorted(persons), 2))
    return g


def _in_approach(truth) -> set[str]:
    return {
        e["case_id"]
        for e in truth["episodes"]
        if e["instroom_at"] is not None and e["exit_at"] is None
    }


def _current_managers(events) -> dict[str, tuple[str, str]]:
    """Per case, the last assignment after its last report (the open episode)."""
    out: dict[str, tuple[str, str] | None] = {}
    for r in events:
        if r["activity"] == "melding":
            out[r["case_id"]] = None
        elif r["activity"] == "regisseur_toegewezen":
            out[r["case_id"]] = (r["case_manager"], r["org"])
    return {k: v for k, v in out.items() if v is not None}


def _manager_at_rows(events) -> list[tuple[dict[str, str], str | None]]:
    """Each event with the case manager of its episode at that moment."""
    now: dict[str, str | None] = {}
    out = []
    for r in events:
        if r["activity"] == "melding":
            now[r["case_id"]] = None
        elif r["activity"] == "regisseur_toegewezen":
            now[r["case_id"]] = r["case_manager"]
        out.append((r, now.get(r["case_id"])))
    return out


def test_files_have_the_contract_headers_and_dates(sim):
    rel = (sim / "relations.csv").read_bytes().decode("utf-8").splitlines()
    loc = (sim / "locations.csv").read_bytes().decode("utf-8").splitlines()
    assert rel[0] == "case_id_a,case_id_b,relation,start,end"
    assert loc[0] == "case_id,location_id,start,end"
    cells = [
        (r["start"], r["end"])
        for name in ("relations.csv", "locations.csv")
        for r in _rows(sim / name)
    ]
    dates = [_day(c) for pair in cells for c in pair if c]
    assert dates and max(d for d in dates if d is not None) < AS_OF
    iso = sum(1 for pair in cells for c in pair if c and c[4] == "-")
    dutch = sum(1 for pair in cells for c in pair if c and c[2] == "-")
    assert 0 < iso < dutch  # mostly dd-mm-jjjj, some YYYY-MM-DD
    assert any(end == "" for _start, end in cells)  # relations that last
    assert any(end != "" for _start, end in cells)  # and some that ended
    kinds = Counter(r["relation"] for r in _rows(sim / "relations.csv"))
    assert set(kinds) == KINDS


def test_planted_rejects_are_those_of_truth(sim, truth):
    relations, locations, rejected = _checked(sim)
    planted = [
        (r["file"], r["row"], r["reason"]) for r in truth["network"]["rejected_rows"]
    ]
    assert sorted(rejected) == sorted(planted)
    reasons = Counter((f, reason) for f, _row, reason in planted)
    assert reasons == {
        ("relations.csv", "unknown_case"): 1,
        ("relations.csv", "self_relation"): 1,
        ("relations.csv", "end_before_start"): 1,
        ("locations.csv", "unknown_case"): 1,
        ("locations.csv", "end_before_start"): 1,
    }
    assert truth["network"]["n_relations"] == len(relations)
    assert truth["network"]["n_locations"] == len(locations)


def test_same_seed_gives_byte_identical_files(sim, tmp_path):
    again = tmp_path / "again"
    simulate(400, 4, again, write_xlsx=False)
    for name in ("relations.csv", "locations.csv", "events.csv", "export.csv"):
        assert filecmp.cmp(sim / name, again / name, shallow=False), name
    assert filecmp.cmp(sim / "truth.json", again / "truth.json", shallow=False)


def test_switched_off_the_other_events_are_unchanged(sim, tmp_path):
    off = tmp_path / "off"
    (off / "relations.csv").parent.mkdir()
    (off / "relations.csv").write_text("stale\n", encoding="utf-8")  # a previous run
    simulate(400, 4, off, write_xlsx=False, params={"networks": False})
    assert not (off / "relations.csv").exists()
    assert not (off / "locations.csv").exists()
    truth_off = json.loads((off / "truth.json").read_text(encoding="utf-8"))
    assert "network" not in truth_off
    for name, meeting in (
        ("events.csv", ",netwerkoverleg,"),
        ("export.csv", ";Netwerkoverleg;"),
    ):
        on = (sim / name).read_text(encoding="utf-8").splitlines()
        assert any(meeting in line for line in on)
        kept = [line for line in on if meeting not in line]
        assert kept == (off / name).read_text(encoding="utf-8").splitlines(), name


def test_links_are_mostly_within_one_ideology(sim, truth):
    relations, _locations, _rejected = _checked(sim)
    ideology = {c["case_id"]: c["ideology"] for c in truth["cases"]}
    pairs = [(ideology[r["case_id_a"]], ideology[r["case_id_b"]]) for r in relations]
    same = sum(a == b for a, b in pairs) / len(pairs)
    # by chance: the same ends paired at random
    ends = Counter(x for pair in pairs for x in pair)
    chance = sum((n / (2 * len(pairs))) ** 2 for n in ends.values())
    assert same > chance + 0.1, (same, chance)
    g = nx.Graph((r["case_id_a"], r["case_id_b"]) for r in relations)
    nx.set_node_attributes(g, {n: ideology[n] for n in g}, "ideology")
    assert nx.attribute_assortativity_coefficient(g, "ideology") > 0.4


@pytest.mark.parametrize("which", ["sim", "larger"])
def test_components_at_the_export_date_are_those_of_truth(request, which):
    sim = request.getfixturevalue(which)
    truth = json.loads((sim / "truth.json").read_text(encoding="utf-8"))
    relations, locations, _rejected = _checked(sim)
    nodes = _in_approach(truth)
    links = _links_at(relations, locations, AS_OF)
    graph = links.subgraph(nodes)
    comps = [sorted(c) for c in nx.connected_components(graph) if len(c) >= 2]
    comps.sort(key=lambda c: (-len(c), c[0]))
    net = truth["network"]
    assert comps == net["components"]
    assert len(comps) >= 2
    assert net["nodes"] == len(nodes)
    # many persons in the approach have no link
    assert sum(len(c) for c in comps) < 0.6 * len(nodes)
    events = _events(sim)
    managers = _current_managers(events)
    rows = _manager_at_rows(events)
    for comp, facts in zip(comps, net["per_component"], strict=True):
        current = {managers[c] for c in comp if c in managers}
        names = {m for m, _org in current}
        assert facts["size"] == len(comp)
        assert facts["case_managers"] == sorted(names)
        assert facts["organisations"] == sorted({org for _m, org in current})
        outside = {o for c in comp for o in links.neighbors(c)} - nodes
        assert facts["linked_outside"] == len(outside)
        met: dict[str, set[str]] = defaultdict(set)
        agenda: dict[str, set[str]] = defaultdict(set)
        for r, at in rows:
            if r["case_id"] not in comp:
                continue
            if r["activity"] == "netwerkoverleg" and r["case_manager"] in names:
                met[r["timestamp"][:10]].add(r["case_manager"])
            if r["activity"] == "itatr_agendering" and at in names:
                agenda[r["timestamp"][:10]].add(at)
        days = [d for d, m in [*met.items(), *agenda.items()] if len(m) >= 2]
        assert facts["last_met"] == (max(days) if days else None)
    assert any(f["linked_outside"] > 0 for f in net["per_component"])


def test_meetings_are_of_linked_persons_in_the_approach(sim, truth):
    relations, locations, _rejected = _checked(sim)
    linked = {r["case_id_a"] for r in relations} | {r["case_id_b"] for r in relations}
    linked |= {r["case_id"] for r in locations}
    meetings: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in _events(sim):
        if r["activity"] == "netwerkoverleg":
            meetings[r["timestamp"]].append(r)
    assert len(meetings) >= 5
    assert {r["case_id"] for rows in meetings.values() for r in rows} <= linked
    stays = defaultdict(list)
    for e in truth["episodes"]:
        if e["instroom_at"] is not None:
            stays[e["case_id"]].append((e["instroom_at"], e["exit_at"]))
    for ts, rows in meetings.items():
        assert len(rows) >= 2
        assert len({r["case_manager"] for r in rows}) == len(rows)  # each its own
        assert all(r["org"] and r["case_manager"] for r in rows)
        for r in rows:  # in the approach at the meeting
            at = datetime.fromisoformat(ts)
            assert any(
                datetime.fromisoformat(a) < at
                and (b is None or at < datetime.fromisoformat(b))
                for a, b in stays[r["case_id"]]
            ), r
        graph = _links_at(relations, locations, datetime.fromisoformat(ts).date())
        cases = {r["case_id"] for r in rows}
        assert all(set(graph.neighbors(c)) & cases for c in cases if c in graph), ts
        assert all(c in graph for c in cases), ts


def test_groups_range_from_pairs_to_about_a_dozen(larger):
    relations, _locations, _rejected = _checked(larger)
    g = nx.Graph((r["case_id_a"], r["case_id_b"]) for r in relations)
    sizes = Counter(len(c) for c in nx.connected_components(g))
    assert min(sizes) == 2 and sizes[2] == max(sizes.values())  # pairs most often
    assert 8 <= max(sizes) <= 12, sizes
    known = _known(larger)
    assert 0.4 * len(known) < len(g) < 0.7 * len(known)  # many have no relation


def test_cli_writes_the_networks_by_default(tmp_path, capsys):
    out = tmp_path / "sim"
    assert main(["simulate", "--cases", "30", "--out", str(out), "--no-xlsx"]) == 0
    err = capsys.readouterr().err
    assert "use --no-networks to choose" in err and len(err.splitlines()) == 1
    assert (out / "relations.csv").exists() and (out / "locations.csv").exists()
    args = ["simulate", "--cases", "30", "--out", str(out), "--no-xlsx"]
    assert main([*args, "--no-networks", "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    assert not (out / "relations.csv").exists()
    assert not (out / "locations.csv").exists()


def test_a_wrong_network_parameter_is_refused(tmp_path):
    from ipgar_metrics.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown network parameter 'meetings_p'"):
        simulate(30, 1, tmp_path / "x", params={"network": {"meetings_p": 0.5}})
    with pytest.raises(ConfigError, match="networks must be true or false"):
        simulate(30, 1, tmp_path / "x", params={"networks": "no"})
    assert not (tmp_path / "x").exists()


def _groups_as_first_written(persons, rng, q, as_of_day):
    """The grouping with the nearby persons of one ideology filtered at every pick."""
    from bisect import bisect_left, bisect_right

    from ipgar_metrics.simulation._network import _relation

    order = sorted(range(len(persons)), key=lambda i: (persons[i].report_day, i))
    days = [persons[i].report_day for i in order]
    anchors = list(range(len(persons)))
    rng.shuffle(anchors)
    free = set(anchors)
    linked, links = 0, []
    window, sizes = q["report_window_days"], q["group_size_p"]
    for anchor in anchors:
        if linked >= q["linked_share"] * len(persons):
            break
        if anchor not in free:
            continue
        size = 2 + rng.choices(range(len(sizes)), sizes)[0]
        d = persons[anchor].report_day
        lo, hi = bisect_left(days, d - window), bisect_right(days, d + window)
        nearby = [order[k] for k in range(lo, hi) if order[k] in free]
        nearby = [i for i in nearby if i != anchor]
        members = [anchor]
        while len(members) < size and nearby:
            pool = nearby
            if rng.random() < q["homophily"]:
                ideology = persons[anchor].case.ideology
                pool = [i for i in nearby if persons[i].case.ideology == ideology]
                if not pool:
                    break
            pick = pool[rng.randrange(len(pool))]
            members.append(pick)
            nearby.remove(pick)
        if len(members) < 2:
            continue
        free.difference_update(members)
        linked += len(members)
        pairs = set()
        for n in range(1, len(members)):
            parent = 0 if rng.random() < q["hub_p"] else rng.randrange(n)
            pairs.add((members[parent], members[n]))
        for _ in range(len(members) - 2):
            if rng.random() < q["extra_link_p"]:
                x, y = rng.sample(members, 2)
                if (x, y) not in pairs and (y, x) not in pairs:
                    pairs.add((x, y))
        links += [_relation(persons, x, y, rng, q, as_of_day) for x, y in sorted(pairs)]
    return links


@pytest.mark.parametrize("homophily", [0.0, 0.85, 1.0])
def test_groups_are_those_of_the_grouping_as_first_written(homophily):
    """The kept list of one ideology draws the same groups as filtering at each pick.

    Dense enough that many picks meet an exhausted ideology (three ideologies, 3,000
    persons over two years, wide windows), so the ``break`` and both pools are met.
    """
    import random
    from types import SimpleNamespace

    from ipgar_metrics.simulation._network import _groups, network_params
    from ipgar_metrics.simulation._parameters import PARAMS

    q = {**network_params(dict(PARAMS))["network"], "homophily": homophily}
    draw = random.Random(5)
    persons = [
        SimpleNamespace(
            report_day=draw.randrange(730),
            case=SimpleNamespace(ideology=draw.choice("abbccc")),
        )
        for _ in range(3000)
    ]
    got = _groups(persons, random.Random(9), q, 800)
    expected = _groups_as_first_written(persons, random.Random(9), q, 800)
    assert len(got) > 1000
    assert got == expected
