-- Purpose: per episode in the approach, its interventions, last action and
--   escalations, for the long-stay metrics.
-- Inputs: events (via the approach_window and approach_events macros,
--   sql/store/macros.sql).
-- Grain: one row per (case_id, episode) with an instroom at or before $as_of.
-- Output columns: case_id, episode, interventions (interventie_start with a life
--   domain, in the approach), last_action_at (last contact, interventie_start or
--   interventie_eind in the approach; NULL: none), itatr (bool: an
--   itatr_agendering in the approach), made_static (bool: a statisch_start in the
--   approach).
-- Parameters: $as_of (TIMESTAMPTZ).
WITH per_episode AS (
    SELECT
        case_id, episode,
        count(*) FILTER (
            WHERE activity = 'interventie_start' AND life_domain IS NOT NULL
        ) AS interventions,
        max(ts) FILTER (
            WHERE activity IN ('contact', 'interventie_start', 'interventie_eind')
        ) AS last_action_at,
        bool_or(activity = 'itatr_agendering') AS itatr,
        bool_or(activity = 'statisch_start') AS made_static
    FROM approach_events($as_of)
    GROUP BY case_id, episode
)
SELECT
    i.case_id, i.episode, coalesce(p.interventions, 0) AS interventions,
    p.last_action_at, coalesce(p.itatr, false) AS itatr,
    coalesce(p.made_static, false) AS made_static
FROM approach_window($as_of) AS i
LEFT JOIN per_episode AS p USING (case_id, episode)
ORDER BY i.case_id, i.episode;
