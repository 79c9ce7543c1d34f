"""``python -m ipgar_metrics.cli``: the same as the ``ipgar`` command."""

import sys

from ipgar_metrics.cli._main import main

sys.exit(main())
