"""Ingest: read exports (CSV, Excel, Parquet, XES), map, check, pseudonymise, load.

Public: ``load`` (validated, idempotent load into the store) and ``validate`` (the
data-quality findings of an export without loading it).
"""

from ipgar_metrics.ingest._load import LoadResult, load, load_into, validate

__all__ = ["LoadResult", "load", "load_into", "validate"]
