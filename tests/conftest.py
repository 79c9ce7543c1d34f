"""Shared fixtures: a simulated export loaded with the real loader (session scope)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

#: A fixed, non-secret key for tests, so pseudonyms are stable across the session.
TEST_KEY = b"ipgar-test-key-not-a-secret-000000"

# Loads without an explicit key take it from IPGAR_KEY (nothing creates a key file):
# the whole session, and every CLI started in a subprocess, gets the test key. Tests
# of the key file set their own environment. Set, not defaulted: a real key in the
# developer's shell never reaches a test.
os.environ["IPGAR_KEY"] = TEST_KEY.decode()


@dataclass(frozen=True)
class SimStore:
    """A simulated export (seed 1, 600 cases) and the store it was loaded into."""

    sim_dir: Path
    db: Path
    key: bytes
    as_of: date


@pytest.fixture(scope="session")
def sim_store(tmp_path_factory) -> SimStore:
    from ipgar_metrics.ingest._load import load
    from ipgar_metrics.simulation._simulator import simulate

    root = tmp_path_factory.mktemp("sim_store")
    res = simulate(600, 1, root / "sim")
    db = root / "ipgar.duckdb"
    load(
        [res.files["export"]],
        mapping=res.files["mapping"],
        db=db,
        export_date=date(2026, 11, 1),
        key=TEST_KEY,
    )
    # the optional exports, as `make demo` loads them: relations and key locations
    # (under a DPIA reference), the case managers' pools
    from ipgar_metrics.governance import enable_relations
    from ipgar_metrics.ingest import load_case_managers, load_relations

    enable_relations(db, "DPIA-TEST")
    load_relations(
        res.files["relations"],
        locations=res.files["locations"],
        db=db,
        key=TEST_KEY,
        mapping=res.files["mapping"],
    )
    load_case_managers(res.files["case_managers"], db=db, key=TEST_KEY)
    return SimStore(root / "sim", db, TEST_KEY, date(2026, 11, 1))


@pytest.fixture(scope="session", autouse=True)
def _shared_inputs(tmp_path_factory) -> None:
    """The folder of the inputs prepared once (``tests/shared_inputs.py``).

    Under xdist it is beside the workers' folders, so both workers share it.
    """
    from tests import shared_inputs

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    shared_inputs.set_root(base / "shared_inputs")
