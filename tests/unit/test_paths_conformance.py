"""Conformance of hand-made intake phases with the normative model."""

from __future__ import annotations

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics.paths._conformance import (
    conformance,
    deviating_episodes,
    discovered_intake_model,
)

T0 = pd.Timestamp("2024-01-01 10:00", tz="Europe/Amsterdam")

CASES = {
    "E1": [
        ("melding", "MAP"),
        ("ivgr_advies", "opnemen"),
        ("ptor_besluit", "opname"),
        ("instroom", None),
        ("notificatie", None),
        ("contact", None),
    ],
    "E2": [
        ("melding", "MAP"),
        ("info_aanvraag", None),
        ("info_ontvangen", None),
        ("ivgr_advies", "meer_informatie"),
        ("info_aanvraag", None),
        ("info_ontvangen", None),
        ("ivgr_advies", "opnemen"),
        ("ptor_besluit", "aanhouden"),
        ("ptor_besluit", "opname"),
        ("instroom", None),
        ("regisseur_toegewezen", None),
        ("notificatie", None),
    ],
    "E3": [
        ("melding", "CTER"),
        ("ivgr_advies", "tussenvariant"),
        ("ptor_besluit", "geen_opname"),
        ("preventief_gesprek", None),
    ],
    # skips the IVG-R: one missing token when ptor_besluit:opname fires, one left in
    # p_gathering: produced 1 + 4 = 5, consumed 4 + 1 = 5, fitness 1/2(1-1/5)+1/2(1-1/5) = 0.8
    "E4": [
        ("melding", "MAP"),
        ("ptor_besluit", "opname"),
        ("instroom", None),
        ("notificatie", None),
    ],
    # no notificatie: the token stays in p_taken_in and p_end is empty: again 0.8
    "E5": [
        ("melding", "MAP"),
        ("ivgr_advies", "opnemen"),
        ("ptor_besluit", "opname"),
        ("instroom", None),
        ("contact", None),
    ],
    # a static decision inside the intake phase: a label the model does not have
    "E6": [
        ("melding", "MAP"),
        ("ivgr_advies", "opnemen"),
        ("ptor_besluit", "statisch"),
        ("ptor_besluit", "opname"),
        ("instroom", None),
        ("notificatie", None),
    ],
    # still open (no decision): left out
    "E7": [("melding", "MAP"), ("ivgr_advies", "meer_informatie")],
}


@pytest.fixture(scope="module")
def con():
    rows = [
        {
            "case_id": c,
            "activity": a,
            "outcome": o,
            "timestamp": (T0 + pd.Timedelta(days=i)).isoformat(),
            "org": "oov" if a in ("contact", "regisseur_toegewezen") else None,
        }
        for c, steps in CASES.items()
        for i, (a, o) in enumerate(steps)
    ]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    return c


def test_episode_fitness(con):
    frame = conformance(con, level="episode", as_of=store.last_event_at(con)).set_index(
        "case_id"
    )
    assert sorted(frame.index) == ["E1", "E2", "E3", "E4", "E5", "E6"]
    for fit in ("E1", "E2", "E3"):
        assert frame.loc[fit, "is_fit"]
        assert frame.loc[fit, "fitness"] == 1.0
        assert frame.loc[fit, "alignment_cost"] == 0
        assert frame.loc[fit, "deviations"] == ""
    assert frame.loc["E4", "fitness"] == pytest.approx(0.8)
    assert frame.loc["E5", "fitness"] == pytest.approx(0.8)
    assert not frame.loc["E6", "is_fit"]
    # the intake phase stops at notificatie: E1's contact is not part of it
    assert frame.loc["E1", "variant"].endswith("instroom > notificatie")


def test_where_they_deviate(con):
    frame = conformance(con, level="episode", as_of=store.last_event_at(con)).set_index(
        "case_id"
    )
    assert frame.loc["E4", "first_deviation"].startswith("ontbreekt ivgr_advies:")
    assert frame.loc["E4", "first_deviation"].endswith("na melding")
    assert frame.loc["E4", "alignment_cost"] == 1
    assert frame.loc["E5", "deviations"] == "ontbreekt notificatie na instroom"
    assert frame.loc["E6", "deviations"] == (
        "onverwacht ptor_besluit:statisch na ivgr_advies:opnemen"
    )


def test_deviations_read_by_step_name_in_the_readers_language(con):
    """A notebook's or the command line's table showed ``ontbreekt notificatie na
    instroom`` under Dutch headers, also with ``--lang en``."""
    from ipgar_metrics.labels import reader_cells, step_label

    frame = conformance(con, level="episode", as_of=store.last_event_at(con))
    frame = frame.set_index("case_id")
    nl = reader_cells(frame, "nl")
    en = reader_cells(frame, "en")
    assert nl.loc["E5", "deviations"] == "ontbreekt {} na {}".format(
        step_label("notificatie", "nl"), step_label("instroom", "nl")
    )
    assert en.loc["E6", "first_deviation"] == "unexpected {} after {}".format(
        step_label("ptor_besluit:statisch", "en"),
        step_label("ivgr_advies:opnemen", "en"),
    )
    assert "(" in en.loc["E6", "first_deviation"]  # the outcome in words
    assert (nl.loc[frame["deviations"] == "", "deviations"] == "").all()
    assert list(frame["deviations"]) != list(nl["deviations"])  # the frame keeps codes


def test_deviation_words_of_a_start_and_of_several_moves():
    from ipgar_metrics.labels import _deviation_words, step_label

    text = (
        "ontbreekt melding aan het begin; onverwacht instroom na melding; iets anders"
    )
    assert _deviation_words(text, "en") == "; ".join(
        [
            f"missing {step_label('melding', 'en')} at the start",
            f"unexpected {step_label('instroom', 'en')} after {step_label('melding', 'en')}",
            "iets anders",
        ]
    )
    assert _deviation_words("", "en") == "" and _deviation_words(None, "en") is None


def test_summary_and_deviating_list(con):
    s = conformance(con, as_of=store.last_event_at(con), level="summary").iloc[0]
    assert s["n_episodes"] == 6
    assert s["n_fit"] == 3
    assert s["share_fit"] == pytest.approx(0.5)
    assert s["n_not_aligned"] == 0
    dev = deviating_episodes(con, as_of=store.last_event_at(con))
    assert list(dev["case_id"]) == ["E4", "E5", "E6"]


def test_discovered_model_replays_its_log(con):
    row = discovered_intake_model(con, as_of=store.last_event_at(con)).iloc[0]
    assert row["n_episodes"] == 6
    assert row["n_variants"] == 6
    assert row["fitness"] == pytest.approx(1.0)  # IM guarantees perfect fitness
    assert "melding" in row["model"]


def test_generic_store_is_refused():
    generic = store.memory_store()
    store.insert_events(
        generic,
        pd.DataFrame([{"case_id": "x", "activity": "a", "timestamp": T0.isoformat()}]),
        profile="generic",
    )
    with pytest.raises(ConfigError, match="profile ipgar"):
        conformance(generic, as_of=store.last_event_at(generic), level="summary")
