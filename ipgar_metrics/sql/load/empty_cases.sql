-- Purpose: remove the case rows of cases that this load left without any event (all
--   of their events deleted in the source, or corrected into another case), so no
--   attribute of a case is kept that the source no longer has.
-- Inputs: cases, events, event_history. Grain: one row per removed case.
-- Output: rows deleted from cases. Parameters: $load_id.
DELETE FROM cases
WHERE case_id IN (SELECT case_id FROM event_history WHERE replaced_by = $load_id)
    AND case_id NOT IN (SELECT case_id FROM events);
