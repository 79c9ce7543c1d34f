"""``python -m ipgar_metrics.cli``: the same as the ``ipgar`` command."""

from ipgar_metrics.cli._main import run

run()
