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
last_events AS (
    -- one pass over the episodes' events for every "last" at once
    SELECT
        case_id,
        episode,
        max(ts) FILTER (WHERE activity = 'contact') AS last_contact_at,
        max(ts) FILTER (
            WHERE activity IN ('interventie_start', 'interventie_eind')
        ) AS last_intervention_at,
        -- the last of instroom, contact and interventions (the rows the WHERE keeps)
        arg_max(activity, seq) FILTER (
            WHERE activity <> 'regisseur_toegewezen'
        ) AS last_activity,
        max(ts) FILTER (WHERE activity <> 'regisseur_toegewezen') AS last_activity_at,
        arg_max(org, seq) FILTER (WHERE activity = 'regisseur_toegewezen') AS org
    FROM episode_events
    WHERE activity IN (
        'instroom', 'contact', 'interventie_start', 'interventie_eind',
        'regisseur_toegewezen'
    )
    GROUP BY case_id, episode
)
SELECT
    a.case_id, a.episode, a.instroom_at, l.last_contact_at, l.last_intervention_at,
    l.last_activity, l.last_activity_at, l.org
FROM in_approach AS a
LEFT JOIN last_events AS l USING (case_id, episode)
ORDER BY a.case_id, a.episode;
