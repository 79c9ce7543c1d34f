"""Titles that fit their figure: long titles broken into lines before plotly draws them.

plotly.js never breaks a title: a y-axis title longer than its plot's height runs
off the top of the figure ("aandeel actieve casussen boven de contactdrempel" on a
funnel plot of 300 pixels), and a chart title wider than the figure runs off its
right edge. ``fit_axis_titles`` breaks each y-axis title into lines that fit the
height of its axis, ``wrap_words`` breaks any text into lines of a given width.
Widths are estimated from the font size (an average letter of a sans-serif font is
about half as wide as the font is high), so a line is given some room to spare.
"""

from __future__ import annotations

import textwrap
from typing import Any, Final

#: Average width of a letter as a share of the font size (sans-serif, with room).
LETTER_WIDTH: Final[float] = 0.58
#: plotly.js's defaults where a figure sets none: the figure's size and margins,
#: the font size, and the factor from the font size to an axis title's size.
PLOTLY_WIDTH: Final[int] = 700
PLOTLY_HEIGHT: Final[int] = 450
PLOTLY_MARGIN_T: Final[int] = 100
PLOTLY_MARGIN_B: Final[int] = 80
_FONT_SIZE: Final[int] = 12
_TITLE_FACTOR: Final[float] = 1.2
#: The line break plotly draws.
BREAK: Final[str] = "<br>"


def wrap_words(text: str, width_px: float, font_size: float) -> list[str]:
    """``text`` in lines no wider than ``width_px`` at ``font_size`` (words kept whole)."""
    letters = max(int(width_px / (LETTER_WIDTH * font_size)), 8)
    return textwrap.wrap(text, letters, break_long_words=False) or [text]


def fit_axis_titles(fig: Any) -> Any:
    """Break every y-axis title of ``fig`` that is longer than its axis into lines.

    A title that already holds a line break is left as it is. Returns ``fig``.
    """
    layout = fig.layout
    margin = layout.margin
    top = PLOTLY_MARGIN_T if margin.t is None else margin.t
    bottom = PLOTLY_MARGIN_B if margin.b is None else margin.b
    plot_height = (layout.height or PLOTLY_HEIGHT) - top - bottom
    base = (
        layout.font.size if layout.font and layout.font.size else None
    ) or _FONT_SIZE
    for axis in fig.select_yaxes():
        text = axis.title.text if axis.title else None
        if not text or BREAK in text:
            continue
        size = axis.title.font.size or round(_TITLE_FACTOR * base)
        low, high = axis.domain or (0, 1)
        lines = wrap_words(text, 0.95 * plot_height * (high - low), size)
        if len(lines) > 1:
            axis.title.text = BREAK.join(lines)
    return fig
