-- Purpose: flag the events deleted in the source that this load holds back for review
--   (--keep-deletions): they stay in events, and the quality report lists them under
--   deleted_in_source. The message names no value of the event (in profile generic
--   even an activity is free text); the case is its pseudonym in case_id.
-- Inputs: _deletions. Grain: one row per held event.
-- Output: rows appended to quality_flags. Parameters: $load_id.
INSERT INTO quality_flags
SELECT
    $load_id, NULL, NULL, case_id, 'deleted_in_source',
    'an event of this case inside the export window is not in this export: '
        || 'deleted in the source, held for review (--keep-deletions); load without '
        || 'that option to delete it, or fix the export.'
FROM _deletions;
