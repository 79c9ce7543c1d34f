-- Purpose: per episode in the approach, its interventions, last action and
--   escalations, for the long-stay metrics.
-- Inputs: events (via the approach_window macro, sql/store/macros.sql).
-- Grain: one row per (case_id, episode) with an instroom at or before $as_of.
-- Output columns: case_id, episode, interventions (interventie_start with a life
--   domain, in the approach), last_action_at (last contact, interventie_start or
--   interventie_eind in the approach; NULL: none), itatr (bool: an
--   itatr_agendering in the approach), made_static (bool: a statisch_start in the
--   approach).
-- Parameters: $as_of (TIMESTAMPTZ).
WITH windows AS MATERIALIZED (
    SELECT * FROM approach_window($as_of)
),
instroom AS (
    SELECT case_id, episode, instroom_seq, instroom_at FROM windows
),
first_exit AS (
    SELECT case_id, episode, exit_seq, uitstroom_at
    FROM windows
    WHERE exit_seq IS NOT NULL
),
in_approach AS (
    SELECT e.case_id, e.episode, e.activity, e.ts, e.life_domain
    FROM events AS e
    JOIN instroom AS i USING (case_id, episode)
    LEFT JOIN first_exit AS x USING (case_id, episode)
    WHERE e.ts <= $as_of AND e.seq > i.instroom_seq
        AND (x.exit_seq IS NULL OR e.seq < x.exit_seq)
),
per_episode AS (
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
    FROM in_approach
    GROUP BY case_id, episode
)
SELECT
    i.case_id, i.episode, coalesce(p.interventions, 0) AS interventions,
    p.last_action_at, coalesce(p.itatr, false) AS itatr,
    coalesce(p.made_static, false) AS made_static
FROM instroom AS i
LEFT JOIN per_episode AS p USING (case_id, episode)
ORDER BY i.case_id, i.episode;
