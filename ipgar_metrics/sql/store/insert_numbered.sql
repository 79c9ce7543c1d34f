-- Purpose: append a load's new events numbered (seq, episode) and sorted by case,
--   episode and position (case_key, episode, seq), in one insert. A case the store held before gets numbers
--   from its new events only here; store/renumber_cases renumbers it afterwards
--   (it is in _renumber_cases, load/touched_cases).
-- Inputs: _numbered over the view _to_number of the new events
--   (store.insert_numbered). Grain: one row per new event.
-- Output: rows appended to events; the cursor gives their count. Parameters: none.
INSERT INTO events
SELECT * FROM _numbered
ORDER BY case_key, episode, seq;
