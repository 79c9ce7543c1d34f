-- Purpose: an order-independent fingerprint of the attributes table (schema version
--   8), added to the snapshot id only when the table holds rows, so a store without
--   attributes (every iPGA-R store) keeps the id it had. load_id is left out: the
--   same attributes give the same fingerprint however they came.
-- Inputs: attributes. Grain: one row.
-- Output: n_attributes, attr_upper, attr_lower (sums of the halves of each row's MD5,
--   as HUGEINT text). Parameters: none.
WITH
    attribute_rows AS (
        SELECT md5_number(concat_ws(chr(31),
            case_id, coalesce(event_key, chr(30)), name,
            coalesce(value_text, chr(30)),
            coalesce(CAST(value_num AS VARCHAR), chr(30)),
            coalesce(CAST(epoch_us(value_ts) AS VARCHAR), chr(30))
        )) AS h
        FROM attributes
    )
SELECT
    (SELECT count(*) FROM attribute_rows) AS n_attributes,
    (SELECT CAST(coalesce(sum(CAST(h >> 64 AS HUGEINT)), 0) AS VARCHAR) FROM attribute_rows) AS attr_upper,
    (SELECT CAST(coalesce(sum(CAST(h & 18446744073709551615 AS HUGEINT)), 0) AS VARCHAR) FROM attribute_rows) AS attr_lower;
