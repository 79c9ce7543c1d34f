-- Purpose: upgrade an event store of schema version 10 to version 11: every event
--   carries its step to the next event of its episode (issue 21), so that the
--   process map of whole episodes is a group-by of stored columns instead of a sort
--   of every event. next_activity_code is the activity_code of the next event of
--   the same case and episode in seq order (NULL for an episode's last event);
--   next_gap_us the time from this event to that one, in microseconds (NULL with
--   it). Both are set wherever events are numbered (store/reorder_*, in the window
--   that numbers the episodes); internal: no metric or export shows them. The Python
--   step beside this file fills them in the upgrade's transaction.
--   restricted_events keeps its columns (docs/store.md, "Schema versions").
-- Inputs: the tables of version 10. Grain: not a query. Parameters: none.
ALTER TABLE events ADD COLUMN next_activity_code INTEGER;  -- activity_code of the next event
ALTER TABLE events ADD COLUMN next_gap_us BIGINT;          -- microseconds to it
