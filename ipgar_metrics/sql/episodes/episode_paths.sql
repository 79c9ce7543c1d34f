-- Purpose: the path (variant) of every episode: its activities in order, up to the
--   episode's end (or $as_of when it is open).
-- Inputs: events; _episodes (registered relation: case_id, episode, end_at).
-- Grain: one row per (case_id, episode) in _episodes.
-- Output columns: case_id, episode, path (activity codes joined by ' > '), n_events.
-- Parameters: $as_of (TIMESTAMPTZ).
WITH episode_bounds AS (
    SELECT case_id, episode, coalesce(end_at, $as_of) AS stop_at
    FROM _episodes
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
