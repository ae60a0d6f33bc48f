-- expect: safe
CREATE TABLE audit_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL, what text);
CREATE INDEX audit_log_at_idx ON audit_log (at);
