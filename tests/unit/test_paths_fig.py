"""Process map and variants figures: Dutch labels, one arrow per edge, no case ids."""

from __future__ import annotations

import html
import shutil

import pandas as pd
import pytest

from ipgar_metrics.figures._paths import (
    fig_process_map,
    fig_variants,
    node_label,
    process_map_svg,
    share_text,
)
from ipgar_metrics.metrics.paths._dfg import END_NODE, START_NODE

EDGES = pd.DataFrame(
    {
        "source": [
            START_NODE,
            "melding",
            "ivgr_advies:opnemen",
            "ptor_besluit:opname",
            "instroom",
            "info_aanvraag",
            "melding",
            "instroom",
        ],
        "target": [
            "melding",
            "ivgr_advies:opnemen",
            "ptor_besluit:opname",
            "instroom",
            END_NODE,
            "melding",
            "info_aanvraag",
            "instroom",
        ],
        "count": [20, 15, 15, 12, 12, 5, 5, 2],
        "n_episodes": [20, 15, 15, 12, 12, 5, 5, 2],
        "median_days": [None, 3.0, 2.0, 4.0, None, 10.0, 1.0, 0.5],
    }
)


def test_node_labels():
    assert node_label("ptor_besluit:opname") == "Besluit PTO-R (opname)"
    assert (
        node_label("ivgr_advies:meer_informatie", "en")
        == "IVG-R advice (more information needed)"
    )
    assert node_label(START_NODE) == "Start" and node_label(END_NODE) == "Einde"
    assert (
        node_label("W_Completeren aanvraag") == "W_Completeren aanvraag"
    )  # generic logs


def _arrows(fig):
    return [a for a in fig.layout.annotations if a.showarrow]


def _names(fig):
    return [
        a.text.replace("<br>", " ") for a in fig.layout.annotations if not a.showarrow
    ]


def test_process_map_structure():
    fig = fig_process_map(EDGES)
    # one arrow per edge that is not a self-loop (7 of 8)
    assert len(_arrows(fig)) == 7
    names = _names(fig)
    assert "Melding" in names and "Besluit PTO-R (opname)" in names
    # the self-loop of instroom shows in its node's hover text
    nodes = fig.data[-1]
    assert any("herhaald: 2 keer" in h for h in nodes.hovertext)
    assert fig.layout.title.text == "Proceskaart"
    assert fig_process_map(EDGES, lang="en").layout.title.text == "Process map"


def test_every_edge_runs_from_its_source_node_to_its_target_node():
    # a backward edge (info_aanvraag -> melding), a pair within one layer both ways
    # (advice and information request, both a step after melding) and forward
    # edges: each drawn path starts on its source node and ends on its target node
    edges = pd.concat(
        [
            EDGES,
            pd.DataFrame(
                {
                    "source": ["ivgr_advies:opnemen", "info_aanvraag"],
                    "target": ["info_aanvraag", "ivgr_advies:opnemen"],
                    "count": [3, 4],
                    "n_episodes": [3, 4],
                    "median_days": [1.0, 2.0],
                }
            ),
        ],
        ignore_index=True,
    )
    fig = fig_process_map(edges)
    nodes = fig.data[-1]
    at = {
        h.split("<br>")[0]: (x, y)
        for h, x, y in zip(nodes.hovertext, nodes.x, nodes.y, strict=True)
    }
    legs = {(t.x[1], t.y[1]): (t.x[0], t.y[0]) for t in fig.data if t.mode == "lines"}
    drawn = {}
    for arrow in _arrows(fig):
        knee = (arrow.ax, arrow.ay)
        start = legs.get(knee, knee)  # a bent edge: its line leads to the arrow
        end = (arrow.x, arrow.y)
        source = next(n for n, p in at.items() if p == start)
        target = next(n for n, p in at.items() if p == end)
        drawn[(source, target)] = knee
    wanted = {
        (node_label(s), node_label(t))
        for s, t in zip(edges["source"], edges["target"], strict=True)
        if s != t
    }
    assert set(drawn) == wanted
    # the two ways within one layer bend to opposite sides, so they do not overlap
    advice, request = "Advies IVG-R (opnemen)", "Informatie-aanvraag"
    assert at[advice][0] == at[request][0]  # one layer
    sides = {drawn[(advice, request)][0], drawn[(request, advice)][0]}
    assert min(sides) < at[advice][0] < max(sides)
    # the backward edge bends above both of its nodes
    back = drawn[(request, "Melding")]
    assert back[1] > max(at[request][1], at["Melding"][1])


def test_arrow_heads_stay_near_their_lines_width_and_names_fit_a_layer():
    fig = fig_process_map(EDGES)
    for arrow in _arrows(fig):
        head = 3 * arrow.arrowsize * arrow.arrowwidth  # plotly: 3x the size, in px
        assert arrow.arrowwidth + 2 <= head <= arrow.arrowwidth + 8
    # a name in lines of at most 16 letters; names of neighbouring layers never share
    # a line: on opposite sides of their nodes (above, below), or half a row apart
    names = [a for a in fig.layout.annotations if not a.showarrow]
    assert all(len(line) <= 16 for a in names for line in a.text.split("<br>"))
    for a in names:
        for b in names:
            if abs(a.x - b.x) == 1 and a.yanchor == b.yanchor:
                assert abs(a.y - b.y) >= 0.5, (a.text, b.text)
    # a name leaves the side its node's edges take: into "Informatie-aanvraag" the
    # edge from "Melding" arrives from above, and the one back to it leaves upward
    side = {a.text.replace("<br>", " "): a.yanchor for a in names}
    assert side["Informatie- aanvraag"] == "top"  # the name below its node
    assert side["Advies IVG-R (opnemen)"] == "bottom"  # its layer's default: above
    # thirteen layers on a page: shorter lines, a long code name cut
    many = pd.DataFrame(
        {
            "source": [START_NODE] + [f"A_PARTLYSUBMITTED_{i}" for i in range(12)],
            "target": [f"A_PARTLYSUBMITTED_{i}" for i in range(12)] + [END_NODE],
            "count": [5] * 13,
            "n_episodes": [5] * 13,
            "median_days": [1.0] * 13,
        }
    )
    long = [a.text for a in fig_process_map(many).layout.annotations if not a.showarrow]
    widest = max(len(line) for text in long for line in text.split("<br>"))
    assert 6 <= widest <= 2 * (680 - 160) / 14 / (0.58 * 12) + 1


def test_edge_width_grows_with_count():
    fig = fig_process_map(EDGES)
    by_width = sorted(_arrows(fig), key=lambda a: a.arrowwidth)
    # the widest arrow is the most frequent edge (start -> melding, 20): width 10
    assert by_width[-1].arrowwidth == pytest.approx(10.0)
    # 5 of 20: 1 + 9 * 5 / 20 = 3.25
    assert by_width[0].arrowwidth == pytest.approx(3.25)


def test_empty_frame():
    assert len(fig_process_map(EDGES.iloc[0:0]).data) == 0


@pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz dot not installed")
def test_svg(tmp_path):
    out = process_map_svg(EDGES, tmp_path / "map.svg")
    text = html.unescape(out.read_text(encoding="utf-8"))
    assert "<svg" in text and "Besluit PTO-R (opname)" in text


def test_variants_chart():
    frame = pd.DataFrame(
        {
            "rank": [1, 2],
            "variant": ["melding > ivgr_advies > ptor_besluit", "overige varianten"],
            "count": [12, 30],
            "share": [12 / 42, 30 / 42],
            "is_other": [False, True],
        }
    )
    fig = fig_variants(frame)
    assert list(fig.data[0].x) == [30, 12]  # the top variant is drawn at the top
    # ranked on the axis: the bars at rows 0, 1, … named by their rank
    assert list(fig.data[0].y) == [0, 1]
    assert list(fig.layout.yaxis.ticktext) == ["2.", "1."]
    # each path on a line above its bar, on the bar's own row, from its start
    paths = {a.y: a.text for a in fig.layout.annotations}
    assert paths == {
        1: "Melding → Advies IVG-R → Besluit PTO-R",
        0: "overige varianten",
    }
    assert all(a.x == 0 and a.yanchor == "bottom" for a in fig.layout.annotations)
    # a path wider than the figure is cut, the whole one is in the hover text
    long = frame.assign(variant=" > ".join(["info_aanvraag"] * 12), is_other=False)
    cut = fig_variants(long)
    assert all(a.text.endswith("…") for a in cut.layout.annotations)
    assert all(len(a.text) * 0.58 * 11 <= 680 for a in cut.layout.annotations)
    assert cut.data[0].hovertext[0].count("Informatie-aanvraag") == 12


def test_a_small_share_never_reads_zero_percent():
    # 1 of 300 episodes is not 0%, 299 of 300 not 100%
    frame = pd.DataFrame(
        {
            "rank": [1, 2, 3],
            "variant": ["melding", "melding > instroom", "melding > uitstroom"],
            "count": [298, 1, 1],
            "share": [298 / 300, 1 / 300, 1 / 300],
            "is_other": [False, False, False],
        }
    )
    assert list(fig_variants(frame).data[0].text) == ["<1%", "<1%", "99%"]
    whole = frame.iloc[:1].assign(share=1.0)
    assert list(fig_variants(whole).data[0].text) == ["100%"]
    shares = (0.0, 0.004, 0.005, 0.0051, 0.5, 0.996, 1.0)
    assert [share_text(s) for s in shares] == [
        "0%", "<1%", "<1%", "1%", "50%", ">99%", "100%"
    ]  # fmt: skip


#: The intake phase of the demo's store (its directly-follows counts and medians):
#: "Informatie ontvangen" has the head of the edge from "Informatie-aanvraag" below
#: it and the edge back to "Advies IVG-R" leaving above it.
DEMO_INTAKE = pd.DataFrame(
    [
        ("info_aanvraag", "info_ontvangen", 1251, 12.1),
        ("info_ontvangen", "ivgr_advies", 1251, 3.9),
        ("ivgr_advies", "info_aanvraag", 963, 1.1),
        (START_NODE, "melding", 633, None),
        ("ivgr_advies", "ptor_besluit", 633, 2.2),
        ("melding", "ivgr_advies", 345, 8.0),
        ("instroom", "notificatie", 341, 11.1),
        ("notificatie", END_NODE, 341, None),
        ("ptor_besluit", "instroom", 341, 4.1),
        ("melding", "info_aanvraag", 288, 1.0),
        ("ptor_besluit", END_NODE, 194, None),
        ("ptor_besluit", "ptor_besluit", 107, 14.0),
        ("preventief_gesprek", END_NODE, 97, None),
        ("ptor_besluit", "preventief_gesprek", 97, 12.0),
        ("instroom", END_NODE, 1, None),
        ("notificatie", "instroom", 1, 2.0),
        ("ptor_besluit", "notificatie", 1, 3.8),
    ],
    columns=["source", "target", "count", "median_days"],
).assign(n_episodes=lambda f: f["count"])


def _name_boxes(fig, plot_px=(410.0, 380.0), font=12.0):
    """Each name's box in pixels of a report's plot area, from its annotation alone.

    A letter about 0.6 of the font wide, a line 1.25 of it high; the anchors and
    shifts plotly.js reads.
    """
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    sx, sy = plot_px[0] / (x1 - x0), plot_px[1] / (y1 - y0)
    boxes = {}
    for a in fig.layout.annotations:
        if a.showarrow:
            continue
        lines = a.text.split("<br>")
        w, h = 0.6 * font * max(map(len, lines)), 1.25 * font * len(lines)
        cx = (a.x - x0) * sx + (a.xshift or 0)
        cy = (a.y - y0) * sy + (a.yshift or 0)
        left = {"left": cx, "right": cx - w}.get(a.xanchor, cx - w / 2)
        bottom = {"bottom": cy, "top": cy - h}.get(a.yanchor, cy - h / 2)
        boxes[a.text.replace("<br>", " ")] = (left, bottom, left + w, bottom + h)
    return boxes, (x0, y0, sx, sy)


def test_names_leave_arrowheads_and_each_other_free():
    fig = fig_process_map(DEMO_INTAKE)
    boxes, (x0, y0, sx, sy) = _name_boxes(fig)
    assert len(boxes) == 10
    # the head of every arrow: 14 px short of its target, towards where it comes from
    heads = []
    for arrow in _arrows(fig):
        tx, ty = (arrow.x - x0) * sx, (arrow.y - y0) * sy
        fx, fy = (arrow.ax - x0) * sx, (arrow.ay - y0) * sy
        length = ((tx - fx) ** 2 + (ty - fy) ** 2) ** 0.5
        for back in (14.0, 20.0):  # the tip and the middle of the head
            f = back / length
            heads.append((tx + f * (fx - tx), ty + f * (fy - ty)))
    for name, (left, bottom, right, top) in boxes.items():
        for hx, hy in heads:
            assert not (left < hx < right and bottom < hy < top), name
    names = list(boxes.values())
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(
                a[1], b[1]
            )
    # "Informatie ontvangen" had both sides taken: its name goes beside its node
    side = {a.text.replace("<br>", " "): a.xanchor for a in fig.layout.annotations}
    assert side["Informatie ontvangen"] in {"left", "right"}
