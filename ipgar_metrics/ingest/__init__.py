"""Ingest: read exports (CSV, Excel, Parquet, XES), map, check, pseudonymise, load.

Public: ``load`` (validated, idempotent load into the store) and ``validate`` (the
data-quality findings of an export without loading it); ``inspect_export`` (the
columns, types and labels of a new export, and a draft mapping file);
``load_relations`` (relations between persons and key locations, only with a
DPIA: the network approach); ``reidentify`` (for the key holder: the case numbers behind
the pseudonyms of a report's action list, to a new owner-only file);
``load_case_managers`` (the case managers' pools from an optional
``case_managers.csv``, issue 23).
"""

from ipgar_metrics.ingest._inspect import ExportProfile, inspect_export
from ipgar_metrics.ingest._load import LoadResult, load, load_into, validate
from ipgar_metrics.ingest._pools import PoolLoad, load_case_managers
from ipgar_metrics.ingest._reidentify import Reidentified, reidentify
from ipgar_metrics.ingest._relations import FileCounts, RelationsResult, load_relations

__all__ = [
    "ExportProfile",
    "FileCounts",
    "LoadResult",
    "PoolLoad",
    "Reidentified",
    "RelationsResult",
    "inspect_export",
    "load",
    "load_case_managers",
    "load_into",
    "load_relations",
    "reidentify",
    "validate",
]
