-- expect: unsafe migration-failed
-- squawk ban-drop-database: a migration never drops a database; this one fails (no such database on the history).
DROP DATABASE legacy_reports;
