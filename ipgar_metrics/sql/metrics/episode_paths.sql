-- Purpose: the path (variant) of every episode: its activities in order, up to the
--   episode's end (or $as_of when it is open).
-- Inputs: events; _listed_episodes (registered: case_id, episode, melding_at, end_at;
--   metrics._episodes.listed_episodes).
-- Grain: one row per listed (case_id, episode).
-- Output columns: case_id, episode, path (activity codes joined by ' > '), n_events.
-- Parameters: $as_of (TIMESTAMPTZ).
WITH listed_episodes AS (
    -- the set of episodes, registered by the caller (metrics._episodes.listed_episodes)
    SELECT
        case_id,
        CAST(episode AS INTEGER) AS episode,
        CAST(melding_at AS TIMESTAMPTZ) AS melding_at,
        CAST(end_at AS TIMESTAMPTZ) AS end_at
    FROM _listed_episodes
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
