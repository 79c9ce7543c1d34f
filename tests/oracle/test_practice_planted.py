"""A planted organisation that under-registers contacts is signalled by ``practice_profile``.

The simulator's ``practice_plant`` makes the case managers of one organisation
register only a share of their contacts (``simulation/_stay.py``; the contacts still
happen, so the rhythm of everything else is unchanged, and the plant, its share and
the number of contacts left out are in ``truth.json``). With 600 cases (seed 1) and a
quarter of politie's contacts registered, the profile at the export date must mark
politie ``onder`` on contacts per active month and ``boven`` on the contact-gap share,
where the same seed without the plant marks it neither. The share of organisations
signalled without any planted difference is measured over many seeds in
``benchmarks/practice_null.py`` (docs/metrics/practice.md), not here.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from ipgar_metrics import practice_profile, store
from ipgar_metrics.ingest._load import load
from ipgar_metrics.simulation import simulate
from tests.conftest import TEST_KEY

AS_OF = date(2026, 11, 1)
PLANT = {"org": "politie", "contact_registered_p": 0.25}


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    root = tmp_path_factory.mktemp("practice_plant")
    res = simulate(
        600, 1, root / "sim", params={"practice_plant": PLANT}, write_xlsx=False
    )
    db = root / "ipgar.duckdb"
    load([res.files["export"]], mapping=res.files["mapping"], db=db,
         export_date=AS_OF, key=TEST_KEY)  # fmt: skip
    truth = json.loads(res.files["truth"].read_text(encoding="utf-8"))
    with store.connect(db, read_only=True) as con:
        wide = practice_profile(con, as_of=AS_OF).set_index("org")
    return truth, wide


@pytest.fixture(scope="module")
def unplanted(sim_store):
    with store.connect(sim_store.db, read_only=True) as con:
        return practice_profile(con, as_of=sim_store.as_of).set_index("org")


def test_truth_records_the_plant(planted):
    truth, _ = planted
    assert truth["parameters"]["practice_plant"] == PLANT
    assert truth["practice_plant"]["org"] == PLANT["org"]
    assert truth["practice_plant"]["contacts_not_registered"] > 0


def test_planted_organisation_is_signalled(planted):
    truth, wide = planted
    org = truth["practice_plant"]["org"]
    row = wide.loc[org]
    assert row["contacts_per_month_signal"] == "onder"
    assert row["contacts_per_month"] < row["contacts_per_month_lower_95"]
    assert row["signal"] == "boven"
    assert row["share_over_threshold"] > row["upper_95"]
    # no other organisation is marked above the contact-gap limits
    others = wide.drop(index=org)
    assert not (others["signal"] == "boven").any()


def test_same_seed_without_plant_is_not_signalled(planted, unplanted):
    _, wide = planted
    row = unplanted.loc[PLANT["org"]]
    assert row["signal"] != "boven"
    # the registered contact rate falls to about the registered share (0.25)
    ratio = wide.loc[PLANT["org"], "contacts_per_month"] / row["contacts_per_month"]
    assert 0.15 < ratio < 0.40


def test_bad_plant_is_refused(tmp_path):
    from ipgar_metrics.errors import ConfigError

    with pytest.raises(ConfigError, match="choose one of"):
        simulate(20, 1, tmp_path, params={"practice_plant": {"org": "nergens",
                 "contact_registered_p": 0.5}}, write_xlsx=False)  # fmt: skip
    with pytest.raises(ConfigError, match="between 0 and 1"):
        simulate(20, 1, tmp_path, params={"practice_plant": {"org": "oov",
                 "contact_registered_p": 2}}, write_xlsx=False)  # fmt: skip
