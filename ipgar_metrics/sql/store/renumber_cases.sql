-- Purpose: renumber (seq, episode) only the cases in _renumber_cases, the cases a
--   load changed that were numbered before (new events of a stored case, corrected
--   or deleted events): their rows are numbered again from all their events, taken
--   out of events and written back sorted by case and position. The other cases keep
--   their rows and numbers: a case is numbered from its own events only, so the
--   result equals a full store/reorder (tests/unit/test_load_renumber.py).
-- Inputs: _numbered over the view _to_number of the events of those cases
--   (store.reorder(touched=True)), events, _renumber_cases. _numbered's rows come
--   sorted by case_key, episode and seq (store/reorder_<profile>) and are copied
--   and inserted in that order.
-- Grain: not a query. Runs inside the load's transaction. Parameters: none.
CREATE OR REPLACE TEMP TABLE _renumbered AS SELECT * FROM _numbered;
DELETE FROM events WHERE case_id IN (SELECT case_id FROM _renumber_cases);
INSERT INTO events SELECT * FROM _renumbered;
DROP TABLE _renumbered;
