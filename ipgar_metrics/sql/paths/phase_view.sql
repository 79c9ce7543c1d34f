-- Purpose: the view _phase_events over the table _phase_rows made by
--   paths/phase_events (the general path), so both paths leave the same kind of object.
-- Inputs: _phase_rows. Grain: one row per event of the phase. Parameters: none.
CREATE OR REPLACE TEMP VIEW _phase_events AS
SELECT * FROM _phase_rows;
