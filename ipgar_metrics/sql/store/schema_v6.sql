-- Purpose: upgrade an event store of schema version 5 to version 6: the registration
--   date of an event ("Geregistreerd op"), where the export has one beside the event
--   date, for the timeliness measures of the practice profile (docs/store.md, "Schema
--   versions"; docs/metrics/practice.md). NULL: the export has no registration date.
--   And the type of an intervention (intervention_type: a code of the catalogue of
--   interventions, issue 23 item 3), where the export has one. restricted_events
--   gets the same columns, so a restricted event keeps them.
-- Inputs: the tables of version 5. Grain: not a query. Parameters: none.
ALTER TABLE events ADD COLUMN registered_at DATE;            -- local date of registration
ALTER TABLE events ADD COLUMN intervention_type VARCHAR;     -- code, interventie_* only
ALTER TABLE restricted_events ADD COLUMN registered_at DATE;
ALTER TABLE restricted_events ADD COLUMN intervention_type VARCHAR;
