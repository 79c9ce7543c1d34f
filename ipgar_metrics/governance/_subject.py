"""A data subject's access request (AVG art. 15): everything the store holds on one person.

The person is named by the raw case id of the source system, given by the analyst who
handles the request. It is normalised and pseudonymised here with the store's key
(``person_pseudonym``: the key's fingerprint must be the one the store recorded, as
``load`` checks) and never printed, logged or stored. ``subject(db, case_id=RAW)``
returns the person's events (also while restricted), the correction history, the case
attributes, rejected rows and quality flags, their relations and key locations (type
and dates only, never the other person's pseudonym), and whether processing is
restricted.
See ``docs/privacy.md``, "Rights of data subjects".
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from ipgar_metrics import privacy, store
from ipgar_metrics.errors import ConfigError

#: The parts of an access record, each from ``sql/governance/subject_<part>.sql``.
SUBJECT_PARTS: dict[str, str] = {
    "attributes": "the case row (cases, or restricted_cases while restricted)",
    "events": "the events, in process order (restricted: held apart, art. 18)",
    "history": "earlier versions of events (corrected or deleted in the source)",
    "rejects": "rows of the exports that were rejected",
    "flags": "quality flags",
    "report_lists": "the intern action lists of monthly reports that named the person",
    "relations": "relations with other persons and key locations: type and dates "
    "only, the other person as 'andere persoon' (network approach, with a DPIA)",
}


@dataclass(frozen=True)
class SubjectRecord:
    """What the store holds about one person: their pseudonym, never the raw id."""

    pseudonym: str
    restricted: bool
    parts: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        """Whether the store holds anything about the person."""
        return any(len(frame) for frame in self.parts.values())

    def long_frame(self) -> pd.DataFrame:
        """The record as one frame of ``part, item, field, value`` (for CSV)."""
        head = pd.DataFrame(
            {
                "part": ["person", "person"],
                "item": [1, 1],
                "field": ["pseudonym", "restricted"],
                "value": [self.pseudonym, str(self.restricted).lower()],
            }
        )
        return pd.concat(
            [head, *(long_frame(f, name) for name, f in self.parts.items())],
            ignore_index=True,
        )

    def to_json(self) -> str:
        """The record as one JSON document (dates as ISO 8601 text)."""
        doc: dict[str, Any] = {
            "pseudonym": self.pseudonym,
            "restricted": self.restricted,
        }
        for name, frame in self.parts.items():
            doc[name] = json.loads(frame.to_json(orient="records", date_format="iso"))
        return json.dumps(doc, indent=2, ensure_ascii=False)


def long_frame(frame: pd.DataFrame, part: str) -> pd.DataFrame:
    """``frame`` as one row per value: ``part``, item (1, 2, ... a row), field, value."""
    rows = [
        {"part": part, "item": i, "field": str(col), "value": _text(value)}
        for i, record in enumerate(frame.to_dict(orient="records"), 1)
        for col, value in record.items()
    ]
    return pd.DataFrame(rows, columns=["part", "item", "field", "value"])


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, str | bool) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def person_pseudonym(
    con: duckdb.DuckDBPyConnection, case_id: str, key: bytes | None = None
) -> str:
    """The pseudonym of the raw ``case_id`` under the store's key.

    The key is ``key`` or ``privacy.load_key()``; it must have the fingerprint the
    store recorded at its first load. Raises ``ConfigError`` for an empty case id or
    another key (the message never repeats the case id).
    """
    if not isinstance(case_id, str) or not privacy.normalise_id(case_id):
        raise ConfigError(
            "give the person's case id as the source system writes it: --case-id ID."
        )
    key = privacy.load_key() if key is None else key
    recorded = store.meta_value(con, "key_fingerprint")
    if recorded is not None and recorded != privacy.key_fingerprint(key):
        raise ConfigError(
            "this store was loaded with another pseudonymisation key than the one "
            f"from {privacy.key_source()}, so the person cannot be found; use the "
            "store's key (`ipgar key --db` compares)."
        )
    return privacy.pseudonym(case_id, key, kind="case")


def subject(
    *,
    db: str | os.PathLike[str],
    case_id: str,
    key: bytes | None = None,
) -> SubjectRecord:
    """Everything the store ``db`` holds about the person with the raw ``case_id``.

    Parameters
    ----------
    db
        The event store (opened read-only).
    case_id
        The raw case id of the source system; pseudonymised with the store's key.
    key
        The pseudonymisation key; default ``privacy.load_key()``.

    Returns
    -------
    SubjectRecord
        ``parts``: one frame per entry of ``SUBJECT_PARTS`` (empty when the store
        holds nothing of that kind); ``restricted``: processing is restricted.

    Raises
    ------
    StoreError
        No store at ``db``.
    ConfigError
        An empty case id, or not the store's key.
    """
    path = store.require_store(db)
    with store.connect(path) as con:
        pseudonym = person_pseudonym(con, case_id, key)
        parts = {
            name: store.run_sql(
                con, f"governance/subject_{name}", case_id=pseudonym
            ).df()
            for name in SUBJECT_PARTS
        }
        snap = store.snapshot(con)["snapshot_id"]
    attributes = parts["attributes"]
    restricted = bool(len(attributes)) and bool(attributes["restricted"].any())
    store.record_processing(  # inside an `ipgar` command: goes to its one entry
        path, "governance.subject", {"case_id": case_id}, snapshot=snap
    )
    return SubjectRecord(pseudonym=pseudonym, restricted=restricted, parts=parts)
