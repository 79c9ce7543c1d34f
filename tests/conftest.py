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
def sim_store(tmp_path_factory, _shared_inputs) -> SimStore:
    # simulate(600, 1) and the load of its export are done once per session
    # (tests/shared_inputs.py); this worker gets its own copy of the store
    from tests.shared_inputs import SIM_EXPORT_DATE, sim_export, sim_loaded

    sim = sim_export()
    db = sim_loaded(tmp_path_factory.mktemp("sim_store"))
    # the optional exports, as `make demo` loads them: relations and key locations
    # (under a DPIA reference), the case managers' pools
    from ipgar_metrics.governance import enable_relations
    from ipgar_metrics.ingest import load_case_managers, load_relations

    enable_relations(db, "DPIA-TEST")
    load_relations(
        sim / "relations.csv",
        locations=sim / "locations.csv",
        db=db,
        key=TEST_KEY,
        mapping=sim / "mapping.toml",
    )
    load_case_managers(sim / "case_managers.csv", db=db, key=TEST_KEY)
    return SimStore(sim, db, TEST_KEY, SIM_EXPORT_DATE)


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


@pytest.fixture
def kaleido_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every page kaleido writes for its browser while the test runs.

    kaleido's own page builder runs; its output is only recorded.
    """
    from kaleido._page_generator import PageGenerator

    written: list[str] = []
    build = PageGenerator.generate_index

    def recorded(self: PageGenerator) -> str:
        page = build(self)
        written.append(page)
        return page

    monkeypatch.setattr(PageGenerator, "generate_index", recorded)
    return written


def assert_offline_pages(pages: list[str]) -> None:
    """kaleido's pages name no web address: nothing is fetched at run time."""
    assert pages, "kaleido wrote no page: the test saw nothing"
    for page in pages:
        assert "http://" not in page and "https://" not in page, page
        assert "plotly" in page  # plotly.js comes from the installed package
