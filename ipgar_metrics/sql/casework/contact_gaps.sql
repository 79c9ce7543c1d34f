-- Purpose: for every episode in the approach at $as_of, the days since its last
--   contact and its last intervention activity (or its instroom), pause time
--   excluded, its status at $as_of and whether it is over the threshold; its last
--   contact, intervention and activity and the organisation of its current case
--   manager (ADR 0003, docs/adr/0003-contact-gap-definition.md).
-- Inputs: events (and the approach_window, in_approach and status_periods macros,
--   sql/store/macros.sql).
-- Grain: one row per (case_id, episode) in the approach at $as_of (instroom at or
--   before $as_of, no uitstroom at or before $as_of).
-- Output columns: case_id, episode, org (of the last regisseur_toegewezen at or before
--   $as_of in the episode; NULL: none), status (detained|travelled|static: an open
--   status period of the case at $as_of, in that order of precedence; else active),
--   days_since_contact, days_since_intervention (elapsed days from the last contact,
--   or last interventie_start/eind, or else the instroom, to $as_of, less their
--   overlap with the case's pause periods; at least 0), last_contact_at (NULL: no
--   contact since instroom), last_intervention_at (NULL: none), last_activity,
--   last_activity_at (last contact or intervention event, or the instroom),
--   over_threshold (active and both days above $threshold_days).
-- Parameters: $as_of (TIMESTAMPTZ), $threshold_days (DOUBLE).
-- Pause periods: the status periods (status_periods, as metrics/status_intervals;
--   open ones end at $as_of), merged per case where they overlap or touch, as
--   metrics._status.pause_periods merges them.
--   Days are exact: the elapsed microseconds less the paused ones (integers), over
--   1e6 and then 86400, as the helpers of metrics._status divide an elapsed time
--   without a pause (with one they divide both before subtracting: a last bit).
-- Speed: one statement, grouped by the integer case_key; the pause periods only of
--   the cases in the approach. At 1 M cases the frames, status periods and overlaps
--   in pandas took 1.8-2.5 s.
WITH open_windows AS MATERIALIZED (
    SELECT case_id, case_key, episode, instroom_seq, instroom_at, exit_seq
    FROM approach_window($as_of)
    WHERE exit_seq IS NULL
),
episode_events AS (
    -- the open episodes' events from the instroom on (the instroom itself included),
    -- as approach_events($as_of, ends := true) gives them, without a second window
    SELECT e.case_key, e.episode, e.seq, e.ts, e.activity, e.org
    FROM events AS e
    JOIN open_windows AS w USING (case_key, episode)
    WHERE e.ts <= $as_of
      AND in_approach(e.seq, w.instroom_seq, w.exit_seq, ends := true)
),
last_events AS (
    -- one pass over the episodes' events for every "last" at once
    SELECT
        case_key,
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
    GROUP BY case_key, episode
),
gaps AS (
    SELECT
        a.case_id, a.case_key, a.episode, a.instroom_at, l.last_contact_at,
        l.last_intervention_at, l.last_activity, l.last_activity_at, l.org,
        coalesce(l.last_contact_at, a.instroom_at) AS contact_from,
        coalesce(l.last_intervention_at, a.instroom_at) AS intervention_from
    FROM open_windows AS a
    LEFT JOIN last_events AS l USING (case_key, episode)
),
case_periods AS (
    SELECT case_key, status, start_at, end_at
    FROM status_periods($as_of)
    WHERE case_key IN (SELECT case_key FROM open_windows)
),
status_now AS (
    -- an open period is running at $as_of (an end at or before it closed it)
    SELECT
        case_key,
        arg_min(
            status,
            CASE status WHEN 'detained' THEN 0 WHEN 'travelled' THEN 1 ELSE 2 END
        ) AS status
    FROM case_periods
    WHERE end_at IS NULL
    GROUP BY case_key
),
islands AS (
    -- a period starts a new island when it starts after every earlier end (the
    -- case's first period has none: the maximum is NULL)
    SELECT
        case_key, start_at, end_at,
        CASE
            WHEN coalesce(start_at > max(end_at) OVER (
                PARTITION BY case_key ORDER BY start_at, end_at
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
            ), true) THEN 1
            ELSE 0
        END AS is_new
    FROM (
        SELECT case_key, start_at, coalesce(end_at, $as_of) AS end_at
        FROM case_periods
    )
),
pauses AS (
    SELECT case_key, min(start_at) AS start_at, max(end_at) AS end_at
    FROM (
        SELECT
            *,
            sum(is_new) OVER (
                PARTITION BY case_key ORDER BY start_at, end_at
                ROWS UNBOUNDED PRECEDING
            ) AS island
        FROM islands
    )
    GROUP BY case_key, island
),
paused AS (
    -- the overlap of each gap with the case's pauses, in whole microseconds
    SELECT
        g.case_key,
        g.episode,
        sum(greatest(
            epoch_us(least($as_of, p.end_at))
                - epoch_us(greatest(g.contact_from, p.start_at)),
            0
        )) AS contact_us,
        sum(greatest(
            epoch_us(least($as_of, p.end_at))
                - epoch_us(greatest(g.intervention_from, p.start_at)),
            0
        )) AS intervention_us
    FROM gaps AS g
    JOIN pauses AS p USING (case_key)
    GROUP BY g.case_key, g.episode
),
measured AS (
    SELECT
        g.*,
        coalesce(s.status, 'active') AS status,
        greatest(
            epoch_us($as_of) - epoch_us(g.contact_from) - coalesce(p.contact_us, 0), 0
        ) / 1e6 / 86400.0 AS days_since_contact,
        greatest(
            epoch_us($as_of) - epoch_us(g.intervention_from)
                - coalesce(p.intervention_us, 0),
            0
        ) / 1e6 / 86400.0 AS days_since_intervention
    FROM gaps AS g
    LEFT JOIN status_now AS s USING (case_key)
    LEFT JOIN paused AS p USING (case_key, episode)
)
SELECT
    case_id, episode, org, status, days_since_contact, days_since_intervention,
    last_contact_at, last_intervention_at, last_activity, last_activity_at,
    status = 'active'
        AND days_since_contact > $threshold_days
        AND days_since_intervention > $threshold_days AS over_threshold
FROM measured
ORDER BY case_id, episode;
