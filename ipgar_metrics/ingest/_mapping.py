"""The mapping file: how an export's headers, labels and timestamps map to the canonical log.

A mapping file is TOML (see ``docs/store.md``)::

    export_date = 2026-11-01              # optional: the day the export was taken
    export_window = "full"                # optional: the export holds every event
    #   of this period (or ["2024-01-01", "2026-10-31"]); events of the store in it
    #   that the export lacks are deleted in the source (docs/store.md)
    [source]
    delimiter = ";"                       # optional; sniffed when absent
    encoding = "utf-8-sig"                # optional; utf-8 then cp1252 when absent
    timestamp_format = "%d-%m-%Y %H:%M"   # strptime format(s); absent = ISO 8601
    timezone = "Europe/Amsterdam"         # for naive local times
    sheet = "Export"                      # optional, for .xlsx
    special_categories = ["ideology"]     # opt-in: art. 9/10 columns load only so
    [columns]                             # export header -> canonical column
    "Casusnummer" = "case_id"
    [values.activity]                     # export label -> canonical code
    "Melding ontvangen" = "melding"
    [attributes]                          # profile generic: stored as pseudonyms
    identifying = ["applicant"]
    [relations.columns]                   # relations.csv (needs a DPIA; optional)
    "Persoon 1" = "case_id_a"
    [relations.values.relation]           # its labels -> relation types
    "Familie" = "familie"
    [locations.columns]                   # locations.csv (optional)
    "Locatie" = "location_id"

Without a mapping file the canonical column names are expected. A vocabulary file
(``vocabulary.toml`` beside the mapping, or ``vocabulary = "<path>"`` in it) adds
organisations, risk categories, ideologies and outcomes to the vocabulary
(``Vocabulary``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

from ipgar_metrics import config, privacy, schema
from ipgar_metrics.errors import ConfigError, ExportFormatError

#: Columns of the staging table, in order: canonical columns, lifecycle, the optional
#: registration date ("Geregistreerd op") and intervention type (schema version 6),
#: case attributes.
STAGE_COLUMNS: tuple[str, ...] = (
    *schema.CANONICAL_COLUMNS,
    "lifecycle",
    "registered_at",
    "intervention_type",
    *schema.CASE_ATTRIBUTES,
)
#: Columns that get a pseudonym at load, with their name space in ``privacy.pseudonym``.
PSEUDONYMISED: dict[str, str] = {
    "case_id": "case",
    "case_manager": "manager",
    "event_id": "event",
}
#: Pseudonymised columns whose values repeat over rows: each distinct value is hashed
#: once per file (``project_stage``); an event id is unique, so hashed per row.
_HASHED_ONCE = frozenset({"case_id", "case_manager"})
#: The standard attribute names of XES as pm4py writes them to CSV, and the column
#: each is: read as such by a load without a mapping file (as the XES reader reads
#: them: ``org:resource`` is who did the work, pseudonymised as ``case_manager``) and
#: recognised by ``inspect``.
XES_COLUMNS: dict[str, str] = {
    "case:concept:name": "case_id",
    "concept:name": "activity",
    "time:timestamp": "timestamp",
    "org:resource": "case_manager",
    "org:group": "org",
    "lifecycle:transition": "lifecycle",
}
#: Columns whose values may be translated by a ``[values.X]`` table.
VALUE_COLUMNS: tuple[str, ...] = (
    "activity",
    "outcome",
    "org",
    "life_domain",
    "lifecycle",
    "intervention_type",
    *schema.CASE_ATTRIBUTES,
)
_SOURCE_KEYS = {
    "delimiter",
    "encoding",
    "timestamp_format",
    "timezone",
    "sheet",
    "special_categories",
}
#: Columns of special categories of personal data (AVG art. 9/10): a mapping file
#: loads them only when its ``[source] special_categories`` names them.
SPECIAL_CATEGORIES: tuple[str, ...] = schema.SPECIAL_CATEGORIES
_ENCODINGS = {"utf-8", "utf-8-sig", "utf8", "cp1252", "windows-1252", "latin-1"}


#: The period of which an export holds every event: ``"full"`` (its whole history)
#: or the first and last local date (inclusive); see ``parse_export_window``.
ExportWindow = Literal["full"] | tuple[date, date]

#: The vocabulary file looked for beside the mapping file.
VOCABULARY_FILE = "vocabulary.toml"
#: Columns whose values outside the vocabulary load with a ``new_value`` flag.
GROWING_COLUMNS: tuple[str, ...] = ("org", "outcome", "risk_category", "ideology")


@dataclass(frozen=True)
class Vocabulary:
    """Codes a vocabulary file adds to ``schema``'s (loaded without a flag).

    ``orgs``: organisation code -> its domain; ``codes``: ``risk_category`` and
    ``ideology`` -> new codes; ``outcomes``: activity -> new outcome codes.
    """

    orgs: dict[str, str] = field(default_factory=dict)
    codes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    outcomes: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def merged(self, other: Vocabulary) -> Vocabulary:
        """A vocabulary of both: ``other`` extends this one (its domains win)."""

        def union(
            a: dict[str, tuple[str, ...]], b: dict[str, tuple[str, ...]]
        ) -> dict[str, tuple[str, ...]]:
            keys = sorted(set(a) | set(b))
            return {k: tuple(sorted({*a.get(k, ()), *b.get(k, ())})) for k in keys}

        return Vocabulary(
            {**self.orgs, **other.orgs},
            union(self.codes, other.codes),
            union(self.outcomes, other.outcomes),
        )

    def to_json(self) -> str:
        """The vocabulary as JSON, the form the store's ``meta`` table keeps."""
        doc = {"org": self.orgs, **self.codes, "outcome": self.outcomes}
        return json.dumps(doc, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> Vocabulary:
        """The vocabulary of ``to_json`` (empty for ``None``)."""
        doc = json.loads(text) if text else {}
        return cls(
            {str(k): str(v) for k, v in doc.get("org", {}).items()},
            {c: tuple(doc[c]) for c in ("risk_category", "ideology") if c in doc},
            {str(a): tuple(v) for a, v in doc.get("outcome", {}).items()},
        )


def load_vocabulary(path: Path) -> Vocabulary:
    """Read and check a vocabulary file (see ``docs/store.md``).

    Raises ``ConfigError`` (one line: the file and what is wrong) for a missing file,
    bad TOML, an unknown section, a domain or activity outside the vocabulary, or a
    code that is not a short text.
    """
    where = f"vocabulary file {path.name}"
    try:
        doc = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(
            f"{where} does not exist; create it or fix the path."
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot read {where}: {exc.strerror}.") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"{where} is not valid TOML ({_first_line(exc)}); fix it."
        ) from None
    unknown = sorted(set(doc) - set(GROWING_COLUMNS))
    if unknown or not all(isinstance(v, dict) for v in doc.values()):
        raise ConfigError(
            f"{where}: {', '.join(unknown) or 'a section'} is not a vocabulary table; "
            f"use [{'], ['.join(GROWING_COLUMNS)}]."
        )
    orgs = {}
    for code, domain in doc.get("org", {}).items():
        _require(domain, schema.DOMAINS, f"{where}: [org] gives the domain")
        orgs[_code(code, where, "org")] = domain
    codes = {}
    for col in ("risk_category", "ideology"):
        table = doc.get(col, {})
        if set(table) - {"codes"}:
            raise ConfigError(
                f'{where}: [{col}] takes one key, codes = ["..."]; remove the others.'
            )
        if table:
            codes[col] = _codes(table["codes"], where, col)
    outcomes = {}
    for activity, values in doc.get("outcome", {}).items():
        _require(
            activity, tuple(schema.OUTCOMES), f"{where}: [outcome] names the activity"
        )
        outcomes[activity] = _codes(values, where, f"outcome.{activity}")
    return Vocabulary(orgs, codes, outcomes)


def _require(value: object, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ConfigError(
            f'{what} "{str(value)[:40]}", which is not one of: {", ".join(allowed)}; fix it.'
        )


def _codes(values: object, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise ConfigError(f'{where}: {key} must be a list of codes, such as ["code"].')
    return tuple(_code(v, where, key) for v in values)


def _code(value: object, where: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        raise ConfigError(
            f"{where}: a code under {key} is not a text of 1 to 100 characters; fix it."
        )
    return value.strip()


def _vocabulary(doc: dict[str, Any], path: Path) -> Vocabulary:
    """The vocabulary the mapping names (``vocabulary = ...``), or the one beside it."""
    named = doc.get("vocabulary")
    if named is not None and not isinstance(named, str):
        raise ExportFormatError(
            f'mapping file {path.name}: vocabulary must be a path, such as "{VOCABULARY_FILE}".'
        )
    if named is not None:
        return load_vocabulary(path.parent / named)
    beside = path.parent / VOCABULARY_FILE
    return load_vocabulary(beside) if beside.is_file() else Vocabulary()


def shown_value(value: str) -> str:
    """How a message names a value outside the vocabulary: only by its masked shape.

    A value that is not a known code may be anything a misaligned row put there (a
    case number, a person's name), so it is never shown: ``wijkteam_zuid`` ->
    ``shape aaaaaaaa_aaaa``, ``Jan de Vries`` -> ``shape Aaa aa Aaaaa``
    (``privacy.masked_shape``).
    """
    return f"shape {privacy.masked_shape(str(value))}"


@dataclass(frozen=True)
class SideTable:
    """The mapping of ``relations.csv`` or ``locations.csv``: ``[relations]``/``[locations]``.

    ``columns``: export header -> canonical column (``schema.RELATION_COLUMNS`` or
    ``LOCATION_COLUMNS``); ``values``: export label -> relation type (only
    ``[relations.values.relation]``); ``delimiter``: the file's delimiter (sniffed
    when absent, independent of the events' ``[source]``).
    """

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    delimiter: str | None = None


@dataclass(frozen=True)
class Mapping:
    """A parsed mapping file (or the default: canonical names, ISO timestamps)."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    delimiter: str | None = None
    encoding: str | None = None
    timestamp_formats: tuple[str, ...] = ()
    timezone: str = config.TIMEZONE
    sheet: str | None = None
    sha256: str | None = None
    name: str | None = None
    #: the day the export was taken (top-level ``export_date``), when the file says
    export_date: date | None = None
    #: codes the vocabulary file adds (empty without one)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    #: the period the export holds completely (top-level ``export_window``), or None
    export_window: ExportWindow | None = None
    #: special categories the mapping opts in to (``[source] special_categories``)
    special_categories: tuple[str, ...] = ()
    #: attributes of a generic log stored as pseudonyms (``[attributes] identifying``)
    identifying_attributes: tuple[str, ...] = ()
    #: the mapping of the optional relations and key-locations exports
    relations: SideTable = field(default_factory=SideTable)
    locations: SideTable = field(default_factory=SideTable)

    def header_for(self, target: str) -> str | None:
        """The export header mapped to ``target``, if the mapping names one."""
        for header, tgt in self.columns.items():
            if tgt == target:
                return header
        return None

    def describe_format(self) -> str:
        """The expected timestamp form, for messages (``dd-mm-jjjj uu:mm``)."""
        if not self.timestamp_formats:
            return "ISO 8601 (jjjj-mm-dd uu:mm[:ss][+01:00])"
        fmt = self.timestamp_formats[0]
        for code, text in (
            ("%d", "dd"),
            ("%m", "mm"),
            ("%Y", "jjjj"),
            ("%H", "uu"),
            ("%M", "mm"),
            ("%S", "ss"),
        ):
            fmt = fmt.replace(code, text)
        return fmt


#: A timestamp form reads a full date: a year, and a month and day (or day of year).
_DATE_PARTS: tuple[tuple[str, ...], ...] = (
    ("%Y", "%y", "%-y", "%G"),
    ("%m", "%-m", "%b", "%B", "%h", "%j", "%-j", "%V"),
    ("%d", "%-d", "%j", "%-j", "%u", "%a", "%A", "%w"),
)


def _check_timestamp_format(fmt: str, name: str) -> None:
    """Raise ``ExportFormatError`` unless DuckDB's strptime reads ``fmt`` as a date form."""
    con = duckdb.connect()
    try:
        con.execute("SELECT try_strptime('2000-01-01', $f)", {"f": fmt}).fetchall()
        valid = True
    except duckdb.Error:
        valid = False
    finally:
        con.close()
    if not valid or not all(any(p in fmt for p in part) for part in _DATE_PARTS):
        raise ExportFormatError(
            f'mapping file {name}: [source] timestamp_format "{fmt[:40]}" is not a '
            "date form strptime can read; write it with %d, %m, %Y, %H, %M and %S, "
            'e.g. "%d-%m-%Y %H:%M", or leave it out for ISO 8601.'
        )


def load_mapping(path: str | os.PathLike[str] | None) -> Mapping:
    """Read and check a mapping file; ``None`` gives the default mapping.

    Raises ``ExportFormatError`` (one line, what to fix) for a missing file, bad TOML,
    unknown sections or keys, or a header mapped to an unknown canonical column;
    ``ConfigError`` for a malformed vocabulary file (``load_vocabulary``).
    """
    if path is None:
        return Mapping()
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ExportFormatError(f"mapping file {p} does not exist.") from None
    except OSError as exc:
        raise ExportFormatError(
            f"cannot read mapping file {p}: {exc.strerror}."
        ) from None
    try:
        doc = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ExportFormatError(
            f"mapping file {p.name} is not valid TOML ({_first_line(exc)}); fix it."
        ) from None
    top = {
        "source",
        "columns",
        "values",
        "export_date",
        "export_window",
        "vocabulary",
        "attributes",
        "relations",
        "locations",
    }
    unknown = set(doc) - top
    if unknown:
        raise ExportFormatError(
            f"mapping file {p.name} has unknown section(s) {', '.join(sorted(unknown))}; "
            "use export_date, export_window, vocabulary, [source], [columns], "
            "[values.<column>], [attributes], [relations.columns], "
            "[relations.values.relation] and [locations.columns]."
        )
    source = _table(doc, "source", p)
    bad = set(source) - _SOURCE_KEYS
    if bad:
        raise ExportFormatError(
            f"mapping file {p.name}: unknown key(s) {', '.join(sorted(bad))} in [source]; "
            f"choose from {', '.join(sorted(_SOURCE_KEYS))}."
        )
    columns = {str(k).strip(): v for k, v in _table(doc, "columns", p).items()}
    for header, target in columns.items():
        if target not in STAGE_COLUMNS:
            raise ExportFormatError(
                f'mapping file {p.name}: column "{header}" maps to unknown column '
                f'"{target}"; choose one of: {", ".join(STAGE_COLUMNS)}.'
            )
    targets = list(columns.values())
    dupes = sorted({t for t in targets if targets.count(t) > 1})
    if dupes:
        raise ExportFormatError(
            f"mapping file {p.name}: several headers map to {', '.join(dupes)}; "
            "map one header to each column."
        )
    special = _special_categories(source.get("special_categories", []), p.name)
    for header, target in columns.items():
        if target in SPECIAL_CATEGORIES and target not in special:
            raise ExportFormatError(
                f'mapping file {p.name} maps "{header}" to {target}, a special category '
                "of personal data (AVG art. 9/10) that loads only on purpose; add "
                f'special_categories = ["{target}"] under [source] if the analysis '
                "needs it, or remove the line from [columns]."
            )
    values: dict[str, dict[str, str]] = {}
    for col, table in _table(doc, "values", p).items():
        if col not in VALUE_COLUMNS or not isinstance(table, dict):
            raise ExportFormatError(
                f"mapping file {p.name}: [values.{col}] is not a value table; "
                f"use one of: {', '.join(VALUE_COLUMNS)}."
            )
        values[col] = {str(k).strip(): str(v) for k, v in table.items()}
    fmts = source.get("timestamp_format", ())
    fmts = (fmts,) if isinstance(fmts, str) else fmts
    if not isinstance(fmts, list | tuple) or not all(isinstance(f, str) for f in fmts):
        raise ExportFormatError(
            f"mapping file {p.name}: [source] timestamp_format must be a text such as "
            '"%d-%m-%Y %H:%M", or a list of them.'
        )
    fmts = tuple(fmts)
    for fmt in fmts:
        _check_timestamp_format(fmt, p.name)
    encoding = source.get("encoding")
    if encoding is not None and str(encoding).lower() not in _ENCODINGS:
        raise ExportFormatError(
            f'mapping file {p.name}: encoding "{encoding}" is not supported; use '
            "utf-8, utf-8-sig or cp1252."
        )
    delimiter = source.get("delimiter")
    if delimiter is not None and (
        not isinstance(delimiter, str) or len(delimiter) != 1
    ):
        raise ExportFormatError(
            f'mapping file {p.name}: delimiter must be one character, such as ";".'
        )
    timezone = str(source.get("timezone", config.TIMEZONE))
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ExportFormatError(
            f'mapping file {p.name}: unknown timezone "{timezone}"; use a name such as '
            '"Europe/Amsterdam".'
        ) from None
    return Mapping(
        columns=columns,
        values=values,
        delimiter=delimiter,
        encoding=str(encoding).lower() if encoding else None,
        timestamp_formats=fmts,
        timezone=timezone,
        sheet=source.get("sheet"),
        sha256=hashlib.sha256(data).hexdigest(),
        name=p.name,
        export_date=_export_date(doc.get("export_date"), p),
        vocabulary=_vocabulary(doc, p),
        export_window=_mapping_window(doc.get("export_window"), p),
        special_categories=special,
        identifying_attributes=_identifying(_table(doc, "attributes", p), p.name),
        relations=_side_table(doc, "relations", schema.RELATION_COLUMNS, p),
        locations=_side_table(doc, "locations", schema.LOCATION_COLUMNS, p),
    )


def _identifying(table: dict[str, Any], name: str) -> tuple[str, ...]:
    """``[attributes] identifying``: names of generic attributes stored as pseudonyms."""
    bad = set(table) - {"identifying"}
    value = table.get("identifying", [])
    if bad or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ExportFormatError(
            f"mapping file {name}: [attributes] takes one key, identifying, a list of "
            'attribute names such as ["org:resource2", "applicant"].'
        )
    return tuple(v.strip() for v in value)


def _side_table(
    doc: dict[str, Any], name: str, canonical: tuple[str, ...], path: Path
) -> SideTable:
    """``[relations]`` or ``[locations]`` of a mapping file, checked (one-line errors)."""
    table = _table(doc, name, path)
    allowed = {"columns", "delimiter"} | ({"values"} if name == "relations" else set())
    bad = set(table) - allowed
    if bad:
        raise ExportFormatError(
            f"mapping file {path.name}: unknown key(s) {', '.join(sorted(bad))} in "
            f"[{name}]; use {', '.join(f'[{name}.{k}]' for k in sorted(allowed - {'delimiter'}))} "
            "and delimiter."
        )
    columns = {str(k).strip(): v for k, v in _table(table, "columns", path).items()}
    for header, target in columns.items():
        if target not in canonical:
            raise ExportFormatError(
                f'mapping file {path.name}: [{name}.columns] maps "{header}" to '
                f'unknown column "{target}"; choose one of: {", ".join(canonical)}.'
            )
    targets = list(columns.values())
    dupes = sorted({t for t in targets if targets.count(t) > 1})
    if dupes:
        raise ExportFormatError(
            f"mapping file {path.name}: several headers of [{name}.columns] map to "
            f"{', '.join(dupes)}; map one header to each column."
        )
    values: dict[str, str] = {}
    for col, labels in _table(table, "values", path).items():
        if col != "relation" or not isinstance(labels, dict):
            raise ExportFormatError(
                f"mapping file {path.name}: [{name}.values.{col}] is not a value "
                "table; use [relations.values.relation]."
            )
        for label, code in labels.items():
            if code not in schema.RELATION_TYPES:
                raise ExportFormatError(
                    f"mapping file {path.name}: [relations.values.relation] maps a "
                    f'label to "{str(code)[:40]}"; choose one of: '
                    f"{', '.join(schema.RELATION_TYPES)}."
                )
            values[str(label).strip()] = str(code)
    delimiter = table.get("delimiter")
    if delimiter is not None and (
        not isinstance(delimiter, str) or len(delimiter) != 1
    ):
        raise ExportFormatError(
            f'mapping file {path.name}: [{name}] delimiter must be one character, such as ";".'
        )
    return SideTable(columns, values, delimiter)


def _special_categories(value: object, name: str) -> tuple[str, ...]:
    """The ``[source] special_categories`` list, checked against ``SPECIAL_CATEGORIES``."""
    allowed = ", ".join(f'"{c}"' for c in SPECIAL_CATEGORIES)
    if not isinstance(value, list) or not all(v in SPECIAL_CATEGORIES for v in value):
        raise ExportFormatError(
            f"mapping file {name}: [source] special_categories must be a list of "
            f"{allowed} (the ones the analysis needs), such as [{allowed}]."
        )
    return tuple(dict.fromkeys(value))


def parse_export_window(value: object) -> ExportWindow:
    """An export window from ``"full"`` or two dates (``date`` or ``"YYYY-MM-DD"``).

    Raises ``ValueError`` saying what is wrong (the caller names where it came from).
    """
    if isinstance(value, str) and value.strip().lower() == "full":
        return "full"
    if isinstance(value, list | tuple) and len(value) == 2:
        first, last = (_window_date(v) for v in value)
        if first > last:
            raise ValueError(
                f"the first date {first} is after the last date {last}; swap them"
            )
        return (first, last)
    raise ValueError('give "full" or two dates FIRST LAST in the form YYYY-MM-DD')


def export_window_text(window: ExportWindow | None) -> str | None:
    """How ``loads.export_window`` records a window: ``full``, ``FIRST..LAST`` or None."""
    if window is None or window == "full":
        return window
    return f"{window[0].isoformat()}..{window[1].isoformat()}"


def _window_date(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(
            'a date of the window is not in the form YYYY-MM-DD; give "full" or '
            "two dates FIRST LAST"
        ) from None


def _mapping_window(value: object, path: Path) -> ExportWindow | None:
    """The mapping's top-level ``export_window``, or None."""
    if value is None:
        return None
    try:
        return parse_export_window(value)
    except ValueError as exc:
        raise ExportFormatError(
            f"mapping file {path.name}: export_window: {exc} (export_window = "
            '"full" or ["2024-01-01", "2026-10-31"], above the first [section]).'
        ) from None


def _export_date(value: object, path: Path) -> date | None:
    """The mapping's top-level ``export_date`` (a TOML date or "YYYY-MM-DD"), or None."""
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ExportFormatError(
            f"mapping file {path.name}: export_date is not a date; write it as "
            "export_date = 2026-11-01 above the first [section]."
        ) from None


def _table(doc: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    value = doc.get(name, {})
    if not isinstance(value, dict):
        raise ExportFormatError(f"mapping file {path.name}: [{name}] must be a table.")
    return value


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def column_map(headers: list[str], mapping: Mapping, name: str) -> dict[str, str]:
    """Canonical column -> header of the file; raises when a required one is missing."""
    colmap: dict[str, str] = {}
    stripped = {h.strip(): h for h in headers}
    if mapping.columns:
        for header, target in mapping.columns.items():
            if header in stripped:
                colmap[target] = stripped[header]
    else:
        lowered = {h.strip().lower(): h for h in headers}
        for col in STAGE_COLUMNS:
            if col in lowered:
                colmap[col] = lowered[col]
        for header, col in XES_COLUMNS.items():  # pm4py's CSV, where no canonical name
            if col not in colmap and header in stripped:
                colmap[col] = stripped[header]
    missing = [c for c in schema.REQUIRED_COLUMNS if c not in colmap]
    if missing and not is_case_table(colmap):
        want = [mapping.header_for(c) or c for c in missing]
        target = "" if want == missing else f" (for {', '.join(missing)})"
        shown = ", ".join(mask_header(h, mapping) for h in headers[:12])
        hint = "Fix the header or the [columns] table of the mapping file."
        if len(headers) == 1 and any(d in headers[0] for d in ";,\t|"):
            hint = "The header looks like one column: set the delimiter under [source]."
        raise ExportFormatError(
            f"{name} has no column {', '.join(want)}{target}; found: {shown}. {hint}"
        )
    dupes = [h for h in headers if headers.count(h) > 1]
    if dupes:
        raise ExportFormatError(
            f"{name} has the column {mask_header(dupes[0], mapping)} twice; rename one."
        )
    return colmap


def is_case_table(colmap: dict[str, str]) -> bool:
    """A case table: a case id and case attributes, but no activity and no timestamp."""
    return (
        "case_id" in colmap
        and "activity" not in colmap
        and "timestamp" not in colmap
        and any(a in colmap for a in schema.CASE_ATTRIBUTES)
    )


def quote_ident(identifier: str) -> str:
    """A SQL identifier in double quotes (quotes inside doubled)."""
    return '"' + identifier.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """A SQL string literal (quotes inside doubled)."""
    return "'" + text.replace("'", "''") + "'"


def known_header(h: str, mapping: Mapping | None = None) -> bool:
    """True when ``h`` is a header the toolkit knows: canonical, XES standard or mapped."""
    text = str(h).strip()
    return (
        text.lower() in STAGE_COLUMNS
        or text in XES_COLUMNS
        or (mapping is not None and text in mapping.columns)
    )


def mask_header(h: str, mapping: Mapping | None = None, *, known: bool = False) -> str:
    """A header for a message: in quotes when it is known, else only its masked shape.

    Known: a canonical column name, a header of ``mapping``'s ``[columns]``, or what
    the caller recognised (``known=True``). Any other header may be a data value (an
    export without its header row has a case number or a name there):
    ``shape A####-######``.
    """
    text = str(h)
    if known or known_header(text, mapping):
        return f'"{text[:40]}"'
    return f"shape {privacy.masked_shape(text)}"


def trim_cell(expr: str) -> str:
    r"""SQL for ``expr`` without white space (space, tab, CR, LF) at either end.

    The same text as ``trim(expr, ' \t\r\n')``, which DuckDB runs character by
    character (13 cells: 6.4 s per million rows on one thread, 0.8 s with the test
    below, ``docs/scaling.md``). Most cells need no trim, and byte tests find them:
    VARCHARs compare bytewise, so ``expr < '!'`` holds when the first byte is at most
    a space (or the cell is empty); ``suffix`` tests the last byte. Only a cell that
    passes a test is trimmed. ``expr`` is a column or a cast of one (it is repeated).
    """
    ends = " OR ".join(f"suffix({expr}, chr({c}))" for c in (32, 9, 10, 13))
    return (
        f"CASE WHEN {expr} < '!' OR {ends} THEN trim({expr}, ' \t\r\n') ELSE {expr} END"
    )


def project_stage(
    con: duckdb.DuckDBPyConnection,
    index: int,
    source: str,
    headers: list[str],
    colmap: dict[str, str],
    rowhash: str | None,
    params: dict[str, object],
    extras: list[str] = (),  # type: ignore[assignment]
    *,
    parallel: bool = False,
) -> int | None:
    """Create ``_stage_<index>`` from ``source``; returns the number of rows.

    The generated SELECT reads only the mapped cells (``colmap``; the others never
    leave ``source``), as trimmed text, pseudonymises the
    identifying columns in the same statement (``_pseudo``, after normalisation),
    and adds ``_row`` (the data row of the file, numbered as the source gives them),
    ``_rowhash``, ``_long``, ``_formula``, ``_extra`` for the checks and
    ``_lookalike`` (``_lookalike_of`` the case id) for the quality flags; the row
    hash (exact duplicates) covers the mapped cells only. Identifiers come from the
    file's header and are quoted; values are never spliced in.

    The case and case-manager ids repeat on many rows (a case has about 32 events):
    each distinct one is pseudonymised once, in a subquery of the same statement
    that reads them from ``source`` a second time, joined back to the rows
    (``_HASHED_ONCE``). The raw ids never reach a table, and no raw row is held
    (nothing is materialised: the rows stream past the join, whose build side holds
    the distinct ids and their pseudonyms). The rows may leave the statement in
    another order, so ``_row`` comes from the numbering, not from the table's row
    order.

    ``parallel``: the source is a parallel reader that keeps the file's order
    (``_csv_reader``); every row's ids are hashed (a join would not keep that order)
    and ``_row`` is the table's row order, ``rowid + 1``, so DuckDB spreads the
    hashing over its threads. Returns ``None`` without reading anything when DuckDB's
    plan would not keep the order (it must write the table in batches, in order):
    then stage with the sequential reader.
    """
    # Two layers: every mapped cell is cast once (raw_<i>) and trimmed once
    # (clean_<i>), so the checks below do not repeat the work per column. Only the
    # mapped columns are read (data minimisation): an unmapped column never leaves
    # the source, not even into the row hash.
    mapped = list(colmap.values())
    raw_name = {h: f"raw_{i}" for i, h in enumerate(headers) if h in mapped}
    raw_name.update({h: f"extra_{i}" for i, h in enumerate(extras)})
    raws = [f"CAST({quote_ident(h)} AS VARCHAR) AS {raw_name[h]}" for h in raw_name]
    if rowhash is not None:  # a column of a registered frame
        raws.append(f"{quote_ident(rowhash)} AS _given_rowhash")
    cleans = [
        f"nullif({trim_cell(raw_name[h])}, '') AS clean_{raw_name[h]}" for h in mapped
    ]
    limit = config.MAX_CELL_CHARS
    if rowhash is None:
        parts = ", ".join(f"coalesce({raw_name[h]}, chr(30))" for h in mapped)
        rowhash_expr = f"md5(concat_ws(chr(31), {parts}))"
    else:
        rowhash_expr = "_given_rowhash"
    # strlen (bytes) is O(1); length (characters) is only counted for long cells
    longs = " ".join(
        f"WHEN strlen({raw_name[h]}) > {limit} AND length({raw_name[h]}) > {limit} "
        f"THEN {quote_literal(h)}"
        for h in mapped
    )
    formulas = " ".join(
        f"WHEN starts_with(clean_{raw_name[h]}, '=') THEN {quote_literal(h)}"
        for h in mapped
    )
    extra = " ".join(f"WHEN {raw_name[h]} IS NOT NULL THEN 'extra'" for h in extras)
    select = ["_row", f"{index} AS _file", f"{rowhash_expr} AS _rowhash"]
    select.append(f"CASE {longs} END AS _long" if longs else "NULL AS _long")
    select.append(
        f"CASE {formulas} END AS _formula" if formulas else "NULL AS _formula"
    )
    select.append(f"CASE {extra} END AS _extra" if extra else "NULL AS _extra")
    # one subquery per identifier column hashed once per distinct value: (v, p)
    # pairs, joined back on v; the case ids' subquery also gives the look-alike
    pairs: list[str] = []
    ids: list[str] = []
    joins: list[str] = []
    case_header = colmap.get("case_id")
    if case_header is None:
        lookalike = "CAST(NULL AS VARCHAR)"
    elif parallel:
        lookalike = f"_lookalike_of(left(clean_{raw_name[case_header]}, {limit}))"
    else:
        lookalike = "_ids_case_id.l"
    # the case this case id looks like (look-alike letters), or NULL
    select.append(f"{lookalike} AS _lookalike")
    for col in STAGE_COLUMNS:
        h = colmap.get(col)
        expr = (
            f"left(clean_{raw_name[h]}, {limit})"
            if h is not None
            else "CAST(NULL AS VARCHAR)"
        )
        if col in PSEUDONYMISED:
            kind = PSEUDONYMISED[col]
            prefix, space = quote_literal(kind[0].upper()), quote_literal(kind)
            if h is not None and col in _HASHED_ONCE and not parallel:
                pseudo = f"_pseudo({prefix}, {space}, v)"
                extra_col = ", _lookalike_of(v) AS l" if col == "case_id" else ""
                # the same cell as clean_<raw>, read from the source again
                cell = f"CAST({quote_ident(h)} AS VARCHAR)"
                pairs.append(f"left(nullif({trim_cell(cell)}, ''), {limit}) AS {col}")
                ids.append(
                    f"_ids_{col} AS (SELECT v, {pseudo} AS p{extra_col} FROM "  # noqa: S608 - fixed names
                    f"(SELECT DISTINCT {col} AS v FROM _id_pairs) WHERE v IS NOT NULL)"
                )
                joins.append(f"LEFT JOIN _ids_{col} ON _ids_{col}.v = {expr}")
                expr = f"_ids_{col}.p"
            else:
                expr = f"_pseudo({prefix}, {space}, {expr})"
        select.append(f"{expr} AS {col}")
    # numbered as read; a parallel read is numbered from the table's order below
    row = "CAST(NULL AS BIGINT)" if parallel else "row_number() OVER ()"
    numbered = f"{row} AS _row, {', '.join(raws)}"
    layer1 = f"SELECT {numbered} FROM {source}"  # noqa: S608 - identifiers quoted
    layer2 = f"SELECT *{''.join(', ' + c for c in cleans)} FROM ({layer1})"  # noqa: S608
    # the subqueries read the source a second time (its id columns only, distinct
    # pairs of case and case manager: a few per case) rather than a copy of the raw
    # rows that could spill to disk (DuckDB materialises a CTE that is read twice)
    ctes = ""
    if ids:
        distinct = f"_id_pairs AS (SELECT DISTINCT {', '.join(pairs)} FROM {source})"  # noqa: S608 - identifiers quoted
        ctes = f"WITH {', '.join([distinct, *ids])} "
    body = f"{ctes}SELECT {', '.join(select)} FROM ({layer2}) AS _src {' '.join(joins)}"  # noqa: S608
    sql = f"CREATE OR REPLACE TEMP TABLE _stage_{index} AS {body}"
    if parallel and not _writes_in_order(con, sql, params):
        return None
    con.execute(sql, params).fetchall()
    if parallel:
        con.execute(f"UPDATE _stage_{index} SET _row = rowid + 1").fetchall()  # noqa: S608 - fixed names
    return con.execute(f"SELECT count(*) FROM _stage_{index}").fetchall()[0][0]  # noqa: S608


def _writes_in_order(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object]
) -> bool:
    """Whether DuckDB's plan for ``sql`` (a CREATE TABLE AS) keeps the rows' order.

    DuckDB keeps the order of a parallel read when every operator of the pipeline
    does (projections do) and the table is then written batch by batch in order
    (``BATCH_CREATE_TABLE_AS``); otherwise the threads' rows would interleave.
    """
    plan = con.execute(f"EXPLAIN (FORMAT json) {sql}", params).fetchall()
    return '"BATCH_CREATE_TABLE_AS"' in "".join(str(row[-1]) for row in plan)
