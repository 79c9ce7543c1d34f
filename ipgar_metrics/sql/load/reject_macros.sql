-- Purpose: define the message of a rejected row once, for load/rejects (event rows)
--   and load/case_rejects (case rows).
--   reject_text(reason_code, ts_form, export_date): what is wrong and what to do;
--     ts_form and export_date fill the texts of unparsable_date and future_date.
--   reject_message(file_name, row_no, header, text, detail, col, closest, suggest):
--     where (file, row, export header), the text, and for an unknown label only its
--     masked shape ('(shape Aaa aa Aaaaa)', masked_shape of sql/store/macros: a cell
--     that is not a known label may be a name or a case number, so its value is never
--     shown) and how to map it. suggest: the event rows' form ('; did you mean
--     "closest"? Fix the export ...': closest is a known label); else the case rows'
--     form ('; fix the export ...'). header is a mapped or canonical header (known).
--     section: the mapping file's value table to name (default 'values.<col>'; the
--     relations export's is 'relations.values.relation', ingest._relations).
-- Inputs: none (masked_shape is a macro of every connection). Grain: scalar macros.
-- Output: VARCHAR.
-- Parameters: none (macro arguments only).
CREATE OR REPLACE TEMP MACRO reject_text(code, ts_form := NULL, export_date := NULL) AS (
    SELECT t.text
    FROM (
        VALUES
            ('malformed_row', 'the row has more fields than the header; check quoting and the delimiter'),
            ('short_row', 'the row has fewer fields than the header; check quoting, line ends and the delimiter'),
            ('undefined_byte', 'a byte is not a character of the file''s encoding (Windows-1252); check the encoding under [source] in the mapping file'),
            ('value_too_long', 'the value is longer than the limit; check quoting and line ends'),
            ('formula_in_cell', 'a spreadsheet formula, not a value; export values only'),
            ('missing_case_id', 'no case number; fill it in the export'),
            ('missing_activity', 'no activity; fill it in the export'),
            ('missing_timestamp', 'no date; fill it in the export'),
            ('unparsable_date', 'not a date in the form ' || ts_form || '; fix the row in the export'),
            ('nonexistent_local_time', 'this local time does not exist (clocks went forward an hour that night); correct the time in the export'),
            ('future_date', 'the date is after the export date ' || export_date || '; check the year'),
            ('before_programme', 'the date is before the programme began; check the year'),
            ('unknown_activity', 'unknown activity'),
            ('unknown_outcome', 'unknown outcome for this activity'),
            ('unknown_org', 'unknown organisation'),
            ('unknown_life_domain', 'unknown life domain'),
            ('unknown_attribute', 'unknown value'),
            ('unknown_lifecycle', 'not a lifecycle transition of the XES standard (schedule, assign, reassign, start, suspend, resume, complete, ate_abort, pi_abort, withdraw, manualskip, autoskip)'),
            ('number_in_label', 'a number where a label belongs (the row may be shifted or its columns swapped); fix the row in the export'),
            ('duplicate_event', 'the event id was already used by an earlier row with other content; keep one of them'),
            ('missing_value', 'no value; fill it in the export'),
            ('unknown_case', 'a case id the store does not know (not a reported, current or exited case: a third party is never stored); check the export or load the events first'),
            ('self_relation', 'a person linked to himself (both case ids are the same person); fix the row in the export'),
            ('end_before_start', 'the end date is before the start date; fix the dates in the export'),
            ('unknown_relation', 'unknown relation type (familie, vriend, online, sleutellocatie, overig)'),
            ('duplicate_relation', 'an earlier row of the file has the same persons (or person and location), type and start with another end date; keep one of them')
    ) AS t(reason_code, text)
    WHERE t.reason_code = code
);
CREATE OR REPLACE TEMP MACRO reject_message(
    file_name, row_no, header, text, detail, col, closest := NULL, suggest := false,
    section := NULL
) AS
    file_name || ' row ' || row_no
        || CASE WHEN header IS NULL THEN '' ELSE ', column "' || header || '"' END
        || ': ' || text
        || CASE
            WHEN detail IS NULL THEN ''
            ELSE ' (shape ' || masked_shape(detail) || ')'
                || CASE
                    WHEN suggest THEN coalesce('; did you mean "' || closest || '"?', '') || ' Fix'
                    ELSE '; fix'
                END
                || ' the export or add the label to [' || coalesce(section, 'values.' || col) || '] in the mapping file'
        END
        || '.';
