-- expect: warn json-column
-- eugene E3: json has no equality operator, so the app's SELECT DISTINCT / UNION over the table's rows fails.
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN preferences json;
