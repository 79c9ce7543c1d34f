-- Purpose: cases taken into the approach (an instroom) that never got a case manager:
--   no regisseur_toegewezen and no case_manager on any event. Profile ipgar.
-- Inputs: events. Grain: one row per case.
-- Output columns: case_id (pseudonym), seq (the first instroom), detail.
-- Parameters: none.
SELECT
    case_id, min(seq) FILTER (WHERE activity = 'instroom') AS seq,
    'instroom without case manager' AS detail
FROM events
GROUP BY case_id
HAVING count(*) FILTER (WHERE activity = 'instroom') > 0
    AND count(*) FILTER (WHERE activity = 'regisseur_toegewezen') = 0
    AND count(case_manager) = 0
ORDER BY case_id;
