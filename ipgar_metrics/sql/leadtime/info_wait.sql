-- Purpose: time each episode spent waiting for information: the union of the
--   intervals from an info_aanvraag to the next info_ontvangen in the same episode
--   (unanswered requests wait until the episode's end, or $as_of when open), clipped
--   to the episode's lead time [melding_at, end_at or $as_of].
-- Inputs: events; _listed_episodes (registered: case_id, episode, melding_at, end_at;
--   metrics._episodes.listed_episodes).
-- Grain: one row per listed (case_id, episode) with a melding.
-- Output columns: case_id, episode, info_wait_seconds (DOUBLE), info_requests (INT).
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
    SELECT case_id, episode, melding_at AS start_at, coalesce(end_at, $as_of) AS stop_at
    FROM listed_episodes
    WHERE melding_at IS NOT NULL
),
info_events AS (
    SELECT e.case_id, e.episode, e.seq, e.ts, e.activity, b.start_at, b.stop_at
    FROM events AS e
    JOIN episode_bounds AS b
        ON e.case_id = b.case_id AND e.episode = b.episode AND e.ts <= b.stop_at
    WHERE e.activity IN ('info_aanvraag', 'info_ontvangen')
),
requests_answered AS (
    SELECT
        r.case_id,
        r.episode,
        r.start_at,
        r.stop_at,
        r.ts AS requested_at,
        (
            SELECT min(v.ts)
            FROM info_events AS v
            WHERE v.case_id = r.case_id AND v.episode = r.episode
                AND v.activity = 'info_ontvangen' AND v.seq > r.seq
        ) AS received_at
    FROM info_events AS r
    WHERE r.activity = 'info_aanvraag'
),
clipped AS (
    SELECT
        case_id,
        episode,
        greatest(requested_at, start_at) AS wait_from,
        least(coalesce(received_at, stop_at), stop_at) AS wait_to
    FROM requests_answered
),
flagged AS (
    SELECT
        *,
        CASE
            WHEN wait_from <= max(wait_to) OVER (
                PARTITION BY case_id, episode ORDER BY wait_from, wait_to
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
            ) THEN 0
            ELSE 1
        END AS starts_island
    FROM clipped
    WHERE wait_to > wait_from
),
islands AS (
    SELECT
        *,
        sum(starts_island) OVER (
            PARTITION BY case_id, episode ORDER BY wait_from, wait_to
            ROWS UNBOUNDED PRECEDING
        ) AS island
    FROM flagged
),
merged AS (
    SELECT case_id, episode, island, min(wait_from) AS wait_from, max(wait_to) AS wait_to
    FROM islands
    GROUP BY case_id, episode, island
),
waits AS (
    SELECT
        case_id,
        episode,
        sum(date_diff('millisecond', wait_from, wait_to)) / 1000.0 AS info_wait_seconds
    FROM merged
    GROUP BY case_id, episode
),
request_counts AS (
    SELECT case_id, episode, CAST(count(*) AS INTEGER) AS info_requests
    FROM requests_answered
    GROUP BY case_id, episode
)
SELECT
    b.case_id,
    b.episode,
    coalesce(w.info_wait_seconds, 0.0) AS info_wait_seconds,
    coalesce(r.info_requests, 0) AS info_requests
FROM episode_bounds AS b
LEFT JOIN waits AS w USING (case_id, episode)
LEFT JOIN request_counts AS r USING (case_id, episode)
ORDER BY b.case_id, b.episode;
