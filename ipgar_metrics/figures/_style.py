"""The one style of the figures on an A4 page: size, font, colours, plain layout.

The report's plain charts (``_charts``) are drawn in it, and an area's ``fig_``
figure is fitted to it (``fit_page``) when the report prints it.
"""

from __future__ import annotations

from typing import Any, Final

#: Width that fits an A4 page with 15 mm margins at 96 dpi.
WIDTH: Final[int] = 680
#: Height of a plain chart; the least height of a fitted area figure.
HEIGHT: Final[int] = 300
#: Most height of a fitted area figure.
MAX_HEIGHT: Final[int] = 520
COLOURS: Final[tuple[str, ...]] = (
    "#004699",
    "#ec0000",
    "#00a03c",
    "#ff9100",
    "#a00078",
    "#53b2e5",
)
FONT: Final[str] = "Avenir, 'Segoe UI', Helvetica, Arial, sans-serif"


def colour(i: int) -> str:
    """The ``i``-th colour of the palette (repeating)."""
    return COLOURS[i % len(COLOURS)]


def plain_layout(fig: Any, *, x_title: str, y_title: str, height: int = HEIGHT) -> Any:
    """The layout of a plain chart: A4 width, white, legend below, light grid."""
    fig.update_layout(
        width=WIDTH,
        height=height,
        margin={"l": 60, "r": 20, "t": 20, "b": 50},
        font={"family": FONT, "size": 12, "color": "#222"},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "y": -0.2},
        hovermode="closest",
    )
    fig.update_xaxes(title_text=x_title, showline=True, linecolor="#888")
    fig.update_yaxes(title_text=y_title, gridcolor="#e6e6e6", zeroline=False)
    return fig


def fit_page(fig: Any, *, height: int | None = None) -> Any:
    """Size an area figure for A4 and drop its title (the report prints a caption)."""
    fig.update_layout(
        width=WIDTH,
        height=height or min(max(int(fig.layout.height or 0), HEIGHT), MAX_HEIGHT),
        title=None,
        margin={"t": 20},
        font={"family": FONT, "size": 11},
    )
    return fig
