"""The layered process map and the map of differences, on tiny logs checked by hand.

The difference frame is compared with counts and shares worked out by hand; the
layout's boxes are checked for overlap pair by pair; the SVG is parsed as XML and
its data attributes compared with the frame it was drawn from.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import directly_follows, directly_follows_difference, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.figures import (
    process_map_html,
    process_map_layout,
    process_map_svg_text,
)
from ipgar_metrics.figures._layered import _isotonic_place, layered_layout
from ipgar_metrics.schema import END_NODE, START_NODE

SVG = "{http://www.w3.org/2000/svg}"

# case: (first day, activities, org of the events)
CASES = {
    "c1": ("2024-01-01", "a b c", "X"),
    "c2": ("2024-01-02", "a c", "Y"),
    "c3": ("2024-02-01", "a b c", "X"),
    "c4": ("2024-02-02", "a b b c", "Y"),
    "c5": ("2024-02-03", "a c", "Y"),
}


@pytest.fixture(scope="module")
def con():
    rows = []
    for case, (day, acts, org) in CASES.items():
        for hour, act in enumerate(acts.split()):
            rows.append(
                {
                    "case_id": case,
                    "activity": act,
                    "timestamp": f"{day}T{10 + hour:02d}:00:00+01:00",
                    "org": org,
                }
            )
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows), profile="generic")
    yield c
    c.close()


def _as_dict(frame):
    return {
        (s, t): row for (s, t), row in frame.set_index(["source", "target"]).iterrows()
    }


def test_difference_before_a_day_by_hand(con):
    d = directly_follows_difference(
        con, as_of=store.last_event_at(con), before=date(2024, 2, 1)
    )
    edges = _as_dict(d)
    # A = c1, c2 (2 cases); B = c3, c4, c5 (3 cases)
    ab = edges[("a", "b")]
    assert (ab["count_a"], ab["count_b"], ab["cases_a"], ab["cases_b"]) == (1, 2, 1, 2)
    assert ab["share_a"] == pytest.approx(1 / 2)
    assert ab["share_b"] == pytest.approx(2 / 3)
    assert ab["difference"] == pytest.approx(2 / 3 - 1 / 2)
    ac = edges[("a", "c")]
    assert (ac["count_a"], ac["count_b"]) == (1, 1)
    assert ac["difference"] == pytest.approx(1 / 3 - 1 / 2)
    loop = edges[("b", "b")]
    assert (loop["count_a"], loop["count_b"], loop["share_a"]) == (0, 1, 0.0)
    assert loop["share_b"] == pytest.approx(1 / 3)
    start = edges[(START_NODE, "a")]
    assert (start["count_a"], start["count_b"], start["difference"]) == (2, 3, 0.0)
    assert d["difference"].abs().is_monotonic_decreasing
    assert d.attrs["ipgar"]["groups"][0].startswith("started before 2024-02-01")


def test_difference_where_against_the_rest_by_hand(con):
    d = directly_follows_difference(
        con, as_of=store.last_event_at(con), where={"org": "X"}
    )
    edges = _as_dict(d)
    # A = c1, c3 (org X: a b c twice); B = c2, c4, c5
    assert (edges[("a", "b")]["count_a"], edges[("a", "b")]["count_b"]) == (2, 1)
    assert (edges[("a", "c")]["count_a"], edges[("a", "c")]["count_b"]) == (0, 2)
    assert edges[("a", "c")]["share_b"] == pytest.approx(2 / 3)
    assert edges[("b", "c")]["difference"] == pytest.approx(1 / 3 - 1)
    assert (edges[("c", END_NODE)]["count_a"], edges[("c", END_NODE)]["count_b"]) == (
        2,
        3,
    )


def test_difference_is_loud_on_a_bad_request(con):
    as_of = store.last_event_at(con)
    with pytest.raises(ConfigError, match="one"):
        directly_follows_difference(con, as_of=as_of)
    with pytest.raises(ConfigError, match="keeps none"):
        directly_follows_difference(con, as_of=as_of, before=date(2023, 1, 1))


def test_map_of_the_tiny_log(con):
    frame = directly_follows(con, as_of=store.last_event_at(con))
    pmap = process_map_layout(frame, lang="en")
    assert [n.code for n in pmap.nodes] == [START_NODE, "a", "c", "b", END_NODE]
    # events per activity: a 5, c 5, b 4 (c4 has b twice)
    assert [(n.code, n.count, n.rank) for n in pmap.nodes[1:-1]] == [
        ("a", 5, 0),
        ("c", 5, 1),
        ("b", 4, 2),
    ]
    assert pmap.node("b").loops == 1
    boxes = [n.box for n in pmap.nodes]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    # left to right: start, a, then b before c, the end last
    x = {n.code: n.box.x for n in pmap.nodes}
    assert x[START_NODE] < x["a"] < x["b"] < x["c"] < x[END_NODE]
    root = ET.fromstring(process_map_svg_text(pmap))
    drawn = {
        (g.get("data-source"), g.get("data-target")): int(g.get("data-count"))
        for g in root.iter(f"{SVG}g")
        if "edge" in (g.get("class") or "").split()
    }
    assert drawn == {
        (s, t): int(c)
        for s, t, c in zip(
            frame["source"], frame["target"], frame["count"], strict=True
        )
    }
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert {"Start", "End", "a", "b", "c"} <= set(texts.split())


def test_performance_labels_in_the_chosen_unit(con):
    frame = directly_follows(con, as_of=store.last_event_at(con))
    pmap = process_map_layout(frame, lang="en", unit="minutes")
    # every step of the tiny log takes one hour
    assert {e.text["performance"] for e in pmap.edges if e.source != START_NODE} - {
        ""
    } == {"60.0 min"}
    nl = process_map_layout(frame, unit="hours")
    assert {e.text["performance"] for e in nl.edges if e.target == "b"} == {"1,0 u"}


def test_html_has_sliders_and_no_plotly(con):
    frame = directly_follows(con, as_of=store.last_event_at(con))
    page = process_map_html(process_map_layout(frame))
    assert 'id="acts"' in page and 'id="paths"' in page
    assert "plotly" not in page.lower()
    assert 'data-view="performance"' in page


def test_max_activities_keeps_the_most_frequent_and_connects_them(con):
    frame = directly_follows(con, as_of=store.last_event_at(con))
    pmap = process_map_layout(frame, max_activities=2, max_edges=1)
    assert {n.code for n in pmap.nodes} == {START_NODE, "a", "c", END_NODE}
    for node in ("a", "c"):  # each kept activity has an edge in and out
        assert any(e.target == node for e in pmap.edges)
        assert any(e.source == node for e in pmap.edges)


def test_layout_keeps_boxes_apart_on_a_dense_graph():
    names = [f"activity number {i}" for i in range(12)]
    sizes = {n: (60.0 + 7 * len(n), 40.0) for n in names}
    edges = [(a, b, 1.0 + i) for i, a in enumerate(names) for b in names if a != b][::3]
    drawing = layered_layout(sizes, edges, label_sizes=[(30.0, 14.0)] * len(edges))
    boxes = list(drawing.boxes.values())
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert len(drawing.routes) == len(edges)
    for route in drawing.routes:  # a route starts at its source, ends at its target
        src, dst = drawing.boxes[route.source], drawing.boxes[route.target]
        assert route.points[0][1] == pytest.approx(src.y)
        assert route.points[-1][1] == pytest.approx(dst.y)


def test_isotonic_placement_keeps_order_and_gaps():
    # three boxes of height 10 all wanted at 0: the gaps force 0 +- (10 + 22)
    placed = _isotonic_place(
        [0, 1, 2], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [10.0] * 3, [False] * 3
    )
    assert placed == pytest.approx([-32.0, 0.0, 32.0])
    # wanted far apart in order: kept where wanted
    placed = _isotonic_place(
        [0, 1], [0.0, 100.0], [1.0, 1.0], [10.0, 10.0], [False, False]
    )
    assert placed == pytest.approx([0.0, 100.0])


def test_an_empty_frame_gives_an_empty_map(con):
    frame = directly_follows(con, as_of=store.last_event_at(con)).iloc[0:0]
    pmap = process_map_layout(frame)
    assert pmap.nodes == [] and pmap.edges == []
    root = ET.fromstring(process_map_svg_text(pmap))
    assert not [g for g in root.iter(f"{SVG}g") if g.get("class") == "node"]
