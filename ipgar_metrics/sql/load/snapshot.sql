-- Purpose: an order-independent fingerprint of the event store content, the basis of
--   the snapshot id: the same events and cases give the same fingerprint however and
--   in how many loads they came (load_id and source_row are left out). The
--   registration date and the intervention type (schema version 6) count when they
--   are there: concat_ws skips a NULL, so a store without them keeps the id of
--   version 5.
-- Inputs: events, cases. Grain: one row.
-- Output: n_events, ev_upper, ev_lower, n_cases, case_upper, case_lower (sums of the
--   halves of each row's MD5, as HUGEINT text). Parameters: none.
WITH
    event_rows AS (
        SELECT md5_number(concat_ws(chr(31),
            case_id, CAST(episode AS VARCHAR), CAST(seq AS VARCHAR), activity,
            CAST(epoch_us(ts) AS VARCHAR), coalesce(org, chr(30)),
            coalesce(case_manager, chr(30)), coalesce(life_domain, chr(30)),
            coalesce(outcome, chr(30)), coalesce(event_id, chr(30)),
            coalesce(lifecycle, chr(30)), event_key,
            'r:' || CAST(registered_at AS VARCHAR), 't:' || intervention_type
        )) AS h
        FROM events
    ),
    case_rows AS (
        SELECT md5_number(concat_ws(chr(31),
            case_id, coalesce(report_source, chr(30)), coalesce(risk_category, chr(30)),
            coalesce(ideology, chr(30))
        )) AS h
        FROM cases
    )
SELECT
    (SELECT count(*) FROM event_rows) AS n_events,
    (SELECT CAST(coalesce(sum(CAST(h >> 64 AS HUGEINT)), 0) AS VARCHAR) FROM event_rows) AS ev_upper,
    (SELECT CAST(coalesce(sum(CAST(h & 18446744073709551615 AS HUGEINT)), 0) AS VARCHAR) FROM event_rows) AS ev_lower,
    (SELECT count(*) FROM case_rows) AS n_cases,
    (SELECT CAST(coalesce(sum(CAST(h >> 64 AS HUGEINT)), 0) AS VARCHAR) FROM case_rows) AS case_upper,
    (SELECT CAST(coalesce(sum(CAST(h & 18446744073709551615 AS HUGEINT)), 0) AS VARCHAR) FROM case_rows) AS case_lower;
