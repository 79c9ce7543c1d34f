-- Purpose: the path (variant) of every episode: its activities in order, up to the
--   episode's end (or $as_of when it is open).
-- Inputs: events; the episodes as parallel lists $case_ids, $episode_numbers,
--   $end_ats (bound values, so read-only connections need no registered relation).
-- Grain: one row per listed (case_id, episode).
-- Output columns: case_id, episode, path (activity codes joined by ' > '), n_events.
-- Parameters: $as_of (TIMESTAMPTZ), $case_ids (VARCHAR[]), $episode_numbers
--   (INTEGER[]), $end_ats (TIMESTAMPTZ[], NULL when open).
WITH listed_episodes AS (
    SELECT
        unnest($case_ids) AS case_id,
        unnest($episode_numbers) AS episode,
        unnest($end_ats) AS end_at
),
episode_bounds AS (
    SELECT case_id, episode, coalesce(end_at, $as_of) AS stop_at
    FROM listed_episodes
),
episode_events AS (
    SELECT e.case_id, e.episode, e.seq, e.activity
    FROM events AS e
    JOIN episode_bounds AS b
        ON e.case_id = b.case_id AND e.episode = b.episode AND e.ts <= b.stop_at
)
SELECT
    case_id,
    episode,
    string_agg(activity, ' > ' ORDER BY seq) AS path,
    CAST(count(*) AS INTEGER) AS n_events
FROM episode_events
GROUP BY case_id, episode
ORDER BY case_id, episode;
