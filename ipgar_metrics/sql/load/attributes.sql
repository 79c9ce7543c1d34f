-- Purpose: store the attributes of this load (ingest._attributes, schema version 8):
--   the value of each attribute of a stored event (by event_key) and of a stored case
--   (event_key NULL). A value that is already stored unchanged is left as it is (a
--   reload changes nothing, not even load_id); a changed value replaces the stored
--   one (the newest export wins, as for events). Values of events no longer in the
--   store (deleted in the source) are removed, except those of a restricted person
--   (their events wait in restricted_events); none are added for such events.
--   Typing: XES int/float -> value_num, date -> value_ts; a CSV cell (type 'text')
--   that reads as a number -> value_num, as an ISO date or instant -> value_ts;
--   value_text always holds the value as read.
-- Inputs: _attr_stage (_file, _row, scope, name, type, value), _valid (event rows of
--   the load with event_key), _timed (every row with its case pseudonym), events.
-- Grain: not a query. Parameters: none; reads the session variable ipgar_load_id.
CREATE OR REPLACE TEMP TABLE _attr_new AS
WITH
    typed AS (
        SELECT
            _file, _row, scope, name, value AS value_text,
            CASE WHEN list_contains(['int', 'float', 'text'], type) THEN TRY_CAST(value AS DOUBLE) END AS value_num,
            CASE
                WHEN type = 'date' THEN TRY_CAST(value AS TIMESTAMPTZ)
                WHEN type = 'text' AND regexp_full_match(value, '\d{4}-\d{2}-\d{2}([ T].*)?')
                    THEN TRY_CAST(value AS TIMESTAMPTZ)
            END AS value_ts
        FROM _attr_stage
    ),
    event_values AS (
        SELECT v.case_id, v.event_key, a.name, a.value_text, a.value_num, a.value_ts
        FROM typed AS a
        JOIN _valid AS v USING (_file, _row)
        WHERE a.scope = 'event' AND v.event_key IN (SELECT event_key FROM events)
        QUALIFY row_number() OVER (
            PARTITION BY v.event_key, a.name ORDER BY a._file DESC, a._row
        ) = 1
    ),
    case_values AS (
        -- a case attribute repeated on several rows (a CSV column case:<name>): the
        -- value of the case's first row in the newest file
        SELECT t.case_id, CAST(NULL AS VARCHAR) AS event_key, a.name, a.value_text,
            a.value_num, a.value_ts
        FROM typed AS a
        JOIN _timed AS t USING (_file, _row)
        WHERE a.scope = 'case' AND t.case_id IN (SELECT case_id FROM events)
        QUALIFY row_number() OVER (
            PARTITION BY t.case_id, a.name ORDER BY a._file DESC, a._row
        ) = 1
    )
SELECT * FROM event_values
UNION ALL
SELECT * FROM case_values;

CREATE OR REPLACE TEMP TABLE _attr_changed AS
SELECT * FROM _attr_new
EXCEPT
SELECT case_id, event_key, name, value_text, value_num, value_ts FROM attributes;

DELETE FROM attributes AS a
WHERE EXISTS (
    SELECT 1 FROM _attr_changed AS c
    WHERE c.case_id = a.case_id AND c.name = a.name
        AND c.event_key IS NOT DISTINCT FROM a.event_key
);

INSERT INTO attributes
SELECT *, CAST(getvariable('ipgar_load_id') AS INTEGER) FROM _attr_changed;

-- kept: the values of a restricted person (their events wait in restricted_events)
DELETE FROM attributes
WHERE case_id NOT IN (SELECT case_id FROM restricted_cases)
    AND (
        (event_key IS NOT NULL AND event_key NOT IN (SELECT event_key FROM events))
        OR case_id NOT IN (SELECT case_id FROM events)
    );

DROP TABLE _attr_new;
DROP TABLE _attr_changed;
