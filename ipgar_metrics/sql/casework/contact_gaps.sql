-- Purpose: for every episode in the approach at $as_of, its last contact, last
--   intervention activity, last activity and current case manager's organisation.
-- Inputs: events (via the approach_window and approach_events macros,
--   sql/store/macros.sql).
-- Grain: one row per (case_id, episode) in the approach at $as_of (instroom at or
--   before $as_of, no uitstroom at or before $as_of).
-- Output columns: case_id, episode, instroom_at, last_contact_at (NULL: no contact
--   since instroom), last_intervention_at (interventie_start/eind; NULL: none),
--   last_activity, last_activity_at (last contact or intervention event, or the
--   instroom), org (of the last regisseur_toegewezen at or before $as_of in the
--   episode; NULL: none).
-- Parameters: $as_of (TIMESTAMPTZ).
WITH in_approach AS (
    SELECT case_id, episode, instroom_at
    FROM approach_window($as_of)
    WHERE exit_seq IS NULL
),
episode_events AS (
    -- the open episodes' events from the instroom on (ends: the instroom itself)
    SELECT case_id, episode, seq, ts, activity, org
    FROM approach_events($as_of, ends := true)
    WHERE exit_seq IS NULL
),
last_contact AS (
    SELECT case_id, episode, max(ts) AS last_contact_at
    FROM episode_events WHERE activity = 'contact'
    GROUP BY case_id, episode
),
last_intervention AS (
    SELECT case_id, episode, max(ts) AS last_intervention_at
    FROM episode_events WHERE activity IN ('interventie_start', 'interventie_eind')
    GROUP BY case_id, episode
),
last_action AS (
    SELECT case_id, episode, arg_max(activity, seq) AS last_activity,
        max(ts) AS last_activity_at
    FROM episode_events
    WHERE activity IN ('instroom', 'contact', 'interventie_start', 'interventie_eind')
    GROUP BY case_id, episode
),
current_manager AS (
    SELECT case_id, episode, arg_max(org, seq) AS org
    FROM episode_events WHERE activity = 'regisseur_toegewezen'
    GROUP BY case_id, episode
)
SELECT
    a.case_id, a.episode, a.instroom_at, c.last_contact_at, v.last_intervention_at,
    l.last_activity, l.last_activity_at, m.org
FROM in_approach AS a
LEFT JOIN last_contact AS c USING (case_id, episode)
LEFT JOIN last_intervention AS v USING (case_id, episode)
LEFT JOIN last_action AS l USING (case_id, episode)
LEFT JOIN current_manager AS m USING (case_id, episode)
ORDER BY a.case_id, a.episode;
