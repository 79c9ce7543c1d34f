-- Purpose: lead time within each episode (profile ipgar), from the first occurrence
--   of one activity to the first occurrence of another after it in the same episode,
--   so that a re-reported case is not measured from its first report to a later
--   episode's intake.
-- Inputs: events (episode numbered at load by sql/store/reorder_ipgar.sql).
-- Grain: one row per (case_id, episode) with at least one $from_activity at or before
--   $as_of.
-- Output columns: case_id, episode, start_at (first $from_activity of the episode),
--   end_at (first $to_activity after it in the same episode; NULL when none),
--   ended_without_to (no $to_activity, and the episode was closed by $as_of: it holds
--   an episode-closing event (uitstroom; ptor_besluit geen_opname;
--   preventief_gesprek, as in reorder_ipgar.sql) or the case has a later episode).
--   An episode without $to_activity that is not closed is still open.
-- Parameters: $from_activity, $to_activity (VARCHAR), $as_of (TIMESTAMPTZ).
WITH known AS (
    SELECT case_id, episode, seq, activity, outcome, ts
    FROM events
    WHERE ts <= $as_of
),
starts AS (
    SELECT case_id, episode, min(seq) AS from_seq, min(ts) AS start_at
    FROM known
    WHERE activity = $from_activity
    GROUP BY case_id, episode
),
per_episode AS (
    SELECT
        s.case_id,
        s.episode,
        s.start_at,
        min(k.ts) FILTER (
            WHERE k.activity = $to_activity AND k.seq > s.from_seq
        ) AS end_at,
        bool_or(
            k.activity IN ('uitstroom', 'preventief_gesprek')
            OR (k.activity = 'ptor_besluit' AND k.outcome = 'geen_opname')
        ) AS has_closer
    FROM starts AS s
    JOIN known AS k USING (case_id, episode)
    GROUP BY s.case_id, s.episode, s.start_at
),
last_episode AS (
    SELECT case_id, max(episode) AS last_episode FROM known GROUP BY case_id
)
SELECT
    p.case_id,
    p.episode,
    p.start_at,
    p.end_at,
    p.end_at IS NULL AND (p.has_closer OR p.episode < l.last_episode) AS ended_without_to
FROM per_episode AS p
JOIN last_episode AS l USING (case_id)
ORDER BY p.case_id, p.episode;
