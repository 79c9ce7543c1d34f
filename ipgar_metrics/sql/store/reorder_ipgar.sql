-- Purpose: the view _numbered_all: the events of the view _to_number with their position
--   in the case (seq) and their episode (profile ipgar), with their integer keys
--   (case_key, activity_code) and its step to the next event of its episode
--   (next_activity_code, next_gap_us; NULL for an episode's last). Every event of a case must be in _to_number: a case is
--   numbered from its own events only. Used by
--   store/reorder_all (every event), store/renumber_cases (the cases a load
--   touched) and store/insert_numbered (a load's new events).
-- Inputs: _keyed (_to_number with case_key and activity_code, made by
--   store/case_keys), activity_order.
-- Grain: one row per event of _to_number.
-- Order: the rows leave the view sorted by case_key, episode and seq, so a caller
--   inserts them as they come (no ORDER BY of its own). Within a case: time, then
--   the process order of the activity (activity_order.rank), then content (outcome,
--   org, life_domain, case_manager, event_key), so the row order of an export never
--   changes a result.
-- Episodes: a melding opens a new episode when it is the case's first melding or
--   when an episode-closing event (uitstroom; ptor_besluit geen_opname;
--   preventief_gesprek) happened since the previous melding. Events before the
--   first melding belong to episode 1.
-- Speed: one sort of every event (all cases, in the order of seq), then windows
--   over the sorted rows that stream (OVER () and running frames: no sort, no
--   partition), each case told apart by where its case_key changes. Before, a
--   window sort per case for seq, a second one for the episodes and the steps, and
--   the caller's sort by case, episode and seq: three sorts of every column of
--   every event. A 1 M-case store's 28.6 M events numbered into a temporary table:
--   60.8 -> 42.6 s, the same rows in the same order. The streaming runs on one
--   thread: callers copy the rows to a temporary table before they write them to
--   events, so the compression runs on every thread.
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW _numbered_all AS
WITH kinds AS (
    SELECT
        e.case_id, e.activity, e.ts, e.org, e.case_manager, e.life_domain, e.outcome,
        e.event_id, e.lifecycle, e.event_key, e.load_id, e.source_row,
        e.registered_at, e.intervention_type, e.case_key, e.activity_code,
        coalesce(o.rank, 999) AS _rank,
        CASE
            WHEN e.activity = 'melding' THEN 'M'
            WHEN e.activity = 'uitstroom' THEN 'C'
            WHEN e.activity = 'ptor_besluit' AND e.outcome = 'geen_opname' THEN 'C'
            WHEN e.activity = 'preventief_gesprek' THEN 'C'
        END AS _kind
    FROM _keyed AS e
    LEFT JOIN activity_order AS o USING (activity)
),
sorted AS (
    SELECT * EXCLUDE (_rank)
    FROM kinds
    ORDER BY case_key, ts, _rank, activity, outcome NULLS FIRST, org NULLS FIRST,
             life_domain NULLS FIRST, case_manager NULLS FIRST, event_key
),
stepped AS (
    -- _rn: the row's place in the sort; _first: a case's first row; the next row
    -- (of this case when _next_case = case_key)
    SELECT
        *,
        row_number() OVER () AS _rn,
        lag(case_key) OVER () IS DISTINCT FROM case_key AS _first,
        lead(case_key) OVER () AS _next_case,
        lead(activity_code) OVER () AS _next_code,
        lead(epoch_us(ts)) OVER () - epoch_us(ts) AS _next_gap
    FROM sorted
),
last_kinds AS (
    -- _start: the _rn of the case's first row; _last_kind: the melding (odd) or
    -- closing event (even) last seen up to this row, as 2 * _rn + 1 or 2 * _rn
    SELECT
        *,
        max(CASE WHEN _first THEN _rn END) OVER (ROWS UNBOUNDED PRECEDING) AS _start,
        max(CASE WHEN _kind IS NOT NULL THEN 2 * _rn + CAST(_kind = 'M' AS BIGINT) END)
            OVER (ROWS UNBOUNDED PRECEDING) AS _last_kind
    FROM stepped
),
openings AS (
    -- a melding opens an episode unless the last melding or closing event before
    -- it in its case was a melding
    SELECT
        * EXCLUDE (_last_kind),
        CASE WHEN _kind = 'M' AND coalesce(
            lag(_last_kind) OVER () // 2 < _start OR lag(_last_kind) OVER () % 2 = 0,
            true
        ) THEN 1 ELSE 0 END AS _opens
    FROM last_kinds
),
opened AS (
    -- the episodes opened so far over all cases, and whether the next row opens one
    SELECT
        *,
        sum(_opens) OVER (ROWS UNBOUNDED PRECEDING) AS _all_opened,
        lead(_opens) OVER () = 1 AS _next_opens
    FROM openings
),
episodes AS (
    -- _opened: the episodes this case opened up to this row (the running count
    -- less the count before the case's first row)
    SELECT
        *,
        _all_opened - max(CASE WHEN _first THEN _all_opened - _opens END)
            OVER (ROWS UNBOUNDED PRECEDING) AS _opened
    FROM opened
)
SELECT
    case_id,
    CAST(greatest(_opened, 1) AS INTEGER) AS episode,
    CAST(_rn - _start + 1 AS INTEGER) AS seq, activity,
    ts, org, case_manager, life_domain, outcome, event_id, lifecycle, event_key,
    load_id, source_row, registered_at, intervention_type, case_key, activity_code,
    -- an episode's last row has no step: the case ends or the next row opens the
    -- case's second or later episode
    CASE WHEN _next_case = case_key AND NOT (_next_opens AND _opened >= 1)
        THEN _next_code END AS next_activity_code,
    CASE WHEN _next_case = case_key AND NOT (_next_opens AND _opened >= 1)
        THEN _next_gap END AS next_gap_us
FROM episodes;
