"""The chart palette: 3:1 contrast on white and apart for colour-blind readers.

WCAG 2.1, 1.4.11 asks 3:1 for the parts of a chart a reader must see (a line, a
bar) against the white background. The relative luminance and contrast ratio are
WCAG's own formulas; colour blindness is simulated with the matrices of Machado,
Oliveira and Fernandes (2009, severity 1) on linear RGB, and every two colours
must stay at least a clearly visible CIELAB distance apart (Delta E 1976 >= 15)
for normal, protan, deutan and tritan vision.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from ipgar_metrics.figures._leadtime import _COLORS as CURVE_COLOURS
from ipgar_metrics.figures._style import COLOURS

SIMULATION = {
    "normal": np.eye(3),
    "protan": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deutan": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritan": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}


def _linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def contrast(hex_colour: str, background: str = "#ffffff") -> float:
    lum = [
        float(_linear(c) @ [0.2126, 0.7152, 0.0722]) for c in (hex_colour, background)
    ]
    high, low = max(lum), min(lum)
    return (high + 0.05) / (low + 0.05)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    to_xyz = np.array(
        [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
    )
    t = to_xyz @ np.clip(linear_rgb, 0.0, 1.0) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def closest_pair(palette) -> tuple[float, str, str, str]:
    """The smallest Delta E between two colours of ``palette`` under any vision."""
    return min(
        (float(np.linalg.norm(_lab(m @ _linear(a)) - _lab(m @ _linear(b)))), v, a, b)
        for v, m in SIMULATION.items()
        for a, b in itertools.combinations(palette, 2)
    )


def test_formulas_on_known_values():
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#767676") == pytest.approx(4.54, abs=0.01)  # WCAG's grey
    # red and green that differ to most eyes fall together for a deutan reader
    red_green = closest_pair(("#d62728", "#2ca02c"))
    assert red_green[1] in ("protan", "deutan") and red_green[0] < 15


@pytest.mark.parametrize("palette", [COLOURS, CURVE_COLOURS], ids=["plain", "curves"])
def test_palette_contrast_and_colour_blind_distance(palette):
    assert all(contrast(c) >= 3.0 for c in palette), [
        (c, round(contrast(c), 2)) for c in palette
    ]
    assert closest_pair(palette)[0] >= 15, closest_pair(palette)


def test_white_template_equals_the_validated_one():
    """``white_template`` gives the figure ``update_layout(template=...)`` gives."""
    import json

    import plotly.graph_objects as go

    from ipgar_metrics.figures._style import white_template

    def bars() -> go.Figure:
        fig = go.Figure(go.Bar(x=["a", "b"], y=[3, 4]))
        fig.update_layout(title="t", showlegend=False)
        return fig

    want = bars()
    want.update_layout(template="plotly_white")
    got = white_template(bars())
    assert json.loads(got.to_json()) == json.loads(want.to_json())
    assert got.layout._validate is True  # validation is back on for the rest
    got.update_layout(template="plotly_dark")  # replaced, not edited in place
    again = white_template(bars())
    assert json.loads(again.to_json()) == json.loads(want.to_json())
