-- Purpose: table macros shared by the metric SQL, defined on every connection.
-- approach_window(as_of): one row per (case_id, episode) with an instroom at or before
--   as_of: case_key, instroom_seq, instroom_at (the first instroom of the episode),
--   exit_seq and uitstroom_at (the first uitstroom after it, at or before as_of; NULL
--   while the case is still in the approach). "In the approach" is seq in
--   (instroom_seq, exit_seq). Read from the stored windows (approach_windows, schema
--   version 13), cut at as_of: seq follows time within a case, so the first instroom
--   (uitstroom) at or before as_of is the stored first one when that one is.
-- approach_window_scanned(as_of): the same rows found from the events (two scans of
--   them), as before version 13; tests compare the two. The macros group and join the
--   events by the integer case_key (one per case, schema version 10), not the text
--   pseudonym: 1.48 -> 1.15 s for casework/integrality_interventions at 1 M cases with
--   its ASOF join on it too.
-- approach_events(as_of, ends := false, before_instroom := false): the events "in the
--   approach" (ADR 0003: after the first instroom of an episode, before the first
--   uitstroom after it), at or before as_of: every events column plus instroom_seq,
--   instroom_at, exit_seq, uitstroom_at of their episode (approach_window). One row per
--   such event. ends := true also keeps the instroom and that uitstroom themselves
--   (the moments that open and close the stretches of casework/contact_action_gaps).
--   before_instroom := true also keeps the episode's events before its instroom (the
--   instroom itself only with ends := true): for the "case manager at t" of ADR 0003
--   item 4 (the last regisseur_toegewezen of the episode at or before t, also one
--   made before the instroom).
-- in_approach(seq, instroom_seq, exit_seq, ends := false, before_instroom := false):
--   whether an event (seq) of an episode with that window is "in the approach", with
--   the same options as approach_events, which uses it; for a statement that joins
--   the events to approach_window itself (found once, where approach_events would
--   find the windows again).
-- phase_label(activity, outcome, refined): the node label of a path step: the activity,
--   or with refined 'activity:outcome' for ivgr_advies and ptor_besluit (paths/*).
-- manager_assignments(as_of): the regisseur_toegewezen events at or before as_of
--   (case_id, case_key, episode, seq, ts, case_manager, org). The case manager at an event is
--   the last of them at or before it in its episode (ADR 0003 item 4): an ASOF join
--   on (case_id, episode, seq >= seq), also when the assignment precedes the instroom.
-- status_periods(as_of): the detained, travelled and static periods that started at
--   or before as_of (case_id, case_key, status, start_at, end_at; end_at NULL while
--   open at as_of): each *_start paired with the first end of the same status after
--   it (by seq), ends without a start ignored (metrics/status_intervals, the pauses
--   of casework/contact_gaps). Activity codes follow schema.STATUS_PERIODS.
-- event_load(files): whether a loads row (its files JSON) loaded an event export, not
--   relations or key locations (files of kind "relations"/"locations"; older loads
--   have no kind): "the latest load" of the
--   quality report and the monthly rejected rows is the latest event load.
-- Inputs: events, approach_windows. Parameters: as_of (TIMESTAMPTZ), ends and
--   before_instroom (BOOLEAN), as macro arguments.
CREATE OR REPLACE TEMP MACRO event_load(files) AS
    coalesce(json_extract_string(files, '$[0].kind'), 'events') = 'events';
CREATE OR REPLACE TEMP MACRO phase_label(activity, outcome, refined) AS
    CASE
        WHEN refined AND activity IN ('ivgr_advies', 'ptor_besluit')
             AND outcome IS NOT NULL THEN activity || ':' || outcome
        ELSE activity
    END;
CREATE OR REPLACE TEMP MACRO approach_window(as_of) AS TABLE
SELECT
    case_id, case_key, episode, instroom_seq, instroom_at,
    CASE WHEN uitstroom_at <= as_of THEN exit_seq END AS exit_seq,
    CASE WHEN uitstroom_at <= as_of THEN uitstroom_at END AS uitstroom_at
FROM approach_windows
WHERE instroom_at <= as_of;
CREATE OR REPLACE TEMP MACRO approach_window_scanned(as_of) AS TABLE
WITH instroom AS (
    SELECT
        case_key, any_value(case_id) AS case_id, episode, min(seq) AS instroom_seq,
        min(ts) AS instroom_at
    FROM events
    WHERE activity = 'instroom' AND ts <= as_of
    GROUP BY case_key, episode
),
first_exit AS (
    SELECT e.case_key, e.episode, min(e.seq) AS exit_seq, min(e.ts) AS uitstroom_at
    FROM events AS e
    JOIN instroom AS i USING (case_key, episode)
    WHERE e.activity = 'uitstroom' AND e.seq > i.instroom_seq AND e.ts <= as_of
    GROUP BY e.case_key, e.episode
)
SELECT
    i.case_id, i.case_key, i.episode, i.instroom_seq, i.instroom_at, x.exit_seq,
    x.uitstroom_at
FROM instroom AS i
LEFT JOIN first_exit AS x USING (case_key, episode);
CREATE OR REPLACE TEMP MACRO in_approach(
    seq, instroom_seq, exit_seq, ends := false, before_instroom := false
) AS
    (seq > instroom_seq OR (ends AND seq = instroom_seq)
        OR (before_instroom AND seq < instroom_seq))
    AND (exit_seq IS NULL OR seq < exit_seq OR (ends AND seq = exit_seq));
CREATE OR REPLACE TEMP MACRO approach_events(as_of, ends := false, before_instroom := false)
AS TABLE
SELECT e.*, w.instroom_seq, w.instroom_at, w.exit_seq, w.uitstroom_at
FROM events AS e
JOIN approach_window(as_of) AS w USING (case_key, episode)
WHERE e.ts <= as_of
    AND in_approach(
        e.seq, w.instroom_seq, w.exit_seq,
        ends := ends, before_instroom := before_instroom
    );
CREATE OR REPLACE TEMP MACRO status_periods(as_of) AS TABLE
WITH status_events AS (
    SELECT
        case_id, case_key, seq, ts,
        CASE
            WHEN activity IN ('detentie_start', 'detentie_eind') THEN 'detained'
            WHEN activity IN ('uitgereisd_start', 'uitgereisd_eind') THEN 'travelled'
            ELSE 'static'
        END AS status,
        activity IN ('detentie_start', 'uitgereisd_start', 'statisch_start') AS is_start
    FROM events
    WHERE activity IN (
        'detentie_start', 'detentie_eind', 'uitgereisd_start', 'uitgereisd_eind',
        'statisch_start', 'statisch_eind'
    ) AND ts <= as_of
)
SELECT s.case_id, s.case_key, s.status, s.ts AS start_at, e.ts AS end_at
FROM (SELECT * FROM status_events WHERE is_start) AS s
ASOF LEFT JOIN (SELECT * FROM status_events WHERE NOT is_start) AS e
    ON s.case_key = e.case_key AND s.status = e.status AND s.seq < e.seq;
CREATE OR REPLACE TEMP MACRO manager_assignments(as_of) AS TABLE
SELECT case_id, case_key, episode, seq, ts, case_manager, org
FROM events
WHERE activity = 'regisseur_toegewezen' AND ts <= as_of;
-- masked_shape(s): the shape of a value, safe to show and store (privacy.masked_shape):
--   capitals and letters without case become A, lower-case letters a, numbers #,
--   everything else stays; at most 40 characters, then '…'. NULL stays NULL.
CREATE OR REPLACE TEMP MACRO masked_shape(s) AS
    regexp_replace(regexp_replace(regexp_replace(
        left(CAST(s AS VARCHAR), 40),
        '\p{N}', '#', 'g'), '\p{Ll}', 'a', 'g'), '[\p{Lu}\p{Lt}\p{Lo}\p{Lm}]', 'A', 'g')
    || CASE WHEN length(CAST(s AS VARCHAR)) > 40 THEN '…' ELSE '' END;
-- raw_cell(raw, name): the cell name of a rejected row's raw JSON (rejected_events.raw),
--   NULL when raw is not JSON (a version-1 reject masked as text) or lacks the cell.
CREATE OR REPLACE TEMP MACRO raw_cell(raw, name) AS
    CASE WHEN json_valid(raw) THEN json_extract_string(raw, '$.' || name) END;
-- network_reject(raw): whether a rejected row is one of a relations or key-locations
--   export (ingest._relations): its cells hold case_id_a or location_id, which an
--   event reject never does.
CREATE OR REPLACE TEMP MACRO network_reject(raw) AS
    coalesce(json_valid(raw) AND (json_exists(raw, '$.case_id_a') OR json_exists(raw, '$.location_id')), false);
