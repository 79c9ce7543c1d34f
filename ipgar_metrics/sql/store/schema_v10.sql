-- Purpose: upgrade an event store of schema version 9 to version 10: integer keys on
--   every event (issue 21 item 1), so that the steps that sort or group all events by
--   case and activity (the numbering of a load, the process map) compare integers,
--   not text. case_key is a small integer per case (1, 2, ... in the order cases were
--   first stored; unique within events; internal: it never leaves the store, and a
--   case whose processing was restricted gets a new one when it is lifted);
--   activity_code is the code of the event's activity in activity_codes. Both are
--   set wherever events are numbered (store/case_keys, store/reorder_*); the Python
--   step beside this file fills them in the upgrade's transaction.
--   restricted_events keeps its columns: a restricted person's rows are numbered
--   again, with their keys, when they are lifted.
--   (docs/store.md, "Schema versions").
-- Inputs: the tables of version 9. Grain: not a query. Parameters: none.
ALTER TABLE events ADD COLUMN case_key INTEGER;        -- the case, as an integer
ALTER TABLE events ADD COLUMN activity_code INTEGER;   -- activity_codes.code of activity
