-- Purpose: parse timestamps to instants, mark exact duplicate rows.
--   A value with an offset (ISO 8601, "+01:00", "Z") is that instant. A value without
--   one is local time in $tz: parsed with the mapping's strptime formats, else as
--   ISO 8601, then converted. A local time in the spring-forward gap does not exist
--   (nonexistent_local_time); one in the repeated autumn hour is ambiguous and the
--   first occurrence (summer time) is taken and flagged.
--   A value the form parses to a year before 1000 ("05-02-16 10:00" read with
--   %Y as the year 16) is not a full date: unparsable_date, like any other value the
--   form does not read. A date without a time loads as local midnight and is marked
--   date_only (load/flags records it).
--   The optional registration date (registered_at, "Geregistreerd op") is a local
--   date: read with the date part of the mapping's formats ($dformats), else as ISO
--   8601; a value with a time keeps its local date. A value that is none of these is
--   unparsable_date on column registered_at (reg_problem).
-- Inputs: _mapped, _staged (its row hashes). Grain: one row per export row.
-- Output: _mapped's columns (registered_at as DATE) + ts TIMESTAMPTZ, ts_problem
--   (reason code or NULL), reg_problem (reason code or NULL),
--   date_only BOOLEAN (a usable value without a time of day),
--   ambiguous BOOLEAN, is_copy BOOLEAN (an exact copy of an earlier row of the same
--   file), is_duplicate BOOLEAN (a copy that is skipped: always in profile ipgar,
--   and in profile generic when the row has an event_id; copies without one are
--   loaded as the separate events that other tools count, and flagged).
-- Parameters: $tz (time zone name), $formats (naive strptime formats),
--   $zformats (strptime formats with %z), $dformats (strptime date formats),
--   $skip_duplicates (BOOLEAN).
CREATE OR REPLACE TEMP TABLE _timed AS
WITH
    shaped AS (
        SELECT
            *,
            regexp_matches(
                "timestamp", '\d:\d\d(:\d\d([.,]\d+)?)?\s*(Z|[+-]\d\d(:?\d\d)?)$'
            ) AS has_offset
        FROM _mapped
    ),
    read_values AS (
        SELECT
            *,
            CASE WHEN has_offset THEN coalesce(
                try_cast("timestamp" AS TIMESTAMPTZ), try_strptime("timestamp", $zformats)
            ) END AS aware_read,
            CASE WHEN NOT has_offset THEN coalesce(
                try_strptime("timestamp", $formats), try_cast("timestamp" AS TIMESTAMP)
            ) END AS naive_read,
            CASE
                WHEN regexp_matches(
                    registered_at, '\d:\d\d(:\d\d([.,]\d+)?)?\s*(Z|[+-]\d\d(:?\d\d)?)$'
                ) THEN CAST(timezone($tz, try_cast(registered_at AS TIMESTAMPTZ)) AS DATE)
                ELSE coalesce(
                    CAST(try_strptime(registered_at, $dformats) AS DATE),
                    CAST(try_strptime(registered_at, $formats) AS DATE),
                    try_cast(registered_at AS DATE)
                )
            END AS registered_read
        FROM shaped
    ),
    parsed AS (
        -- a year before 1000 is a short year read by %Y or a cast: not a full date
        SELECT
            * EXCLUDE (aware_read, naive_read),
            CASE WHEN year(aware_read) >= 1000 THEN aware_read END AS aware,
            CASE WHEN year(naive_read) >= 1000 THEN naive_read END AS naive
        FROM read_values
    ),
    localised AS (
        SELECT
            *,
            timezone($tz, naive) AS instant,
            timezone($tz, timezone($tz, naive)) <> naive AS nonexistent,
            timezone($tz, timezone($tz, naive) - INTERVAL 1 HOUR) = naive AS ambiguous
        FROM parsed
    ),
    copied_rows AS (
        -- rows whose every cell repeats an earlier row of the file (an aggregate
        -- over all rows, then a join on the few repeated ones: cheaper than a window);
        -- read from _staged, whose rows _mapped keeps one for one: the value tables'
        -- joins cost 5 s per pass at 1 M cases and the row hash does not need them
        SELECT _file, _rowhash, min(_row) AS first_row
        FROM _staged
        GROUP BY _file, _rowhash
        HAVING count(*) > 1
    )
SELECT
    l.* EXCLUDE (
        has_offset, aware, naive, instant, nonexistent, ambiguous, registered_at,
        registered_read
    ),
    CASE WHEN year(registered_read) >= 1000 THEN registered_read END AS registered_at,
    CASE
        WHEN registered_at IS NOT NULL AND coalesce(year(registered_read) < 1000, true)
            THEN 'unparsable_date'
    END AS reg_problem,
    CASE
        WHEN aware IS NOT NULL THEN aware
        WHEN nonexistent THEN NULL
        WHEN ambiguous THEN instant - INTERVAL 1 HOUR
        ELSE instant
    END AS ts,
    CASE
        WHEN "timestamp" IS NULL THEN 'missing_timestamp'
        WHEN aware IS NULL AND naive IS NULL THEN 'unparsable_date'
        WHEN aware IS NULL AND nonexistent THEN 'nonexistent_local_time'
    END AS ts_problem,
    coalesce(
        naive IS NOT NULL AND NOT nonexistent AND NOT regexp_matches("timestamp", '\d:\d'),
        false
    ) AS date_only,
    coalesce(aware IS NULL AND ambiguous, false) AS ambiguous,
    coalesce(l._row > c.first_row, false) AS is_copy,
    is_copy AND ($skip_duplicates OR l.event_id IS NOT NULL) AS is_duplicate
FROM localised AS l
LEFT JOIN copied_rows AS c USING (_file, _rowhash);
