-- Purpose: give every event its position in the case (seq) and its episode, and
--   rewrite the table sorted by case and position (profile ipgar).
-- Inputs: events, activity_order.
-- Grain: one row per event (same rows as before).
-- Order: time, then the process order of the activity (activity_order.rank), then
--   content (outcome, org, life_domain, case_manager, event_key), so the row order
--   of an export never changes a result.
-- Episodes: a melding opens a new episode when it is the case's first melding or
--   when an episode-closing event (uitstroom; ptor_besluit geen_opname;
--   preventief_gesprek) happened since the previous melding. Events before the
--   first melding belong to episode 1.
-- Parameters: none.
CREATE OR REPLACE TABLE events AS
WITH ordered AS (
    SELECT
        e.* EXCLUDE (seq, episode),
        row_number() OVER (
            PARTITION BY e.case_id
            ORDER BY e.ts, coalesce(o.rank, 999), e.activity, e.outcome NULLS FIRST,
                     e.org NULLS FIRST, e.life_domain NULLS FIRST,
                     e.case_manager NULLS FIRST, e.event_key
        ) AS seq
    FROM events AS e
    LEFT JOIN activity_order AS o USING (activity)
),
closers AS (
    SELECT
        *,
        CASE
            WHEN activity = 'uitstroom' THEN 1
            WHEN activity = 'ptor_besluit' AND outcome = 'geen_opname' THEN 1
            WHEN activity = 'preventief_gesprek' THEN 1
            ELSE 0
        END AS is_closer
    FROM ordered
),
closed_before AS (
    SELECT
        *,
        coalesce(sum(is_closer) OVER (
            PARTITION BY case_id ORDER BY seq
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ), 0) AS n_closed_before
    FROM closers
),
meldings AS (
    SELECT
        case_id,
        seq,
        CASE
            WHEN lag(n_closed_before) OVER (PARTITION BY case_id ORDER BY seq) IS NULL THEN 1
            WHEN n_closed_before > lag(n_closed_before) OVER (PARTITION BY case_id ORDER BY seq) THEN 1
            ELSE 0
        END AS opens_episode
    FROM closed_before
    WHERE activity = 'melding'
),
numbered AS (
    SELECT
        c.* EXCLUDE (is_closer, n_closed_before),
        greatest(
            coalesce(sum(coalesce(m.opens_episode, 0)) OVER (
                PARTITION BY c.case_id ORDER BY c.seq
            ), 0),
            1
        ) AS episode
    FROM closed_before AS c
    LEFT JOIN meldings AS m USING (case_id, seq)
)
SELECT
    case_id, CAST(episode AS INTEGER) AS episode, CAST(seq AS INTEGER) AS seq, activity,
    ts, org, case_manager, life_domain, outcome, event_id, lifecycle, event_key,
    load_id, source_row
FROM numbered
ORDER BY case_id, seq;
