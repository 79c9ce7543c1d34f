"""ipgar-metrics: process mining and throughput analytics for the iPGA-R."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
