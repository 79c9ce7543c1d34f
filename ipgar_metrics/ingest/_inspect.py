"""Inspect a real export before its first load: columns, types, labels, a draft mapping.

``inspect_export(path)`` reads a CSV, Excel or Parquet export as text and profiles each
column: its detected type (identifier, timestamp, number, label, text), the date
formats its timestamps use, the distinct labels of label columns with their counts,
and the canonical column it probably maps to (recognised by header words, and for
identifiers also by value shape such as ``R2016-000001``). Identifying columns
(case id, case manager, event id, and any column whose values look like ids) show only
a masked shape (``R####-######``) and the number of distinct values, never a value.
A label is shown only when it is recognised as a label of the vocabulary (an exact,
word or guessed match), a header only when its words name a canonical column: any
other cell may be a name or a number a misaligned row put there (an export without
its header row has data in the header), so it is shown and drafted only as its
masked shape (``privacy.masked_shape``).

``ExportProfile.draft_mapping()`` writes a mapping file (``ingest/_mapping.py``) with
what could be recognised; what the analyst must fill in is marked ``INVULLEN``.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from ipgar_metrics import config, labels, privacy, schema
from ipgar_metrics.errors import ConfigError, ExportFormatError
from ipgar_metrics.ingest._checks import date_formats as date_parts
from ipgar_metrics.ingest._mapping import (
    PSEUDONYMISED,
    VALUE_COLUMNS,
    XES_COLUMNS,
    Mapping,
    mask_header,
    quote_ident,
)
from ipgar_metrics.ingest._readers import (
    _CSV_SUFFIXES,
    _detect_encoding,
    _sniff_delimiter,
    read_xlsx,
)
from ipgar_metrics.ingest._xes import is_xes

#: Words in a header (normalised: lower case, no accents or punctuation) per column.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "case_id": (
        "casusnummer",
        "casus nummer",
        "casus id",
        "casusid",
        "casus",
        "zaaknummer",
        "case id",
        "case",
    ),
    "activity": (
        "activiteit",
        "gebeurtenis",
        "actie",
        "handeling",
        "activity",
        "event",
    ),
    "timestamp": (
        "complete timestamp",  # Disco's export: the end of an activity, pm4py's time
        "datum tijd",
        "datum",
        "tijdstip",
        "datumtijd",
        "timestamp",
        "date",
        "time",
    ),
    "org": (
        "organisatie",
        "partner",
        "instantie",
        "organisation",
        "organization",
        "org",
    ),
    "case_manager": (
        "casusregisseur",
        "regisseur",
        "casemanager",
        "case manager",
        "manager",
        "resource",  # who did the event in a generic log: pseudonymised as well
    ),
    "life_domain": ("leefgebied", "leefdomein", "life domain"),
    "outcome": ("uitkomst", "resultaat", "besluit", "advies", "outcome", "result"),
    "event_id": (
        "registratienummer",
        "registratie id",
        "registratieid",
        "volgnummer",
        "event id",
        "record id",
    ),
    "lifecycle": ("lifecycle", "levenscyclus"),
    "registered_at": (
        "geregistreerd op",
        "registratiedatum",
        "datum registratie",
        "registered at",
        "registration date",
    ),
    "intervention_type": (
        "type interventie",
        "interventietype",
        "soort interventie",
        "intervention type",
    ),
    "report_source": (
        "bron melding",
        "bron",
        "meldingsbron",
        "report source",
        "source",
    ),
    "risk_category": (
        "risicocategorie",
        "risico categorie",
        "categorie",
        "risk category",
    ),
    "ideology": ("ideologie", "ideology"),
}
#: Header words of personal data: such a column shows no values, whatever its type.
PERSONAL_WORDS: tuple[str, ...] = (
    "naam",
    "voornaam",
    "achternaam",
    "name",
    "bsn",
    "geboortedatum",
    "adres",
    "postcode",
    "woonplaats",
    "telefoon",
    "email",
    "e mail",
)
#: Canonical codes of each value column and the label tables that name them.
VOCABULARY: dict[str, tuple[tuple[str, ...], tuple[dict[str, dict[str, str]], ...]]] = {
    "activity": (schema.ACTIVITIES, (labels.ACTIVITY_LABELS,)),
    "outcome": (
        tuple(dict.fromkeys(o for v in schema.OUTCOMES.values() for o in v)),
        (labels.OUTCOME_LABELS, labels.SEGMENT_LABELS),
    ),
    "org": (schema.ORGS, (labels.ORG_LABELS,)),
    "life_domain": (schema.LIFE_DOMAINS, (labels.LIFE_DOMAIN_LABELS,)),
    **{
        attr: (values, (labels.SEGMENT_LABELS,))
        for attr, values in schema.CASE_ATTRIBUTE_VALUES.items()
    },
}
#: Timestamp formats tried on a column, most specific first.
DATE_FORMATS: tuple[str, ...] = (
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    # Disco's export (2012/10/09 14:50:17.000)
    "%Y/%m/%d %H:%M:%S.%f",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    # ISO 8601 with an offset or fractions of a second (pm4py's and most tools'
    # CSV): the loader reads these as they are
    "%Y-%m-%d %H:%M:%S.%f%z",
    "%Y-%m-%dT%H:%M:%S.%f%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
)
#: Formats the loader reads without a ``timestamp_format`` (ISO 8601).
ISO_FORMATS: frozenset[str] = frozenset(f for f in DATE_FORMATS if f.startswith("%Y-"))
#: Most distinct values a column may have to count as a label column.
MAX_LABELS = 60
#: Values looked at to detect formats and shapes.
SAMPLE = 5000
#: Least similarity of a guessed label, and its least lead over the runner-up.
GUESS_MIN, GUESS_MARGIN = 0.55, 0.05
#: Least similarity of a rare label to a frequent one for it to look like a typo.
TYPO_SIMILARITY = 0.8
FILL_IN = "INVULLEN"

_ID_SHAPE = re.compile(r"^[A-Za-z]{0,4}[-_/ ]?\d{4,}([-_/]\d+)*$")


@dataclass
class ColumnProfile:
    """One column of an export as ``inspect_export`` saw it."""

    header: str
    kind: str  # identifier, timestamp, number, label, text, empty
    target: str | None = None  # canonical column, when recognised
    filled: int = 0
    distinct: int = 0
    shapes: list[tuple[str, int]] = field(default_factory=list)  # identifiers only
    formats: list[str] = field(default_factory=list)  # timestamps only
    labels: list[tuple[str, int]] = field(default_factory=list)  # label columns only
    #: label -> canonical code (None: not recognised) and how (exact/word/guess/typo)
    values: dict[str, str | None] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    #: the target was recognised by the values' shape only, not by the header
    by_shape: bool = False
    #: the header names personal data (a name, an address): never show its values
    personal: bool = False

    @property
    def identifying(self) -> bool:
        """True when values must never be shown (an id column, by header or shape)."""
        return (
            self.kind == "identifier" or self.personal or self.target in PSEUDONYMISED
        )

    @property
    def known_header(self) -> bool:
        """True when the header's words name the target (not a data value)."""
        return self.target is not None and not self.by_shape

    def shown_header(self) -> str:
        """The header in quotes when known, else only its masked shape."""
        return mask_header(self.header, known=self.known_header)

    def shown_label(self, label: str) -> str:
        """A label as it may be shown: recognised, as it is; else only its shape."""
        if self.values.get(label) is not None:
            return label
        return f"shape {privacy.masked_shape(label)}"

    def describe(self) -> str:
        """One line for the terminal: header, type, target and what was found."""
        head = f"{self.shown_header():32s} {self.kind:10s} -> {self.target or '?':14s}"
        if self.identifying:
            shapes = ", ".join(f"{s} ({n})" for s, n in self.shapes) or "-"
            return f"{head} {self.distinct} distinct; shape {shapes}"
        if self.kind == "timestamp":
            return f"{head} format {', '.join(self.formats)}"
        if self.kind == "label":
            shown = "; ".join(
                f"{self.shown_label(lab)} ({n}){self._mark(lab)}"
                for lab, n in self.labels
            )
            return f"{head} {self.distinct} labels: {shown}"
        return f"{head} {self.distinct} distinct values"

    def _mark(self, label: str) -> str:
        if self.target not in VOCABULARY:
            return ""
        note = self.notes.get(label, "")
        if self.values.get(label) is None:
            return " [typo?]" if note == "typo" else " [fill in]"
        return " [guess]" if note == "guess" else ""


@dataclass
class ExportProfile:
    """What ``inspect_export`` found in an export, and the draft mapping it implies."""

    name: str
    rows: int
    columns: list[ColumnProfile]
    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    #: ``ipgar`` (labels mapped to the iPGA-R vocabulary) or ``generic`` (kept as
    #: they are: the draft has no ``[values.*]`` tables)
    profile: str = "ipgar"
    #: why ``inspect_export`` chose ``profile`` (empty when the caller gave it)
    profile_reason: str = ""

    def describe(self) -> str:
        """The profile as the CLI prints it (identifying values masked)."""
        lines = [f"{self.name}: {self.rows} rows, {len(self.columns)} columns"]
        lines += [f"  {c.describe()}" for c in self.columns]
        missing = [c for c in schema.REQUIRED_COLUMNS if c not in self.targets()]
        if missing:
            lines.append(f"  not recognised, fill in: {', '.join(missing)}")
        return "\n".join(lines)

    def targets(self) -> dict[str, ColumnProfile]:
        """Canonical column -> the column profile mapped to it."""
        return {c.target: c for c in self.columns if c.target}

    def draft_mapping(self) -> str:
        """A mapping file (TOML) with what was recognised; the rest marked ``INVULLEN``."""
        out = [
            f"# Draft mapping for {self.name}, written by `ipgar inspect`.",
            f'# Check every line; fill in or delete the lines marked "{FILL_IN}".',
        ]
        if self.profile == "generic":
            out.append(
                "# A generic log: load it with --profile generic; its labels are kept "
                "as they are."
            )
        out.append("[source]")
        if self.delimiter:
            out.append(f"delimiter = {_toml(self.delimiter)}")
        if self.encoding:
            out.append(f"encoding = {_toml(self.encoding)}")
        targets = self.targets()
        stamp, registered = targets.get("timestamp"), targets.get("registered_at")
        found = list(stamp.formats) if stamp else []
        if registered:  # read with the date parts of the same list (the loader's)
            read = {*found, *date_parts(found), "%Y-%m-%d", *ISO_FORMATS}
            found += [f for f in registered.formats if f not in read]
        formats = [f for f in found if f not in ISO_FORMATS]
        if formats:
            if len(formats) < len(found):
                formats += sorted(set(found) & ISO_FORMATS)
            out.append(f"timestamp_format = [{', '.join(_toml(f) for f in formats)}]")
        out.append(f"timezone = {_toml(config.TIMEZONE)}")
        if self.sheet:
            out.append(f"sheet = {_toml(self.sheet)}")
        out += ["", "[columns]"]
        for i, col in enumerate(self.columns, start=1):
            if col.target and col.by_shape:  # the header may be data: its shape only
                out.append(
                    f'# "..." = {_toml(col.target)}  # {FILL_IN}: column {i} (header '
                    f"{col.shown_header()}), recognised by the values' shape only; "
                    "write its header"
                )
            elif col.target in schema.SPECIAL_CATEGORIES:  # opt-in: the analyst decides
                out.append(
                    f"# {_toml(col.header)} = {_toml(col.target)}  # {FILL_IN} or "
                    "delete: a special category (AVG art. 9/10); keep it only if the "
                    f'analysis needs it, with special_categories = ["{col.target}"] '
                    "under [source]"
                )
            elif col.target:
                out.append(f"{_toml(col.header)} = {_toml(col.target)}")
            else:
                out.append(
                    f'# "..." = ""  # {FILL_IN} or delete: column {i} (header '
                    f"{col.shown_header()})"
                )
        for target in schema.REQUIRED_COLUMNS:
            if target not in self.targets():
                out.append(f'# "..." = {_toml(target)}  # {FILL_IN}: required column')
        mapped = [] if self.profile == "generic" else self.columns  # generic: as is
        for col in mapped:
            if col.target not in VALUE_COLUMNS or col.kind != "label":
                continue
            codes = VOCABULARY.get(col.target or "", ((), ()))[0]
            out += ["", f"[values.{col.target}]"]
            for lab, n in col.labels:
                out.append(_value_line(lab, col, codes, n))
        return "\n".join(out) + "\n"


def _value_line(lab: str, col: ColumnProfile, codes: tuple[str, ...], n: int) -> str:
    """The draft line of one label; a label not recognised only as its shape."""
    code, note = col.values.get(lab), col.notes.get(lab, "")
    if code is not None and note == "guess":
        return f"{_toml(lab)} = {_toml(code)}  # {FILL_IN}: a guess, check it"
    if code is not None:
        return f"{_toml(lab)} = {_toml(code)}"
    where = f"{col.shown_label(lab)}, {n} row{'' if n == 1 else 's'}"
    if note == "typo":
        like = _typo_of(lab, col) or ""
        return (
            f'# "..." = ""  # {FILL_IN}: a label ({where}) looks like a typo of '
            f"{_toml(like)}; correct it in the registration system, or map it here"
        )
    choose = f"; one of {', '.join(codes)}" if codes else ""
    return f'# "..." = ""  # {FILL_IN}: a label ({where}){choose}'


def inspect_export(path: str | Path, profile: str | None = None) -> ExportProfile:
    """Profile an export (CSV, Excel or Parquet) for its first mapping file.

    ``profile``: ``ipgar`` maps the labels of value columns to the iPGA-R vocabulary;
    ``generic`` keeps them (any other log: no ``[values.*]`` in the draft); ``None``
    chooses ``generic`` when the activity column has labels and none of them names
    an iPGA-R activity, else ``ipgar`` (``ExportProfile.profile_reason`` says why).
    Raises ``ExportFormatError`` when the file cannot be read.
    """
    if profile not in (None, "ipgar", "generic"):
        raise ConfigError(
            f'unknown profile "{profile}"; choose one of: ipgar, generic.'
        )
    path = Path(path)
    if not path.is_file():
        raise ExportFormatError(f"{path} is not a file; give the path of the export.")
    frame, delimiter, encoding, sheet = _read(path)
    columns = [_profile(str(h), frame[h]) for h in frame.columns]
    for col in columns:
        head = f" {normalise(col.header)} "
        col.personal = col.header not in XES_COLUMNS and any(
            f" {word} " in head for word in PERSONAL_WORDS
        )
    _assign_targets(columns)
    chosen, reason = (profile, "") if profile else _guess_profile(columns)
    for col in columns:
        if chosen == "ipgar" and col.target in VOCABULARY and col.kind == "label":
            for lab, _ in col.labels:
                col.values[lab], col.notes[lab] = match_label(lab, col.target)
            for lab, _ in col.labels:  # a rare near-copy of a known label: a typo
                if col.notes[lab] != "exact" and _typo_of(lab, col):
                    col.values[lab], col.notes[lab] = None, "typo"
    return ExportProfile(
        path.name, len(frame), columns, delimiter, encoding, sheet, chosen, reason
    )


def _guess_profile(columns: list[ColumnProfile]) -> tuple[str, str]:
    """``generic`` when no activity label names an iPGA-R activity; and why."""
    activity = next((c for c in columns if c.target == "activity"), None)
    if activity is None or activity.kind != "label" or not activity.labels:
        return "ipgar", "no column of activity labels to tell by"
    named = sum(
        match_label(lab, "activity")[1] in ("exact", "word")
        for lab, _ in activity.labels
    )
    if named == 0:
        n = len(activity.labels)
        return "generic", f"none of the {n} activity labels names an iPGA-R activity"
    return (
        "ipgar",
        f"{named} of {len(activity.labels)} activity labels name iPGA-R activities",
    )


# --- reading -------------------------------------------------------------------------


def _read(path: Path) -> tuple[pd.DataFrame, str | None, str | None, str | None]:
    name, suffix = path.name, path.suffix.lower()
    if suffix in _CSV_SUFFIXES:
        head = path.read_bytes()[: 64 * 1024]
        if b"\x00" in head:
            raise ExportFormatError(
                f"{name} is not a text export; export it again as CSV (UTF-8)."
            )
        encoding = _detect_encoding(path)
        if encoding == "utf-8" and head.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8-sig"
        delimiter = _sniff_delimiter(head.decode(encoding, "replace"), name)
        try:
            frame = pd.read_csv(
                path,
                sep=delimiter,
                dtype=str,
                encoding=encoding,
                keep_default_na=False,
                na_values=[""],
                quotechar='"',
            )
        except (ValueError, pd.errors.ParserError):
            raise ExportFormatError(
                f"{name} cannot be read as CSV with delimiter {delimiter!r}; check the quoting."
            ) from None
        return frame, delimiter, encoding, None
    if suffix == ".xlsx":
        sheet = _export_sheet(path)
        frame = read_xlsx(path, Mapping(sheet=sheet), every_column=True)
        return frame, None, None, sheet
    if suffix == ".parquet":
        return _read_parquet(path), None, None, None
    if is_xes(name):
        raise ExportFormatError(
            f"{name} is an XES log, which needs no mapping: load it as it is "
            "(`ipgar load` with --profile generic for a log of another process)."
        )
    raise ExportFormatError(
        f"{name}: inspect reads .csv, .xlsx and .parquet exports; export it as CSV."
    )


def _read_parquet(path: Path) -> pd.DataFrame:
    """Every column of a Parquet export as the loader's text (DuckDB casts it).

    Read by DuckDB, as ``load`` reads it, so a typed timestamp shows the text the
    loader parses (in the time zone of the toolkit); an in-memory connection that
    may read this one file and load no extension.
    """
    con = duckdb.connect(
        config={
            "autoload_known_extensions": False,
            "autoinstall_known_extensions": False,
        }
    )
    try:
        con.execute(f"SET TimeZone = '{config.TIMEZONE}'")
        source, params = "read_parquet($path)", {"path": str(path)}
        described = con.execute(f"DESCRIBE SELECT * FROM {source}", params)  # noqa: S608 - fixed text
        cells = ", ".join(
            f"CAST({quote_ident(n)} AS VARCHAR) AS {quote_ident(n)}"
            for n, *_ in described.fetchall()
        )
        return con.execute(f"SELECT {cells} FROM {source}", params).df()  # noqa: S608 - identifiers quoted
    except duckdb.Error:
        raise ExportFormatError(
            f"{path.name} is not a readable Parquet file."
        ) from None
    finally:
        con.close()


def _export_sheet(path: Path) -> str | None:
    """The sheet whose header has the most known header words (None: only one sheet)."""
    import openpyxl  # only Excel exports need it

    try:
        wb = openpyxl.load_workbook(path, read_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ExportFormatError(
            f"{path.name} is not a readable Excel workbook; save it again as .xlsx."
        ) from None
    try:
        if len(wb.sheetnames) == 1:
            return None
        words = {w for ws in HEADER_WORDS.values() for w in ws}

        def known(sheet: str) -> int:
            first = next(wb[sheet].iter_rows(values_only=True, max_row=1), ())
            return sum(normalise(str(v)) in words for v in first if v is not None)

        return max(wb.sheetnames, key=known)
    finally:
        wb.close()


# --- profiling -----------------------------------------------------------------------


def _profile(header: str, column: pd.Series) -> ColumnProfile:
    values = column.dropna().astype(str).str.strip()
    values = values[values != ""]
    counts = Counter(values)
    col = ColumnProfile(header, "empty", filled=len(values), distinct=len(counts))
    if not counts:
        return col
    sample = list(values.iloc[:SAMPLE])
    col.formats = date_formats(sample)
    if col.formats:
        col.kind = "timestamp"
    elif looks_like_ids(sample, len(counts), len(values)):
        col.kind = "identifier"
    elif all(_is_number(v) for v in sample):
        col.kind = "number"
    elif len(counts) <= MAX_LABELS:
        col.kind = "label"
        col.labels = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    else:
        col.kind = "text"
    if col.kind in {"identifier", "text"}:
        col.shapes = Counter(mask_value(v) for v in sample).most_common(3)
    return col


def date_formats(sample: list[str]) -> list[str]:
    """The formats of ``DATE_FORMATS`` that together read every value, or ``[]``."""
    left, used = set(sample), []
    for fmt in DATE_FORMATS:
        ok = {v for v in left if _parses(v, fmt)}
        if ok:
            used.append(fmt)
            left -= ok
        if not left:
            return used
    return []


def _parses(value: str, fmt: str) -> bool:
    try:
        datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


def looks_like_ids(sample: list[str], distinct: int, filled: int) -> bool:
    """Values shaped like register numbers (``R2016-000001``, ``CR00001``) or all different."""
    shaped = sum(bool(_ID_SHAPE.match(v)) for v in sample)
    return shaped >= 0.9 * len(sample) or (
        distinct > MAX_LABELS and distinct >= 0.5 * filled
    )


def _is_number(value: str) -> bool:
    return re.fullmatch(r"-?\d+([.,]\d+)?", value) is not None


def mask_value(value: str) -> str:
    """The shape of a value: digits as ``#``, letters as ``A``; a short letter prefix kept.

    ``R2016-000001`` -> ``R####-######``, ``Jan Jansen`` -> ``AAA AAAAAA``.
    """
    prefix = re.match(r"[A-Za-z]{1,3}(?=[-_/ ]?\d)", value)
    keep = prefix.group(0) if prefix else ""
    rest = value[len(keep) :]
    body = "".join("#" if ch.isdigit() else "A" if ch.isalpha() else ch for ch in rest)
    return (keep + body)[:40]


# --- recognising ---------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lower case, accents and punctuation removed, single spaces."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split())


def _assign_targets(columns: list[ColumnProfile]) -> None:
    """Give each column the canonical column its header names (best word first)."""
    taken: set[str] = set()
    scored = []
    for i, col in enumerate(columns):
        head = normalise(col.header)
        if col.header in XES_COLUMNS:  # before any word of HEADER_WORDS
            scored.append((-1, 0, i, XES_COLUMNS[col.header]))
        for target, words in HEADER_WORDS.items():
            for rank, word in enumerate(words):
                if head == word or head == target.replace("_", " "):
                    scored.append((0, rank, i, target))
                elif f" {word} " in f" {head} ":
                    scored.append((1, rank, i, target))
    for _exact, _rank, i, target in sorted(scored):
        col = columns[i]
        if col.target or target in taken or not _fits(col, target):
            continue
        col.target = target
        taken.add(target)
    for col in columns:  # an id-shaped column no header named: the case id first
        if col.target is None and col.kind == "identifier" and "case_id" not in taken:
            col.target, col.by_shape = "case_id", True
            taken.add("case_id")


def _fits(col: ColumnProfile, target: str) -> bool:
    if target in ("timestamp", "registered_at"):
        return col.kind == "timestamp"
    if target in PSEUDONYMISED:
        return col.kind in {"identifier", "text", "label", "number"}
    return col.kind in {"label", "text", "empty"}


def match_label(label: str, target: str) -> tuple[str | None, str]:
    """The canonical code an export label of ``target`` names, and how sure that is.

    ``"exact"``: the code itself, its Dutch or English label (``labels.py``), or the
    label's initials (``Openbaar Ministerie`` -> ``om``). ``"word"``: the label
    contains one code's name (``Melding ontvangen`` -> ``melding``; a start status
    named without "start", ``Detentie`` -> ``detentie_start``), or shares a word with
    one code only (``Bespreking IVG-R`` -> ``ivgr_advies``). ``"guess"``: the clearly
    most similar code, to be checked. ``(None, "")`` when nothing fits clearly.
    """
    codes, tables = VOCABULARY[target]
    words = normalise(label)
    tokens = set(words.split())
    initials = "".join(t[0] for t in words.split())
    names = {code: _names(code, tables) for code in codes}
    for code, known in names.items():
        if words in known or (len(initials) > 1 and initials == normalise(code)):
            return code, "exact"
    contains: dict[str, float] = {
        code: max(
            (len(n.split()) for n in known if set(n.split()) <= tokens), default=0
        )
        for code, known in names.items()
    }
    found = _clear_winner(contains, margin=1)
    if found is not None:
        return found, "word"
    shared: dict[str, float] = {
        code: len({w for n in known for w in n.split() if len(w) > 2} & tokens)
        for code, known in names.items()
    }
    found = _clear_winner(shared, margin=1)
    if found is not None:
        return found, "word"
    similar: dict[str, float] = {
        code: max(difflib.SequenceMatcher(None, words, n).ratio() for n in known)
        for code, known in names.items()
    }
    found = _clear_winner(similar, margin=GUESS_MARGIN)
    if found is not None and similar[found] >= GUESS_MIN:
        return found, "guess"
    return None, ""


def _clear_winner(scores: dict[str, float], *, margin: float) -> str | None:
    """The code with the highest positive score, if it leads the next by ``margin``."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] <= 0:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < margin:
        return None
    return ranked[0][0]


def _typo_of(label: str, col: ColumnProfile) -> str | None:
    """A more frequent, recognised label of the column that ``label`` looks like a typo of."""
    counts = dict(col.labels)
    for other, n in col.labels:
        if (
            other != label
            and n > counts[label]
            and col.notes.get(other) == "exact"
            and difflib.SequenceMatcher(
                None, normalise(label), normalise(other)
            ).ratio()
            >= TYPO_SIMILARITY
        ):
            return other
    return None


def _names(code: str, tables: tuple[dict[str, dict[str, str]], ...]) -> set[str]:
    names = {normalise(code.replace("_", " "))}
    if code.endswith("_start"):
        names.add(normalise(code.removesuffix("_start")))
    for table in tables:
        names |= {normalise(t) for t in table.get(code, {}).values()}
    return names - {""}


def _toml(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)
