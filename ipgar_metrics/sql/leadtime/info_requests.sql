-- Purpose: every information request of a set of episodes with the information that
--   answered it: the first info_ontvangen after the request in the same episode whose
--   organisation is the request's (or either is unknown), up to the episode's end
--   (or $as_of while open). For the information wait per partner organisation.
-- Inputs: events; _listed_episodes (registered: case_id, episode, melding_at, end_at;
--   metrics._episodes.listed_episodes).
-- Grain: one row per info_aanvraag of a listed episode from its melding to its end.
-- Output columns: case_id, episode, requested_at, request_org, received_at (NULL:
--   not answered by the end), receipt_org, stop_at (the episode's end, or $as_of),
--   is_open (BOOLEAN: the episode is open at $as_of).
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
    SELECT
        case_id,
        episode,
        melding_at AS start_at,
        coalesce(end_at, $as_of) AS stop_at,
        end_at IS NULL AS is_open
    FROM listed_episodes
    WHERE melding_at IS NOT NULL
),
info_events AS (
    SELECT e.case_id, e.episode, e.seq, e.ts, e.activity, e.org, b.stop_at, b.is_open
    FROM events AS e
    JOIN episode_bounds AS b
        ON e.case_id = b.case_id AND e.episode = b.episode
        AND e.ts >= b.start_at AND e.ts <= b.stop_at
    WHERE e.activity IN ('info_aanvraag', 'info_ontvangen')
),
answers AS (
    SELECT
        r.case_id,
        r.episode,
        r.seq,
        v.ts AS received_at,
        v.org AS receipt_org,
        row_number() OVER (
            PARTITION BY r.case_id, r.episode, r.seq ORDER BY v.ts, v.seq
        ) AS nth
    FROM info_events AS r
    JOIN info_events AS v
        ON v.case_id = r.case_id AND v.episode = r.episode
        AND v.activity = 'info_ontvangen' AND v.seq > r.seq
        AND (v.org IS NULL OR r.org IS NULL OR v.org = r.org)
    WHERE r.activity = 'info_aanvraag'
)
SELECT
    r.case_id,
    r.episode,
    r.ts AS requested_at,
    r.org AS request_org,
    a.received_at,
    a.receipt_org,
    r.stop_at,
    r.is_open
FROM info_events AS r
LEFT JOIN answers AS a
    ON a.case_id = r.case_id AND a.episode = r.episode AND a.seq = r.seq AND a.nth = 1
WHERE r.activity = 'info_aanvraag'
ORDER BY r.case_id, r.episode, r.ts, r.seq;
