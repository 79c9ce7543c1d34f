"""The network figures: the graph of persons in the approach, and components by size.

``fig_network(nodes, edges)`` takes ``network_nodes`` and ``network_edges`` of one
as-of and draws every component apart, in a fixed layout (a spring layout,
``_spring``, with a fixed seed per component, components on a grid, largest
first): persons as points labelled with a shortened pseudonym and coloured by the
organisation of their case manager, an articulation point with a black ring, links
drawn per relation type (its own dash and grey). No raw identifier and no full pseudonym
reaches the figure; it is for the intern audience only (``docs/privacy.md``).
``fig_component_sizes(components)`` counts the components per size band (2, 3-5,
6+), the only network view an extern report may show (suppressed by the report).
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from ipgar_metrics import labels
from ipgar_metrics.figures._charts import Protected, bars
from ipgar_metrics.figures._spring import spring_positions
from ipgar_metrics.figures._style import FONT, WIDTH, colour

if TYPE_CHECKING:  # plotly is imported inside the functions (fast CLI start)
    import plotly.graph_objects as go

#: Characters of a pseudonym a network figure shows (the prefix letter included).
SHOWN_CHARS: Final[int] = 5
#: The relation types in legend order, with their line style.
RELATION_STYLES: Final[dict[str, tuple[str, str]]] = {
    "familie": ("solid", "#222222"),
    "vriend": ("dash", "#555555"),
    "online": ("dot", "#777777"),
    "sleutellocatie": ("dashdot", "#8B4513"),
    "overig": ("longdash", "#999999"),
}
#: Size bands of ``fig_component_sizes``: label and the smallest size in it.
SIZE_BANDS: Final[tuple[tuple[str, int], ...]] = (("2", 2), ("3-5", 3), ("6+", 6))
#: Components per row of the network figure's grid.
GRID_COLUMNS: Final[int] = 4
_SEED: Final[int] = 19
#: Width and height of a component's cell (a spring layout spans -1 to 1).
CELL: Final[float] = 3.2


def short_pseudonym(value: object) -> str:
    """The first ``SHOWN_CHARS`` characters of a pseudonym, with an ellipsis."""
    return f"{str(value)[:SHOWN_CHARS]}…"


def _t(key: str, lang: str) -> str:
    return labels.label(key, labels.check_lang(lang), labels.NETWORK_LABELS)


def _positions(
    nodes: pd.DataFrame, edges: pd.DataFrame
) -> dict[str, tuple[float, float]]:
    """A fixed layout: each component by spring layout (seeded), placed on a grid."""
    where: dict[str, tuple[float, float]] = {}
    order = sorted(nodes["component"].unique())
    for i, number in enumerate(order):
        members = sorted(nodes.loc[nodes["component"] == number, "case_id"])
        inside = edges["case_a"].isin(members) & edges["case_b"].isin(members)
        pairs = sorted(
            zip(edges.loc[inside, "case_a"], edges.loc[inside, "case_b"], strict=True)
        )
        layout = spring_positions(
            members, pairs, seed=_SEED, k=2.0 / math.sqrt(len(members)), iterations=200
        )
        row, col = divmod(i, GRID_COLUMNS)
        for case in members:
            x, y = layout[case]
            where[case] = (col * CELL + float(x), -row * CELL + float(y))
    return where


def fig_network(
    nodes: pd.DataFrame, edges: pd.DataFrame, lang: str = "nl"
) -> go.Figure:
    """The persons in a component and their links, components laid out apart.

    ``nodes`` is ``network_nodes``, ``edges`` is ``network_edges`` (same as-of).
    Persons are shown by a shortened pseudonym only, coloured by their case
    manager's organisation; links are styled by relation type (legend in Dutch, or
    English with ``lang="en"``); articulation points have a black ring.
    """
    import plotly.graph_objects as go

    labels.check_lang(lang)
    fig = go.Figure()
    if nodes.empty:
        fig.add_annotation(
            text=_t("no_components", lang), showarrow=False, x=0.5, y=0.5
        )
        return _layout(fig, rows=1)
    where = _positions(nodes, edges)
    for relation, (dash, line_colour) in RELATION_STYLES.items():
        links = edges.loc[edges["relation"] == relation]
        xs: list[Any] = []
        ys: list[Any] = []
        for a, b in zip(links["case_a"], links["case_b"], strict=True):
            if a in where and b in where:
                xs += [where[a][0], where[b][0], None]
                ys += [where[a][1], where[b][1], None]
        if xs:
            fig.add_scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"dash": dash, "color": line_colour, "width": 1.5},
                name=_t(relation, lang),
                hoverinfo="skip",
                legendgroup="relation",
            )
    orgs = nodes["org"].fillna("").astype(str)
    for i, org in enumerate(sorted(orgs.unique())):
        group = nodes.loc[orgs == org]
        shown = [short_pseudonym(c) for c in group["case_id"]]
        hover = [
            f"{s}<br>{_t('component', lang)} {c}<br>{_t('degree', lang)} {d}"
            for s, c, d in zip(shown, group["component"], group["degree"], strict=True)
        ]
        name = labels.label(org, lang, labels.ORG_LABELS) if org else None
        fig.add_scatter(
            x=[where[c][0] for c in group["case_id"]],
            y=[where[c][1] for c in group["case_id"]],
            mode="markers+text",
            text=shown,
            textposition="top center",
            textfont={"size": 9},
            hovertext=hover,
            hoverinfo="text",
            marker={
                "size": 14,
                "color": colour(i) if org else "#BBBBBB",
                "line": {"color": "#000000", "width": 1},
            },
            name=name or _t("no_manager", lang),
            legendgroup="org",
        )
    cut = nodes.loc[nodes["articulation_point"].astype(bool), "case_id"]
    if len(cut):
        fig.add_scatter(
            x=[where[c][0] for c in cut],
            y=[where[c][1] for c in cut],
            mode="markers",
            marker={
                "size": 24,
                "symbol": "circle-open",
                "color": "#000000",
                "line": {"width": 3},
            },
            name=_t("articulation_point", lang),
            hoverinfo="skip",
        )
    # set at once: plotly validates every annotation again at each add_annotation
    fig.update_layout(
        annotations=[
            {
                "text": f"{_t('component', lang)} {number}",
                "x": (i % GRID_COLUMNS) * CELL - 1.1,
                "y": -(i // GRID_COLUMNS) * CELL + 1.55,
                "xanchor": "left",
                "showarrow": False,
                "font": {"size": 10, "color": "#555"},
            }
            for i, number in enumerate(sorted(nodes["component"].unique()))
        ]
    )
    rows = math.ceil(nodes["component"].nunique() / GRID_COLUMNS)
    return _layout(fig, rows=rows)


def _layout(fig: go.Figure, *, rows: int) -> go.Figure:
    hidden = {"visible": False, "showgrid": False, "zeroline": False}
    fig.update_layout(
        width=WIDTH,
        height=max(320, 220 * rows + 120),
        margin={"l": 20, "r": 20, "t": 20, "b": 60},
        font={"family": FONT, "size": 11, "color": "#222"},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "y": -0.12},
        xaxis=hidden,
        yaxis={**hidden, "scaleanchor": "x"},
    )
    return fig


def fig_component_sizes(
    components: pd.DataFrame,
    lang: str = "nl",
    *,
    protected: Protected | None = None,
) -> go.Figure:
    """Components of two or more persons per size band (2, 3-5, 6+), as bars.

    ``components`` is ``network_components`` (its ``cases`` column), or a frame that
    already holds ``band`` and ``components`` (an extern table after suppression,
    its hidden counts missing: drawn as protected with ``protected``).
    """
    labels.check_lang(lang)
    if "band" in components.columns:
        frame = components[["band", "components"]]
    else:
        frame = component_size_bands(components)
    return bars(
        frame,
        x="band",
        ys={"components": _t("components", lang)},
        x_title=_t("size_band", lang),
        y_title=_t("components", lang),
        protected=protected,
    )


def component_size_bands(components: pd.DataFrame) -> pd.DataFrame:
    """Components per size band: band (``2``, ``3-5``, ``6+``) and components (int)."""
    sizes = components["cases"].astype(int)
    bounds = [low for _, low in SIZE_BANDS] + [math.inf]
    counts = [
        int(((sizes >= lo) & (sizes < hi)).sum())
        for lo, hi in itertools.pairwise(bounds)
    ]
    return pd.DataFrame({"band": [b for b, _ in SIZE_BANDS], "components": counts})
