"""The text alternative of a chart: its numbers as a table (WCAG 2.1, 1.1.1).

Read from the figure as the page draws it, so the table shows exactly what the chart
shows and nothing more (for the external report: the protected values with their
label, ``<10``). Bar and line charts give one row per x value and one column per
line or bar series; a heatmap gives its matrix. Confidence bands and the marks of
protected values are not series of their own. A chart of another kind (an area's own
figure in the internal report: a process map, a Sankey) has no table; its caption
and the text around it describe it.
"""

from __future__ import annotations

from typing import Any

#: How many decimals a value of each trace kind is shown with; percentages for shares.
_PERCENT = ("share", "survival")
_DIGITS = {"count": 0, "days": 0, "rate": 2}
#: A chart of more points (an internal curve of every event time) gets no table.
MAX_ROWS = 200


def _positions_only(layout: dict[str, Any]) -> bool:
    """Both axes hidden: the points are places in a drawing (a network), not values."""
    return all(
        (layout.get(axis) or {}).get("visible") is False for axis in ("xaxis", "yaxis")
    )


def chart_table(
    figure: dict[str, Any], lang: str
) -> tuple[list[str], list[list[str]]] | None:
    """Columns and rows of the table that says what ``figure`` shows, or None."""
    data = figure.get("data", [])
    layout = figure.get("layout", {})
    if not data or _positions_only(layout):
        return None
    if all(tr.get("type") == "heatmap" for tr in data) and len(data) == 1:
        return _heatmap(data[0], layout)
    if any(tr.get("type", "scatter") not in ("bar", "scatter") for tr in data):
        return None
    series = [
        (i, tr)
        for i, tr in enumerate(data)
        if _kind(tr) != "protected" and tr.get("fill") != "toself"
    ]
    if not series:
        return None
    horizontal = any(tr.get("orientation") == "h" for _, tr in series)
    cat, val = ("y", "x") if horizontal else ("x", "y")
    marks: dict[int, dict[str, str]] = {}
    for tr in data:
        if _kind(tr) == "protected":
            own = marks.setdefault(int(tr["meta"]["trace"]), {})
            own.update(
                zip(
                    (_category(c, lang) for c in _list(tr.get(cat))),
                    (str(t) for t in tr.get("text") or []),
                    strict=False,
                )
            )
    order: list[str] = []
    cells: list[dict[str, str]] = []
    for i, tr in series:
        got: dict[str, str] = {}
        values = _list(tr.get(val))
        kind = _kind(tr) or _untagged_kind(tr, values, layout, val)
        for c, v in zip(_list(tr.get(cat)), values, strict=False):
            got[_category(c, lang)] = _number(v, kind, lang)
        got.update(marks.get(i, {}))  # a mark names the trace it belongs to
        for c in got:
            if c not in order:
                order.append(c)
        cells.append(got)
    axis = layout.get("yaxis" if horizontal else "xaxis", {})
    columns = [_title(axis), *(_name(tr, lang) for _, tr in series)]
    rows = [[c, *(got.get(c, "–") for got in cells)] for c in order]
    return (columns, rows) if len(rows) <= MAX_ROWS else None


def _heatmap(
    trace: dict[str, Any], layout: dict[str, Any]
) -> tuple[list[str], list[list[str]]]:
    xs = [str(v) for v in _list(trace.get("x"))]
    ys = [str(v) for v in _list(trace.get("y"))]
    text = _matrix(trace.get("text"))
    z = _matrix(trace.get("z"))
    rows = []
    for r, name in enumerate(ys):
        row = [name]
        for c in range(len(xs)):
            shown = text[r][c] if r < len(text) and c < len(text[r]) else None
            value = z[r][c] if r < len(z) and c < len(z[r]) else None
            row.append(str(shown) if shown else _number(value, "count", "en"))
        rows.append(row)
    corner = f"{_title(layout.get('yaxis', {}))} \\ {_title(layout.get('xaxis', {}))}"
    return [corner, *xs], rows


def _kind(trace: dict[str, Any]) -> str:
    return str((trace.get("meta") or {}).get("kind", ""))


def _untagged_kind(
    trace: dict[str, Any], values: list[Any], layout: dict[str, Any], val: str
) -> str:
    """How to show a trace with no kind (an internal area's own figure).

    Its value axis says so when it shows percentages (a tick format ending in
    ``%``: a share, a survival curve); otherwise whole numbers are counts (no
    decimals), and other numbers keep one decimal.
    """
    suffix = str(trace.get(f"{val}axis") or val)[1:]  # "y2" -> "2"
    axis = layout.get(f"{val}axis{suffix}") or {}
    if str(axis.get("tickformat") or "").endswith("%"):
        return "share"
    numbers = [v for v in values if isinstance(v, int | float) and v == v]
    if numbers and all(float(v).is_integer() for v in numbers):
        return "count"
    return ""


def _name(trace: dict[str, Any], lang: str) -> str:
    return str(trace.get("name") or ("value" if lang == "en" else "waarde"))


def _title(axis: dict[str, Any]) -> str:
    title = axis.get("title") or {}
    text = str(title.get("text", "") if isinstance(title, dict) else title)
    return text.replace("<br>", " ")  # a title broken into lines (``fit_axis_titles``)


def _list(values: Any) -> list[Any]:
    """The values of a plotly data array (a plain list or a base64 typed array)."""
    if values is None:
        return []
    if isinstance(values, dict) and "bdata" in values:
        import base64

        import numpy as np

        arr = np.frombuffer(
            base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])
        )
        return [float(v) for v in arr.ravel()]
    return list(values) if isinstance(values, list) else []


def _category(value: Any, lang: str) -> str:
    """An x value as a row label: text as it is, a number with at most 2 decimals."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if value != value:  # NaN
        return "–"
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "nl" else text


def _matrix(values: Any) -> list[list[Any]]:
    """A plotly 2-D data array as rows (nested lists, or a typed array with a shape)."""
    if isinstance(values, dict) and "bdata" in values:
        flat = _list(values)
        shape = [int(n) for n in str(values.get("shape", "")).split(",") if n.strip()]
        if len(shape) != 2:
            return []
        return [flat[r * shape[1] : (r + 1) * shape[1]] for r in range(shape[0])]
    if isinstance(values, list):
        return [row if isinstance(row, list) else _list(row) for row in values]
    return []


def _number(value: Any, kind: str, lang: str) -> str:
    """A value as the table shows it: a count whole, a share as a percentage."""
    if value is None or isinstance(value, str) or value != value:  # NaN
        return "–" if not isinstance(value, str) else value
    if kind in _PERCENT:
        text = f"{100.0 * float(value):.0f}%"
    else:
        text = f"{float(value):.{_DIGITS.get(kind, 1)}f}"
    return text.replace(".", ",") if lang == "nl" else text
