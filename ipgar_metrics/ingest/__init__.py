"""Ingest: read exports (CSV, Excel, Parquet, XES), map, check, pseudonymise, load.

Public: ``load`` (validated, idempotent load into the store) and ``validate`` (the
data-quality findings of an export without loading it); ``inspect_export`` (the
columns, types and labels of a new export, and a draft mapping file).
"""

from ipgar_metrics.ingest._inspect import ExportProfile, inspect_export
from ipgar_metrics.ingest._load import LoadResult, load, load_into, validate

__all__ = [
    "ExportProfile",
    "LoadResult",
    "inspect_export",
    "load",
    "load_into",
    "validate",
]
