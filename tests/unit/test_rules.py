"""Rule checks find exactly the violations planted in a small hand-made log."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics.quality._rules import RULES, rule_violations

T0 = pd.Timestamp("2024-01-01 10:00", tz="Europe/Amsterdam")

# The intake of a well-behaved case: one event per day from T0.
GOOD_INTAKE = [
    ("melding", "MAP"),
    ("ivgr_advies", "opnemen"),
    ("ptor_besluit", "opname"),
    ("instroom", None),
    ("regisseur_toegewezen", None),
    ("notificatie", None),
]

CASES = {
    # no violation; after uitstroom a new melding opens episode 2, which ends in no intake
    "C01": [
        *GOOD_INTAKE,
        ("contact", None),
        ("uitstroom", "doelen_bereikt"),
        ("melding", "CTER"),
        ("ivgr_advies", "niet_opnemen"),
        ("ptor_besluit", "geen_opname"),
    ],
    # two instroom in one episode (both followed by notificatie): at most once
    "C02": [
        ("melding", "MAP"),
        ("ivgr_advies", "opnemen"),
        ("ptor_besluit", "opname"),
        ("instroom", None),
        ("instroom", None),
        ("regisseur_toegewezen", None),
        ("notificatie", None),
    ],
    # instroom after aanhouden only: precedence instroom <- ptor_besluit opname
    "C03": [
        ("melding", "MAP"),
        ("ivgr_advies", "opnemen"),
        ("ptor_besluit", "aanhouden"),
        ("instroom", None),
        ("regisseur_toegewezen", None),
        ("notificatie", None),
    ],
    # ptor_besluit statisch without itatr_agendering (statisch_start itself is fine)
    "C04": [*GOOD_INTAKE, ("ptor_besluit", "statisch"), ("statisch_start", None)],
    # statisch_start without a ptor_besluit statisch (itatr present)
    "C05": [*GOOD_INTAKE, ("itatr_agendering", None), ("statisch_start", None)],
    # a correct static episode: itatr -> ptor statisch -> statisch_start
    "C06": [
        *GOOD_INTAKE,
        ("itatr_agendering", None),
        ("ptor_besluit", "statisch"),
        ("statisch_start", None),
    ],
    # instroom never followed by notificatie (long ago): response
    "C07": [
        ("melding", "MAP"),
        ("ivgr_advies", "opnemen"),
        ("ptor_besluit", "opname"),
        ("instroom", None),
        ("regisseur_toegewezen", None),
        ("contact", None),
    ],
    # notificatie before instroom: breaks notificatie-only-after-instroom AND, as no
    # notificatie follows the instroom, notificatie-after-instroom too
    "C08": [
        ("melding", "MAP"),
        ("ivgr_advies", "opnemen"),
        ("ptor_besluit", "opname"),
        ("notificatie", None),
        ("instroom", None),
        ("regisseur_toegewezen", None),
    ],
    # no case manager at all in an episode with instroom
    "C09": [
        ("melding", "MAP"),
        ("ivgr_advies", "opnemen"),
        ("ptor_besluit", "opname"),
        ("instroom", None),
        ("notificatie", None),
        ("contact", None),
    ],
    # a contact after uitstroom in the same episode (no new melding)
    "C10": [*GOOD_INTAKE, ("uitstroom", "verhuisd"), ("contact", None)],
}
# C11: an instroom 5 days before as_of without notificatie yet: not judged (grace 30 days)
AS_OF = date(2024, 6, 1)
RECENT = [
    ("melding", "MAP"),
    ("ivgr_advies", "opnemen"),
    ("ptor_besluit", "opname"),
    ("instroom", None),
    ("regisseur_toegewezen", None),
]

# Worked out by hand from the comments above: rule -> {(case, episode)}
EXPECTED = {
    "instroom_hoogstens_eenmaal": {("C02", 1)},
    "instroom_na_besluit_opname": {("C03", 1)},
    "statisch_na_besluit_statisch": {("C05", 1)},
    "besluit_statisch_na_itatr": {("C04", 1)},
    "notificatie_na_instroom": {("C07", 1), ("C08", 1)},
    "notificatie_alleen_na_instroom": {("C08", 1)},
    "casusregisseur_bij_instroom": {("C09", 1)},
    "niets_na_uitstroom": {("C10", 1)},
}


def _rows(case_id, steps, start):
    return [
        {
            "case_id": case_id,
            "activity": act,
            "outcome": out,
            "timestamp": (start + pd.Timedelta(days=i)).isoformat(),
            "org": "oov" if act in ("contact", "regisseur_toegewezen") else None,
        }
        for i, (act, out) in enumerate(steps)
    ]


@pytest.fixture(scope="module")
def con():
    rows = []
    for case_id, steps in CASES.items():
        rows += _rows(case_id, steps, T0)
    rows += _rows(
        "C11", RECENT, pd.Timestamp("2024-05-24 10:00", tz="Europe/Amsterdam")
    )
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    return c


def test_planted_violations_found_exactly(con):
    frame = rule_violations(con, as_of=AS_OF, level="episode")
    found = {
        rule: set(zip(g["case_id"], g["episode"].astype(int), strict=True))
        for rule, g in frame.groupby("rule")
    }
    assert found == {k: v for k, v in EXPECTED.items() if v}
    assert set(frame.columns) >= {"rule", "template", "case_id", "episode", "at", "n"}


def test_summary_counts_and_case_ids(con):
    summary = rule_violations(con, as_of=AS_OF, level="summary").set_index("rule")
    assert list(summary.index) == [r["rule"] for r in RULES]
    for rule, expected in EXPECTED.items():
        assert summary.loc[rule, "n_violating"] == len(expected)
        assert summary.loc[rule, "case_ids"] == sorted({c for c, _ in expected})
    assert summary.attrs["ipgar"]["as_of"] == "2024-06-01"


def test_an_event_after_the_exit_is_counted_at_its_time(con):
    # C10: the intake's six steps (days 0-5), uitstroom on day 6, a contact on day 7
    frame = rule_violations(con, as_of=AS_OF, level="episode")
    row = frame[frame["rule"] == "niets_na_uitstroom"].iloc[0]
    assert (row["case_id"], row["episode"], row["n"]) == ("C10", 1, 1)
    assert pd.Timestamp(row["at"]) == T0 + pd.Timedelta(days=7)


def test_episode_two_after_exit_is_not_a_violation(con):
    # C01's second episode (melding after uitstroom) is a new episode: nothing flagged
    frame = rule_violations(con, as_of=AS_OF, level="episode")
    assert "C01" not in set(frame["case_id"])
    assert (
        store.table_frame(con, "events").query("case_id == 'C01'")["episode"].max() == 2
    )


def test_grace_period_and_as_of(con):
    # without the grace period C11 is flagged by the response rule
    rules = [
        dict(r, grace_days=0) for r in RULES if r["rule"] == "notificatie_na_instroom"
    ]
    frame = rule_violations(con, as_of=AS_OF, level="episode", rules=rules)
    assert set(frame["case_id"]) == {"C07", "C08", "C11"}
    # as_of before C10's contact after exit: not yet a violation
    frame = rule_violations(con, as_of=date(2024, 1, 8), level="episode")
    assert "C10" not in set(frame["case_id"])


def test_at_most_once_counts_occurrences(con):
    frame = rule_violations(con, as_of=AS_OF, level="episode")
    row = frame[(frame["rule"] == "instroom_hoogstens_eenmaal")].iloc[0]
    assert row["n"] == 2
    assert row["at"] == T0 + pd.Timedelta(days=4)  # the second instroom


def test_errors():
    generic = store.memory_store()
    store.insert_events(
        generic,
        pd.DataFrame([{"case_id": "x", "activity": "a", "timestamp": T0.isoformat()}]),
        profile="generic",
    )
    with pytest.raises(ConfigError, match="profile ipgar"):
        rule_violations(generic, as_of=store.last_event_at(generic), level="summary")
    with pytest.raises(ConfigError, match="unknown template"):
        rule_violations(
            store.memory_store(),
            rules=[{"rule": "x", "template": "chain", "a": "b"}],
            as_of=T0,
            level="summary",
        )


def test_precedence_scope_case_looks_in_every_episode():
    # C: episode 1 = melding (day 1), ptor_besluit statisch (2), uitstroom (3);
    # episode 2 = melding (4), statisch_start (5). Per episode the start of day 5 has
    # no earlier decision; over the case it has (day 2).
    steps = [
        ("melding", "MAP"),
        ("ptor_besluit", "statisch"),
        ("uitstroom", "verhuisd"),
        ("melding", "MAP"),
        ("statisch_start", None),
    ]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(_rows("C", steps, T0)))
    rule = next(r for r in RULES if r["rule"] == "statisch_na_besluit_statisch")
    last = store.last_event_at(c)
    per_episode = rule_violations(c, as_of=last, level="episode", rules=[rule])
    found = list(zip(per_episode["case_id"], per_episode["episode"], strict=True))
    assert found == [("C", 2)]
    per_case = rule_violations(
        c, as_of=last, level="episode", rules=[dict(rule, scope="case")]
    )
    assert len(per_case) == 0
    with pytest.raises(ConfigError, match="scope"):
        rule_violations(
            c, as_of=last, rules=[dict(rule, template="response", scope="case")]
        )
