-- Purpose: the assessment events of a set of episodes (report to intake or final
--   decision), in order, for the what-if intake model: information requests and
--   receipts, IVG-R advice, PTO-R decisions, intake and preventive conversation.
-- Inputs: events; _listed_episodes (registered: case_id, episode, melding_at, end_at;
--   metrics._episodes.listed_episodes).
-- Grain: one row per event of a listed episode from its melding up to its end
--   (or $as_of when open).
-- Output columns: case_id, episode, seq, ts, activity, outcome, org.
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
)
SELECT e.case_id, e.episode, e.seq, e.ts, e.activity, e.outcome, e.org
FROM events AS e
JOIN episode_bounds AS b
    ON e.case_id = b.case_id AND e.episode = b.episode
    AND e.ts >= b.start_at AND e.ts <= b.stop_at
WHERE e.activity IN (
    'info_aanvraag', 'info_ontvangen', 'ivgr_advies', 'ptor_besluit', 'instroom',
    'preventief_gesprek'
)
ORDER BY e.case_id, e.episode, e.seq;
