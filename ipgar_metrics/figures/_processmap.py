"""The process map an analyst can read: layered, labelled, with Disco's two sliders.

``process_map_layout`` turns a ``directly_follows`` frame (or a
``directly_follows_difference`` frame: a map of differences) into a ``ProcessMap``:
the most frequent activities, the most frequent edges between them, and the layout
of ``_layered`` (boxes and routes in pixels). From that one model come:

- ``process_map_svg_text``: a static SVG written by Python (no graphviz);
- ``process_map_html``: one small HTML file, the SVG inline plus a short script with
  two sliders (share of activities, share of paths) and a frequency/performance
  toggle, no plotly.js, no server;
- ``fig_layered_map``: a plotly figure of the same drawing (notebooks, and the PNG
  through kaleido, which drives the Chrome or Edge already on the machine);
- ``write_process_map``: one of the three by the file's suffix.

No computation beyond layout and formatting; no duckdb. Aggregates only: no case ids.
Frequency view: node colour by events, edge width and label by count. Performance
view: edge colour and label by the median time from source to target, in one unit
(``timeunits``). Difference map: edge colour by the change in the share of cases
(B minus A), labels with both counts.
"""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, Final

import pandas as pd

from ipgar_metrics import labels, privacy, timeunits
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.figures._layered import Box, Route, layered_layout
from ipgar_metrics.figures._paths import node_label
from ipgar_metrics.schema import END_NODE, START_NODE

#: The map's own words (Dutch and English).
MAP_LABELS: Final[dict[str, dict[str, str]]] = {
    "title": {"nl": "Proceskaart", "en": "Process map"},
    "title_difference": {
        "nl": "Proceskaart: verschillen",
        "en": "Process map: differences",
    },
    "activities": {"nl": "Activiteiten", "en": "Activities"},
    "paths": {"nl": "Paden", "en": "Paths"},
    "frequency": {"nl": "Frequentie", "en": "Frequency"},
    "performance": {"nl": "Doorlooptijd (mediaan)", "en": "Time (median)"},
    "of": {"nl": "van", "en": "of"},
    "shown": {"nl": "getoond", "en": "shown"},
    "unit": {"nl": "tijden in", "en": "times in"},
    "in_log": {"nl": "in het log", "en": "in the log"},
    "legend_difference": {
        "nl": "labels: aantal in A | aantal in B; rood: aandeel casussen hoger in B, "
        "blauw: lager in B",
        "en": "labels: count in A | count in B; red: share of cases higher in B, "
        "blue: lower in B",
    },
}
#: Short unit names for edge labels.
UNIT_SHORT: Final[dict[str, dict[str, str]]] = {
    "minutes": {"nl": "min", "en": "min"},
    "hours": {"nl": "u", "en": "h"},
    "days": {"nl": "d", "en": "d"},
    "weeks": {"nl": "wk", "en": "wk"},
}
#: Default number of activities on a map (the most frequent).
MAX_ACTIVITIES: Final[int] = 40
#: Default number of edges on a map (the most frequent, plus those that connect).
MAX_EDGES: Final[int] = 100
VIEWS: Final[tuple[str, ...]] = ("frequency", "performance")

_FONT: Final[float] = 12.0
_CHAR: Final[float] = 7.2  # a generous average width of a 12 px sans-serif character
_LINE: Final[float] = 15.0
_WRAP: Final[int] = 24
_PAD: Final[float] = 10.0
_EDGE_TEXT: Final[float] = 11.0
_BLUES: Final[tuple[tuple[int, int, int], tuple[int, int, int]]] = (
    (222, 235, 247),
    (8, 81, 156),
)
_REDS: Final[tuple[tuple[int, int, int], tuple[int, int, int]]] = (
    (253, 212, 158),
    (179, 0, 0),
)


@dataclass(frozen=True)
class MapNode:
    """One node: its code, label lines, events (count), frequency rank and box.

    ``rank`` is 0 for the most frequent activity of the log (``-1`` for the start
    and end nodes); ``loops`` counts the node's self-loops (repeats).
    """

    id: str
    code: str
    lines: tuple[str, ...]
    count: int
    count_b: int | None
    rank: int
    loops: int
    box: Box


@dataclass(frozen=True)
class MapEdge:
    """One edge: ends, count (cases), median time, rank by count, route and labels."""

    source: str
    target: str
    count: int
    cases: int
    median_seconds: float
    rank: int
    route: Route | None
    text: dict[str, str]
    colour: dict[str, str]
    width: float
    count_b: int | None = None
    difference: float | None = None


@dataclass(frozen=True)
class ProcessMap:
    """A laid-out process map: nodes, edges, canvas size and the words around it."""

    nodes: list[MapNode]
    edges: list[MapEdge]
    width: float
    height: float
    unit: str
    lang: str
    difference: bool
    total_activities: int
    total_edges: int
    caption: str

    def node(self, code: str) -> MapNode:
        """The node of an activity code (``KeyError`` when it is not on the map)."""
        return next(n for n in self.nodes if n.code == code)


def _t(key: str, lang: str) -> str:
    return MAP_LABELS[key][lang]


def _mix(lo: tuple[int, int, int], hi: tuple[int, int, int], f: float) -> str:
    f = min(max(f, 0.0), 1.0)
    r, g, b = (round(a + (c - a) * f) for a, c in zip(lo, hi, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def _text_width(text: str, size: float = _FONT) -> float:
    return len(text) * _CHAR * size / _FONT


def _wrap(label: str) -> tuple[str, ...]:
    lines = textwrap.wrap(label, _WRAP, break_long_words=True) or [label]
    if len(lines) > 3:
        lines = [
            *lines[:2],
            textwrap.shorten(" ".join(lines[2:]), _WRAP, placeholder="…"),
        ]
    return tuple(lines)


def _number(value: float) -> str:
    return f"{int(value):,}".replace(",", ".")


def _duration(seconds: float, unit: str, lang: str) -> str:
    if pd.isna(seconds):
        return ""
    value = timeunits.in_unit(float(seconds), unit)
    text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
    if lang == "nl":
        text = text.replace(".", ",")
    return f"{text} {UNIT_SHORT[unit][lang]}"


def process_map_layout(
    frame: pd.DataFrame,
    lang: str = "nl",
    *,
    max_activities: int = MAX_ACTIVITIES,
    max_edges: int = MAX_EDGES,
    unit: str = "auto",
) -> ProcessMap:
    """The map of a ``directly_follows`` (or ``directly_follows_difference``) frame.

    Keeps the ``max_activities`` activities with the most events (the start and end
    nodes always) and, between them, the ``max_edges`` most frequent edges plus, for
    every kept activity, its most frequent edge in and out (so no kept activity
    floats alone). Counts are the log's directly-follows counts (not recomputed on
    the kept activities). ``unit``: minutes, hours, days, weeks or ``auto`` (by the
    median of the edges' median times).
    """
    labels.check_lang(lang)
    if max_activities < 1 or max_edges < 1:
        raise ConfigError("a process map needs at least one activity and one edge.")
    difference = "difference" in frame.columns
    edges = frame.copy()
    if difference:
        edges["count"] = edges["count_a"] + edges["count_b"]
        edges["n_episodes"] = edges["cases_a"] + edges["cases_b"]
        edges["median_seconds"] = float("nan")
    unit = timeunits.check_unit(unit)
    if edges.empty:  # an empty map: only its caption (the caller says why)
        return ProcessMap(
            nodes=[],
            edges=[],
            width=480.0,
            height=40.0,
            unit="days" if unit == "auto" else unit,
            lang=lang,
            difference=difference,
            total_activities=0,
            total_edges=0,
            caption=_caption(frame, lang, "days", difference),
        )
    if unit == "auto":
        unit = timeunits.choose_unit(edges["median_seconds"].dropna())
    visits = edges.groupby("target")["count"].sum()
    visits[START_NODE] = _starts(edges)  # the start node: episodes started
    visits_b = (
        edges.groupby("target")["count_b"].sum() if difference else pd.Series(dtype=int)
    )
    if difference:  # the start node: episodes started, per group
        starts_b = edges.loc[edges["source"] == START_NODE, "count_b"].sum()
        visits_b = pd.concat([visits_b, pd.Series({START_NODE: starts_b})])
    ranked = sorted(
        (n for n in visits.index if n not in (START_NODE, END_NODE)),
        key=lambda n: (-int(visits[n]), str(n)),
    )
    rank = {n: i for i, n in enumerate(ranked)}
    kept = set(ranked[:max_activities])
    ends = [
        n
        for n in (START_NODE, END_NODE)
        if n in set(edges["source"]) | set(edges["target"])
    ]
    on_map = kept | set(ends)
    between = edges[edges["source"].isin(on_map) & edges["target"].isin(on_map)]
    between = between.sort_values(
        ["count", "source", "target"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)
    plain = between[between["source"] != between["target"]]
    chosen = set(between.index[:max_edges])
    chosen |= set(plain.drop_duplicates("target").index)
    chosen |= set(plain.drop_duplicates("source").index)
    shown = between.loc[sorted(chosen)].reset_index(drop=True)
    loops = shown[shown["source"] == shown["target"]]
    loop_count = dict(zip(loops["source"], loops["count"], strict=True))
    # the nodes: label lines and box sizes
    order = [n for n in (START_NODE,) if n in ends] + [n for n in ranked if n in kept]
    order += [n for n in (END_NODE,) if n in ends]
    lines = {n: _wrap(node_label(n, lang)) for n in order}
    count_text = {
        n: (
            f"{_number(visits.get(n, 0) - visits_b.get(n, 0))} | {_number(visits_b.get(n, 0))}"
            if difference
            else _number(visits.get(n, 0) if n != START_NODE else _starts(edges))
        )
        for n in order
    }
    sizes = {}
    for n in order:
        if n in (START_NODE, END_NODE):
            sizes[n] = (
                max(_text_width(lines[n][0]), _text_width(count_text[n])) + 2 * _PAD,
                2 * _LINE + _PAD,
            )
            continue
        w = max(_text_width(x) for x in (*lines[n], count_text[n])) + 2 * _PAD
        if n in loop_count:
            w += 18.0
        sizes[n] = (w, _LINE * (len(lines[n]) + 1) + _PAD)
    styles = _edge_styles(shown, unit, lang, difference)
    plain_shown = shown[shown["source"] != shown["target"]]
    label_sizes = [
        (max(_text_width(t, _EDGE_TEXT) for t in styles[i][0].values()) + 6, _LINE)
        for i in plain_shown.index
    ]
    drawing = layered_layout(
        sizes,
        list(
            zip(
                plain_shown["source"],
                plain_shown["target"],
                plain_shown["count"].astype(float),
                strict=True,
            )
        ),
        label_sizes=label_sizes,
        first=START_NODE if START_NODE in ends else None,
        last=END_NODE if END_NODE in ends else None,
    )
    routes = {(r.source, r.target): r for r in drawing.routes}
    ids = {n: f"n{i}" for i, n in enumerate(order)}
    nodes = [
        MapNode(
            id=ids[n],
            code=str(n),
            lines=lines[n],
            count=int(visits.get(n, 0)) if n != START_NODE else _starts(edges),
            count_b=int(visits_b.get(n, 0)) if difference else None,
            rank=rank.get(n, -1),
            loops=int(loop_count.get(n, 0)),
            box=drawing.boxes[n],
        )
        for n in order
    ]
    map_edges = []
    for i, e in shown.iterrows():
        text, colour, width = styles[i]
        map_edges.append(
            MapEdge(
                source=str(e["source"]),
                target=str(e["target"]),
                count=int(e["count"]),
                cases=int(e["n_episodes"]),
                median_seconds=float(e["median_seconds"]),
                rank=int(i),
                route=routes.get((e["source"], e["target"])),
                text=text,
                colour=colour,
                width=width,
                count_b=int(e["count_b"]) if difference else None,
                difference=float(e["difference"]) if difference else None,
            )
        )
    return ProcessMap(
        nodes=nodes,
        edges=map_edges,
        width=drawing.width,
        height=drawing.height,
        unit=unit,
        lang=lang,
        difference=difference,
        total_activities=len(ranked),
        total_edges=len(edges),
        caption=_caption(frame, lang, unit, difference),
    )


def _starts(edges: pd.DataFrame) -> int:
    return int(edges.loc[edges["source"] == START_NODE, "count"].sum())


def _edge_styles(
    shown: pd.DataFrame, unit: str, lang: str, difference: bool
) -> dict[Any, tuple[dict[str, str], dict[str, str], float]]:
    """Per edge (by index): label per view, colour per view, stroke width."""
    out: dict[Any, tuple[dict[str, str], dict[str, str], float]] = {}
    top = max(float(shown["count"].max()), 1.0)
    if difference:
        spread = max(float(shown["difference"].abs().max()), 1e-9)
        top_share = max(float(shown[["share_a", "share_b"]].max().max()), 1e-9)
        for i, e in shown.iterrows():
            d = float(e["difference"])
            hi = (178, 24, 43) if d > 0 else (33, 102, 172)
            colour = _mix((190, 190, 190), hi, abs(d) / spread)
            text = f"{_number(e['count_a'])} | {_number(e['count_b'])}"
            width = (
                1.0 + 7.0 * max(float(e["share_a"]), float(e["share_b"])) / top_share
            )
            out[i] = (
                {"frequency": text, "performance": text},
                {"frequency": colour, "performance": colour},
                width,
            )
        return out
    times = shown["median_seconds"].dropna()
    slow = max(float(times.max()), 1e-9) if len(times) else 1.0
    for i, e in shown.iterrows():
        share = float(e["count"]) / top
        perf = (
            "#9e9e9e"
            if pd.isna(e["median_seconds"])
            else _mix(_REDS[0], _REDS[1], float(e["median_seconds"]) / slow)
        )
        out[i] = (
            {
                "frequency": _number(e["count"]),
                "performance": _duration(e["median_seconds"], unit, lang),
            },
            {
                "frequency": _mix((170, 178, 190), (40, 52, 72), share),
                "performance": perf,
            },
            1.0 + 7.0 * math.sqrt(share),
        )
    return out


def _caption(frame: pd.DataFrame, lang: str, unit: str, difference: bool) -> str:
    meta = frame.attrs.get("ipgar", {}) if hasattr(frame, "attrs") else {}
    parts = labels.source_parts(meta, lang)
    if difference:
        parts.append(_t("legend_difference", lang))
        groups = meta.get("groups")
        if groups:
            parts.append(f"A: {groups[0]}; B: {groups[1]}")
    else:
        parts.append(f"{_t('unit', lang)} {timeunits.UNIT_LABELS[unit][lang]}")
    return " · ".join(parts)


# ---------------------------------------------------------------- SVG


def _path_d(points: Sequence[tuple[float, float]]) -> str:
    (x0, y0), *rest = points
    d = [f"M{x0:.1f},{y0:.1f}"]
    for x1, y1 in rest:
        cx = (x0 + x1) / 2
        d.append(f"C{cx:.1f},{y0:.1f} {cx:.1f},{y1:.1f} {x1:.1f},{y1:.1f}")
        x0, y0 = x1, y1
    return " ".join(d)


def _loop_d(box: Box) -> tuple[str, tuple[float, float]]:
    x = box.left + box.width - 14
    y = box.top
    return (
        f"M{x - 6:.1f},{y:.1f} C{x - 10:.1f},{y - 16:.1f} {x + 10:.1f},{y - 16:.1f} {x + 6:.1f},{y:.1f}",
        (x, y - 14),
    )


def _node_fill(node: MapNode, top: int, difference: bool) -> str:
    if node.code in (START_NODE, END_NODE):
        return "#e8f5e9" if node.code == START_NODE else "#fbe9e7"
    if difference:
        return "#f5f5f5"
    f = math.log1p(node.count) / math.log1p(max(top, 1))
    return _mix(_BLUES[0], _BLUES[1], f)


def _ink(fill: str) -> str:
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 140 else "#1a1a1a"


def process_map_svg_text(
    pmap: ProcessMap, *, view: str = "frequency", interactive: bool = False
) -> str:
    """The map as an SVG document (``view``: frequency or performance).

    ``interactive`` writes both views' labels and colours (for the HTML page, whose
    script switches them); a static SVG holds only the chosen view.
    """
    if view not in VIEWS:
        raise ConfigError(f'unknown view "{view}"; choose frequency or performance.')
    lang = pmap.lang
    top = max((n.count for n in pmap.nodes if n.rank >= 0), default=1)
    title = _t("title_difference" if pmap.difference else "title", lang)
    w, h = math.ceil(pmap.width), math.ceil(pmap.height + 22)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="process-map" width="{w}" '
        f'height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif" '
        f'font-size="{_FONT:g}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        '<g class="edges">',
    ]
    ids = {n.code: n.id for n in pmap.nodes}
    boxes = {n.code: n.box for n in pmap.nodes}
    for e in pmap.edges:
        views = VIEWS if interactive else (view,)
        attrs = (
            f'class="edge{" loop" if e.source == e.target else ""}" '
            f'data-s="{ids[e.source]}" data-t="{ids[e.target]}" '
            f"data-source={_q(e.source)} data-target={_q(e.target)} "
            f'data-count="{e.count}" data-cases="{e.cases}" data-rank="{e.rank}"'
        )
        if e.count_b is not None:
            attrs += f' data-count-b="{e.count_b}" data-difference="{e.difference:.6f}"'
        if interactive:
            attrs += f' data-cf="{e.colour["frequency"]}" data-cp="{e.colour["performance"]}"'
        if e.source == e.target:
            d, (lx, ly) = _loop_d(boxes[e.source])
        else:
            assert e.route is not None
            d = _path_d(e.route.points)
            lx, ly = e.route.label_at
        out.append(f"<g {attrs}>")
        out.append(
            f'<path d="{d}" fill="none" stroke="{e.colour[view]}" '
            f'stroke-width="{e.width:.2f}" stroke-opacity="0.85" marker-end="url(#arrow)"/>'
        )
        for v in views:
            cls = f' class="l{v[0]}"' if interactive else ""
            out.append(
                f'<text{cls} x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="middle" '
                f'font-size="{_EDGE_TEXT:g}" fill="#333" stroke="#fff" stroke-width="3" '
                f'paint-order="stroke">{escape(e.text[v])}</text>'
            )
        out.append("</g>")
    out.append('</g><g class="nodes">')
    for n in pmap.nodes:
        b = n.box
        fill = _node_fill(n, top, pmap.difference)
        ink = _ink(fill)
        rx = b.height / 2 if n.rank < 0 else 6
        count = (
            f"{_number(n.count - (n.count_b or 0))} | {_number(n.count_b)}"
            if n.count_b is not None
            else _number(n.count)
        )
        out.append(
            f'<g class="node" data-id="{n.id}" data-activity={_q(n.code)} '
            f'data-count="{n.count}" data-rank="{n.rank}" data-loops="{n.loops}">'
        )
        out.append(
            f'<rect x="{b.left:.1f}" y="{b.top:.1f}" width="{b.width:.1f}" '
            f'height="{b.height:.1f}" rx="{rx:g}" fill="{fill}" stroke="#4a5568"/>'
        )
        y = b.top + _PAD / 2 + _LINE - 3
        for line in n.lines:
            out.append(
                f'<text x="{b.x:.1f}" y="{y:.1f}" text-anchor="middle" fill="{ink}">'
                f"{escape(line)}</text>"
            )
            y += _LINE
        out.append(
            f'<text x="{b.x:.1f}" y="{y:.1f}" text-anchor="middle" fill="{ink}" '
            f'font-weight="bold">{escape(count)}</text>'
        )
        out.append("</g>")
    out.append("</g>")
    out.append(
        f'<text x="{24}" y="{h - 8}" font-size="10" fill="#555">'
        f"{escape(_shown_line(pmap))} · {escape(pmap.caption)}</text>"
    )
    out.append("</svg>")
    return "\n".join(out)


def _q(value: str) -> str:
    return '"' + escape(str(value), quote=True) + '"'


def _shown_line(pmap: ProcessMap) -> str:
    lang = pmap.lang
    acts = sum(1 for n in pmap.nodes if n.rank >= 0)
    return (
        f"{_t('activities', lang)}: {acts} {_t('of', lang)} {pmap.total_activities}; "
        f"{_t('paths', lang).lower()}: {len(pmap.edges)} {_t('of', lang)} "
        f"{pmap.total_edges} {_t('in_log', lang)}"
    )


# ---------------------------------------------------------------- HTML

_STYLE: Final[str] = """
body{font-family:Helvetica,Arial,sans-serif;margin:16px;color:#1a1a1a}
.controls{display:flex;gap:24px;align-items:center;flex-wrap:wrap;margin-bottom:8px}
.controls label{display:flex;gap:8px;align-items:center}
.controls button{padding:4px 10px;border:1px solid #888;background:#fff;cursor:pointer}
.controls button.on{background:#2b4c7e;color:#fff}
.map{overflow:auto;border:1px solid #ddd}
.view-frequency .lp,.view-performance .lf{display:none}
.caption{font-size:12px;color:#555}
"""

# The sliders: activities by frequency rank; paths by count rank among the edges
# between shown activities, plus each shown activity's most frequent edge in and
# out (so every shown activity stays connected, as in Disco).
_SCRIPT: Final[str] = """
(function(){
var map=document.getElementById('map'),svg=map.querySelector('svg');
var nodes=[].slice.call(svg.querySelectorAll('g.node'));
var edges=[].slice.call(svg.querySelectorAll('g.edge'));
var acts=document.getElementById('acts'),paths=document.getElementById('paths');
var words=JSON.parse(document.getElementById('words').textContent);
var nAct=nodes.filter(function(n){return +n.dataset.rank>=0;}).length;
edges.sort(function(a,b){return a.dataset.rank-b.dataset.rank;});
function update(){
 var keep=Math.max(1,Math.ceil(acts.value/100*nAct)),on={},shownActs=0;
 nodes.forEach(function(n){var r=+n.dataset.rank,v=r<keep;
  n.style.display=v?'':'none';if(v){on[n.dataset.id]=1;if(r>=0)shownActs++;}});
 var cand=edges.filter(function(e){return on[e.dataset.s]&&on[e.dataset.t];});
 var k=Math.ceil(paths.value/100*cand.length),vis=new Set(cand.slice(0,k)),bi={},bo={};
 cand.forEach(function(e){if(e.dataset.s===e.dataset.t)return;
  if(!(e.dataset.t in bi))bi[e.dataset.t]=e;if(!(e.dataset.s in bo))bo[e.dataset.s]=e;});
 Object.keys(bi).forEach(function(x){vis.add(bi[x]);});
 Object.keys(bo).forEach(function(x){vis.add(bo[x]);});
 edges.forEach(function(e){e.style.display=vis.has(e)?'':'none';});
 document.getElementById('acts-n').textContent=shownActs+' '+words.of+' '+nAct;
 document.getElementById('paths-n').textContent=vis.size+' '+words.of+' '+edges.length;
}
function view(v){
 map.className='map view-'+v;
 edges.forEach(function(e){var p=e.querySelector('path');
  p.setAttribute('stroke',v==='frequency'?e.dataset.cf:e.dataset.cp);});
 [].forEach.call(document.querySelectorAll('button[data-view]'),function(b){
  b.className=b.dataset.view===v?'on':'';});
}
acts.addEventListener('input',update);paths.addEventListener('input',update);
[].forEach.call(document.querySelectorAll('button[data-view]'),function(b){
 b.addEventListener('click',function(){view(b.dataset.view);});});
update();
})();
"""


def process_map_html(pmap: ProcessMap) -> str:
    """One self-contained HTML page: the SVG inline, two sliders, a view toggle."""
    lang = pmap.lang
    title = _t("title_difference" if pmap.difference else "title", lang)
    svg = process_map_svg_text(pmap, view="frequency", interactive=True)
    on = ' class="on"'
    toggle = (
        ""
        if pmap.difference
        else "".join(
            f'<button type="button" data-view="{v}"'
            f"{on if v == 'frequency' else ''}>{_t(v, lang)}</button>"
            for v in VIEWS
        )
    )
    words = json.dumps({"of": _t("of", lang)})
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        '<div class="controls">'
        f'<label>{_t("activities", lang)} <input type="range" id="acts" min="0" '
        f'max="100" value="100"> <span id="acts-n"></span></label>'
        f'<label>{_t("paths", lang)} <input type="range" id="paths" min="0" '
        f'max="100" value="100"> <span id="paths-n"></span></label>'
        f"{toggle}</div>"
        f'<div id="map" class="map view-frequency">{svg}</div>'
        f'<p class="caption">{escape(_shown_line(pmap))} · {escape(pmap.caption)}</p>'
        f'<script type="application/json" id="words">{words}</script>'
        f"<script>{_SCRIPT}</script></body></html>\n"
    )


# ---------------------------------------------------------------- plotly / PNG


def fig_layered_map(pmap: ProcessMap, *, view: str = "frequency") -> Any:
    """The map as a plotly figure: the same boxes, routes and labels as the SVG.

    For notebooks and for the PNG (kaleido). Pixel coordinates; y axis reversed.
    """
    import plotly.graph_objects as go

    if view not in VIEWS:
        raise ConfigError(f'unknown view "{view}"; choose frequency or performance.')
    lang = pmap.lang
    top = max((n.count for n in pmap.nodes if n.rank >= 0), default=1)
    shapes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    boxes = {n.code: n.box for n in pmap.nodes}
    for e in pmap.edges:
        if e.source == e.target:
            d, (lx, ly) = _loop_d(boxes[e.source])
            end, before = None, None
        else:
            assert e.route is not None
            d = _path_d(e.route.points)
            lx, ly = e.route.label_at
            end, before = e.route.points[-1], e.route.points[-2]
        shapes.append(
            {
                "type": "path",
                "path": d,
                "line": {"color": e.colour[view], "width": e.width},
                "opacity": 0.85,
                "layer": "below",
            }
        )
        if end is not None and before is not None:
            sign = 1.0 if end[0] >= before[0] else -1.0
            x, y = end
            shapes.append(
                {
                    "type": "path",
                    "path": f"M{x:.1f},{y:.1f} L{x - 9 * sign:.1f},{y - 4:.1f} L{x - 9 * sign:.1f},{y + 4:.1f} Z",
                    "fillcolor": "#555",
                    "line": {"width": 0},
                }
            )
        if e.text[view]:
            notes.append(
                {
                    "x": lx,
                    "y": ly,
                    "text": escape(e.text[view]),
                    "showarrow": False,
                    "font": {"size": _EDGE_TEXT, "color": "#333"},
                    "bgcolor": "rgba(255,255,255,0.85)",
                }
            )
    for n in pmap.nodes:
        b = n.box
        fill = _node_fill(n, top, pmap.difference)
        shapes.append(
            {
                "type": "rect",
                "x0": b.left,
                "x1": b.left + b.width,
                "y0": b.top,
                "y1": b.top + b.height,
                "fillcolor": fill,
                "line": {"color": "#4a5568", "width": 1},
            }
        )
        count = (
            f"{_number(n.count - (n.count_b or 0))} | {_number(n.count_b)}"
            if n.count_b is not None
            else _number(n.count)
        )
        text = "<br>".join([*(escape(x) for x in n.lines), f"<b>{escape(count)}</b>"])
        notes.append(
            {
                "x": b.x,
                "y": b.y,
                "text": text,
                "showarrow": False,
                "font": {"size": _FONT, "color": _ink(fill)},
            }
        )
    w, h = math.ceil(pmap.width), math.ceil(pmap.height + 22)
    notes.append(
        {
            "x": 24,
            "y": h - 10,
            "xanchor": "left",
            "text": escape(f"{_shown_line(pmap)} · {pmap.caption}"),
            "showarrow": False,
            "font": {"size": 10, "color": "#555"},
        }
    )
    fig = go.Figure()
    fig.update_layout(
        shapes=shapes,
        annotations=notes,
        width=w,
        height=h,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        plot_bgcolor="white",
        paper_bgcolor="white",
        xaxis={"range": [0, w], "visible": False, "fixedrange": True},
        yaxis={"range": [h, 0], "visible": False, "fixedrange": True},
        font={"family": "Helvetica, Arial, sans-serif"},
        title=None,
        meta={"title": _t("title_difference" if pmap.difference else "title", lang)},
    )
    return fig


def write_process_map(
    pmap: ProcessMap, path: str | Path, *, view: str = "frequency"
) -> Path:
    """Write the map to ``path``: ``.html`` (sliders), ``.svg`` or ``.png``.

    The SVG and HTML are written by Python; the PNG by kaleido, which drives the
    Chrome or Edge on the machine (``ConfigError`` in one line when it finds none).
    Files are owner-only (0600), like every file the toolkit writes.
    """
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in (".html", ".svg", ".png"):
        raise ConfigError(
            f'a process map is written as .html, .svg or .png, not "{suffix or out.name}".'
        )
    with privacy.private_files():
        if suffix == ".html":
            out.write_text(process_map_html(pmap), encoding="utf-8")
        elif suffix == ".svg":
            out.write_text(process_map_svg_text(pmap, view=view), encoding="utf-8")
        else:
            from ipgar_metrics.figures._images import write_png

            write_png(fig_layered_map(pmap, view=view), out, scale=1.5)
    privacy.make_owner_only(out)
    return out
