"""Where the label of a point goes, so that labels of nearby points do not overlap.

plotly.js puts every label of a trace in the one position it is given: two
organisations with the same size and value on a funnel plot ("Jeugdzorg" and
"Buurtteam" at 3 cases, 0%) print their names over each other. ``label_positions``
gives each point its own position: above it, else below, right or left of it,
whichever its label's box does not share with a label placed before it (points in
order of x). Boxes are estimated from the font size (``_fit.LETTER_WIDTH``); a label
that fits nowhere keeps the first position.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from ipgar_metrics.figures._fit import LETTER_WIDTH

#: The positions tried, in order (plotly's ``textposition`` values).
POSITIONS: Final[tuple[str, ...]] = (
    "top center",
    "bottom center",
    "middle right",
    "middle left",
)
#: Gap between a marker and its label, in pixels (about half a marker).
_GAP: Final[float] = 6.0

Box = tuple[float, float, float, float]  # left, bottom, right, top (pixels)


def label_positions(
    xs: Sequence[float],
    ys: Sequence[float],
    texts: Sequence[str],
    *,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    size_px: tuple[float, float],
    font_size: float = 12,
) -> list[str]:
    """A ``textposition`` per point: the first of ``POSITIONS`` whose box is free.

    ``x_range`` and ``y_range`` are the axes' data ranges, ``size_px`` the plot
    area's width and height in pixels: they turn data into pixels.
    """
    (x0, x1), (y0, y1) = x_range, y_range
    width, height = size_px
    sx = width / (x1 - x0) if x1 > x0 else 0.0
    sy = height / (y1 - y0) if y1 > y0 else 0.0
    placed: list[Box] = []
    out = [POSITIONS[0]] * len(xs)
    for i in sorted(range(len(xs)), key=lambda k: (xs[k], ys[k])):
        px, py = (xs[i] - x0) * sx, (ys[i] - y0) * sy
        w, h = LETTER_WIDTH * font_size * len(texts[i]), 1.2 * font_size
        boxes = _boxes(px, py, w, h)
        free = next((k for k, b in enumerate(boxes) if not _hits(b, placed)), 0)
        out[i] = POSITIONS[free]
        placed.append(boxes[free])
    return out


def _boxes(px: float, py: float, w: float, h: float) -> list[Box]:
    """The label's box at each of ``POSITIONS`` around a point at (px, py)."""
    return [
        (px - w / 2, py + _GAP, px + w / 2, py + _GAP + h),
        (px - w / 2, py - _GAP - h, px + w / 2, py - _GAP),
        (px + _GAP, py - h / 2, px + _GAP + w, py + h / 2),
        (px - _GAP - w, py - h / 2, px - _GAP, py + h / 2),
    ]


def _hits(box: Box, placed: Sequence[Box]) -> bool:
    left, bottom, right, top = box
    return any(
        left < r and l_ < right and bottom < t and b < top for l_, b, r, t in placed
    )
