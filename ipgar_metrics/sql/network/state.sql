-- Purpose: whether the store may process relations (the DPIA gate of its settings) and
--   whether it holds any, so the network metrics can refuse in one line.
-- Inputs: settings, relations, key_locations.
-- Grain: one row.
-- Output columns: enabled (relations enabled with a DPIA reference, as
--   governance.relations_enabled reads the same two settings), relations (rows),
--   key_locations (rows).
-- Parameters: none.
SELECT
    coalesce((SELECT value FROM settings WHERE key = 'relations'), '') = 'enabled'
        AND coalesce((SELECT value FROM settings WHERE key = 'relations_dpia'), '') <> ''
        AS enabled,
    (SELECT count(*) FROM relations) AS relations,
    (SELECT count(*) FROM key_locations) AS key_locations;
