"""store.reuse_results: repeated store reads are computed once, and only store reads.

The tests change the store inside the block on purpose (which real callers must not
do): a kept result then shows as the old answer, a recomputed one as the new.
"""

from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics._episodes import episodes
from ipgar_metrics.metrics.paths import directly_follows, variants
from ipgar_metrics.metrics.paths._variants import prepare_phase
from ipgar_metrics.store import _sql

AS_OF = pd.Timestamp("2025-06-01", tz="Europe/Amsterdam")


def ev(case, activity, day):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"2025-{day}T12:00:00+01:00",
    }


@pytest.fixture
def con():
    c = store.memory_store()
    store.insert_events(
        c,
        pd.DataFrame(
            [
                ev("A", "melding", "01-02"),
                ev("A", "instroom", "01-20"),
                ev("B", "melding", "02-02"),
                ev("B", "instroom", "02-10"),
            ]
        ),
    )
    yield c
    c.close()


def add_case(c, case: str) -> None:
    store.insert_events(
        c,
        pd.DataFrame([ev(case, "melding", "03-02"), ev(case, "instroom", "03-09")]),
        load_id=1,
    )


def n_periods(c) -> int:
    return len(store.sql_frame(c, "metrics/status_approach", as_of=AS_OF))


def test_a_repeated_read_is_kept_inside_the_block_only(con):
    with store.reuse_results():
        assert n_periods(con) == 2
        add_case(con, "C")
        assert n_periods(con) == 2  # kept: the store change is not seen
        assert len(episodes(con, as_of=date(2025, 6, 1))) == 3  # first read: fresh
        add_case(con, "D")
        assert len(episodes(con, as_of=date(2025, 6, 1))) == 3  # kept
    assert n_periods(con) == 4  # outside the block every call reads the store
    assert len(episodes(con, as_of=date(2025, 6, 1))) == 4


def test_a_large_result_is_kept_only_when_asked_for_again(con, monkeypatch):
    monkeypatch.setattr(_sql, "REUSE_AT_ONCE_BYTES", 0)  # every frame is "large"
    with store.reuse_results():
        assert n_periods(con) == 2
        assert [v for v in _sql._REUSE.values() if len(v)] == []  # not held
        add_case(con, "C")
        assert n_periods(con) == 3  # asked again: read again, and kept from now on
        add_case(con, "D")
        assert n_periods(con) == 3


def test_a_large_result_read_again_is_kept_at_its_first_read(monkeypatch):
    """``read_again``: the caller knows a second read comes; computed once."""
    monkeypatch.setattr(_sql, "REUSE_AT_ONCE_BYTES", 0)  # every frame is "large"
    calls = []

    def compute():
        calls.append(1)
        return pd.DataFrame({"x": [len(calls)]})

    with store.reuse_results():
        for _ in range(3):
            assert store.reused(("t", 1), compute, read_again=True)["x"].tolist() == [1]
        assert store.reused(("t", 2), compute)["x"].tolist() == [2]
        assert store.reused(("t", 2), compute)["x"].tolist() == [3]  # read again
    assert len(calls) == 3


def test_other_parameters_are_other_reads(con):
    with store.reuse_results():
        assert n_periods(con) == 2
        add_case(con, "C")
        later = store.sql_frame(
            con, "metrics/status_approach", as_of=AS_OF + pd.Timedelta(days=1)
        )
        assert len(later) == 3


def test_parameters_the_statement_does_not_read_are_not_part_of_the_key(con):
    with store.reuse_results():
        first = store.sql_frame(con, "metrics/status_approach", as_of=AS_OF, day=1)
        add_case(con, "C")
        again = store.sql_frame(con, "metrics/status_approach", as_of=AS_OF, day=2)
        assert len(first) == len(again) == 2  # kept: `day` is not in its SQL


def test_the_rules_after_the_last_event_are_the_rules_at_it(con, monkeypatch):
    """The report's paths page (month end) and quality page (last event) share them.

    Only the templates that read the reference time (the response rules' grace
    period) are run again for the second reference time.
    """
    from ipgar_metrics.metrics.quality import rule_violations

    runs: list[str] = []
    original = _sql.run_sql

    def counted(c, name, **params):
        runs.append(name)
        return original(c, name, **params)

    monkeypatch.setattr(_sql, "run_sql", counted)
    last = store.last_event_at(con)
    with store.reuse_results():
        later = rule_violations(con, as_of=AS_OF)
        first = len(runs)
        at_last = rule_violations(con, as_of=last)
    again = runs[first:]
    assert first >= 5 and again
    assert set(again) <= {"paths/rule_response", "paths/rule_responded_existence"}
    assert len(again) < first
    plain = ~later["template"].isin(["response", "responded_existence"])
    pd.testing.assert_frame_equal(
        later[plain].reset_index(drop=True),
        at_last[
            ~at_last["template"].isin(["response", "responded_existence"])
        ].reset_index(drop=True),
    )


def test_a_kept_frame_cannot_be_changed_by_a_caller(con):
    with store.reuse_results():
        first = store.sql_frame(con, "metrics/status_approach", as_of=AS_OF)
        first.loc[:, "case_id"] = "changed"
        again = store.sql_frame(con, "metrics/status_approach", as_of=AS_OF)
    assert "changed" not in set(again["case_id"])


def test_reads_of_temporary_tables_are_never_kept(con):
    # paths/variants reads the view _episode_keys over _phase_events, which
    # prepare_phase redefines:
    # the same parameters then mean another answer
    with store.reuse_results():
        prepare_phase(con, phase="episode", as_of=date(2025, 1, 25))
        with store.temp_table(con, "_variant_labels", "paths/variant_labels"):
            store.run_sql(con, "paths/episode_keys").fetchall()
            for _ in range(2):
                early = store.sql_frame(con, "paths/variants", min_count=1)
        prepare_phase(con, phase="episode", as_of=None)
        with store.temp_table(con, "_variant_labels", "paths/variant_labels"):
            store.run_sql(con, "paths/episode_keys").fetchall()
            full = store.sql_frame(con, "paths/variants", min_count=1)
    assert early["count"].sum() == 1
    assert full["count"].sum() == 2


def test_the_snapshot_is_read_once_and_a_caller_gets_a_copy(con, monkeypatch):
    outside = store.snapshot(con)
    calls = []
    real = store._events._snapshot
    monkeypatch.setattr(
        store._events, "_snapshot", lambda c: calls.append(1) or real(c)
    )
    with store.reuse_results():
        first = store.snapshot(con)
        first["snapshot_id"] = "changed"
        again = store.snapshot(con)
    assert len(calls) == 1
    assert again == outside


def test_kept_values_are_kept_by_key_inside_the_block_only():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert store.kept(("x",), compute) == 1  # no block: computed every time
    assert store.kept(("x",), compute) == 2
    with store.reuse_results():
        assert store.kept(("x",), compute) == 3
        assert store.kept(("x",), compute) == 3
        assert store.kept(("y",), compute) == 4
    assert store.kept(("x",), compute) == 5


def made_phase_rows(monkeypatch) -> list[int]:
    """Count the runs of ``paths/phase_events`` (which make ``_phase_rows``)."""
    runs: list[int] = []
    real = store.run_sql

    def counting(c, name, **params):
        if name == "paths/phase_events":
            runs.append(1)
        return real(c, name, **params)

    monkeypatch.setattr(store, "run_sql", counting)
    return runs


def paths_of(c, as_of):
    return (
        variants(c, phase="intake", as_of=as_of, min_count=1),
        directly_follows(c, phase="intake", as_of=as_of),
    )


def test_the_variants_and_the_map_of_one_phase_share_its_rows(con, monkeypatch):
    outside = paths_of(con, AS_OF)
    runs = made_phase_rows(monkeypatch)
    with store.reuse_results():
        inside = paths_of(con, AS_OF)
    assert len(runs) == 1  # the map read the rows the variants made
    for got, want in zip(inside, outside, strict=True):
        assert not want.empty
        pd.testing.assert_frame_equal(got, want)


def test_phase_rows_made_for_other_parameters_in_between_are_made_again(
    con, monkeypatch
):
    early, later = date(2025, 1, 25), AS_OF
    want_early, want_later = paths_of(con, early), paths_of(con, later)
    assert want_early[0]["count"].sum() == 1  # only A's intake ended by then
    assert want_later[0]["count"].sum() == 2
    runs = made_phase_rows(monkeypatch)
    with store.reuse_results():
        got = [paths_of(con, early), paths_of(con, later), paths_of(con, early)]
    assert len(runs) == 3  # early, later, early again: the last rows made count
    for got_pair, want_pair in zip(
        got, [want_early, want_later, want_early], strict=True
    ):
        for g, w in zip(got_pair, want_pair, strict=True):
            pd.testing.assert_frame_equal(g, w)
    with store.reuse_results():  # a new block remembers nothing of the last one
        paths_of(con, early)
    assert len(runs) == 4


def test_a_read_only_connection_reads_its_facts_once(sim_store, tmp_path, monkeypatch):
    """Read-only: nobody can change the store while it is open, so its snapshot and
    meta values are read once per connection; a writable one reads them every time,
    and the next read-only connection sees what was written in between."""
    db = tmp_path / "copy.duckdb"
    db.write_bytes(sim_store.db.read_bytes())
    calls = []
    real = store._events._snapshot
    monkeypatch.setattr(
        store._events, "_snapshot", lambda c: calls.append(1) or real(c)
    )
    reader = store.connect(db)
    try:
        first = store.snapshot(reader)
        assert first["snapshot_id"]
        assert store.snapshot(reader) == first
        assert store.meta_value(reader, "profile") == "ipgar"
    finally:
        reader.close()
    assert len(calls) == 1

    writer = store.connect(db, read_only=False)
    try:
        store.snapshot(writer)
        store.snapshot(writer)
        store.set_meta(writer, "profile", "generic")
        assert store.meta_value(writer, "profile") == "generic"
    finally:
        writer.close()
    assert len(calls) == 3

    reader = store.connect(db)
    try:
        assert store.meta_value(reader, "profile") == "generic"
        assert store.snapshot(reader) == first
    finally:
        reader.close()
    assert len(calls) == 4


@pytest.mark.parametrize("metric", ["contact", "integrality", "leadtime"])
def test_the_steps_read_the_shared_items_and_leave_them_as_they_were(sim_store, metric):
    """``_units`` and the monthly series get the kept items themselves, not a copy.

    They only select and read them: after a comparison, a monthly series and a
    comparison by segment, the kept frame equals the items computed afresh, and a
    caller of ``metric_items`` still gets a copy of its own.
    """
    from ipgar_metrics.metrics.evaluate import compare_periods, interrupted_time_series
    from ipgar_metrics.metrics.evaluate._compare import metric_items, shared_items

    con = store.connect(sim_store.db)
    as_of = pd.Timestamp(store.last_event_at(con))
    fresh = metric_items(con, metric=metric, as_of=as_of)
    with store.reuse_results():
        kept = shared_items(con, metric=metric, as_of=as_of)
        assert shared_items(con, metric=metric, as_of=as_of) is kept
        compare_periods(con, change=date(2024, 1, 1), metric=metric, as_of=as_of)
        interrupted_time_series(
            con, change=date(2024, 1, 1), metric=metric, as_of=as_of
        )
        compare_periods(
            con,
            change=date(2024, 1, 1),
            metric=metric,
            as_of=as_of,
            segment={"report_source": ["MAP"]},
        )
        pd.testing.assert_frame_equal(kept, fresh, check_exact=True)
        mine = metric_items(con, metric=metric, as_of=as_of)
        assert mine is not kept
        mine.loc[:, "value"] = -1.0
        pd.testing.assert_frame_equal(
            shared_items(con, metric=metric, as_of=as_of), fresh, check_exact=True
        )
    con.close()


def test_lead_times_and_key_figures_read_the_shared_episodes_and_leave_them(sim_store):
    """``lead_times``, ``key_figures`` and the lead-time items get the kept episodes.

    They only select and read them: after every level, breakdown, period mode, the
    key figures of three months and the items, the kept frame (and its ``attrs``) equals the
    episodes computed afresh, and a caller of ``episodes`` still gets a copy.
    """
    from ipgar_metrics.metrics._episodes import shared_episodes
    from ipgar_metrics.metrics.evaluate._compare import metric_items
    from ipgar_metrics.metrics.leadtime import lead_times
    from ipgar_metrics.metrics.monthly import key_figures

    con = store.connect(sim_store.db)
    last = pd.Timestamp(store.last_event_at(con))
    as_of = pd.Timestamp(last.tz_convert("Europe/Amsterdam").date().replace(day=1))
    as_of = as_of.tz_localize("Europe/Amsterdam")
    fresh = episodes(con, as_of=as_of)
    with store.reuse_results():
        kept = shared_episodes(con, as_of=as_of)
        assert shared_episodes(con, as_of=as_of) is kept
        for level in ("episode", "summary"):
            for by in ((), ("outcome",), ("report_source",)):
                lead_times(con, as_of=as_of, level=level, by=by)
            for mode in ("completed", "started", "intersecting"):
                lead_times(
                    con,
                    as_of=as_of,
                    level=level,
                    period=(date(2024, 1, 1), date(2024, 12, 31)),
                    period_mode=mode,
                )
        key_figures(con, as_of=as_of)
        metric_items(con, metric="leadtime", as_of=as_of)  # through km_durations
        pd.testing.assert_frame_equal(kept, fresh, check_exact=True)
        assert kept.attrs == fresh.attrs
        mine = episodes(con, as_of=as_of)
        assert mine is not kept
        mine.loc[:, "info_loops"] = -1
        pd.testing.assert_frame_equal(
            shared_episodes(con, as_of=as_of), fresh, check_exact=True
        )
    con.close()


def test_the_practice_profile_and_items_read_the_shared_intervals_and_leave_them(
    sim_store,
):
    """The practice profile and the contact items get the kept intervals, not a copy.

    After the profile (every level) and the contact step's items, the kept frame
    equals the intervals computed afresh, without ``attrs``; a caller of
    ``contact_intervals`` still gets a copy of its own, with its ``attrs``.
    """
    from ipgar_metrics.metrics.casework import contact_intervals, shared_intervals
    from ipgar_metrics.metrics.evaluate._compare import metric_items
    from ipgar_metrics.metrics.practice import practice_profile

    con = store.connect(sim_store.db)
    as_of = pd.Timestamp(store.last_event_at(con))
    fresh = contact_intervals(con, as_of=as_of, level="interval")
    with store.reuse_results():
        kept = shared_intervals(con, as_of=as_of)
        assert shared_intervals(con, as_of=as_of) is kept
        for level in ("point", "measure", "org"):
            practice_profile(con, as_of=as_of, level=level)
        metric_items(con, metric="contact", as_of=as_of)
        pd.testing.assert_frame_equal(kept, fresh, check_exact=True)
        assert kept.attrs == {}
        mine = contact_intervals(con, as_of=as_of, level="interval")
        assert mine is not kept and mine.attrs == fresh.attrs
        mine.loc[:, "days"] = -1.0
        pd.testing.assert_frame_equal(
            shared_intervals(con, as_of=as_of), fresh, check_exact=True
        )
    con.close()


def test_the_readers_of_the_shared_interventions_leave_them_as_they_were(sim_store):
    """The key figures, the monthly tables and trends and the integrality items
    get the kept interventions themselves; afterwards the kept frame (and its
    ``attrs``) equals the interventions computed afresh, and a caller of
    ``interventions`` still gets a copy of its own.
    """
    from ipgar_metrics.metrics.casework import interventions, shared_interventions
    from ipgar_metrics.metrics.evaluate._compare import metric_items
    from ipgar_metrics.metrics.monthly import (
        interventions_by_year,
        key_figures,
        monitor_trends,
        own_org_share_by_domain,
    )

    con = store.connect(sim_store.db)
    last = pd.Timestamp(store.last_event_at(con)).tz_convert("Europe/Amsterdam")
    as_of = pd.Timestamp(last.date().replace(day=1)).tz_localize("Europe/Amsterdam")
    fresh = interventions(con, as_of=as_of)
    with store.reuse_results():
        kept = shared_interventions(con, as_of=as_of)
        assert shared_interventions(con, as_of=as_of) is kept
        key_figures(con, as_of=as_of)
        own_org_share_by_domain(con, as_of=as_of)
        interventions_by_year(con, as_of=as_of)
        monitor_trends(con, as_of=as_of)
        metric_items(con, metric="integrality", as_of=as_of)
        pd.testing.assert_frame_equal(kept, fresh, check_exact=True)
        assert kept.attrs == fresh.attrs
        mine = interventions(con, as_of=as_of)
        assert mine is not kept
        mine.loc[:, "org"] = "x"
        pd.testing.assert_frame_equal(
            shared_interventions(con, as_of=as_of), fresh, check_exact=True
        )
    con.close()
