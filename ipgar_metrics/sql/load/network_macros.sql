-- Purpose: define net_date(text), the date of a cell of a relations or key-locations
--   export (ingest._relations): YYYY-MM-DD or dd-mm-jjjj (day and month of one or two
--   digits); NULL for any other text and for a date that does not exist (31-02-2024).
-- Inputs: none. Grain: scalar macro. Output: DATE. Parameters: none.
CREATE OR REPLACE TEMP MACRO net_date(v) AS
    CASE
        WHEN regexp_full_match(v, '\d{4}-\d{2}-\d{2}')
            THEN CAST(try_strptime(v, '%Y-%m-%d') AS DATE)
        WHEN regexp_full_match(v, '\d{1,2}-\d{1,2}-\d{4}')
            THEN CAST(try_strptime(v, '%d-%m-%Y') AS DATE)
    END;
