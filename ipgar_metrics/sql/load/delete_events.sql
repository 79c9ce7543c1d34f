-- Purpose: remove the events deleted in the source from events (their last version
--   is in event_history already, load/record_history).
-- Inputs: events, _deletions. Grain: one row per deleted event.
-- Output: rows deleted from events. Parameters: none.
DELETE FROM events WHERE event_key IN (SELECT event_key FROM _deletions);
