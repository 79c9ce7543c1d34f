"""Labels of nearby points on a chart do not cover each other (``_placement``)."""

from __future__ import annotations

import pandas as pd

from ipgar_metrics.figures import fig_funnel
from ipgar_metrics.figures._placement import POSITIONS, _boxes, label_positions

RANGES = {"x_range": (0.0, 20.0), "y_range": (0.0, 1.0), "size_px": (600.0, 230.0)}


def _placed_boxes(xs, ys, texts, positions):
    sx, sy = 600.0 / 20.0, 230.0 / 1.0
    out = []
    for x, y, t, p in zip(xs, ys, texts, positions, strict=True):
        w, h = 0.58 * 12 * len(t), 1.2 * 12
        out.append(_boxes(x * sx, y * sy, w, h)[POSITIONS.index(p)])
    return out


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_a_lone_point_is_labelled_above():
    assert label_positions([5.0], [0.5], ["OM"], **RANGES) == ["top center"]


def test_points_on_one_spot_get_labels_on_different_sides():
    xs, ys, texts = [3.0, 3.0, 4.0], [0.0, 0.0, 0.0], ["Jeugdzorg", "Buurtteam", "OM"]
    positions = label_positions(xs, ys, texts, **RANGES)
    assert len(set(positions[:2])) == 2
    boxes = _placed_boxes(xs, ys, texts, positions)
    assert not any(
        _overlap(boxes[i], boxes[j]) for i in range(3) for j in range(i + 1, 3)
    )


def test_far_apart_points_all_stay_above():
    xs, ys = [1.0, 8.0, 15.0], [0.2, 0.5, 0.8]
    positions = label_positions(xs, ys, ["WPI", "OM", "Politie"], **RANGES)
    assert positions == ["top center"] * 3


def test_the_funnel_plot_separates_two_organisations_at_one_point():
    points = pd.DataFrame(
        {
            "measure": ["m"] * 3,
            "denominator": [3, 3, 12],
            "value": [0.0, 0.0, 0.1],
            "kind": ["share"] * 3,
            "org": ["jeugdzorg", "buurtteam", "politie"],
            "signal": ["binnen"] * 3,
        }
    )
    lines = pd.DataFrame(
        {
            "denominator": [1, 12],
            "expected": [0.1, 0.1],
            "lower_95": [0.0, 0.0],
            "upper_95": [0.8, 0.3],
            "lower_998": [0.0, 0.0],
            "upper_998": [1.0, 0.4],
        }
    )
    fig = fig_funnel(points, lines, measure="m")
    (inside,) = [t for t in fig.data if t.mode == "markers+text" and len(t.x)]
    where = dict(zip(inside.text, inside.textposition, strict=True))
    assert where["Jeugdzorg"] != where["Buurtteam"]
