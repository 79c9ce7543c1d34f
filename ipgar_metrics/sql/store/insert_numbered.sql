-- Purpose: append a load's new events numbered (seq, episode) and sorted by case,
--   episode and position (case_key, episode, seq). A case the store held before gets numbers
--   from its new events only here; store/renumber_cases renumbers it afterwards
--   (it is in _renumber_cases, load/touched_cases).
-- Inputs: _numbered over the view _to_number of the new events
--   (store.insert_numbered), whose rows come sorted by case_key, episode and seq
--   (store/reorder_<profile>). Grain: one row per new event.
-- Speed: the numbering streams its sorted rows on one thread; copied to a temporary
--   table first, they are compressed into events on every thread (in their order).
--   At 100,000 cases 6.2 s straight into events, 5.5 s through the copy.
-- Output: rows appended to events; the cursor gives their count. Parameters: none.
CREATE OR REPLACE TEMP TABLE _numbered_rows AS SELECT * FROM _numbered;
INSERT INTO events SELECT * FROM _numbered_rows;
