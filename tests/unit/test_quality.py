"""The quality report on hand-made logs: each check counts what it should."""

from __future__ import annotations

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.quality._report import has_errors, quality_report


def _store(rows, **attrs):
    con = store.memory_store()
    frame = pd.DataFrame(
        rows,
        columns=[
            "case_id",
            "activity",
            "timestamp",
            "org",
            "case_manager",
            "life_domain",
            "outcome",
        ],
    )
    for k, v in attrs.items():
        frame[k] = v
    store.insert_events(con, frame)
    return con


def _counts(con) -> dict[str, int]:
    report = quality_report(con)
    return dict(zip(report["check"], report["count"], strict=True))


T = "2024-01-{:02d}T10:00:00+01:00"


def test_clean_episode_has_no_findings():
    # melding -> ivgr -> ptor opname -> instroom -> notificatie -> regisseur -> contact -> uitstroom
    con = _store(
        [
            ("C1", "melding", T.format(1), None, None, None, "MAP"),
            ("C1", "ivgr_advies", T.format(2), None, None, None, "opnemen"),
            ("C1", "ptor_besluit", T.format(3), None, None, None, "opname"),
            ("C1", "instroom", T.format(4), None, None, None, None),
            ("C1", "notificatie", T.format(5), None, None, None, None),
            ("C1", "regisseur_toegewezen", T.format(6), "politie", "M1", None, None),
            ("C1", "contact", T.format(7), "politie", "M1", None, None),
            ("C1", "uitstroom", T.format(8), None, None, None, "doelen_bereikt"),
        ],
        report_source="MAP",
    )
    counts = _counts(con)
    assert {k: v for k, v in counts.items() if v} == {}
    assert not has_errors(quality_report(con))


def test_rule_violations_are_counted():
    con = _store(
        [
            # C1: notificatie (day 3) before instroom (day 4); instroom without opname;
            # contact after uitstroom; two instroom in one episode.
            ("C1", "melding", T.format(1), None, None, None, "CTER"),
            ("C1", "notificatie", T.format(3), None, None, None, None),
            ("C1", "instroom", T.format(4), None, None, None, None),
            ("C1", "instroom", T.format(5), None, None, None, None),
            ("C1", "uitstroom", T.format(6), None, None, None, "verhuisd"),
            ("C1", "contact", T.format(7), None, None, None, None),
            # C2: statisch_start with no decision; detentie never ended; contact without org
            ("C2", "melding", T.format(1), None, None, None, "MAP"),
            ("C2", "statisch_start", T.format(2), None, None, None, None),
            ("C2", "detentie_start", T.format(3), None, None, None, None),
        ],
        report_source="MAP",
    )
    counts = _counts(con)
    assert counts["out_of_order"] == 1  # notificatie before instroom (C1)
    assert counts["instroom_without_opname"] == 2  # both instroom of C1
    assert counts["multiple_instroom"] == 1  # C1 episode 1
    assert counts["event_after_uitstroom"] == 1  # contact of C1
    assert counts["statisch_without_decision"] == 1
    assert counts["open_status"] == 2  # statisch_start and detentie_start of C2
    assert counts["no_case_manager"] == 1  # C1 has an instroom and no manager
    assert counts["missing_org"] == 1  # contact of C1
    assert counts["missing_outcome"] == 0
    assert (
        counts["contradicting_attributes"] == 1
    )  # C1 melding CTER vs report_source MAP


def test_ties_batches_and_gaps():
    rows = [("C1", "melding", "2024-01-01T10:00:00+01:00", None, None, None, "MAP")]
    rows += [
        ("C1", "info_aanvraag", "2024-01-01T10:00:00+01:00", None, None, None, None)
    ]
    # ten contacts of ggz in the same minute (in different cases) = a batch of 10
    rows += [
        (f"B{i}", "contact", "2024-01-02T11:00:30+01:00", "ggz", None, None, None)
        for i in range(10)
    ]
    # nothing registered between 2024-01-02 and 2024-03-15: one gap of 73 days
    rows += [("C1", "contact", "2024-03-15T10:00:00+01:00", "ggz", None, None, None)]
    con = _store(rows)
    counts = _counts(con)
    assert counts["identical_timestamps"] == 2  # the C1 pair; each B-case has one event
    assert counts["batch_registration"] == 10
    assert counts["recording_gap"] == 1


def test_a_check_counts_every_finding_and_shows_the_first_cases():
    """Findings of many cases: all counted, the first three cases (by pseudonym) shown."""
    minute = "2024-01-02T11:00:{:02d}+01:00"
    # a batch of ggz in one minute: twelve cases, two events each for B07 and B00
    rows = [
        (f"B{i:02d}", "contact", minute.format(i), "ggz", None, None, None)
        for i in (11, 7, 3, 9, 0, 5, 2, 10, 8, 1, 6, 4)
    ]
    rows += [
        ("B07", "contact", minute.format(40), "ggz", None, None, None),
        ("B00", "contact", minute.format(41), "ggz", None, None, None),
    ]
    report = quality_report(_store(rows)).set_index("check")
    assert report.loc["batch_registration", "count"] == 14
    assert report.loc["batch_registration", "examples"] == "B00, B01, B02"


@pytest.mark.parametrize("profile", ["generic"])
def test_generic_profile_skips_process_rules(profile):
    con = store.memory_store()
    frame = pd.DataFrame(
        [("c", "x", "2020-01-01T00:00:00Z"), ("c", "y", "2020-01-02T00:00:00Z")],
        columns=["case_id", "activity", "timestamp"],
    )
    store.insert_events(con, frame, profile=profile)
    checks = set(quality_report(con)["check"])
    assert "out_of_order" not in checks and "identical_timestamps" in checks


def test_every_quality_check_has_a_dutch_description():
    # the Dutch report shows these; a new check without a Dutch text would show English
    import re
    from pathlib import Path

    from ipgar_metrics import labels
    from ipgar_metrics.metrics.quality import _report as quality

    src = Path(quality.__file__).read_text(encoding="utf-8")
    checks = set(re.findall(r'_Check\(\s*"([a-z_]+)"', src))
    checks |= set(quality._RULES) | set(quality._LOAD_ISSUES)
    assert len(checks) >= 15
    missing = checks - set(labels.QUALITY_LABELS_NL)
    assert not missing, sorted(missing)
    assert labels.quality_description("x", "english text", "en") == "english text"
