-- Purpose: how many relations, key locations and rejected rows of their exports the
--   store holds (open and restricted), for disabling relations (governance._settings):
--   counts only. A reject of a relations or key-locations export is recognised by its
--   cells (raw holds case_id_a or location_id; an event reject never does).
-- Inputs: relations, restricted_relations, key_locations, restricted_key_locations,
--   rejected_events. Grain: one row.
-- Output columns: relations, key_locations, rejects. Parameters: none.
SELECT
    (SELECT count(*) FROM relations) + (SELECT count(*) FROM restricted_relations) AS relations,
    (SELECT count(*) FROM key_locations) + (SELECT count(*) FROM restricted_key_locations) AS key_locations,
    (SELECT count(*) FROM rejected_events WHERE network_reject(raw)) AS rejects;
