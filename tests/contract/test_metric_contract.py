"""One contract for every public metric (lifelines style).

Each function that a module declares in ``OUTPUT_COLUMNS`` is called on the simulated
store: it returns a DataFrame, has at least the declared columns, carries
``attrs["ipgar"]`` for the report writer, and shows no raw identifier.
"""

from __future__ import annotations

import importlib
import inspect
import re
from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.whatif import Scenario

MODULES = (
    "metrics._episodes",
    "metrics.leadtime._lead_times",
    "metrics.leadtime._between",
    "metrics.leadtime._survival",
    "metrics.leadtime._incidence",
    "metrics.leadtime._causes",
    "metrics.leadtime._org_wait",
    "metrics.paths._variants",
    "metrics.paths._dfg",
    "metrics.paths._spectrum",
    "metrics.paths._conformance",
    "metrics.quality._rules",
    "metrics.casework._flow",
    "metrics.casework._contact",
    "metrics.casework._integrality",
    "metrics.casework._caseload",
    "metrics.casework._longstay",
    "metrics.casework._timeline",
    "metrics.ptor._static",
    "metrics.ptor._escalation",
    "metrics.ptor._rereports",
    "metrics.ptor._exits",
    "metrics.evaluate._compare",
    "metrics.evaluate._its",
    "metrics.quality._report",
    "metrics.monthly._key_figures",
    "metrics.monthly._trend",
    "metrics.monthly._domains",
    "metrics.monthly._loads",
    "metrics.monthly._tables",
    "metrics.monthly._indicators",
    "metrics.practice._profile",
    "metrics.whatif._comparison",
    "metrics.whatif._check",
)
_SCENARIO = Scenario("minder rondes", "", {"info_loops": 0.5})
#: Arguments a metric needs beyond the connection and ``as_of``.
EXTRA = {
    "lead_time_between": {"from_activity": "melding", "to_activity": "instroom"},
    "compare_periods": {"change": date(2021, 1, 1)},
    "interrupted_time_series": {"change": date(2021, 1, 1)},
    "evaluation_units": {"change": date(2021, 1, 1)},
    "directly_follows_difference": {"before": date(2021, 1, 1)},
    "prediction_check": {"change": date(2024, 6, 1), "scenario": _SCENARIO},
}
RAW_ID = re.compile(r"R20\d\d-\d{6}|CR\d{5}")


def _metrics():
    for name in MODULES:
        module = importlib.import_module(f"ipgar_metrics.{name}")
        for fn_name, columns in getattr(module, "OUTPUT_COLUMNS", {}).items():
            fn = getattr(module, fn_name, None)
            if callable(fn) and isinstance(columns, dict):
                yield pytest.param(fn, columns, id=f"{name}.{fn_name}")


@pytest.fixture(scope="module")
def con(sim_store):
    c = store.connect(sim_store.db)
    yield c
    c.close()


@pytest.mark.parametrize(("fn", "columns"), list(_metrics()))
def test_metric_contract(con, sim_store, fn, columns):
    params = inspect.signature(fn).parameters
    kwargs = dict(EXTRA.get(fn.__name__, {}))
    if fn.__name__ == "case_timeline":  # one case of the store, by its pseudonym
        kwargs["case_id"] = con.execute("SELECT min(case_id) FROM events").fetchall()[
            0
        ][0]
    if "as_of" in params:
        kwargs["as_of"] = sim_store.as_of
    frame = fn(con, **kwargs)
    if isinstance(frame, tuple):
        frame = frame[0]
    assert isinstance(frame, pd.DataFrame)
    missing = set(columns) - set(frame.columns)
    assert not missing, f"{fn.__name__} lacks declared columns {sorted(missing)}"
    assert isinstance(frame.attrs.get("ipgar"), dict), fn.__name__
    text = frame.to_csv(index=False)
    assert not RAW_ID.search(text), f"{fn.__name__} shows a raw identifier"
    for col in frame.columns:
        assert isinstance(col, str) and col == col.strip()
