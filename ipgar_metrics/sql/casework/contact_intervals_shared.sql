-- Purpose: the rows of casework/contact_intervals as made once in a report (the
--   temporary table _contact_intervals of store.shared_table), in the order they
--   were made (case, episode, seq).
-- Inputs: _contact_intervals. Grain and output columns: as casework/contact_intervals.
-- Parameters: none.
SELECT * FROM _contact_intervals;
