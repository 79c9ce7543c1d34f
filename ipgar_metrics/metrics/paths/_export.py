"""Write the (filtered) log as XES or CSV, for Disco, ProM, Apromore or pm4py.

The quickest route to another tool's views: the events the connection shows (after
a ``filtered`` block, only the kept cases) in the store's order, identified by their
pseudonyms only. XES follows IEEE 1849 with the concept, time, organizational and
lifecycle extensions; the CSV has one row per event with the same columns and is
spreadsheet-safe. Special categories (ideology, risk category) are never exported.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Final

import duckdb
import pandas as pd

from ipgar_metrics import config, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics._episodes import reference_time, require_as_of

#: Export formats by file suffix.
FORMATS: Final[dict[str, str]] = {".xes": "xes", ".xes.gz": "xes", ".csv": "csv"}

#: Event columns and their XES keys (``None`` values are left out of an event).
_XES_KEYS: Final[dict[str, str]] = {
    "org": "org:group",
    "resource": "org:resource",
    "lifecycle": "lifecycle:transition",
    "life_domain": "life_domain",
    "outcome": "outcome",
}


def export_format(path: str | os.PathLike[str]) -> str:
    """``xes`` or ``csv`` from the file name (``.xes``, ``.xes.gz``, ``.csv``)."""
    name = Path(path).name.lower()
    for suffix, fmt in sorted(FORMATS.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(suffix):
            return fmt
    raise ConfigError(
        f"cannot tell the format of {Path(path).name}: name the file .xes, .xes.gz or .csv."
    )


def export_log(
    con: duckdb.DuckDBPyConnection,
    *,
    out: str | os.PathLike[str],
    as_of: date | datetime,
) -> dict[str, int]:
    """Write the events the connection shows up to ``as_of`` to ``out``.

    The format follows the name: ``.xes`` or ``.xes.gz`` (XES, one trace per case,
    ``concept:name`` the pseudonym, trace attribute ``report_source`` where known),
    ``.csv`` (columns ``case_id, activity, timestamp, org, resource, lifecycle,
    life_domain, outcome, report_source``, then one column per stored attribute of a
    generic log, ``case:<name>`` for a case attribute; spreadsheet-safe). The stored
    attributes of a generic log are written back too: in XES as trace and event
    attributes of their type (date, int, float, else string); the store's snapshot
    id is the log attribute ``ipgar:snapshot``. Timestamps are local ISO 8601 with
    their offset, to the millisecond. Returns ``{"cases", "events"}``.
    """
    require_as_of(as_of, "export_log")
    fmt = export_format(out)
    ts = reference_time(con, as_of)
    frame = store.sql_frame(con, "paths/export_events", as_of=ts)
    if frame.empty:
        raise ConfigError(
            "no event to export at or before the as-of date; choose a later --as-of."
        )
    frame["ts"] = pd.to_datetime(frame["ts"], utc=True).dt.tz_convert(config.TIMEZONE)
    attrs = store.sql_frame(con, "paths/export_attributes", as_of=ts)
    path = Path(out)
    if fmt == "csv":
        _write_csv(_with_attribute_columns(frame, attrs), path)
    else:
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "wt", encoding="utf-8", newline="\n") as handle:
            _write_xes(frame, handle, attrs, store.snapshot(con).get("snapshot_id"))
    return {"cases": int(frame["case_id"].nunique()), "events": len(frame)}


def _iso(ts: pd.Timestamp) -> str:
    return ts.isoformat(timespec="milliseconds")


def _with_attribute_columns(frame: pd.DataFrame, attrs: pd.DataFrame) -> pd.DataFrame:
    """The events with one column per stored attribute (a case one as ``case:<name>``).

    A name equal to a column the export already writes gets the prefix ``attr:``.
    """
    out = frame.copy()
    if attrs.empty:
        return out
    attrs = attrs.copy()
    is_case = attrs["event_key"].isna()
    attrs["column"] = attrs["name"].where(~is_case, "case:" + attrs["name"])
    taken = set(out.columns) | {"timestamp"}
    attrs["column"] = attrs["column"].map(lambda c: f"attr:{c}" if c in taken else c)
    events = attrs[~is_case].pivot(
        index="event_key", columns="column", values="value_text"
    )
    cases = attrs[is_case].pivot(index="case_id", columns="column", values="value_text")
    out = out.join(events, on="event_key").join(cases, on="case_id")
    return out


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    from ipgar_metrics.spreadsheet import spreadsheet_safe

    frame = frame.drop(columns=["event_key"])
    out = frame.rename(columns={"ts": "timestamp"}).copy()
    out["timestamp"] = out["timestamp"].map(_iso)
    spreadsheet_safe(out).to_csv(path, index=False, lineterminator="\n")


def _write_xes(
    frame: pd.DataFrame,
    handle: IO[str],
    attrs: pd.DataFrame | None = None,
    snapshot: str | None = None,
) -> None:
    handle.writelines(_xes_lines(frame, _attribute_lines(attrs), snapshot))


#: The stored attributes as XES elements: event_key or case_id -> lines
_AttrLines = tuple[dict[str, list[str]], dict[str, list[str]]]


def _attribute_lines(attrs: pd.DataFrame | None) -> _AttrLines:
    """The XES elements of the stored attributes, of events and of cases."""
    from xml.sax.saxutils import quoteattr  # pulls in urllib: only when writing XES

    events: dict[str, list[str]] = {}
    cases: dict[str, list[str]] = {}
    if attrs is None or attrs.empty:
        return events, cases
    for row in attrs.itertuples(index=False):
        if row.xes_type == "date":
            value = _iso(pd.Timestamp(row.value_iso).tz_convert(config.TIMEZONE))
        else:
            value = str(row.value_text)
        element = f"<{row.xes_type} key={quoteattr(str(row.name))} value={quoteattr(value)}/>\n"
        if isinstance(row.event_key, str):
            events.setdefault(row.event_key, []).append("      " + element)
        else:
            cases.setdefault(str(row.case_id), []).append("    " + element)
    return events, cases


def _xes_lines(
    frame: pd.DataFrame, attrs: _AttrLines = ({}, {}), snapshot: str | None = None
) -> Iterator[str]:
    from xml.sax.saxutils import quoteattr  # pulls in urllib: only when writing XES

    event_attrs, case_attrs = attrs
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">\n'
    for name, prefix, uri in (
        ("Concept", "concept", "http://www.xes-standard.org/concept.xesext"),
        ("Time", "time", "http://www.xes-standard.org/time.xesext"),
        ("Organizational", "org", "http://www.xes-standard.org/org.xesext"),
        ("Lifecycle", "lifecycle", "http://www.xes-standard.org/lifecycle.xesext"),
    ):
        yield f'  <extension name="{name}" prefix="{prefix}" uri="{uri}"/>\n'
    yield '  <global scope="trace">\n'
    yield '    <string key="concept:name" value=""/>\n'
    yield "  </global>\n"
    yield '  <global scope="event">\n'
    yield '    <string key="concept:name" value=""/>\n'
    yield '    <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>\n'
    yield "  </global>\n"
    yield '  <classifier name="Activity" keys="concept:name"/>\n'
    if snapshot:  # the data the log came from (a log attribute)
        yield f'  <string key="ipgar:snapshot" value={quoteattr(snapshot)}/>\n'
    for case_id, events in frame.groupby("case_id", sort=False):
        yield "  <trace>\n"
        yield f'    <string key="concept:name" value={quoteattr(str(case_id))}/>\n'
        source = events["report_source"].iloc[0]
        if isinstance(source, str):
            yield f'    <string key="report_source" value={quoteattr(source)}/>\n'
        yield from case_attrs.get(str(case_id), [])
        for row in events.itertuples(index=False):
            yield "    <event>\n"
            yield f'      <string key="concept:name" value={quoteattr(str(row.activity))}/>\n'
            yield f'      <date key="time:timestamp" value="{_iso(row.ts)}"/>\n'
            for column, key in _XES_KEYS.items():
                value = getattr(row, column)
                if isinstance(value, str):
                    yield f'      <string key="{key}" value={quoteattr(value)}/>\n'
            yield from event_attrs.get(str(row.event_key), [])
            yield "    </event>\n"
        yield "  </trace>\n"
    yield "</log>\n"
