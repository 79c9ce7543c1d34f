-- Purpose: translate export labels to canonical codes with the [values.X] tables of
--   the mapping file; labels not in a table are kept as they are.
-- Inputs: _staged (one row per export row, text cells), _values(col, label, code).
-- Grain: one row per export row. Output: a view with the columns of _staged and
--   mapped values (materialised once, by load/timestamps).
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW _mapped AS
WITH
    v_activity AS (SELECT label, code FROM _values WHERE col = 'activity'),
    v_outcome AS (SELECT label, code FROM _values WHERE col = 'outcome'),
    v_org AS (SELECT label, code FROM _values WHERE col = 'org'),
    v_life_domain AS (SELECT label, code FROM _values WHERE col = 'life_domain'),
    v_lifecycle AS (SELECT label, code FROM _values WHERE col = 'lifecycle'),
    v_intervention_type AS (SELECT label, code FROM _values WHERE col = 'intervention_type'),
    v_report_source AS (SELECT label, code FROM _values WHERE col = 'report_source'),
    v_risk_category AS (SELECT label, code FROM _values WHERE col = 'risk_category'),
    v_ideology AS (SELECT label, code FROM _values WHERE col = 'ideology')
SELECT
    s._file, s._row, s._rowhash, s._long, s._formula, s._extra, s._lookalike,
    s.case_id,
    coalesce(a.code, s.activity) AS activity,
    s.activity AS activity_label,
    s."timestamp",
    coalesce(g.code, s.org) AS org,
    s.case_manager,
    coalesce(d.code, s.life_domain) AS life_domain,
    coalesce(o.code, s.outcome) AS outcome,
    s.event_id,
    coalesce(l.code, s.lifecycle) AS lifecycle,
    s.registered_at,
    coalesce(t.code, s.intervention_type) AS intervention_type,
    coalesce(r.code, s.report_source) AS report_source,
    coalesce(k.code, s.risk_category) AS risk_category,
    coalesce(i.code, s.ideology) AS ideology
FROM _staged AS s
LEFT JOIN v_activity AS a ON a.label = s.activity
LEFT JOIN v_outcome AS o ON o.label = s.outcome
LEFT JOIN v_org AS g ON g.label = s.org
LEFT JOIN v_life_domain AS d ON d.label = s.life_domain
LEFT JOIN v_lifecycle AS l ON l.label = s.lifecycle
LEFT JOIN v_intervention_type AS t ON t.label = s.intervention_type
LEFT JOIN v_report_source AS r ON r.label = s.report_source
LEFT JOIN v_risk_category AS k ON k.label = s.risk_category
LEFT JOIN v_ideology AS i ON i.label = s.ideology;
