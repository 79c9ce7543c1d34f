-- Purpose: violations of the process rules of domain.md that the log can show.
--   multiple_instroom: more than one instroom in an episode;
--   instroom_without_opname: an instroom with no earlier ptor_besluit "opname" in its episode;
--   statisch_without_decision: statisch_start with no earlier ptor_besluit "statisch",
--     or a ptor_besluit "statisch" with no earlier itatr_agendering in the case;
--   notificatie_without_instroom: a notificatie with no instroom in its episode;
--   event_after_uitstroom: anything but a melding after the uitstroom of an episode.
--   Profile ipgar.
-- Inputs: events. Grain: one row per violation.
-- Output columns: rule, case_id (pseudonym), detail.
-- Parameters: none.
WITH
    marks AS (
        SELECT
            *,
            count(*) FILTER (WHERE activity = 'ptor_besluit' AND outcome = 'opname')
                OVER (PARTITION BY case_id, episode ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS opname_before,
            count(*) FILTER (WHERE activity = 'ptor_besluit' AND outcome = 'statisch')
                OVER (PARTITION BY case_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS statisch_before,
            count(*) FILTER (WHERE activity = 'itatr_agendering')
                OVER (PARTITION BY case_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS itatr_before,
            count(*) FILTER (WHERE activity = 'uitstroom')
                OVER (PARTITION BY case_id, episode ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS uitstroom_before,
            count(*) FILTER (WHERE activity = 'instroom')
                OVER (PARTITION BY case_id, episode) AS instroom_in_episode
        FROM events
    )
SELECT 'multiple_instroom' AS rule, case_id, 'episode ' || episode AS detail
FROM marks WHERE activity = 'instroom' AND instroom_in_episode > 1
GROUP BY case_id, episode
UNION ALL
SELECT 'instroom_without_opname', case_id, 'episode ' || episode
FROM marks WHERE activity = 'instroom' AND opname_before = 0
UNION ALL
SELECT 'statisch_without_decision', case_id, 'statisch_start'
FROM marks WHERE activity = 'statisch_start' AND statisch_before = 0
UNION ALL
SELECT 'statisch_without_decision', case_id, 'ptor_besluit statisch'
FROM marks WHERE activity = 'ptor_besluit' AND outcome = 'statisch' AND itatr_before = 0
UNION ALL
SELECT 'notificatie_without_instroom', case_id, 'episode ' || episode
FROM marks WHERE activity = 'notificatie' AND instroom_in_episode = 0
UNION ALL
SELECT 'event_after_uitstroom', case_id, activity
FROM marks WHERE activity <> 'melding' AND uitstroom_before > 0
ORDER BY 1, 2;
