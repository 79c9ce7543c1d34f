"""Figures of the paths area: the process map and the variants chart.

No computation beyond layout: every figure takes the frame of a metric function
(``directly_follows``, ``variants``). Aggregates only: no case ids.
The plotly process map needs no system binary (for the HTML report);
``process_map_svg`` draws the same map with graphviz (the ``dot`` binary).
"""

from __future__ import annotations

import math
import textwrap
from collections import deque
from pathlib import Path
from typing import Any, Final

import pandas as pd

from ipgar_metrics import labels, privacy
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.figures._fit import LETTER_WIDTH
from ipgar_metrics.figures._map_names import GAP, Stroke, name_places
from ipgar_metrics.figures._style import WIDTH, white_template
from ipgar_metrics.schema import END_NODE, START_NODE

#: Area-specific labels (Dutch and English).
PATH_LABELS: Final[dict[str, dict[str, str]]] = {
    START_NODE: {"nl": "Start", "en": "Start"},
    END_NODE: {"nl": "Einde", "en": "End"},
    "title_map": {"nl": "Proceskaart", "en": "Process map"},
    "title_variants": {"nl": "Meest voorkomende paden", "en": "Most frequent paths"},
    "median_days": {"nl": "mediane tijd (dagen)", "en": "median time (days)"},
    "times": {"nl": "keer", "en": "times"},
    "median": {"nl": "mediaan", "en": "median"},
    "days": {"nl": "dagen", "en": "days"},
    "episodes": {"nl": "episodes", "en": "episodes"},
    "count": {"nl": "aantal episodes", "en": "number of episodes"},
    "repeat": {"nl": "herhaald", "en": "repeated"},
    "other": {"nl": "overige varianten", "en": "other variants"},
    "title_handovers": {"nl": "Overdracht van werk", "en": "Handover of work"},
    "from": {"nl": "van", "en": "from"},
    "to": {"nl": "naar", "en": "to"},
    "successions": {"nl": "overdrachten", "en": "handovers"},
    "others": {"nl": "overige", "en": "others"},
    "title_dotted": {"nl": "Gebeurtenissen in de tijd", "en": "Events over time"},
    "dotted_sampled": {
        "nl": "{shown} van {total} casussen, gelijk verspreid",
        "en": "{shown} of {total} cases, spread evenly",
    },
    "case_line": {
        "nl": "casus (op volgorde van start)",
        "en": "case (in order of start)",
    },
    "time": {"nl": "tijd", "en": "time"},
    "title_durations": {"nl": "Doorlooptijd per casus", "en": "Duration per case"},
    "cases": {"nl": "aantal casussen", "en": "number of cases"},
    "duration": {"nl": "doorlooptijd", "en": "duration"},
}
_SCALE: Final[str] = "Viridis"
_MAX_WIDTH: Final[float] = 10.0
#: How far (in layers) a backward or same-layer edge bends away from its nodes.
_BEND: Final[float] = 0.3
#: Pixels an arrow's head is wider than its line.
_HEAD_EXTRA: Final[float] = 4.0
#: Letters of a node's name per line on the process map, at most.
_NODE_LETTERS: Final[int] = 16
#: Font size of a node's name on the process map.
_NODE_FONT: Final[int] = 12
#: Pixels of a report's page the plot area of the process map leaves to its margins
#: and colour bar: across (the left margin and the bar) and down (top and bottom).
_PLOT_MARGINS: Final[tuple[float, float]] = (270.0, 100.0)
#: The height of the process map on a report's page (``report.sections._paths``).
REPORT_MAP_HEIGHT: Final[int] = 480
#: Pixels between an arrow's ends and the centres of its nodes.
_STANDOFF: Final[float] = 14.0
#: The axes reach this far beyond the outer nodes (layers and rows).
_PAD_X: Final[float] = 0.6
_PAD_Y: Final[float] = 0.9
#: Where a name sits against its node, by side: its anchors and its shift (pixels).
_NAME_ANCHORS: Final[dict[str, dict[str, Any]]] = {
    "above": {"xanchor": "center", "yanchor": "bottom", "xshift": 0, "yshift": GAP},
    "below": {"xanchor": "center", "yanchor": "top", "xshift": 0, "yshift": -GAP},
    "right": {"xanchor": "left", "yanchor": "middle", "xshift": GAP, "yshift": 0},
    "left": {"xanchor": "right", "yanchor": "middle", "xshift": -GAP, "yshift": 0},
}


def _t(key: str, lang: str) -> str:
    return PATH_LABELS[key][lang]


def node_label(code: str, lang: str = "nl") -> str:
    """The reader's name of a node: an activity, ``activity:outcome``, start or end."""
    labels.check_lang(lang)
    if code in (START_NODE, END_NODE):
        return _t(code, lang)
    return labels.step_label(code, lang)


def _layers(frame: pd.DataFrame) -> dict[str, int]:
    """Breadth-first distance from the start node; the end node goes last."""
    nodes = set(frame["source"]) | set(frame["target"])
    order = frame.sort_values("count", ascending=False)
    nxt: dict[str, list[str]] = {}
    for s, t in zip(order["source"], order["target"], strict=True):
        nxt.setdefault(s, []).append(t)
    layer = {START_NODE: 0} if START_NODE in nodes else {}
    queue = deque(layer)
    while queue:
        node = queue.popleft()
        for t in nxt.get(node, []):
            if t not in layer and t != END_NODE:
                layer[t] = layer[node] + 1
                queue.append(t)
    deepest = max(layer.values(), default=0)
    for n in sorted(nodes - set(layer) - {END_NODE}):
        deepest += 1
        layer[n] = deepest
    layer[END_NODE] = max(layer.values(), default=0) + 1
    return {n: layer[n] for n in nodes}


def _positions(frame: pd.DataFrame) -> dict[str, tuple[float, float]]:
    layer = _layers(frame)
    weight = (
        frame.groupby("target")["count"]
        .sum()
        .add(frame.groupby("source")["count"].sum(), fill_value=0)
    )
    pos: dict[str, tuple[float, float]] = {}
    for lvl in sorted(set(layer.values())):
        members = sorted(
            (n for n, v in layer.items() if v == lvl),
            key=lambda n: (-weight.get(n, 0), n),
        )
        for i, n in enumerate(members):
            pos[n] = (float(lvl), (len(members) - 1) / 2 - i)
    return pos


def _widths(counts: pd.Series) -> pd.Series:
    top = max(float(counts.max()), 1.0)
    return 1.0 + (_MAX_WIDTH - 1.0) * counts.astype(float) / top


def _colours(days: pd.Series) -> list[str]:
    from plotly.colors import sample_colorscale

    finite = days.dropna()
    top = float(finite.max()) if len(finite) and finite.max() > 0 else 1.0
    return [
        "#9e9e9e" if pd.isna(d) else sample_colorscale(_SCALE, [float(d) / top])[0]
        for d in days
    ]


def _knee(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float] | None:
    """The point a backward or same-layer edge bends through; None: a straight edge.

    Forward edges run straight from layer to layer. An edge back to an earlier layer
    bends through a point above both of its nodes, so it does not lie on the forward
    edge between them nor run through the nodes between; an edge within one layer
    bends to its right going down, to its left going up. Both ends stay on their
    nodes.
    """
    if x1 > x0:
        return None
    if x1 == x0:  # down on the right, up on the left: two ways do not overlap
        return (x0 + (_BEND if y1 < y0 else -_BEND), (y0 + y1) / 2)
    return ((x0 + x1) / 2, max(y0, y1) + _BEND)


def _name_places(
    pos: dict[str, tuple[float, float]],
    edges: pd.DataFrame,
    widths: pd.Series,
    texts: dict[str, str],
    ranges: tuple[tuple[float, float], tuple[float, float]],
    height: float,
) -> dict[str, str]:
    """The side of each node's name ("above", "below", "right", "left").

    Each name takes the side where it covers the least of the drawn edges, the nodes
    and the other names (``_map_names.name_places``); of equal sides, above on
    even layers and below on odd ones, so names of neighbouring layers do not share
    a line. "Informatie ontvangen" lay over the head of the edge from
    "Informatie-aanvraag" with an edge leaving above it: its name goes to the side.
    The plot's pixels are those of a report's page (``_PLOT_MARGINS``,
    ``REPORT_MAP_HEIGHT``); a larger figure only spaces them further apart.
    """
    (x_lo, x_hi), (y_lo, y_hi) = ranges
    plot_w = WIDTH - _PLOT_MARGINS[0]
    # a report draws the map at most REPORT_MAP_HEIGHT high: nearer than in a notebook
    plot_h = max(min(height, REPORT_MAP_HEIGHT) - _PLOT_MARGINS[1], 100.0)
    sx, sy = plot_w / (x_hi - x_lo), plot_h / (y_hi - y_lo)

    def px(x: float, y: float) -> tuple[float, float]:
        return (x - x_lo) * sx, (y - y_lo) * sy

    strokes = []
    for i, (source, target) in enumerate(
        zip(edges["source"], edges["target"], strict=True)
    ):
        (x0, y0), (x1, y1) = pos[source], pos[target]
        knee = _knee(x0, y0, x1, y1)
        width = float(widths[i])
        start, end = px(x0, y0), px(x1, y1)
        if knee is not None:  # a line to the knee, then the arrow
            bend = px(*knee)
            strokes.append(Stroke(*start, *bend, width, head=False))
            start = bend
        else:
            start = _towards(start, end, _STANDOFF)
        strokes.append(Stroke(*start, *_towards(end, start, _STANDOFF), width, True))
    nodes = {n: px(*p) for n, p in pos.items()}
    defaults = {n: "above" if int(x) % 2 == 0 else "below" for n, (x, _) in pos.items()}
    return name_places(
        nodes, texts, defaults, strokes, plot_width=plot_w, font_size=_NODE_FONT
    )


def _towards(
    a: tuple[float, float], b: tuple[float, float], dist: float
) -> tuple[float, float]:
    """The point ``dist`` pixels from ``a`` towards ``b`` (``a`` when they are closer)."""
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    if length <= dist:
        return a
    f = dist / length
    return a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])


def _node_letters(layers: int) -> int:
    """Letters a node's name may have per line: the room of two layers at 680 px.

    Neighbouring layers put their names on opposite sides of the nodes (above and
    below), so a name has about two layers' width; a report's page is ``WIDTH``
    pixels, of which the colour bar takes about 160.
    """
    room = 2 * (WIDTH - 160) / max(layers, 1)
    return int(min(_NODE_LETTERS, max(6, room / (LETTER_WIDTH * _NODE_FONT))))


def _wrapped(label: str, letters: int) -> str:
    """A node's name in lines of at most ``letters`` letters.

    Words are kept whole where they fit and a longer one (``A_PARTLYSUBMITTED``) is
    cut: a name in one line ("Informatie ontvangen") ran into its neighbour's.
    """
    return "<br>".join(textwrap.wrap(label, letters) or [label])


def fig_process_map(frame: pd.DataFrame, lang: str = "nl") -> Any:
    """A process map of a directly-follows frame: nodes in layers from start to end.

    Edge width follows frequency, edge colour the median time (days); hover shows
    count, mean and median. Self-loops are listed in the hover text of their node.

    Parameters
    ----------
    frame
        The result of ``directly_follows`` (optionally ``suppress_edges``).
    lang
        ``"nl"`` (default) or ``"en"``.
    """
    import plotly.graph_objects as go

    labels.check_lang(lang)
    fig = go.Figure()
    if frame.empty:
        fig.update_layout(title=_t("title_map", lang))
        return fig
    loops = frame[frame["source"] == frame["target"]]
    edges = frame[frame["source"] != frame["target"]].reset_index(drop=True)
    pos = _positions(frame)
    widths = _widths(edges["count"])
    colours = _colours(edges["median_days"])
    mids_x, mids_y, mids_text = [], [], []
    # traces and annotations are collected and set once: plotly validates every
    # annotation again at each add_annotation (300 edges took 17 s, not 0.5 s)
    legs: list[Any] = []
    notes: list[dict[str, Any]] = []
    for i, (_, e) in enumerate(edges.iterrows()):
        (x0, y0), (x1, y1) = pos[e["source"]], pos[e["target"]]
        width = float(widths[i])
        knee = _knee(x0, y0, x1, y1)
        if knee is not None:  # a bent edge: its first leg is a line, its last an arrow
            legs.append(
                go.Scatter(
                    x=[x0, knee[0]],
                    y=[y0, knee[1]],
                    mode="lines",
                    line={"width": width, "color": colours[i]},
                    opacity=0.8,
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        ax, ay = knee if knee is not None else (x0, y0)
        notes.append(
            {
                "x": x1,
                "y": y1,
                "ax": ax,
                "ay": ay,
                "xref": "x",
                "yref": "y",
                "axref": "x",
                "ayref": "y",
                "showarrow": True,
                "arrowhead": 2,
                # a head a little wider than its line, whatever the line's width
                "arrowsize": (width + _HEAD_EXTRA) / (3 * width),
                "arrowwidth": width,
                "arrowcolor": colours[i],
                "standoff": _STANDOFF,
                "startstandoff": 0 if knee is not None else _STANDOFF,
                "opacity": 0.8,
                "text": "",
            }
        )
        mids_x.append(ax if knee is not None else (x0 + x1) / 2)
        mids_y.append(ay if knee is not None else (y0 + y1) / 2)
        text = (
            f"{node_label(e['source'], lang)} → {node_label(e['target'], lang)}<br>"
            f"{int(e['count'])} {_t('times', lang)}"
        )
        if pd.notna(e["median_days"]):
            text += (
                f"<br>{_t('median', lang)} {e['median_days']:.1f} {_t('days', lang)}"
            )
        mids_text.append(text)
    fig.add_traces(legs)
    fig.add_trace(
        go.Scatter(
            x=mids_x,
            y=mids_y,
            mode="markers",
            marker={"size": 6, "opacity": 0},
            hovertext=mids_text,
            hoverinfo="text",
            showlegend=False,
        )
    )
    names = list(pos)
    loop_text = {
        s: f"<br>{_t('repeat', lang)}: {int(c)} {_t('times', lang)}"
        for s, c in zip(loops["source"], loops["count"], strict=True)
    }
    finite = edges["median_days"].dropna()
    fig.add_trace(
        go.Scatter(
            x=[pos[n][0] for n in names],
            y=[pos[n][1] for n in names],
            mode="markers",
            name="nodes",
            hovertext=[node_label(n, lang) + loop_text.get(n, "") for n in names],
            hoverinfo="text",
            marker={
                "size": 16,
                "color": [0.0] * len(names),
                "colorscale": _SCALE,
                "cmin": 0.0,
                "cmax": float(finite.max()) if len(finite) else 1.0,
                "showscale": True,
                "colorbar": {"title": {"text": _t("median_days", lang)}},
                "line": {"width": 1, "color": "#333"},
            },
            showlegend=False,
        )
    )
    fig.update_traces(selector={"name": "nodes"}, marker_color="#f5f5f5")
    letters = _node_letters(len({x for x, _ in pos.values()}))
    texts = {n: _wrapped(node_label(n, lang), letters) for n in names}
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    ranges = (
        (min(xs) - _PAD_X, max(xs) + _PAD_X),
        (min(ys) - _PAD_Y, max(ys) + _PAD_Y),
    )
    height = max(420, 90 * (1 + max(abs(y) for y in ys) * 2))
    places = _name_places(pos, edges, widths, texts, ranges, height)
    for n in names:  # each name over the edges, on a light ground that keeps it read
        notes.append(
            {
                "x": pos[n][0],
                "y": pos[n][1],
                "xref": "x",
                "yref": "y",
                "text": texts[n],
                "showarrow": False,
                "bgcolor": "rgba(255,255,255,0.6)",
                "borderpad": 1,
                "font": {"size": _NODE_FONT},
                **_NAME_ANCHORS[places[n]],
            }
        )
    fig.update_layout(
        annotations=notes,
        title=_t("title_map", lang),
        xaxis={"visible": False, "range": list(ranges[0])},
        yaxis={"visible": False, "range": list(ranges[1])},
        plot_bgcolor="white",
        height=height,
    )
    return fig


#: Height of one variant in ``fig_variants``: its path on a line above its bar.
_VARIANT_ROW: Final[int] = 46
#: The font size of a variant's path.
_VARIANT_FONT: Final[int] = 11


def fig_variants(frame: pd.DataFrame, lang: str = "nl", top: int = 15) -> Any:
    """A bar chart of the most frequent variants (``variants`` frame).

    Each variant is a bar across the whole width, ranked on the y axis, with its path
    written on a line above it: a path as a tick label took most of the width (and
    was cut at 90 characters) and left the bars a narrow strip. A path longer than
    the figure's width is cut with "…"; the whole path is in the hover text.
    """
    import plotly.graph_objects as go

    labels.check_lang(lang)
    shown = frame.head(top).iloc[::-1]
    names = [
        _t("other", lang)
        if other
        else " → ".join(node_label(a, lang) for a in str(v).split(" > "))
        for v, other in zip(shown["variant"], shown["is_other"], strict=True)
    ]
    ranks = [f"{r}." for r in shown["rank"]]
    # rows at the numbers 0, 1, …: a category such as "11." is taken by plotly.js
    # for the number 11 where an annotation names it, and lands on another row
    rows = list(range(len(shown)))
    fits = int((WIDTH - 60) / (LETTER_WIDTH * _VARIANT_FONT))
    fig = go.Figure(
        go.Bar(
            x=shown["count"],
            y=rows,
            orientation="h",
            width=0.45,  # the rest of the row holds the path
            text=[share_text(s) for s in shown["share"]],
            textposition="auto",
            hovertext=names,
            hoverinfo="text+x",
        )
    )
    fig.layout.annotations = [
        go.layout.Annotation(
            x=0,
            xref="x",
            y=row,
            yref="y",
            text=name if len(name) <= fits else f"{name[: fits - 1]}…",
            xanchor="left",
            yanchor="bottom",
            yshift=0.45 * _VARIANT_ROW / 2,  # just above the bar
            showarrow=False,
            font={"size": _VARIANT_FONT},
        )
        for row, name in zip(rows, names, strict=True)
    ]
    fig.update_yaxes(tickvals=rows, ticktext=ranks, range=[-0.6, len(rows) - 0.1])
    fig.update_layout(
        title=_t("title_variants", lang),
        xaxis_title=_t("count", lang),
        width=WIDTH,
        height=max(300, _VARIANT_ROW * len(shown) + 120),
        margin={"l": 40, "r": 20},
    )
    return fig


def process_map_svg(frame: pd.DataFrame, path: str | Path, lang: str = "nl") -> Path:
    """Draw the process map with graphviz and write it as SVG to ``path``.

    Needs the graphviz ``dot`` binary; raises ``ConfigError`` when it is missing.
    The file is owner-only (0600), like every file the toolkit writes.
    """
    import graphviz

    g = process_map_graph(frame, lang)
    try:
        svg = g.pipe(format="svg")
    except graphviz.ExecutableNotFound:
        raise ConfigError(
            "graphviz (the dot program) is not installed; install it or write an "
            ".html process map instead."
        ) from None
    out = Path(path)
    with privacy.private_files():  # owner-only, also from a notebook
        out.write_bytes(svg)
    privacy.make_owner_only(out)  # also an older map written over
    return out


def process_map_graph(frame: pd.DataFrame, lang: str = "nl") -> Any:
    """The process map as a ``graphviz.Digraph`` (left to right, Dutch labels)."""
    import graphviz

    labels.check_lang(lang)
    edges = frame.reset_index(drop=True)
    widths = _widths(edges["count"]) if len(edges) else pd.Series(dtype=float)
    colours = _colours(edges["median_days"]) if len(edges) else []
    g = graphviz.Digraph(
        "procesmap", graph_attr={"rankdir": "LR", "fontname": "Helvetica"}
    )
    g.attr(
        "node",
        shape="box",
        style="rounded,filled",
        fillcolor="#f5f5f5",
        fontname="Helvetica",
    )
    # node ids are n0, n1, ...: graphviz reads "a:b" in an edge as node a, port b
    ids = {
        n: f"n{i}"
        for i, n in enumerate(sorted(set(edges["source"]) | set(edges["target"])))
    }
    for n, node_id in ids.items():
        shape = "circle" if n in (START_NODE, END_NODE) else "box"
        g.node(node_id, label=node_label(n, lang), shape=shape)
    for i, (_, e) in enumerate(edges.iterrows()):
        text = f"{int(e['count'])}"
        if pd.notna(e["median_days"]):
            text += f" | {e['median_days']:.1f} d"
        g.edge(
            ids[e["source"]],
            ids[e["target"]],
            label=text,
            penwidth=f"{widths[i]:.2f}",
            color=_hex(colours[i]),
        )
    return g


def _hex(colour: str) -> str:
    """Convert plotly's ``rgb(r, g, b)`` to ``#rrggbb`` for graphviz."""
    if colour.startswith("#"):
        return colour
    r, g, b = (int(float(v)) for v in colour[colour.index("(") + 1 : -1].split(",")[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def fig_work_handovers(frame: pd.DataFrame, lang: str = "nl", top: int = 20) -> Any:
    """Heat map of handovers of work (rows from, columns to), every label shown.

    ``frame``: ``work_handovers(...)``. The ``top`` performers with the most
    successions (in and out) are shown by name; the rest are summed as "overige", so
    the map stays readable on a log with hundreds of performers.
    """
    import plotly.graph_objects as go

    labels.check_lang(lang)
    volume = (
        frame.groupby("source")["count"]
        .sum()
        .add(frame.groupby("target")["count"].sum(), fill_value=0)
    ).sort_values(ascending=False, kind="stable")
    keep = list(volume.index[:top])
    other = _t("others", lang)
    named = frame.assign(
        source=frame["source"].where(frame["source"].isin(keep), other),
        target=frame["target"].where(frame["target"].isin(keep), other),
    )
    order = keep + ([other] if len(volume) > top else [])
    grid = (
        named.pivot_table(
            index="source", columns="target", values="count", aggfunc="sum"
        )
        .reindex(index=order, columns=order)
        .fillna(0)
    )
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=order,
            y=order,
            colorscale="Blues",
            colorbar={"title": _t("successions", lang)},
            hovertemplate="%{y} → %{x}: %{z}<extra></extra>",
        )
    )
    fig.update_xaxes(
        title=_t("to", lang),
        tickmode="array",
        tickvals=order,
        tickangle=-45,
        automargin=True,
    )
    fig.update_yaxes(
        title=_t("from", lang),
        tickmode="array",
        tickvals=order,
        autorange="reversed",
        automargin=True,
    )
    size = max(420, 22 * len(order) + 160)
    fig.update_layout(
        title=_t("title_handovers", lang),
        height=size,
        width=size + 120,
        margin={"l": 60, "r": 20, "t": 60, "b": 60},
    )
    white_template(fig)
    return fig


def fig_dotted_chart(frame: pd.DataFrame, lang: str = "nl", top: int = 12) -> Any:
    """Dotted chart: one dot per event, a line per case, a colour per activity.

    ``frame``: ``dotted_events(...)``; the y axis counts cases in order of start. The
    ``top`` most frequent activities have a colour of their own, the rest share one
    ("overige"), so the legend stays readable on a log with hundreds of activities.
    """
    import plotly.graph_objects as go

    labels.check_lang(lang)
    fig = go.Figure()
    common = frame["activity"].value_counts().index[:top]
    named = frame.assign(
        activity=frame["activity"].where(
            frame["activity"].isin(common), _t("others", lang)
        )
    )
    order = [
        *sorted(common),
        *([_t("others", lang)] if len(common) < frame["activity"].nunique() else []),
    ]
    for activity in order:
        part = named[named["activity"] == activity]
        fig.add_trace(
            go.Scattergl(
                x=part["ts"],
                y=part["line"],
                mode="markers",
                marker={"size": 4},
                name=str(activity),
                hovertemplate="%{x}<extra>" + str(activity) + "</extra>",
            )
        )
    fig.update_layout(
        title={
            "text": _dotted_title(frame.attrs.get("ipgar", {}), lang),
            "subtitle": {
                "text": " · ".join(
                    labels.source_parts(frame.attrs.get("ipgar", {}), lang)
                ),
                "font": {"size": 11},
            },
        },
        xaxis_title=_t("time", lang),
        yaxis_title=_t("case_line", lang),
        height=520,
        legend={"font": {"size": 10}},
    )
    white_template(fig)
    fig.update_yaxes(autorange="reversed")
    return fig


def share_text(share: float) -> str:
    """A share as a whole percentage that never reads 0% or 100% when it is not.

    ``0.004`` reads ``<1%`` (a path that 1 in 300 episodes took is not 0%), ``0.996``
    reads ``>99%``; 0 and 1 read ``0%`` and ``100%``.
    """
    text = f"{share:.0%}"
    if text == "0%" and share > 0:
        return "<1%"
    if text == "100%" and share < 1:
        return ">99%"
    return text


def _dotted_title(meta: dict[str, Any], lang: str) -> str:
    """The dotted chart's title; with the share of cases drawn when it is a spread.

    ``dotted_events`` draws at most ``max_cases`` cases: the line numbers then count
    the cases drawn, not all cases, and the title says so.
    """
    title = _t("title_dotted", lang)
    shown, total = meta.get("shown"), meta.get("cases")
    if shown is not None and total is not None and int(shown) < int(total):
        sep = "." if lang == "nl" else ","
        words = _t("dotted_sampled", lang).format(
            shown=f"{int(shown):,}".replace(",", sep),
            total=f"{int(total):,}".replace(",", sep),
        )
        title += f" ({words})"
    return title


def fig_case_durations(seconds: pd.Series, unit: str, lang: str = "nl") -> Any:
    """Histogram of case durations in ``unit`` (minutes, hours, days or weeks)."""
    import plotly.graph_objects as go

    from ipgar_metrics.timeunits import SECONDS, UNIT_LABELS

    labels.check_lang(lang)
    values = seconds.dropna() / SECONDS[unit]
    fig = go.Figure(go.Histogram(x=values, nbinsx=40, marker={"color": "#1f77b4"}))
    fig.update_layout(
        title=_t("title_durations", lang),
        xaxis_title=f"{_t('duration', lang)} ({UNIT_LABELS[unit][lang]})",
        yaxis_title=_t("cases", lang),
        bargap=0.05,
    )
    white_template(fig)
    return fig
