-- Purpose: define _pseudo(prefix, kind, value), the keyed pseudonym of an identifier,
--   equal to privacy.pseudonym(value, key, kind=kind): prefix || the first
--   _pkey.len hex characters of HMAC-SHA256(key, kind || ':' || value).
-- Inputs: the temporary table _pkey(ipad BLOB, opad BLOB, len INTEGER), made from the
--   key in memory for this connection only (never stored in the database file).
-- Grain: scalar macro. Output: VARCHAR, NULL for a NULL value. Parameters: none.
CREATE OR REPLACE TEMP MACRO _pseudo(prefix, kind, v) AS
    CASE
        WHEN v IS NULL THEN NULL
        ELSE prefix || substr(
            sha256(
                (SELECT opad FROM _pkey)
                || unhex(sha256((SELECT ipad FROM _pkey) || encode(kind || ':' || v)))
            ),
            1,
            (SELECT len FROM _pkey)
        )
    END;
