-- Purpose: upgrade an event store of schema version 7 to version 8: every attribute of
--   a generic log (issue 17 item 5). One long table, a row per attribute value of an
--   event (event_key set) or of a case (event_key NULL): the CSV columns the mapping
--   does not map and the XES event and trace attributes other than the core ones. In
--   profile ipgar the table stays empty (data minimisation: only the mapped columns
--   are stored, in events and cases). value_text is the value as read (a pseudonym
--   for an attribute the mapping lists as identifying); value_num and value_ts are
--   set when the value reads as a number or an instant (XES int/float and date, or a
--   CSV cell that parses), so filters and exports keep the type.
--   (docs/store.md, "Schema versions").
-- Inputs: the tables of version 7. Grain: one row per (case, event or none, name).
-- Parameters: none.
CREATE TABLE attributes (
    case_id    VARCHAR NOT NULL,   -- pseudonym, as events.case_id
    event_key  VARCHAR,            -- the event (events.event_key); NULL: a case attribute
    name       VARCHAR NOT NULL,   -- the CSV header or XES key, as in the export
    value_text VARCHAR,            -- the value as read (pseudonym when identifying)
    value_num  DOUBLE,             -- the value as a number, when it is one
    value_ts   TIMESTAMPTZ,        -- the value as an instant, when it is one
    load_id    INTEGER NOT NULL    -- the load that last set the row
);
