"""The ``ipgar`` command: one module per command group, shared options in ``_common``."""

from ipgar_metrics.cli._main import main, run

__all__ = ["main", "run"]
