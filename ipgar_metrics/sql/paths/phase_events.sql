-- Purpose: the events of one phase of every episode in scope, with a label per event,
--   into the temporary table _phase_rows (read through the view _phase_events, see
--   paths/phase_view). The general path: any phase, period or segment; the whole
--   episode phase without a period or segment uses paths/phase_events_all instead.
-- Inputs: events, cases, activity_codes.
-- Grain: one row per event of the phase (same rows as events, filtered).
-- Phases:
--   'episode': every event of the episode (profile generic: of the case).
--   'intake':  the events of the episode whose activity is in $intake_activities, from
--              the start of the episode up to and including the phase end. The phase end
--              is the first closing decision (instroom; preventief_gesprek; ptor_besluit
--              with outcome geen_opname); the first later notificatie after an
--              instroom, or preventief_gesprek after a geen_opname, belongs to it too. Without a closing decision by the cut-off the
--              intake phase is open (is_open) and holds all its intake events so far.
-- Scope: events at or before $cutoff; episodes whose first event lies in [$start, $end)
--   (NULL = no bound) of cases whose attributes match the non-NULL segment values.
-- Output columns: case_id, case_key, episode, seq, ts, activity, outcome, label (the activity, or
--   with $refined 'activity:outcome' for ivgr_advies and ptor_besluit), close_ts (time
--   of the closing decision, NULL when open or phase 'episode'), is_open,
--   activity_code (events.activity_code; case_key and activity_code: schema version 10).
-- Parameters: $phase, $cutoff, $start, $end, $report_source, $risk_category,
--   $ideology, $intake_activities (list), $refined (bool), $include_open (bool).
-- Speed: the episodes' first events, closing decisions and follow-ups are grouped and
--   joined by the integer case_key, not the text pseudonym (the intake phase at 1 M
--   cases 5.4-6.2 -> 4.8-5.1 s, the same rows). The intake phase keeps only the rows
--   of its activities from the start, by their integer activity_code; the first
--   event of each episode is found (from events: an episode's every event, of any
--   activity) only when a period asks for it; the cases are read only when a segment
--   asks for them. Each would otherwise run over every event whatever the parameters
--   (DuckDB does not fold a parameter that is NULL): the intake phase of the 1 M-case
--   store 4.3-4.8 -> 2.2-2.4 s, the episodes started in a month 1.3 -> 0.6 s, the same
--   rows (docs/scaling.md).
CREATE OR REPLACE TEMP TABLE _phase_rows AS
WITH visible AS (
    SELECT
        e.case_id, e.case_key, e.episode, e.seq, e.ts, e.activity, e.outcome,
        e.activity_code
    FROM events AS e
    WHERE e.ts <= $cutoff
      AND ($phase = 'episode'
        OR e.activity_code IN (
            SELECT code FROM activity_codes
            WHERE list_contains($intake_activities, activity)
        ))
      AND (($report_source IS NULL AND $risk_category IS NULL AND $ideology IS NULL)
        OR e.case_id IN (
            SELECT case_id FROM cases  -- empty without a segment: nothing to probe
            WHERE NOT ($report_source IS NULL AND $risk_category IS NULL
                       AND $ideology IS NULL)
              AND ($report_source IS NULL OR report_source = $report_source)
              AND ($risk_category IS NULL OR risk_category = $risk_category)
              AND ($ideology IS NULL OR ideology = $ideology)
        ))
),
episode_start AS (  -- the episodes started in the period; none without one
    SELECT case_key, episode
    FROM events
    WHERE ts <= $cutoff AND ($start IS NOT NULL OR $end IS NOT NULL)
    GROUP BY case_key, episode
    HAVING ($start IS NULL OR min(ts) >= $start)
       AND ($end IS NULL OR min(ts) < $end)
),
in_scope AS (
    SELECT v.*
    FROM visible AS v
    WHERE ($start IS NULL AND $end IS NULL)
       OR EXISTS (
           SELECT 1 FROM episode_start AS s
           WHERE s.case_key = v.case_key AND s.episode = v.episode
       )
),
closing AS (
    SELECT
        case_key,
        episode,
        min(seq) AS close_seq,
        arg_min(activity, seq) AS close_activity,
        arg_min(ts, seq) AS close_ts
    FROM in_scope
    WHERE activity IN ('instroom', 'preventief_gesprek')
       OR (activity = 'ptor_besluit' AND outcome = 'geen_opname')
    GROUP BY case_key, episode
),
follow_up AS (
    SELECT i.case_key, i.episode, min(i.seq) AS follow_seq
    FROM in_scope AS i
    JOIN closing AS c USING (case_key, episode)
    WHERE i.seq > c.close_seq
      AND ((c.close_activity = 'instroom' AND i.activity = 'notificatie')
        OR (c.close_activity = 'ptor_besluit' AND i.activity = 'preventief_gesprek'))
    GROUP BY i.case_key, i.episode
),
phase_rows AS (
    SELECT
        i.*,
        c.close_ts,
        c.close_seq IS NULL AS is_open
    FROM in_scope AS i
    LEFT JOIN closing AS c USING (case_key, episode)
    LEFT JOIN follow_up AS f USING (case_key, episode)
    WHERE $phase = 'episode'
       OR (i.seq <= coalesce(f.follow_seq, c.close_seq, 2147483647)
           AND ($include_open OR c.close_seq IS NOT NULL))
)
SELECT
    case_id,
    case_key,
    episode,
    seq,
    ts,
    activity,
    outcome,
    phase_label(activity, outcome, $refined) AS label,
    CASE WHEN $phase = 'episode' THEN NULL ELSE close_ts END AS close_ts,
    CASE WHEN $phase = 'episode' THEN false ELSE is_open END AS is_open,
    activity_code
FROM phase_rows;
