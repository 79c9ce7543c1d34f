-- Purpose: the persons (cases) a purge removes from an iPGA-R store: every episode has
--   ended and the last of them ended before $ended_before, and the person has no
--   event on or after it (docs/store.md, "Purge: storage limitation").
-- Inputs: events; _episode_ends (sql/metrics/episodes.sql at $as_of, the store's last
--   event: the shared episode table with outcome and end_at); the approach_window
--   macro (sql/store/macros.sql: the exit after an intake, as metrics/_status reads it).
-- Definitions (not re-derived here): an episode without intake ends at its final
--   decision (end_at of episodes.sql); an episode with an intake ends at the first
--   uitstroom after it (approach_window); an open episode, or an intake without an
--   exit, has not ended and keeps the person.
-- Grain: one row per purged case. Output columns: case_id.
-- Parameters: $ended_before (TIMESTAMPTZ: the start of that day, local time), $as_of
--   (TIMESTAMPTZ: the store's last event).
WITH last_events AS (
    SELECT case_id, max(ts) AS last_event_at
    FROM events
    GROUP BY case_id
),
episode_ends AS (
    SELECT
        e.case_id,
        e.episode,
        CASE
            WHEN e.outcome = 'instroom' THEN w.uitstroom_at
            ELSE e.end_at
        END AS ended_at
    FROM _episode_ends AS e
    LEFT JOIN approach_window($as_of) AS w USING (case_id, episode)
),
person_ends AS (
    SELECT
        case_id,
        bool_or(ended_at IS NULL) AS has_open_episode,
        max(ended_at) AS last_end_at
    FROM episode_ends
    GROUP BY case_id
)
SELECT l.case_id
FROM last_events AS l
JOIN person_ends AS p USING (case_id)
WHERE NOT p.has_open_episode
    AND p.last_end_at < $ended_before
    AND l.last_event_at < $ended_before
ORDER BY l.case_id;
