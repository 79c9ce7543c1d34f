-- Purpose: the view _to_number over the load's new events (load/new_events), in the
--   column types of events, for store/reorder_<profile> and store/insert_numbered.
-- Inputs: _new_events. Grain: one row per new event. Parameters: none.
CREATE OR REPLACE TEMP VIEW _to_number AS
SELECT
    CAST(case_id AS VARCHAR) AS case_id,
    CAST(activity AS VARCHAR) AS activity,
    CAST(ts AS TIMESTAMPTZ) AS ts,
    CAST(org AS VARCHAR) AS org,
    CAST(case_manager AS VARCHAR) AS case_manager,
    CAST(life_domain AS VARCHAR) AS life_domain,
    CAST(outcome AS VARCHAR) AS outcome,
    CAST(event_id AS VARCHAR) AS event_id,
    CAST(lifecycle AS VARCHAR) AS lifecycle,
    CAST(event_key AS VARCHAR) AS event_key,
    CAST(load_id AS INTEGER) AS load_id,
    CAST(source_row AS BIGINT) AS source_row,
    CAST(registered_at AS DATE) AS registered_at,
    CAST(intervention_type AS VARCHAR) AS intervention_type
FROM _new_events;
