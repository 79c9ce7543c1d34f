"""The network metrics on a hand-made store; every number worked out below.

As of 2025-06-01 00:00 local (AS_OF). Events at 12:00 local. Persons in the approach
(melding 2023-09-04, opname 2023-09-25, instroom 2023-10-02, case manager assigned
2023-10-03 unless said), with their case manager (organisation):
  A1 M1 (oov), A2 M1 (oov), A3 M2 (politie), A4 M3 (politie, detained since
  2025-05-10: still in the approach), A5 M2 (politie); B1 M4 (ggz), B2 M5
  (reclassering), B3 M4 then M5 from 2025-02-01; D1 M6 (oov), D2 M6 (oov); E1 M7
  (politie), E2 M8 (oov); G1 M1 (oov), G2 no case manager; F1, F2, H1 and (new in the
  window) N1, N2: no active link to anyone in the approach.
Known persons not in the approach at AS_OF: O1 (reported 2025-01-10, geen_opname
  2025-02-07), O2 (exited 2025-02-01), O3 (reported 2025-05-15, open), N3 (reported
  2024-12-02, geen_opname 2024-12-20), N4 (reported 2025-03-03, geen_opname
  2025-03-13).

Relations (start, end): A1-A2 familie 2024-01-01 and vriend 2024-02-01 (one pair, two
  links), A2-A3 vriend, A3-A4 online, A3-A5 familie, A4-A5 vriend (ends 2025-12-31,
  after AS_OF), B1-B2 vriend, D1-D2 online, E1-E2 overig, G1-G2 familie starting on
  the as-of day itself (active); ended: F1-A1 (2025-05-01), F1-B1 (ends on the as-of
  day: not active), N2-E1 (2024-11-01 to 2025-01-01); future: F2-B1 (2025-07-01);
  outside: A5-O1, A4-O1, B3-O2, D1-O3, H1-O2, O1-O2 (both outside), N4-O2.
Key locations: L1 B2 from 2025-01-10, B3 from 2025-02-15 (overlap at AS_OF: B2-B3
  sleutellocatie since 2025-02-15); L2 B3 2024-03-01 to 2024-06-01, A1 from
  2024-07-01 (no overlap: no link); L3 D1 2024-01-01 to 2024-12-31, E1 2024-06-01
  to 2025-03-01 (overlapped once, not at AS_OF: no link, else Z and W would merge);
  L4 B2 from 2024-10-01, N3 2024-11-15 to 2025-01-15, O2 from 2024-12-01 (B2-O2
  sleutellocatie at AS_OF: O2 is outside, and already linked to B3).

Components: X = A1..A5 (5), Y = B1..B3 (3), then Z = D1-D2, W = E1-E2, G = G1-G2
  (2 each, ordered by their smallest pseudonym). Case managers / organisations /
  linked outside: X 3 / 2 / 1 (O1 once), Y 2 / 2 / 1 (O2 once), Z 1 / 1 / 1 (O3),
  W 2 / 2 / 0, G 1 / 1 / 0.
Meetings: X netwerkoverleg 2025-04-10 A1 by M1 and A3 by M2 (met); 2025-04-20 A4
  without case manager (M3, its manager then) and A5 by M2 (met); 2025-05-20 A4 by
  M3 alone; 2025-05-25 A1 by M9 (not a current manager) and A2 by M1 (not met):
  last met 2025-04-20, 42 days. Y ITAT-R 2025-01-13 B1 and B3 (both M4 then: not
  met), 2025-03-03 B1 (M4) and B3 (M5) (met), 2025-04-01 B2 and B3 (both M5: not
  met): last met 2025-03-03, 90 days. Z netwerkoverleg 2025-05-01 D1 and D2 by M6
  (one manager): never, no days. W 2025-05-05 netwerkoverleg E1 by M7 and ITAT-R E2
  (M8): two kinds are not one meeting: never.

Inflow (12 months: reports from 2024-06-01): linked at the report to someone in
  the approach: O1 (A5, vriend since 2024-06-01; geen_opname after 28 days), N2 (E1
  until 2025-01-01; admitted after 30 days), N3 (B2 at L4; geen_opname after 18
  days), O3 (D1; open); unlinked: N1 (admitted after 30 days), N4 (O2 had exited;
  geen_opname after 10 days).
  -> linked: 4 reports, 1 admitted, 3 completed, 1 open, mean 76/3, median 28;
  unlinked: 2 reports, 1 admitted, 2 completed, mean 20, median 20.
Key locations over 6 months (2024-12 .. 2025-05, counted on the last day):
  L1 0, 1, 2, 2, 2, 2 (all in the approach); L2 1 each month; L3 1, 1, 1, 0, 0, 0;
  L4 Dec 3 (B2, O2 in; N3 other), Jan 2 (both in), Feb-May 2 (B2 in, O2 other).
"""

from __future__ import annotations

import io
import json
import math
from datetime import date, datetime
from zoneinfo import ZoneInfo

import networkx as nx
import pandas as pd
import pytest

from ipgar_metrics import governance, labels, privacy, store
from ipgar_metrics.cli._main import main
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.figures import fig_component_sizes, fig_network
from ipgar_metrics.ingest._load import load
from ipgar_metrics.metrics.network import (
    key_location_counts,
    network_components,
    network_edges,
    network_inflow,
    network_nodes,
)

KEY = b"network-test-key-0123456789abcdef"
TZ = ZoneInfo("Europe/Amsterdam")
AS_OF = date(2025, 6, 1)
HEADER = "case_id,activity,timestamp,org,case_manager,outcome,event_id"
MANAGERS = {
    "A1": ("M1", "oov"),
    "A2": ("M1", "oov"),
    "A3": ("M2", "politie"),
    "A4": ("M3", "politie"),
    "A5": ("M2", "politie"),
    "B1": ("M4", "ggz"),
    "B2": ("M5", "reclassering"),
    "B3": ("M4", "ggz"),
    "D1": ("M6", "oov"),
    "D2": ("M6", "oov"),
    "E1": ("M7", "politie"),
    "E2": ("M8", "oov"),
    "G1": ("M1", "oov"),
    "F1": ("M7", "politie"),
    "F2": ("M7", "politie"),
    "H1": ("M8", "oov"),
}
IN_APPROACH = [*MANAGERS, "G2", "N1", "N2"]
RELATIONS = [
    ("A1", "A2", "familie", "2024-01-01", None),
    ("A1", "A2", "vriend", "2024-02-01", None),
    ("A2", "A3", "vriend", "2024-01-01", None),
    ("A3", "A4", "online", "2024-03-01", None),
    ("A3", "A5", "familie", "2024-01-01", None),
    ("A4", "A5", "vriend", "2024-05-01", "2025-12-31"),
    ("B1", "B2", "vriend", "2024-06-01", None),
    ("D1", "D2", "online", "2024-01-01", None),
    ("E1", "E2", "overig", "2024-01-01", None),
    ("G1", "G2", "familie", "2025-06-01", None),
    ("F1", "A1", "vriend", "2024-01-01", "2025-05-01"),
    ("F1", "B1", "familie", "2024-01-01", "2025-06-01"),
    ("N2", "E1", "vriend", "2024-11-01", "2025-01-01"),
    ("F2", "B1", "vriend", "2025-07-01", None),
    ("A5", "O1", "vriend", "2024-06-01", None),
    ("A4", "O1", "familie", "2024-01-01", None),
    ("B3", "O2", "familie", "2024-01-01", None),
    ("D1", "O3", "online", "2025-01-01", None),
    ("H1", "O2", "vriend", "2024-01-01", None),
    ("O1", "O2", "vriend", "2024-01-01", None),
    ("N4", "O2", "vriend", "2025-01-01", None),
]
LOCATIONS = [
    ("B2", "L1", "2025-01-10", None),
    ("B3", "L1", "2025-02-15", None),
    ("B3", "L2", "2024-03-01", "2024-06-01"),
    ("A1", "L2", "2024-07-01", None),
    ("D1", "L3", "2024-01-01", "2024-12-31"),
    ("E1", "L3", "2024-06-01", "2025-03-01"),
    ("B2", "L4", "2024-10-01", None),
    ("N3", "L4", "2024-11-15", "2025-01-15"),
    ("O2", "L4", "2024-12-01", None),
]
#: The links active at AS_OF between persons in the approach, by hand.
EDGES = [
    ("A1", "A2", "familie"),
    ("A1", "A2", "vriend"),
    ("A2", "A3", "vriend"),
    ("A3", "A4", "online"),
    ("A3", "A5", "familie"),
    ("A4", "A5", "vriend"),
    ("B1", "B2", "vriend"),
    ("B2", "B3", "sleutellocatie"),
    ("D1", "D2", "online"),
    ("E1", "E2", "overig"),
    ("G1", "G2", "familie"),
]


def ps(raw):
    return privacy.pseudonym(raw, KEY)


def mgr(raw):
    return privacy.pseudonym(raw, KEY, kind="manager")


def at(day):
    y, m, d = (int(x) for x in day.split("-"))
    return datetime(y, m, d, 12, tzinfo=TZ).isoformat()


def rows():
    out = []

    def ev(case, act, day, org="", cm="", outcome=""):
        out.append((case, act, at(day), org, cm, outcome))

    for case in IN_APPROACH:
        if case in ("N1", "N2"):
            continue
        ev(case, "melding", "2023-09-04", outcome="MAP")
        ev(case, "ptor_besluit", "2023-09-25", outcome="opname")
        ev(case, "instroom", "2023-10-02")
        if case in MANAGERS:
            cm, org = MANAGERS[case]
            ev(case, "regisseur_toegewezen", "2023-10-03", org, cm)
    ev("B3", "regisseur_toegewezen", "2025-02-01", "reclassering", "M5")
    ev("A4", "detentie_start", "2025-05-10")
    for case, report, admit in (
        ("N1", "2024-09-02", "2024-10-02"),
        ("N2", "2024-11-04", "2024-12-04"),
    ):
        ev(case, "melding", report, outcome="MAP")
        ev(case, "ptor_besluit", report[:8] + "20", outcome="opname")
        ev(case, "instroom", admit)
        ev(case, "regisseur_toegewezen", admit, "oov", "M1")
    for case, report, decided in (
        ("O1", "2025-01-10", "2025-02-07"),
        ("N3", "2024-12-02", "2024-12-20"),
        ("N4", "2025-03-03", "2025-03-13"),
    ):
        ev(case, "melding", report, outcome="CTER")
        ev(case, "ptor_besluit", decided, outcome="geen_opname")
    ev("O2", "melding", "2023-03-06", outcome="MAP")
    ev("O2", "ptor_besluit", "2023-03-27", outcome="opname")
    ev("O2", "instroom", "2023-04-03")
    ev("O2", "regisseur_toegewezen", "2023-04-04", "oov", "M6")
    ev("O2", "uitstroom", "2025-02-01", outcome="doelen_bereikt")
    ev("O3", "melding", "2025-05-15", outcome="MAP")
    # meetings
    ev("A1", "netwerkoverleg", "2025-04-10", "oov", "M1")
    ev("A3", "netwerkoverleg", "2025-04-10", "politie", "M2")
    ev("A4", "netwerkoverleg", "2025-04-20", "politie")
    ev("A5", "netwerkoverleg", "2025-04-20", "politie", "M2")
    ev("A4", "netwerkoverleg", "2025-05-20", "politie", "M3")
    ev("A1", "netwerkoverleg", "2025-05-25", "oov", "M9")
    ev("A2", "netwerkoverleg", "2025-05-25", "oov", "M1")
    for day, cases in (
        ("2025-01-13", ("B1", "B3")),
        ("2025-03-03", ("B1", "B3")),
        ("2025-04-01", ("B2", "B3")),
    ):
        for case in cases:
            ev(case, "itatr_agendering", day)
    ev("D1", "netwerkoverleg", "2025-05-01", "oov", "M6")
    ev("D2", "netwerkoverleg", "2025-05-01", "oov", "M6")
    ev("E1", "netwerkoverleg", "2025-05-05", "politie", "M7")
    ev("E2", "itatr_agendering", "2025-05-05")
    return out


def write_export(path):
    lines = [HEADER]
    lines += [",".join((*r, f"R{i:03d}")) for i, r in enumerate(rows(), 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def new_store(folder, *, enable=True, relations=True):
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "net.duckdb"
    export = write_export(folder / "export.csv")
    load([export], db=db, export_date=AS_OF, key=KEY, profile="ipgar")
    if enable:
        governance.enable_relations(db, "DPIA-TEST")
    if relations:
        con = store.connect(db, read_only=False)
        for i, (a, b, rel, start, end) in enumerate(RELATIONS, 1):
            lo, hi = sorted((ps(a), ps(b)))
            con.execute(
                "INSERT INTO relations VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
                [lo, hi, rel, start, end, f"r{i}", i],
            )
        for i, (case, loc, start, end) in enumerate(LOCATIONS, 1):
            con.execute(
                "INSERT INTO key_locations VALUES (?, ?, ?, ?, ?, 1, ?)",
                [ps(case), f"L{ps(loc)[1:]}", start, end, f"k{i}", i],
            )
        con.close()
    return db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return new_store(tmp_path_factory.mktemp("network"))


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    """The same events, relations neither enabled nor loaded."""
    return new_store(tmp_path_factory.mktemp("bare"), enable=False, relations=False)


@pytest.fixture(scope="module")
def con(db):
    c = store.connect(db)
    yield c
    c.close()


@pytest.fixture(scope="module")
def oracle():
    """Components, degrees and articulation points by networkx on the hand-made list."""
    graph = nx.Graph()
    graph.add_edges_from((ps(a), ps(b)) for a, b, _ in EDGES)
    parts = sorted(
        (sorted(p) for p in nx.connected_components(graph)),
        key=lambda p: (-len(p), p[0]),
    )
    return {
        "parts": parts,
        "number": {c: i for i, p in enumerate(parts, 1) for c in p},
        "degree": dict(graph.degree()),
        "cut": set(nx.articulation_points(graph)),
    }


@pytest.fixture(scope="module")
def components(con):
    return network_components(con, as_of=AS_OF)


def component_of(components, oracle, raw):
    number = oracle["number"][ps(raw)]
    return components.set_index("component").loc[number]


def test_edges_are_the_active_links_between_persons_in_the_approach(con):
    edges = network_edges(con, as_of=AS_OF)
    got = set(zip(edges["case_a"], edges["case_b"], edges["relation"], strict=True))
    want = {(*sorted((ps(a), ps(b))), rel) for a, b, rel in EDGES}
    assert got == want
    assert (edges["case_a"] < edges["case_b"]).all()
    since = edges.set_index(["case_a", "case_b", "relation"])["since"]
    assert since[(*sorted((ps("B2"), ps("B3"))), "sleutellocatie")] == date(2025, 2, 15)
    assert since[(*sorted((ps("G1"), ps("G2"))), "familie")] == date(2025, 6, 1)
    assert edges.attrs["ipgar"]["snapshot"]


def test_ended_future_and_non_overlapping_links_are_not_edges(con):
    edges = network_edges(con, as_of=AS_OF)
    cases = set(edges["case_a"]) | set(edges["case_b"])
    for raw in ("F1", "F2", "H1", "N1", "N2", "O1", "O2", "O3", "N3", "N4"):
        assert ps(raw) not in cases, raw
    pairs = set(zip(edges["case_a"], edges["case_b"], strict=True))
    assert tuple(sorted((ps("A1"), ps("B3")))) not in pairs  # L2: no overlap
    assert tuple(sorted((ps("D1"), ps("E1")))) not in pairs  # L3: overlapped before


def test_an_earlier_as_of_sees_the_links_of_that_day(con):
    # on 2025-04-15 F1-A1 (ended 2025-05-01) and F1-B1 are active, G1-G2 and B2-B3
    # (L1 from 2025-02-15) too; the future F2-B1 is not
    edges = network_edges(con, as_of=date(2025, 4, 15))
    pairs = set(zip(edges["case_a"], edges["case_b"], strict=True))
    assert tuple(sorted((ps("F1"), ps("A1")))) in pairs
    assert tuple(sorted((ps("F1"), ps("B1")))) in pairs
    assert tuple(sorted((ps("F2"), ps("B1")))) not in pairs
    assert tuple(sorted((ps("G1"), ps("G2")))) not in pairs


def test_components_sizes_and_numbering_equal_networkx(components, oracle):
    assert components["component"].tolist() == [1, 2, 3, 4, 5]
    assert components["cases"].tolist() == [len(p) for p in oracle["parts"]]
    assert components["cases"].tolist() == [5, 3, 2, 2, 2]


def test_managers_organisations_and_linked_outside(components, oracle):
    expect = {  # case managers, organisations, linked outside
        "A1": (3, 2, 1),
        "B1": (2, 2, 1),
        "D1": (1, 1, 1),
        "E1": (2, 2, 0),
        "G1": (1, 1, 0),
    }
    for raw, (managers, orgs, outside) in expect.items():
        row = component_of(components, oracle, raw)
        assert row["case_managers"] == managers, raw
        assert row["organisations"] == orgs, raw
        assert row["linked_outside"] == outside, raw
        assert bool(row["coordination_needed"]) is (managers >= 2), raw


def test_last_met_and_days_since(components, oracle):
    x = component_of(components, oracle, "A1")
    assert x["last_met"] == date(2025, 4, 20)
    assert x["managers_met_days"] == (AS_OF - date(2025, 4, 20)).days == 42
    y = component_of(components, oracle, "B1")
    assert y["last_met"] == date(2025, 3, 3)
    assert y["managers_met_days"] == 90
    for raw in ("D1", "E1", "G1"):  # one manager; two kinds on one day; never
        row = component_of(components, oracle, raw)
        assert pd.isna(row["last_met"]), raw
        assert pd.isna(row["managers_met_days"]), raw


def test_nodes_degree_articulation_and_manager(con, oracle):
    nodes = network_nodes(con, as_of=AS_OF).set_index("case_id")
    assert set(nodes.index) == set(oracle["number"])
    for case, number in oracle["number"].items():
        assert nodes.loc[case, "component"] == number
        assert nodes.loc[case, "degree"] == oracle["degree"][case]
        assert bool(nodes.loc[case, "articulation_point"]) is (case in oracle["cut"])
    assert {c for c in nodes.index if nodes.loc[c, "articulation_point"]} == {
        ps("A2"),
        ps("A3"),
        ps("B2"),
    }
    assert nodes.loc[ps("B3"), "case_manager"] == mgr("M5")  # the later assignment
    assert nodes.loc[ps("B3"), "org"] == "reclassering"
    assert nodes.loc[ps("A4"), "case_manager"] == mgr("M3")  # detained: still a node
    assert nodes.loc[ps("G2"), "case_manager"] is None
    assert nodes["articulation_point"].dtype == bool


def test_inflow_linked_against_unlinked(con):
    out = network_inflow(con, as_of=AS_OF, min_n=1).set_index("linked")
    linked, unlinked = out.loc[True], out.loc[False]
    assert (linked["reports"], linked["admitted"]) == (4, 1)
    assert (linked["n"], linked["n_open"]) == (3, 1)
    assert linked["mean_days"] == pytest.approx((28 + 30 + 18) / 3)
    assert linked["median_days"] == pytest.approx(28)
    assert (unlinked["reports"], unlinked["admitted"], unlinked["n"]) == (2, 1, 2)
    assert unlinked["mean_days"] == pytest.approx(20)
    assert unlinked["median_days"] == pytest.approx(20)
    # the lead-time rule of small numbers: fewer than 10 completed, no median
    small = network_inflow(con, as_of=AS_OF).set_index("linked")
    assert small["small_n"].all() and small["median_days"].isna().all()
    assert small.loc[True, "mean_days"] == pytest.approx(76 / 3)


def test_key_location_counts_per_month(con):
    out = key_location_counts(con, as_of=AS_OF, months=6)
    months = ["2024-12", "2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
    got = {
        (loc, m): (p, i, o)
        for loc, m, p, i, o in out[
            ["location_id", "month", "persons", "in_approach", "others"]
        ].itertuples(index=False)
    }
    expect = {
        "L1": [(0, 0, 0), (1, 1, 0)] + [(2, 2, 0)] * 4,
        "L2": [(1, 1, 0)] * 6,
        "L3": [(1, 1, 0)] * 3 + [(0, 0, 0)] * 3,
        "L4": [(3, 2, 1), (2, 2, 0)] + [(2, 1, 1)] * 4,
    }
    want = {
        (f"L{ps(loc)[1:]}", m): v
        for loc, values in expect.items()
        for m, v in zip(months, values, strict=True)
    }
    assert got == want
    assert not out["is_partial"].any()  # as_of is the start of June


def test_no_relations_is_one_clear_line(tmp_path, bare):
    empty = new_store(tmp_path, relations=False)  # enabled, but nothing loaded
    for db in (bare, empty):
        with store.connect(db) as c:
            for fn in (network_components, network_nodes, key_location_counts):
                with pytest.raises(ConfigError) as err:
                    fn(c, as_of=AS_OF)
                text = str(err.value)
                assert "\n" not in text
                assert "ipgar config --db DB --enable relations --dpia" in text
                assert "ipgar load --db DB --relations FILE" in text


def run_cli(capsys, *args):
    code = main(["network", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


COLUMNS = "component,cases,case_managers,organisations,linked_outside,managers_met_days"


def test_cli_components_csv_json_and_table(db, capsys):
    code, out, err = run_cli(capsys, "--db", str(db), "--format", "csv")
    assert code == 0
    assert out.splitlines()[0].split(",")[:6] == COLUMNS.split(",")
    # the default as-of, the last event (2025-05-25 12:00), is said in one line: on
    # that day G1-G2 has not started, F1-B1 (ends 2025-06-01) still holds, so Y has
    # four persons; X last met 35 days ago and Y 83
    said = [line for line in err.splitlines() if "as of" in line]
    assert len(said) == 1 and "2025-05-25T12:00:00+02:00" in said[0]
    frame = pd.read_csv(io.StringIO(out))
    assert frame["cases"].tolist() == [5, 4, 2, 2]
    assert frame["managers_met_days"].iloc[:2].tolist() == [35, 83]
    code, out, _ = run_cli(
        capsys, "--db", str(db), "--as-of", "2025-06-01", "--format", "json"
    )
    records = json.loads(out)
    assert list(records[0])[:6] == COLUMNS.split(",")
    assert [r["managers_met_days"] for r in records] == [42, 90, None, None, None]
    assert [r["cases"] for r in records] == [5, 3, 2, 2, 2]
    assert [r["last_met"] for r in records] == ["2025-04-20", "2025-03-03", *[None] * 3]
    code, out, _ = run_cli(capsys, "--db", str(db), "--as-of", "2025-06-01")
    lines = out.splitlines()
    # the table is for a reader: the Dutch headers of the codes, in order
    headers = [labels.column_label(c) for c in COLUMNS.split(",")]
    at = [lines[0].find(h) for h in headers]
    assert -1 not in at and at == sorted(at), (lines[0], headers)
    assert not any(c in lines[0] for c in COLUMNS.split(",") if "_" in c)
    assert len(lines) == 6


def test_cli_nodes_say_ja_nee_in_a_table(db, capsys, oracle):
    args = ("--db", str(db), "--as-of", "2025-06-01", "--nodes")
    code, out, _ = run_cli(capsys, *args, "--format", "csv")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert list(frame.columns)[:6] == [
        "case_id",
        "component",
        "degree",
        "articulation_point",
        "case_manager",
        "org",
    ]
    cut = dict(zip(frame["case_id"], frame["articulation_point"], strict=True))
    # CSV is for programs: true/false, as every other command's CSV
    assert cut == {c: c in oracle["cut"] for c in oracle["number"]}
    _, table, _ = run_cli(capsys, *args)
    words = table.split()
    assert words.count("ja") == len(oracle["cut"])
    assert words.count("nee") == len(oracle["number"]) - len(oracle["cut"])
    _, english, _ = run_cli(capsys, *args, "--lang", "en")  # the reader's words
    words = english.split()
    assert words.count("yes") == len(oracle["cut"])
    assert words.count("no") == len(oracle["number"]) - len(oracle["cut"])
    assert "ja" not in words and "nee" not in words
    _, csv_en, _ = run_cli(capsys, *args, "--format", "csv", "--lang", "en")
    assert csv_en == out  # CSV is for programs: --lang changes nothing
    _, js, _ = run_cli(capsys, *args, "--format", "json")
    assert {r["articulation_point"] for r in json.loads(js)} == {True, False}


def test_cli_without_relations_exits_1(bare, capsys):
    code, out, err = run_cli(capsys, "--db", str(bare))
    assert code == 1 and out == ""
    assert "ipgar config --db DB --enable relations" in err


def test_network_figure_shows_no_raw_id_or_full_pseudonym(con):
    nodes = network_nodes(con, as_of=AS_OF)
    edges = network_edges(con, as_of=AS_OF)
    fig = fig_network(nodes, edges)
    text = fig.to_json()
    raws = [*IN_APPROACH, "O1", "O2", "O3", "N3", "N4"]
    for raw in raws:
        assert f'"{raw}"' not in text and f"{raw}<" not in text
        assert ps(raw) not in text
    for manager in ("M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8"):
        assert mgr(manager) not in text
    shown = {s for t in fig.data for s in (t.text or ())}
    assert ps("A3")[:5] + "…" in shown and len(shown) == len(nodes)
    # nodes coloured by the organisation; every relation type in the legend, in Dutch
    names = {t.name for t in fig.data if t.name}
    assert {"Familie", "Vriend", "Online", "Sleutellocatie", "Overig"} <= names
    assert {"OOV (gemeente)", "Politie", "GGZ", "Reclassering"} <= names
    rings = [t for t in fig.data if t.name and t.name.startswith("verbindt")]
    assert len(rings) == 1 and len(rings[0].x) == 3  # A2, A3, B2
    # deterministic: the same frames give the same layout
    assert fig_network(nodes, edges).to_json() == text


def test_component_sizes_figure(components):
    fig = fig_component_sizes(components)
    bars = {x: y for t in fig.data for x, y in zip(t.x, t.y, strict=True)}
    assert bars == {"2": 3, "3-5": 2, "6+": 0}
    assert math.isclose(sum(bars.values()), len(components))


@pytest.mark.parametrize(
    "fn",
    [
        network_edges,
        network_components,
        network_nodes,
        network_inflow,
        key_location_counts,
    ],
)
def test_declared_columns_meta_and_no_raw_id(con, fn):
    # the metric contract (tests/contract/test_metric_contract.py) on this store: the
    # simulated store of the contract test holds no relations yet
    from ipgar_metrics.metrics.network import _components, _inflow

    declared = {**_components.OUTPUT_COLUMNS, **_inflow.OUTPUT_COLUMNS}[fn.__name__]
    frame = fn(con, as_of=AS_OF)
    assert list(frame.columns) == list(declared)
    assert len(frame) > 0
    assert frame.attrs["ipgar"]["as_of"].startswith("2025-06-01T00:00:00")
    text = frame.to_csv(index=False)
    for raw in [*IN_APPROACH, "O1", "O2", "O3", "N3", "N4", "M1", "M5"]:
        assert f",{raw}," not in text and f",{raw}\n" not in text
