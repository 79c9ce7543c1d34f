-- Purpose: the assessment events of a set of episodes (report to intake or final
--   decision), in order, for the what-if intake model: information requests and
--   receipts, IVG-R advice, PTO-R decisions, intake and preventive conversation.
-- Inputs: events; the episodes as parallel lists $case_ids, $episode_numbers,
--   $melding_ats, $end_ats (bound values: no registered relation needed).
-- Grain: one row per event of a listed episode from its melding up to its end
--   (or $as_of when open).
-- Output columns: case_id, episode, seq, ts, activity, outcome, org.
-- Parameters: $as_of (TIMESTAMPTZ), $case_ids (VARCHAR[]), $episode_numbers
--   (INTEGER[]), $melding_ats, $end_ats (TIMESTAMPTZ[], NULL when missing).
WITH listed_episodes AS (
    SELECT
        unnest($case_ids) AS case_id,
        unnest($episode_numbers) AS episode,
        unnest($melding_ats) AS melding_at,
        unnest($end_ats) AS end_at
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
