-- Purpose: the episodes of the practice profile: every episode in the approach at
--   some time in the window [$window_start, $as_of], with the organisation and the
--   pseudonym of its case manager at the end of that time (the last
--   regisseur_toegewezen at or before $as_of and before the exit; one made before the
--   instroom counts, ADR 0003 item 4), and the first contact, intervention and
--   notificatie after its instroom.
-- Inputs: events (via the approach_window and approach_events macros,
--   sql/store/macros.sql).
-- Grain: one row per (case_id, episode) with an instroom at or before $as_of and no
--   uitstroom before $window_start.
-- Output columns: case_id, episode, instroom_at, uitstroom_at (NULL: in the
--   approach at $as_of), manager_org (NULL: never assigned), manager (pseudonym;
--   counted, never shown), first_contact_at, first_intervention_at,
--   first_notification_at (NULL: none by $as_of), assessed_problem (the life-domain
--   assessment at intake, issue 23 item 3: the first leefgebiedenscan of each life
--   domain in the episode by $as_of; true: probleem on some domain, false: on none;
--   NULL: no assessment).
-- Parameters: $as_of, $window_start (TIMESTAMPTZ).
WITH in_window AS (
    SELECT case_id, episode, instroom_at, uitstroom_at
    FROM approach_window($as_of)
    WHERE uitstroom_at IS NULL OR uitstroom_at >= $window_start
),
last_assignment AS (
    SELECT case_id, episode, arg_max(org, seq) AS manager_org,
        arg_max(case_manager, seq) AS manager
    FROM approach_events($as_of, before_instroom := true)
    WHERE activity = 'regisseur_toegewezen'
    GROUP BY case_id, episode
),
firsts AS (
    SELECT case_id, episode,
        min(ts) FILTER (WHERE activity = 'contact') AS first_contact_at,
        min(ts) FILTER (WHERE activity = 'interventie_start') AS first_intervention_at
    FROM approach_events($as_of)
    GROUP BY case_id, episode
),
first_assessment AS (
    SELECT case_id, episode, life_domain, arg_min(outcome, seq) AS outcome
    FROM approach_events($as_of)
    WHERE activity = 'leefgebiedenscan' AND life_domain IS NOT NULL
        AND outcome IN ('probleem', 'geen_probleem')
    GROUP BY case_id, episode, life_domain
),
assessment AS (
    SELECT case_id, episode, bool_or(outcome = 'probleem') AS assessed_problem
    FROM first_assessment
    GROUP BY case_id, episode
),
notified AS (
    -- a notificatie belongs to the intake it follows, also after a quick exit
    SELECT w.case_id, w.episode, min(e.ts) AS first_notification_at
    FROM approach_window($as_of) AS w
    JOIN events AS e
        ON e.case_id = w.case_id AND e.episode = w.episode
        AND e.seq > w.instroom_seq AND e.ts <= $as_of
    WHERE e.activity = 'notificatie'
    GROUP BY w.case_id, w.episode
)
SELECT i.case_id, i.episode, i.instroom_at, i.uitstroom_at, a.manager_org, a.manager,
    f.first_contact_at, f.first_intervention_at, n.first_notification_at,
    s.assessed_problem
FROM in_window AS i
LEFT JOIN last_assignment AS a USING (case_id, episode)
LEFT JOIN firsts AS f USING (case_id, episode)
LEFT JOIN notified AS n USING (case_id, episode)
LEFT JOIN assessment AS s USING (case_id, episode)
ORDER BY i.case_id, i.episode;
