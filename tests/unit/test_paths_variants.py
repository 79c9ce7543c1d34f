"""Variants, directly-follows graph and rework on a hand-made log, worked out by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics.paths._dfg import (
    END_NODE,
    START_NODE,
    directly_follows,
    suppress_edges,
)
from ipgar_metrics.metrics.paths._variants import (
    OTHER_VARIANTS,
    episode_paths,
    rework,
    variants,
)

TZ = "Europe/Amsterdam"

# (case, report_source, first day, [(day offset, activity, outcome)])
LOG = [
    (
        "A",
        "MAP",
        "2024-01-01",
        [
            (0, "melding", "MAP"),
            (2, "ivgr_advies", "opnemen"),
            (4, "ptor_besluit", "opname"),
            (6, "instroom", None),
            (7, "regisseur_toegewezen", None),
            (8, "notificatie", None),
            (10, "contact", None),
        ],
    ),
    (
        "B",
        "MAP",
        "2024-01-01",
        [
            (0, "melding", "MAP"),
            (3, "ivgr_advies", "opnemen"),
            (5, "ptor_besluit", "opname"),
            (9, "instroom", None),
            (12, "notificatie", None),
        ],
    ),
    (
        "C",
        "CTER",
        "2024-01-01",
        [
            (0, "melding", "CTER"),
            (1, "ivgr_advies", "tussenvariant"),
            (2, "ptor_besluit", "geen_opname"),
            (5, "preventief_gesprek", None),
        ],
    ),
    (
        "D",
        "CTER",
        "2024-03-01",
        [
            (0, "melding", "CTER"),
            (1, "info_aanvraag", None),
            (4, "info_ontvangen", None),
            (5, "ivgr_advies", "meer_informatie"),
        ],
    ),
    (
        "E",
        "MAP",
        "2024-02-01",
        [
            (0, "melding", "MAP"),
            (7, "ivgr_advies", "niet_opnemen"),
            (14, "ptor_besluit", "geen_opname"),
        ],
    ),
]
V1 = "melding > ivgr_advies > ptor_besluit > instroom > notificatie"  # A (6 d), B (9 d)
V_E = "melding > ivgr_advies > ptor_besluit"  # E (14 d)
V_C = "melding > ivgr_advies > ptor_besluit > preventief_gesprek"  # C (2 d to geen_opname)
V_D = "melding > info_aanvraag > info_ontvangen > ivgr_advies"  # D, open


@pytest.fixture(scope="module")
def con():
    frame = _frame()
    frame["org"] = frame["activity"].map(
        lambda a: "oov" if a in ("contact", "regisseur_toegewezen") else None
    )
    c = store.memory_store()
    store.insert_events(c, frame)
    return c


def test_intake_variants_all(con):
    v = variants(con, phase="intake", min_count=1, as_of=store.last_event_at(con))
    assert list(v["variant"]) == [
        V1,
        V_E,
        V_C,
    ]  # count desc, then text (V_E is a prefix)
    assert list(v["count"]) == [2, 1, 1]
    assert list(v["rank"]) == [1, 2, 3]
    assert v["share"].tolist() == pytest.approx([0.5, 0.25, 0.25])
    assert v["cumulative_share"].tolist() == pytest.approx([0.5, 0.75, 1.0])
    # V1: lead times 6 and 9 days: median 7.5, p90 = 6 + 0.9 * 3 = 8.7
    assert v.loc[0, "median_days"] == pytest.approx(7.5)
    assert v.loc[0, "p90_days"] == pytest.approx(8.7)
    # C: melding -> geen_opname is 2 days; the later preventief_gesprek is in the path
    assert v.loc[2, "median_days"] == pytest.approx(2.0)
    assert not v["is_other"].any()
    assert v.attrs["ipgar"]["params"]["min_count"] == 1


def test_rare_variants_merged(con):
    v = variants(con, phase="intake", min_count=2, as_of=store.last_event_at(con))
    assert list(v["variant"]) == [V1, OTHER_VARIANTS]
    other = v.iloc[1]
    assert other["count"] == 2 and other["n_variants"] == 2 and other["is_other"]
    # merged lead times 2 and 14: median 8, p90 = 2 + 0.9 * 12 = 12.8
    assert other["median_days"] == pytest.approx(8.0)
    assert other["p90_days"] == pytest.approx(12.8)
    assert other["rank"] == 2
    assert other["cumulative_share"] == pytest.approx(1.0)


def test_default_suppression_threshold_hides_everything_small(con):
    v = variants(
        con, phase="intake", as_of=store.last_event_at(con)
    )  # k = 10: all four episodes are rare
    assert list(v["variant"]) == [OTHER_VARIANTS]
    assert v.loc[0, "count"] == 4


def test_open_intake_phases(con):
    v = variants(
        con,
        phase="intake",
        min_count=1,
        include_open=True,
        as_of=store.last_event_at(con),
    )
    assert v["count"].sum() == 5
    row = v[v["variant"] == V_D].iloc[0]
    assert row["count"] == 1 and np.isnan(row["median_days"])
    paths = episode_paths(
        con, phase="intake", include_open=True, as_of=store.last_event_at(con)
    ).set_index("case_id")
    assert paths.loc["D", "is_open"] and pd.isna(paths.loc["D", "end_at"])
    assert paths.loc["A", "days"] == pytest.approx(6.0)


def test_episode_phase_keeps_every_event(con):
    paths = episode_paths(
        con, phase="episode", as_of=store.last_event_at(con)
    ).set_index("case_id")
    assert paths.loc["A", "variant"] == (
        "melding > ivgr_advies > ptor_besluit > instroom > regisseur_toegewezen > "
        "notificatie > contact"
    )
    assert paths.loc["A", "days"] == pytest.approx(10.0)  # first to last event
    assert len(paths) == 5


def test_filters(con):
    cter = variants(
        con,
        phase="intake",
        min_count=1,
        segment={"report_source": "CTER"},
        as_of=store.last_event_at(con),
    )
    assert list(cter["variant"]) == [V_C]
    later = variants(
        con,
        phase="intake",
        min_count=1,
        period=(date(2024, 2, 1), None),
        as_of=store.last_event_at(con),
    )
    assert list(later["variant"]) == [V_E]  # D is open
    early = variants(
        con,
        phase="intake",
        min_count=1,
        period=(None, date(2024, 1, 31)),
        as_of=store.last_event_at(con),
    )
    assert early["count"].sum() == 3
    with pytest.raises(ConfigError, match="unknown segment"):
        variants(con, segment={"regio": "x"}, as_of=store.last_event_at(con))
    with pytest.raises(ConfigError, match="start and end"):
        variants(con, segment={"month": "2024-01"}, as_of=store.last_event_at(con))


def test_as_of_cuts_the_log(con):
    # at the start of 9 Jan: A has its instroom (7 Jan) but not yet its notificatie
    # (9 Jan 10:00); B's instroom (10 Jan) is still to come; E and D have not started
    v = variants(con, phase="intake", min_count=1, as_of=date(2024, 1, 9))
    assert set(v["variant"]) == {"melding > ivgr_advies > ptor_besluit > instroom", V_C}


def test_dfg_by_hand(con):
    g = directly_follows(con, phase="intake", as_of=store.last_event_at(con)).set_index(
        ["source", "target"]
    )
    assert g.loc[(START_NODE, "melding"), "count"] == 4
    # melding -> ivgr_advies: 2, 3, 1, 7 days: mean 3.25, median 2.5
    edge = g.loc[("melding", "ivgr_advies")]
    assert edge["count"] == 4 and edge["n_episodes"] == 4
    assert edge["mean_days"] == pytest.approx(3.25)
    assert edge["median_days"] == pytest.approx(2.5)
    assert edge["mean_seconds"] == pytest.approx(3.25 * 86400)
    assert g.loc[("ivgr_advies", "ptor_besluit"), "mean_days"] == pytest.approx(3.0)
    assert g.loc[("ptor_besluit", "instroom"), "mean_days"] == pytest.approx(3.0)
    assert g.loc[("instroom", "notificatie"), "mean_days"] == pytest.approx(2.5)
    assert g.loc[("ptor_besluit", "preventief_gesprek"), "count"] == 1
    ends = g.xs(END_NODE, level="target")["count"].to_dict()
    assert ends == {"notificatie": 2, "preventief_gesprek": 1, "ptor_besluit": 1}
    assert np.isnan(g.loc[(START_NODE, "melding"), "mean_days"])
    assert len(g) == 9


def test_dfg_outcomes_and_suppression(con):
    g = directly_follows(
        con, phase="intake", outcomes=True, as_of=store.last_event_at(con)
    )
    assert {"ivgr_advies:opnemen", "ptor_besluit:geen_opname"} <= set(g["source"])
    kept = suppress_edges(
        directly_follows(con, phase="intake", as_of=store.last_event_at(con)),
        min_count=4,
    )
    assert set(zip(kept["source"], kept["target"], strict=True)) == {
        (START_NODE, "melding"),
        ("melding", "ivgr_advies"),
        ("ivgr_advies", "ptor_besluit"),
    }


def test_episode_phase_refined_labels_match_the_general_path(con):
    # the unfiltered episode phase is a view (fast path); a period filter that keeps
    # every episode takes the general path: both must label the same outcomes
    fast = directly_follows(
        con, phase="episode", outcomes=True, as_of=store.last_event_at(con)
    )
    general = directly_follows(
        con,
        phase="episode",
        outcomes=True,
        period=(date(2000, 1, 1), None),
        as_of=store.last_event_at(con),
    )
    assert {"ivgr_advies:opnemen", "ptor_besluit:geen_opname"} <= set(fast["source"])
    pd.testing.assert_frame_equal(fast, general)
    plain = directly_follows(con, phase="episode", as_of=store.last_event_at(con))
    assert not plain["source"].str.contains(":").any()


def test_rework(con):
    ep = rework(con, level="episode", as_of=store.last_event_at(con)).set_index(
        "case_id"
    )
    assert ep.loc["D", "info_requests"] == 1 and ep.loc["D", "more_info_advices"] == 1
    assert ep.loc["D", "is_open"]
    assert (ep["ivgr_returns"] == 0).all()
    s = rework(con, as_of=store.last_event_at(con), level="summary")
    assert list(s["ivgr_returns"]) == ["0", "1", "2", "3+"][: len(s)]
    first = s.iloc[0]
    assert first["n"] == 4 and first["n_open"] == 1
    assert first["median_days"] == pytest.approx(7.5)  # 2, 6, 9, 14
    assert first["extra_median_days"] == 0


def test_generic_store_has_no_intake_phase():
    c = store.memory_store()
    store.insert_events(
        c,
        pd.DataFrame(
            [
                {
                    "case_id": "1",
                    "activity": "a",
                    "timestamp": "2024-01-01T10:00:00+01:00",
                },
                {
                    "case_id": "1",
                    "activity": "b",
                    "timestamp": "2024-01-01T10:00:00+01:00",
                },
            ]
        ),
        profile="generic",
    )
    with pytest.raises(ConfigError, match="profile ipgar"):
        variants(c, phase="intake", as_of=store.last_event_at(c))
    v = variants(c, min_count=1, as_of=store.last_event_at(c))
    assert list(v["variant"]) == ["a > b"] and v.loc[0, "median_days"] == 0


def _generic(cases: dict[str, list[str]]):
    rows = [
        (case, label, f"2024-01-0{i + 1}T10:00:00+01:00")
        for case, labels in cases.items()
        for i, label in enumerate(labels)
    ]
    c = store.memory_store()
    store.insert_events(
        c,
        pd.DataFrame(rows, columns=["case_id", "activity", "timestamp"]),
        profile="generic",
    )
    return c


def test_labels_holding_a_separator_character_stay_apart():
    # joined by U+001F both paths would read "a<US>b<US>c"; keyed by codes they do not
    c = _generic({"1": ["a\x1fb", "c"], "2": ["a", "b\x1fc"]})
    v = variants(c, min_count=1, as_of=store.last_event_at(c))
    assert sorted(map(tuple, v["activities"])) == [("a", "b\x1fc"), ("a\x1fb", "c")]
    assert list(v["count"]) == [1, 1]


def test_ties_are_ordered_by_variant_text_even_when_labels_nest():
    # "a" is a prefix of "a !": by label codes [a, z] sorts before [a !], but the
    # texts sort "a !" before "a > z" ("!" is below ">")
    c = _generic({"1": ["a", "z"], "2": ["a !"], "3": ["b"], "4": ["b"]})
    v = variants(c, min_count=1, as_of=store.last_event_at(c))
    assert list(v["variant"]) == ["b", "a !", "a > z"]
    assert list(v["rank"]) == [1, 2, 3]
    assert list(v["cumulative_share"]) == pytest.approx([0.5, 0.75, 1.0])


def _frame():
    rows = []
    for case, source, first, steps in LOG:
        t0 = pd.Timestamp(f"{first} 10:00", tz=TZ)
        rows += [
            {
                "case_id": case,
                "activity": a,
                "outcome": o,
                "report_source": source,
                "timestamp": (t0 + pd.Timedelta(days=d)).isoformat(),
            }
            for d, a, o in steps
        ]
    return pd.DataFrame(rows)


def test_row_order_of_the_export_does_not_matter(con):
    shuffled = store.memory_store()
    store.insert_events(shuffled, _frame().sample(frac=1.0, random_state=7))
    for phase in ("intake", "episode"):
        a = variants(
            con, phase=phase, min_count=1, as_of=store.last_event_at(con)
        ).drop(columns="activities")
        b = variants(
            shuffled, phase=phase, min_count=1, as_of=store.last_event_at(shuffled)
        ).drop(columns="activities")
        pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(
        directly_follows(con, as_of=store.last_event_at(con)),
        directly_follows(shuffled, as_of=store.last_event_at(shuffled)),
    )


def test_dfg_segment_and_period_filters(con):
    cter = directly_follows(
        con,
        phase="intake",
        segment={"report_source": "CTER"},
        as_of=store.last_event_at(con),
    )
    # only C is closed among the CTER cases: 3 inner edges, 1 start, 1 end
    assert cter["count"].sum() == 5
    assert set(cter["n_episodes"]) == {1}
    feb = directly_follows(
        con,
        phase="episode",
        period=(date(2024, 2, 1), date(2024, 2, 29)),
        as_of=store.last_event_at(con),
    )
    assert feb.loc[feb["source"] == START_NODE, "count"].sum() == 1  # E only
